import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareNames, HOMOPHONE_SCORE, KIND_MISMATCH_FACTOR, scoreNames } from './compare.ts';
import { DEFAULT_ALERT_THRESHOLD } from './limits.ts';
import { prepareName } from './prepare.ts';
import type { EntityKind, NameMatch } from './types.ts';

function match(query: string, candidate: string, kind?: EntityKind): NameMatch {
  return compareNames(prepareName(query)!, prepareName(candidate, kind)!);
}

function score(query: string, candidate: string, kind?: EntityKind): number {
  return match(query, candidate, kind).score;
}

const ALERT = DEFAULT_ALERT_THRESHOLD;

describe('Latin names', () => {
  test('ignore case, punctuation, accents and word order', () => {
    expect(score('JOHN SMITH', 'john smith')).toBe(1);
    expect(score('Smith, John', 'John Smith')).toBe(1);
    expect(score('José Müller', 'Jose Muller')).toBe(1);
    expect(score('Smith John', 'John Smith')).toBe(1);
    expect(match('John Smith', 'JOHN SMITH').method).toBe('exact');
  });

  test('accept initials but not conflicting ones', () => {
    expect(score('J. Smith', 'John Smith')).toBeGreaterThanOrEqual(ALERT);
    expect(score('J. Smith', 'K. Smith')).toBeLessThan(0.5);
    expect(match('J. Smith', 'John Smith').reasons[0]).toContain('initial');
  });

  test('accept missing middle names but not a single shared word', () => {
    expect(score('John Smith', 'John Paul Smith')).toBeGreaterThanOrEqual(0.85);
    expect(score('Smith', 'John Smith')).toBeLessThan(ALERT);
    expect(score('Juan Carlos Perez', 'Juan Pablo Perez')).toBeLessThan(ALERT);
    expect(score('Nguyen Van An', 'Nguyen Thi An')).toBeLessThan(ALERT);
  });

  test('accept typos, transliterations and nicknames', () => {
    expect(score('Alesandro Bianchi', 'Alessandro Bianchi')).toBeGreaterThanOrEqual(ALERT);
    expect(score('Mohamed Rashid', 'Muhammad Rashid')).toBeGreaterThanOrEqual(0.8);
    expect(score('Aleksandr Petrov', 'Alexander Petrov')).toBeGreaterThanOrEqual(0.8);
    expect(score('Sergey Ivanov', 'Sergei Ivanov')).toBeGreaterThanOrEqual(0.9);
    expect(score('Bill Harris', 'William Harris')).toBeGreaterThanOrEqual(ALERT);
    expect(score('Abdulrahman Hassan', 'Abdul Rahman Hassan')).toBeGreaterThanOrEqual(0.95);
    expect(match('Mohamed Rashid', 'Muhammad Rashid').reasons.join(' ')).toContain('phonetic');
  });

  test('keep apart names that differ by an ending or an extension', () => {
    expect(score('John Smith', 'John Smithson')).toBeLessThan(ALERT);
    expect(score('Maria Garcia', 'Mario Garcia')).toBeLessThan(ALERT);
    expect(score('Alexander Petrov', 'Alexandra Petrova')).toBeLessThan(ALERT);
    expect(score('John Smith', 'James Smith')).toBeLessThan(ALERT);
  });
});

describe('Chinese names', () => {
  test('fold traditional to simplified', () => {
    expect(score('张伟', '張偉')).toBe(1);
    expect(match('张伟', '張偉').method).toBe('han');
    expect(score('诸葛明远', '諸葛明遠')).toBe(1);
  });

  test('match characters to pinyin in any order, case, spacing or tone marks', () => {
    for (const romanised of ['Zhang Wei', 'Wei Zhang', 'ZHANG Wei', 'zhangwei', 'Zhāng Wěi', 'ZHANG, Wei']) {
      expect(score('张伟', romanised), romanised).toBe(1);
      expect(score(romanised, '張偉'), romanised).toBe(1);
    }
    expect(score('欧阳文', 'Ouyang Wen')).toBe(1);
    expect(score('吕小军', 'Lyu Xiaojun')).toBe(1);
    expect(match('陈国华', 'Chen Guo-hua').method).toBe('pinyin');
  });

  test('keep apart different syllables, extra characters and homophones', () => {
    expect(score('张伟', 'Zhang Wen')).toBeLessThan(0.5);
    expect(score('张伟', 'Zhang Weiguo')).toBeLessThan(ALERT);
    expect(score('张伟', '张伟国')).toBeLessThan(ALERT);
    expect(score('张伟', '王伟')).toBeLessThan(0.5);
    const homophone = match('张伟', '张威');
    expect(homophone.score).toBe(HOMOPHONE_SCORE);
    expect(homophone.method).toBe('homophone');
    expect(HOMOPHONE_SCORE).toBeLessThan(ALERT);
  });
});

