import { describe, expect, test } from 'vitest';
import { foldUmlautSpelling, segmentPinyin } from './pinyin-syllables.ts';
import { cleanName, foldedWords, foldLatin, hasHan } from './text.ts';

describe('folding Latin names', () => {
  test('removes case, accents and tone marks and spells out special letters', () => {
    expect(foldLatin('José MÜLLER')).toBe('jose muller');
    expect(foldLatin('Zhāng Wěi Lǚ')).toBe('zhang wei lu');
    expect(foldLatin('Weiß Østergård Łukasz Đorđe Çağlar Yılmaz')).toBe(
      'weiss ostergard lukasz dorde caglar yilmaz',
    );
  });

  test('splits on punctuation, joins apostrophes and keeps dotted acronyms whole', () => {
    expect(foldedWords("Smith, John-Paul O'Connor")).toEqual(['smith', 'john', 'paul', 'oconnor']);
    expect(foldedWords('Golden Star L.L.C.')).toEqual(['golden', 'star', 'llc']);
    expect(foldedWords('J.Smith')).toEqual(['j', 'smith']);
    expect(foldedWords('Müller & Söhne')).toEqual(['muller', 'and', 'sohne']);
    expect(foldedWords('Иван Петров')).toEqual(['иван', 'петров']);
  });

  test('cleans full-width forms, invisible characters and spacing', () => {
    expect(cleanName('\uFEFFＺＨＡＮＧ\u3000Ｗｅｉ\u200b ')).toBe('ZHANG Wei');
    expect(hasHan('Zhang 伟')).toBe(true);
    expect(hasHan('Zhang Wei')).toBe(false);
  });
});

describe('pinyin segmentation', () => {
  test('splits run-together pinyin into syllables, fewest first', () => {
    expect(segmentPinyin('zhangwei')).toEqual(['zhang', 'wei']);
    expect(segmentPinyin('ouyang')).toEqual(['ou', 'yang']);
    expect(segmentPinyin('xian')).toEqual(['xian']);
    expect(segmentPinyin('chenguohua')).toEqual(['chen', 'guo', 'hua']);
  });

  test('refuses letters that are not pinyin', () => {
    expect(segmentPinyin('smith')).toBeNull();
    expect(segmentPinyin('kuo')).toEqual(['kuo']);
    expect(segmentPinyin('tsai')).toBeNull();
    expect(segmentPinyin('mary')).toBeNull();
    expect(segmentPinyin('')).toBeNull();
    expect(segmentPinyin('a'.repeat(41))).toBeNull();
  });

  test('reads document spellings of ü as u', () => {
    expect(foldUmlautSpelling('lyu')).toBe('lu');
    expect(foldUmlautSpelling('lv')).toBe('lu');
    expect(foldUmlautSpelling('lyudmila')).toBe('lyudmila');
  });
});
