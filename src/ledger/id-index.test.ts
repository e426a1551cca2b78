import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hashId, IdIndex } from './id-index.ts';

describe('IdIndex', () => {
  test('every inserted seq is found under its hash, across resizes', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1, maxLength: 40 }), { maxLength: 3000 }), (ids) => {
        const index = new IdIndex(16);
        for (const [i, id] of ids.entries()) index.insert(hashId(id), i + 1);
        ids.forEach((id, i) => {
          const found: number[] = [];
          index.candidates(hashId(id), (seq) => found.push(seq));
          expect(found).toContain(i + 1);
          for (const seq of found) expect(hashId(ids[seq - 1]!)).toBe(hashId(id));
        });
        expect(index.size).toBe(ids.length);
      }),
      { numRuns: 50 },
    );
  });

  test('colliding hashes are all returned as candidates', () => {
    const index = new IdIndex(16);
    for (let seq = 1; seq <= 100; seq += 1) index.insert(42, seq);
    const found: number[] = [];
    index.candidates(42, (seq) => found.push(seq));
    expect(found.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(index.has(43)).toBe(false);
  });

  test('refuses a non-positive seq', () => {
    expect(() => new IdIndex(16).insert(1, 0)).toThrow(RangeError);
  });

  test('hash is a stable 32-bit value', () => {
    expect(hashId('abc')).toBe(hashId('abc'));
    expect(hashId('abc')).not.toBe(hashId('abd'));
    fc.assert(
      fc.property(fc.string(), (s) => {
        const h = hashId(s);
        expect(Number.isInteger(h) && h >= 0 && h < 2 ** 32).toBe(true);
      }),
    );
  });
});

describe('IdIndex edge values', () => {
  test('a hash of 0 is stored and found (0 marks empty slots internally)', () => {
    const index = new IdIndex(16);
    index.insert(0, 7);
    expect(index.has(0)).toBe(true);
    const found: number[] = [];
    index.candidates(0, (seq) => found.push(seq));
    expect(found).toEqual([7]);
    expect(index.has(2)).toBe(false);
  });
});