describe('company names', () => {
  test('weight legal forms and industry words down', () => {
    expect(score('Acme Trading Co., Ltd.', 'ACME TRADING COMPANY LIMITED')).toBe(1);
    expect(score('Golden Star Shipping LLC', 'Golden Star Shipping')).toBe(1);
    expect(score('华信贸易有限公司', '華信貿易有限責任公司')).toBe(1);
    expect(score('深圳天和电子科技有限公司', '天和电子科技(深圳)有限公司')).toBe(1);
    expect(match('Acme Trading Co., Ltd.', 'Acme Trading Ltd').reasons.join(' ')).toContain(
      'legal form ignored',
    );
  });

  test('keep apart companies that share only their generic words', () => {
    expect(score('Golden Star Shipping LLC', 'Golden Sun Shipping LLC')).toBeLessThan(ALERT);
    expect(score('华信贸易有限公司', '华兴贸易有限公司')).toBeLessThan(ALERT);
    expect(score('华信贸易有限公司', '华信物流有限公司')).toBeLessThan(ALERT);
  });

  test('match Chinese company names to their romanised English form', () => {
    expect(score('华信贸易有限公司', 'Huaxin Trading Co., Ltd.')).toBeGreaterThanOrEqual(0.95);
    expect(score('香港龙门物流有限公司', 'Longmen Logistics (Hong Kong) Limited')).toBeGreaterThanOrEqual(
      0.95,
    );
    expect(score('华信贸易有限公司', 'Huaxing Trading Co., Ltd.')).toBeLessThan(ALERT);
  });

  test('a company name against a person entry is marked down', () => {
    const asCompany = score('Huaxin Trading Co Ltd', 'Huaxin Trading', 'organization');
    const asPerson = score('Huaxin Trading Co Ltd', 'Huaxin Trading', 'person');
    expect(asPerson).toBeCloseTo(asCompany * KIND_MISMATCH_FACTOR, 10);
  });
});

const LATIN_WORD = fc.stringMatching(/^[A-Za-zÀ-ÖØ-öø-ÿ'-]{1,9}$/);
const HAN_NAME = fc
  .array(fc.constantFrom(...'张王李陈伟芳明國華欧阳贸易有限公司'), { minLength: 1, maxLength: 6 })
  .map((chars) => chars.join(''));
const NAME = fc.oneof(
  fc.array(LATIN_WORD, { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')),
  HAN_NAME,
  fc.string({ unit: 'grapheme', maxLength: 24 }),
);

describe('score properties', () => {
  test('every score is in [0, 1] with a method and an explanation', () => {
    fc.assert(
      fc.property(NAME, NAME, (a, b) => {
        const q = prepareName(a);
        const c = prepareName(b);
        if (q === null || c === null) return;
        const result = compareNames(q, c);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.score).toBe(scoreNames(q, c));
        expect(result.method.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  test('a name scores 1 against itself', () => {
    fc.assert(
      fc.property(NAME, (a) => {
        const q = prepareName(a);
        if (q === null) return;
        expect(compareNames(q, prepareName(a)!).score).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  test('without kind hints the score is symmetric', () => {
    fc.assert(
      fc.property(NAME, NAME, (a, b) => {
        const q = prepareName(a);
        const c = prepareName(b);
        if (q === null || c === null) return;
        expect(scoreNames(q, c)).toBeCloseTo(scoreNames(c, q), 12);
      }),
      { numRuns: 300 },
    );
  });

  test('case and the order of two words do not matter for Latin names', () => {
    fc.assert(
      fc.property(LATIN_WORD, LATIN_WORD, (first, last) => {
        const q = prepareName(`${first} ${last}`);
        const c = prepareName(`${last.toUpperCase()}, ${first.toUpperCase()}`);
        // Legal forms such as "AB" only count as such at the end, so they legitimately break this.
        fc.pre(q !== null && c !== null && q.legalForms.length === 0 && c.legalForms.length === 0);
        expect(scoreNames(q!, c!)).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
