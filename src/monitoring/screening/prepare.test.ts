import { describe, expect, test } from 'vitest';
import { consonantSkeleton, prepareName, type TokenCache, WEAK_TOKEN_WEIGHT } from './prepare.ts';

function texts(raw: string): string[] {
  return prepareName(raw)!.renderings[0]!.map((token) => token.text);
}

describe('prepareName on Latin names', () => {
  test('drops titles, legal forms and stop words, weights particles and industry words down', () => {
    expect(texts('Dr. Samuel Okafor')).toEqual(['samuel', 'okafor']);
    const company = prepareName('Red Dragon Import & Export Co., Ltd.')!;
    expect(company.organization).toBe(true);
    expect(company.legalForms).toEqual(['co', 'ltd']);
    expect(company.renderings[0]!.map((t) => [t.text, t.weight])).toEqual([
      ['red', 1],
      ['dragon', 1],
      ['import', WEAK_TOKEN_WEIGHT],
      ['export', WEAK_TOKEN_WEIGHT],
    ]);
    expect(texts('Ibrahim ibn Yusuf')[1]).toBe('ibn');
    expect(prepareName('Ibrahim ibn Yusuf')!.renderings[0]![1]!.role).toBe('particle');
  });

  test('drops edge-only legal forms at the edges only, and keeps a name made only of them', () => {
    expect(texts('Marlin Maritime S.A.')).toEqual(['marlin', 'maritime']);
    expect(texts('Sa Kim Ho')).toEqual(['sa', 'kim', 'ho']);
    expect(texts('PT Maju Jaya')).toEqual(['maju', 'jaya']);
    expect(texts('Limited')).toEqual(['limited']);
    expect(texts('Global Trading')).toEqual(['global', 'trading']);
    expect(prepareName('Global Trading')!.renderings[0]!.every((t) => t.weight === 1)).toBe(true);
  });

  test('reads pinyin-shaped personal names as syllables in both orders', () => {
    expect(prepareName('Zhang Wei')!.syllableOrders).toEqual([
      ['zhang', 'wei'],
      ['wei', 'zhang'],
    ]);
    expect(prepareName('zhangwei')!.syllableOrders).toEqual([['zhang', 'wei']]);
    expect(prepareName('John Smith')!.syllableOrders).toBeNull();
    expect(prepareName('Zhang Wei Trading Ltd')!.syllableOrders).toBeNull();
  });

  test('returns null when nothing is left to match on', () => {
    expect(prepareName('')).toBeNull();
    expect(prepareName('  -- ,, ')).toBeNull();
    expect(prepareName('\u200b')).toBeNull();
  });
});

describe('prepareName on Chinese names', () => {
  test('folds traditional to simplified and reads surnames correctly', () => {
    const person = prepareName('張偉')!;
    expect(person.han?.simplified).toBe('张伟');
    expect(person.han?.pinyin).toBe('zhang wei');
    expect(prepareName('曾建平')!.han?.pinyin).toBe('zeng jian ping');
    expect(prepareName('单国栋')!.han?.pinyin).toBe('shan guo dong');
    expect(prepareName('欧阳文')!.renderings[0]!.map((t) => t.text)).toEqual(['ouyang', 'wen']);
  });

  test('splits company names into place, trade name, industry and legal form', () => {
    const company = prepareName('深圳市天和电子科技有限公司')!;
    expect(company.organization).toBe(true);
    expect(company.han).toMatchObject({
      core: '天和',
      place: 'shenzhen',
      descriptors: ['electronics', 'technology'],
    });
    expect(company.legalForms).toEqual(['有限公司']);
    const bracketed = prepareName('龍門物流(香港)有限公司')!;
    expect(bracketed.han).toMatchObject({ core: '龙门', place: 'hongkong', descriptors: ['logistics'] });
    expect(bracketed.renderings[0]!.map((t) => t.text)).toEqual(['hongkong', 'longmen', 'logistics']);
  });

  test('keeps transliterated foreign names whole and without syllable orders', () => {
    const foreign = prepareName('约翰·史密斯')!;
    expect(foreign.organization).toBe(false);
    expect(foreign.syllableOrders).toBeNull();
    expect(foreign.renderings[0]!.map((t) => t.text)).toEqual(['yuehan', 'shimisi']);
  });

  test('follows the kind hint of list entries', () => {
    expect(prepareName('华信', 'organization')!.organization).toBe(true);
    expect(prepareName('华信贸易', 'person')!.organization).toBe(false);
  });
});

describe('tokens', () => {
  test('consonant skeletons meet across transliterations', () => {
    expect(consonantSkeleton('aleksandr')).toBe(consonantSkeleton('alexander'));
    expect(consonantSkeleton('mikhail')).toBe(consonantSkeleton('michail'));
    expect(consonantSkeleton('smirnoff')).toBe(consonantSkeleton('smirnov'));
    expect(consonantSkeleton('smith')).not.toBe(consonantSkeleton('smithson'));
  });

  test('a token cache shares identical tokens between names', () => {
    const cache: TokenCache = new Map();
    const a = prepareName('John Smith', 'person', cache)!;
    const b = prepareName('Smith, Jane', 'person', cache)!;
    expect(a.renderings[0]![1]).toBe(b.renderings[0]![0]);
    expect(prepareName('John Smith')!.renderings[0]![1]).not.toBe(a.renderings[0]![1]);
  });
});
