import { simplify } from './chinese.ts';
import { MAX_TOKENS_PER_NAME } from './limits.ts';
import { foldUmlautSpelling, segmentPinyin } from './pinyin-syllables.ts';
import { looksLikeHanCompany, prepareHanCompany, prepareHanPerson } from './prepare-han.ts';
import { cleanName, foldedWords, hanCount } from './text.ts';
import {
  cachedMaker,
  type MakeToken,
  type NameToken,
  type TokenCache,
  uniqueStrings,
  wordOrders,
} from './token.ts';
import type { EntityKind } from './types.ts';
import {
  DESCRIPTORS,
  LEGAL_FORMS_ANYWHERE,
  LEGAL_FORMS_AT_END,
  LEGAL_FORMS_AT_START,
  PARTICLES,
  STOP_WORDS,
  TITLES,
} from './vocab.ts';

export {
  consonantSkeleton,
  type NameToken,
  type TokenCache,
  type TokenRole,
  WEAK_TOKEN_WEIGHT,
} from './token.ts';

export interface HanName {
  /** Simplified characters without spaces or punctuation. */
  readonly simplified: string;
  readonly organization: boolean;
  /** The identifying part: the whole personal name, or a company's trade name. */
  readonly core: string;
  /** Company names: the place in front or in brackets (English), else null. */
  readonly place: string | null;
  /** Company names: industry words in English, in order. */
  readonly descriptors: readonly string[];
  /** Toneless syllables of the core, space-separated: equal for homophones such as 张伟 and 张威. */
  readonly pinyin: string;
}

export interface PreparedName {
  readonly raw: string;
  /** The caller's hint (list entries know their kind; screened names do not). */
  readonly kind: EntityKind | undefined;
  /** Read as a company: a legal form was found, the hint says so, or the Chinese name parses as one. */
  readonly organization: boolean;
  readonly legalForms: readonly string[];
  readonly han: HanName | null;
  /** Latin word lists to compare: the name itself, or readings of a Chinese name. */
  readonly renderings: readonly (readonly NameToken[])[];
  /** The letters of each rendering with word breaks removed, in the plausible word orders. */
  readonly compacts: readonly string[];
  /** A personal name read as pinyin, flattened to syllables in surname-first and given-first order. */
  readonly syllableOrders: readonly (readonly string[])[] | null;
}

const MIN_PINYIN_SYLLABLES = 2;
const MAX_PINYIN_SYLLABLES = 8;

/** Drops titles, legal forms and stop words from folded words; returns the rest and the legal forms. */
function stripLatinNoise(words: string[]): { kept: string[]; legalForms: string[] } {
  const merged: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'hong' && words[i + 1] === 'kong') {
      merged.push('hongkong');
      i++;
    } else merged.push(words[i]!);
  }
  while (merged.length > 2 && TITLES.has(merged[0]!)) merged.shift();
  const legalForms: string[] = [];
  let kept = merged.filter((word, index) => {
    const several = merged.length > 1;
    const atStart = several && index === 0 && LEGAL_FORMS_AT_START.has(word);
    const atEnd = several && index === merged.length - 1 && LEGAL_FORMS_AT_END.has(word);
    const legal = LEGAL_FORMS_ANYWHERE.has(word) || atStart || atEnd;
    if (legal) legalForms.push(word);
    return !legal;
  });
  if (kept.length === 0) return { kept: merged, legalForms: [] };
  const withoutStops = kept.filter((word) => !STOP_WORDS.has(word));
  if (withoutStops.length > 0) kept = withoutStops;
  return { kept: kept.slice(0, MAX_TOKENS_PER_NAME), legalForms };
}

function latinTokens(words: readonly string[], makeToken: MakeToken): NameToken[] {
  const tokens = words.map((word) => {
    const text = foldUmlautSpelling(word);
    if (/^\p{L}$/u.test(text)) return makeToken(text, 'initial');
    if (PARTICLES.has(text)) return makeToken(text, 'particle');
    const descriptor = DESCRIPTORS.get(text);
    if (descriptor !== undefined) return makeToken(descriptor, 'descriptor');
    return makeToken(text, 'name');
  });
  // A name made only of weak words ("Global Trading") has nothing else to be matched on.
  if (tokens.every((token) => token.weight < 1)) return tokens.map((token) => makeToken(token.text, 'name'));
  return tokens;
}

function pinyinOrders(tokens: readonly NameToken[]): string[][] | null {
  const pieces: string[][] = [];
  for (const token of tokens) {
    if (token.role !== 'name') return null;
    const syllables = segmentPinyin(token.text);
    if (syllables === null) return null;
    pieces.push(syllables);
  }
  const total = pieces.reduce((sum, piece) => sum + piece.length, 0);
  if (total < MIN_PINYIN_SYLLABLES || total > MAX_PINYIN_SYLLABLES) return null;
  return wordOrders(pieces).map((order) => order.flat());
}

function prepareLatin(
  raw: string,
  cleaned: string,
  kind: EntityKind | undefined,
  makeToken: MakeToken,
): PreparedName | null {
  const { kept, legalForms } = stripLatinNoise(foldedWords(cleaned));
  if (kept.length === 0) return null;
  const tokens = latinTokens(kept, makeToken);
  const organization = kind === 'organization' || legalForms.length > 0;
  return {
    raw,
    kind,
    organization,
    legalForms,
    han: null,
    renderings: [tokens],
    compacts: uniqueStrings(wordOrders(tokens).map((order) => order.map((t) => t.text).join(''))),
    syllableOrders: organization ? null : pinyinOrders(tokens),
  };
}

/**
 * Everything the matcher needs about one name, computed once: list names when the index is built,
 * screened names once per query. Null when the name has no letters or digits to match on.
 */
export function prepareName(raw: string, kind?: EntityKind, cache?: TokenCache): PreparedName | null {
  const cleaned = cleanName(raw);
  if (cleaned.length === 0) return null;
  const make = cachedMaker(cache);
  if (hanCount(cleaned) === 0) return prepareLatin(raw, cleaned, kind, make);
  const simplified = simplify(cleaned);
  const company = kind === 'organization' || (kind === undefined && looksLikeHanCompany(simplified));
  return company
    ? prepareHanCompany(raw, simplified, kind, make)
    : prepareHanPerson(raw, simplified, kind, make);
}
