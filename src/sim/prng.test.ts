import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cumulative, hashSeed, Prng } from './prng.ts';

/** sfc32 seeded by splitmix32, written out again independently of prng.ts. */
function reference(seed32: number, count: number): number[] {
  let s = seed32 | 0;
  const words: number[] = [];
  for (let k = 0; k < 4; k += 1) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    words.push((z ^ (z >>> 16)) >>> 0);
  }
  let [a, b, c, d] = words as [number, number, number, number];
  const out: number[] = [];
  for (let i = 0; i < 12 + count; i += 1) {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    if (i >= 12) out.push(t >>> 0);
  }
  return out;
}

describe('Prng', () => {
  it('is sfc32 seeded by splitmix32', () => {
    for (const seed of [0, 1, 42, 0xdeadbeef]) {
      const rng = new Prng(seed);
      expect(Array.from({ length: 20 }, () => rng.u32())).toEqual(reference(seed, 20));
    }
  });

  it('gives every named stream its own sequence, the same each time', () => {
    const a = Prng.stream(42, 'population');
    const b = Prng.stream(42, 'population');
    const c = Prng.stream(42, 'legit');
    const d = Prng.stream(43, 'population');
    const first = Array.from({ length: 8 }, () => a.u32());
    expect(Array.from({ length: 8 }, () => b.u32())).toEqual(first);
    expect(Array.from({ length: 8 }, () => c.u32())).not.toEqual(first);
    expect(Array.from({ length: 8 }, () => d.u32())).not.toEqual(first);
    expect(hashSeed(2 ** 40, 'x')).not.toBe(hashSeed(0, 'x'));
    expect(() => hashSeed(1.5, 'x')).toThrow(RangeError);
  });

  it('keeps draws in range', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 1_000_000 }), (seed, n) => {
        const rng = new Prng(seed);
        for (let k = 0; k < 50; k += 1) {
          const f = rng.float();
          const i = rng.int(n);
          expect(f >= 0 && f < 1).toBe(true);
          expect(Number.isInteger(i) && i >= 0 && i < n).toBe(true);
          expect(rng.between(-3, 3)).toBeGreaterThanOrEqual(-3);
          expect(rng.logUniform(2, 8)).toBeLessThanOrEqual(8);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('draws with the right means and weights', () => {
    const rng = new Prng(7);
    const n = 200_000;
    let sum = 0;
    for (let k = 0; k < n; k += 1) sum += rng.float();
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const mean of [0.3, 5, 80]) {
      let s = 0;
      for (let k = 0; k < 50_000; k += 1) s += rng.poisson(mean);
      expect(Math.abs(s / 50_000 - mean) / mean).toBeLessThan(0.03);
    }
    let normals = 0;
    let squares = 0;
    for (let k = 0; k < n; k += 1) {
      const x = rng.normal();
      normals += x;
      squares += x * x;
    }
    expect(normals / n).toBeCloseTo(0, 1);
    expect(squares / n).toBeCloseTo(1, 1);
    const counts = [0, 0, 0];
    const weights = cumulative([1, 2, 7]);
    for (let k = 0; k < 100_000; k += 1) counts[rng.pickCumulative(weights)]! += 1;
    expect(counts.map((c) => Math.round(c / 10_000))).toEqual([1, 2, 7]);
  });

  it('shuffles into a permutation', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
        const shuffled = new Prng(seed).shuffle([...items]);
        expect([...shuffled].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });
});
