import * as OpenCC from 'opencc-js';
import { pinyin } from 'pinyin-pro';
import { foldLatin } from './text.ts';
import { HAN_COMPOUND_SURNAMES } from './vocab.ts';

/*
 * Hong Kong and Taiwan variants both fold to mainland simplified forms, so 鍾/锺 and 衆/眾 meet at 钟 and 众.
 * The converters are built once per process: building one takes ~10 ms.
 */
const hongKongToSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
const taiwanToSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });

/** Brackets, separators and spaces inside Chinese names carry no identity. */
const HAN_NAME_NOISE = /[\s()（）[\]【】〔〕「」『』《》<>,，、.。·•・\-—_/'"“”‘’:：;；!！?？]/gu;

/** Traditional → simplified, full-width → half-width, lower case; punctuation kept for the caller. */
export function simplify(text: string): string {
  return taiwanToSimplified(hongKongToSimplified(text)).toLowerCase();
}

export function stripHanNoise(text: string): string {
  return text.replace(HAN_NAME_NOISE, '');
}

/**
 * Toneless pinyin syllables, ü folded to u. In surname mode the first characters are read as a surname,
 * so 曾 is zeng, 单 shan and 解 xie. Runs of Latin letters or digits stay whole, lower-cased.
 */
export function toPinyin(han: string, surnameFirst: boolean): string[] {
  const syllables = pinyin(han, {
    toneType: 'none',
    type: 'array',
    nonZh: 'consecutive',
    surname: surnameFirst ? 'head' : 'off',
  });
  const out: string[] = [];
  for (const syllable of syllables) {
    const folded = foldLatin(syllable).replace(/[^a-z0-9]/g, '');
    if (folded.length > 0) out.push(folded);
  }
  return out;
}

/** 1 for a single-character surname, 2 for 欧阳, 司马 and the other compound surnames. */
export function surnameLength(simplifiedName: string): number {
  return HAN_COMPOUND_SURNAMES.has(simplifiedName.slice(0, 2)) && simplifiedName.length >= 3 ? 2 : 1;
}
