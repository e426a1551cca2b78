import { stripHanNoise, surnameLength, toPinyin } from './chinese.ts';
import type { PreparedName } from './prepare.ts';
import { hanCount } from './text.ts';
import { type MakeToken, uniqueStrings } from './token.ts';
import type { EntityKind } from './types.ts';
import { HAN_DESCRIPTORS, HAN_LEGAL_FORMS, HAN_PLACES } from './vocab.ts';

/** Chinese personal names run 2 to 4 characters; longer unmarked Han strings read as companies. */
const MAX_HAN_PERSON_CHARS = 4;
const TRANSLITERATION_DOT = /[·•・]/;
const HAN_LEGAL_FORMS_LONGEST_FIRST = [...HAN_LEGAL_FORMS].sort((a, b) => b.length - a.length);
const HAN_DESCRIPTORS_LONGEST_FIRST = [...HAN_DESCRIPTORS.keys()].sort((a, b) => b.length - a.length);
const HAN_PLACES_LONGEST_FIRST = [...HAN_PLACES.keys()].sort((a, b) => b.length - a.length);

interface HanCompanyParts {
  core: string;
  place: string | null;
  descriptors: string[];
  legalForms: string[];
}

function parseHanCompany(simplified: string): HanCompanyParts {
  let place: string | null = null;
  let text = simplified.replace(/[(（]([^)）]*)[)）]/gu, (_whole, inner: string) => {
    const english = HAN_PLACES.get(inner.replace(/[市省]$/u, ''));
    if (english !== undefined && place === null) {
      place = english;
      return '';
    }
    return inner;
  });
  text = stripHanNoise(text);
  const legalForms: string[] = [];
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const form of HAN_LEGAL_FORMS_LONGEST_FIRST) {
      if (text.endsWith(form) && text.length > form.length) {
        legalForms.push(form);
        text = text.slice(0, -form.length);
        stripped = true;
        break;
      }
    }
  }
  if (place === null) {
    const prefix = HAN_PLACES_LONGEST_FIRST.find((candidate) => text.startsWith(candidate));
    if (prefix !== undefined && text.length > prefix.length) {
      place = HAN_PLACES.get(prefix) ?? null;
      text = text.slice(prefix.length).replace(/^[市省]/u, '');
    }
  }
  const found: { at: number; english: string }[] = [];
  let core = text;
  for (const word of HAN_DESCRIPTORS_LONGEST_FIRST) {
    for (let at = core.indexOf(word); at >= 0; at = core.indexOf(word)) {
      found.push({ at: text.indexOf(word), english: HAN_DESCRIPTORS.get(word)! });
      core = core.slice(0, at) + core.slice(at + word.length);
    }
  }
  if (core.length === 0) return { core: text, place, descriptors: [], legalForms };
  found.sort((a, b) => a.at - b.at);
  return { core, place, descriptors: found.map((entry) => entry.english), legalForms };
}

export function looksLikeHanCompany(simplified: string): boolean {
  const bare = stripHanNoise(simplified);
  if (HAN_LEGAL_FORMS.some((form) => bare.endsWith(form))) return true;
  if (HAN_DESCRIPTORS_LONGEST_FIRST.some((word) => bare.includes(word))) return true;
  return hanCount(bare) > MAX_HAN_PERSON_CHARS && !TRANSLITERATION_DOT.test(simplified);
}

export function prepareHanCompany(
  raw: string,
  simplified: string,
  kind: EntityKind | undefined,
  makeToken: MakeToken,
): PreparedName {
  const parts = parseHanCompany(simplified);
  const coreSyllables = toPinyin(parts.core, false);
  const weak = [
    ...(parts.place === null ? [] : parts.place.split(' ')),
    ...parts.descriptors.flatMap((d) => d.split(' ')),
  ].map((word) => makeToken(word, 'descriptor'));
  const placeCount = parts.place === null ? 0 : parts.place.split(' ').length;
  const joined = [
    ...weak.slice(0, placeCount),
    makeToken(coreSyllables.join(''), 'name'),
    ...weak.slice(placeCount),
  ];
  const split = [
    ...weak.slice(0, placeCount),
    ...coreSyllables.map((s) => makeToken(s, 'name')),
    ...weak.slice(placeCount),
  ];
  return {
    raw,
    kind,
    organization: true,
    legalForms: parts.legalForms,
    han: {
      simplified: stripHanNoise(simplified),
      organization: true,
      core: parts.core,
      place: parts.place,
      descriptors: parts.descriptors,
      pinyin: coreSyllables.join(' '),
    },
    renderings: coreSyllables.length > 1 ? [joined, split] : [joined],
    compacts: [joined.map((token) => token.text).join('')],
    syllableOrders: null,
  };
}

export function prepareHanPerson(
  raw: string,
  simplified: string,
  kind: EntityKind | undefined,
  makeToken: MakeToken,
): PreparedName | null {
  const parts = simplified
    .split(TRANSLITERATION_DOT)
    .map(stripHanNoise)
    .filter((part) => part.length > 0);
  const name = parts.join('');
  if (name.length === 0) return null;
  const transliterated = parts.length > 1;
  const syllables = toPinyin(name, !transliterated);
  const chineseShaped = !transliterated && hanCount(name) === name.length && syllables.length === name.length;
  const surnameSyllables = chineseShaped ? surnameLength(name) : syllables.length;
  const surname = syllables.slice(0, surnameSyllables);
  const given = syllables.slice(surnameSyllables);
  const rendering = transliterated
    ? parts.map((part) => makeToken(toPinyin(part, false).join(''), 'name'))
    : [surname, given].filter((group) => group.length > 0).map((group) => makeToken(group.join(''), 'name'));
  const orders =
    chineseShaped && given.length > 0
      ? [
          [...surname, ...given],
          [...given, ...surname],
        ]
      : null;
  return {
    raw,
    kind,
    organization: false,
    legalForms: [],
    han: {
      simplified: name,
      organization: false,
      core: name,
      place: null,
      descriptors: [],
      pinyin: syllables.join(' '),
    },
    renderings: [rendering],
    compacts: uniqueStrings((orders ?? [rendering.map((t) => t.text)]).map((order) => order.join(''))),
    syllableOrders: orders,
  };
}
