/** Latin letters that Unicode decomposition does not reduce to a base letter. */
const SPECIAL_LETTERS: ReadonlyMap<string, string> = new Map([
  ['ß', 'ss'],
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ø', 'o'],
  ['đ', 'd'],
  ['ð', 'd'],
  ['þ', 'th'],
  ['ł', 'l'],
  ['ı', 'i'],
  ['ħ', 'h'],
  ['ŀ', 'l'],
  ['ŧ', 't'],
]);
const SPECIAL_LETTER_PATTERN = /[ßæœøđðþłıħŀŧ]/g;
const HAN_CHAR = /\p{Script=Han}/u;
const HAN_CHARS = /\p{Script=Han}/gu;
/** Control and format characters (BOM, zero-width joiners, bidi marks) that hide inside copied names. */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
const APOSTROPHES = /['’‘`ʼ´]/g;
/** Dotted acronyms such as "L.L.C." or "S.A." lose their dots so they stay one word. */
const DOTTED_ACRONYM = /\b(?:[\p{L}]\.){2,}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/u;

/**
 * Unicode compatibility form (full-width letters and the ideographic space become ASCII), invisible
 * characters removed, whitespace collapsed.
 */
export function cleanName(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

export function hasHan(text: string): boolean {
  return HAN_CHAR.test(text);
}

export function hanCount(text: string): number {
  return text.match(HAN_CHARS)?.length ?? 0;
}

/** Lower case, accents and tone marks removed (é→e, ǚ→u), special letters spelled out (ß→ss). */
export function foldLatin(text: string): string {
  return text
    .toLowerCase()
    .replace(SPECIAL_LETTER_PATTERN, (letter) => SPECIAL_LETTERS.get(letter) ?? letter)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '');
}

/**
 * The words of a name in folded form. Apostrophes join (O'Connor → oconnor), "&" reads as "and", every
 * other mark separates (Jean-Pierre → jean pierre). Non-Latin letters (Cyrillic, Arabic) are kept as they
 * are, so such names still match their own script.
 */
export function foldedWords(text: string): string[] {
  const folded = foldLatin(text)
    .replace(DOTTED_ACRONYM, (acronym) => acronym.replaceAll('.', ''))
    .replace(APOSTROPHES, '')
    .replaceAll('&', ' and ');
  return folded.split(NON_WORD).filter((word) => word.length > 0);
}
