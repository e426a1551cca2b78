import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { jaroWinkler, levenshteinSimilarity, sequenceDistance, sequenceSimilarity } from './similarity.ts';

describe('jaroWinkler', () => {
  test('matches the published values (Winkler 1990, Wikipedia)', () => {
    expect(jaroWinkler('martha', 'marhta')).toBeCloseTo(0.9611, 4);
    expect(jaroWinkler('dwayne', 'duane')).toBeCloseTo(0.84, 2);
    expect(jaroWinkler('dixon', 'dicksonx')).toBeCloseTo(0.8133, 4);
    expect(jaroWinkler('crate', 'trace')).toBeCloseTo(0.7333, 4);
  });

  test('is 1 for equal strings and 0 when nothing matches or a side is empty', () => {
    expect(jaroWinkler('smith', 'smith')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('', '')).toBe(1);
  });

  test('is symmetric and within [0, 1]', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const ab = jaroWinkler(a, b);
        expect(ab).toBeGreaterThanOrEqual(0);
        expect(ab).toBeLessThanOrEqual(1);
        expect(jaroWinkler(b, a)).toBeCloseTo(ab, 12);
      }),
    );
  });
});

describe('levenshtein and sequence similarity', () => {
  test('counts edits over characters and over tokens', () => {
    expect(levenshteinSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
    expect(levenshteinSimilarity('', '')).toBe(1);
    expect(sequenceDistance(['zhang', 'wei'], ['zhang', 'wei', 'guo'])).toBe(1);
    expect(sequenceDistance(['a', 'b'], ['b', 'a'])).toBe(2);
    expect(sequenceSimilarity([], [])).toBe(1);
    expect(sequenceSimilarity(['zhang', 'wei'], ['wang', 'wei'])).toBe(0.5);
  });

  test('agree with each other on single-character tokens', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10 }), fc.string({ maxLength: 10 }), (a, b) => {
        const chars = sequenceSimilarity([...a], [...b]);
        expect(chars).toBeGreaterThanOrEqual(0);
        expect(chars).toBeLessThanOrEqual(1);
        if ([...a].length === a.length && [...b].length === b.length) {
          expect(chars).toBeCloseTo(levenshteinSimilarity(a, b), 12);
        }
      }),
    );
  });
});
