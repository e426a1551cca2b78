import { doubleMetaphone } from 'double-metaphone';
import { PINYIN_SYLLABLES } from './pinyin-syllables.ts';

export type TokenRole = 'name' | 'initial' | 'particle' | 'descriptor';

export interface NameToken {
  readonly text: string;
  readonly role: TokenRole;
  /** 1 for a name word or initial, WEAK_TOKEN_WEIGHT for particles and industry or place words. */
  readonly weight: number;
  /** Double Metaphone primary and alternate codes, empty for non-Latin or very short words. */
  readonly phonetic: readonly string[];
  /** The word is exactly one pinyin syllable, so a one-letter change makes it another syllable. */
  readonly syllable: boolean;
  /** The word with a final y read as i (Sergey → sergei), the form spelling is compared on. */
  readonly spelling: string;
  /** Consonants after folding transliteration swaps; equal skeletons let phonetic evidence count. */
  readonly skeleton: string;
}

/** How much a particle, an industry word or a place counts against a real name word. */
export const WEAK_TOKEN_WEIGHT = 0.3;

const DIGRAPHS: Readonly<Record<string, string>> = {
  ck: 'k',
  ph: 'f',
  sh: 's',
  ch: 'k',
  kh: 'k',
  gh: 'g',
  th: 't',
  zh: 'j',
  dj: 'j',
};
const SWAPPED_LETTERS: Readonly<Record<string, string>> = { x: 'ks', q: 'k', c: 'k', z: 's', w: 'f', v: 'f' };

/** Consonants after folding spellings that transliterations swap (ph/f, kh/ch/k, x/ks, z/s, w/v/f). */
export function consonantSkeleton(word: string): string {
  return word
    .replace(/ck|ph|sh|ch|kh|gh|th|zh|dj/g, (pair) => DIGRAPHS[pair] ?? pair)
    .replace(/[xqczwv]/g, (letter) => SWAPPED_LETTERS[letter] ?? letter)
    .replace(/[haeiouy]/g, '')
    .replace(/(.)\1+/g, '$1');
}

/**
 * Shares identical tokens between the names of one list ("smith", "zhang" occur thousands of times).
 * Owned by whoever builds an index, so it lives and dies with that index.
 */
export type TokenCache = Map<string, NameToken>;

export type MakeToken = (text: string, role: TokenRole) => NameToken;

export function cachedMaker(cache: TokenCache | undefined): MakeToken {
  if (cache === undefined) return makeToken;
  return (text, role) => {
    const key = `${role}:${text}`;
    let token = cache.get(key);
    if (token === undefined) {
      token = makeToken(text, role);
      cache.set(key, token);
    }
    return token;
  };
}

export function makeToken(text: string, role: TokenRole): NameToken {
  const latin = /^[a-z]+$/.test(text);
  const codes = latin && text.length >= 2 ? doubleMetaphone(text) : [];
  const phonetic = [...new Set(codes.filter((code) => code.length > 0))];
  const spelling = text.endsWith('y') && text.length > 2 ? `${text.slice(0, -1)}i` : text;
  return {
    text,
    role,
    weight: role === 'particle' || role === 'descriptor' ? WEAK_TOKEN_WEIGHT : 1,
    phonetic,
    syllable: PINYIN_SYLLABLES.has(text),
    spelling,
    skeleton: latin ? consonantSkeleton(spelling) : spelling,
  };
}

export function wordOrders<T>(items: readonly T[]): T[][] {
  if (items.length < 2) return [[...items]];
  const lastFirst = [items[items.length - 1]!, ...items.slice(0, -1)];
  const firstLast = [...items.slice(1), items[0]!];
  return items.length === 2 ? [[...items], lastFirst] : [[...items], lastFirst, firstLast];
}

export function uniqueStrings(values: Iterable<string>): string[] {
  return [...new Set(values)];
}
