import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Relations, walletHash } from './relations.ts';

const H = 4_000;

describe('Relations', () => {
  it('knows every pair seen within its coverage and forgets every pair older than its horizon', () => {
    const op = fc.record({
      a: fc.integer({ min: 0, max: 9 }),
      b: fc.integer({ min: 0, max: 9 }),
      dt: fc.nat(700),
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 300 }), (ops) => {
        const r = new Relations(H, 10_000);
        const last = new Map<string, number>();
        let now = 0;
        for (const { a, b, dt } of ops) {
          now += dt;
          const k = `${a}>${b}`;
          const seen = last.get(k);
          const fresh = r.observe(walletHash(`w${a}`), walletHash(`w${b}`), now);
          if (seen !== undefined && now - seen <= r.coverage_ms) expect(fresh).toBe(false);
          else if (seen === undefined || now - seen >= H) expect(fresh).toBe(true);
          last.set(k, now);
        }
      }),
    );
  });

  it('stays within its capacity and turns conservative when it overflows', () => {
    const r = new Relations(H, 64);
    const fresh: boolean[] = [];
    for (let i = 0; i < 10_000; i++) fresh.push(r.observe(walletHash(`p${i}`), walletHash('x'), i / 100));
    expect(r.size).toBeLessThanOrEqual(64);
    expect(r.earlyRotations).toBeGreaterThan(0);
    // New until the first overflow (the 16th pair fills a generation), never after.
    expect(fresh.slice(0, 16).every(Boolean)).toBe(true);
    expect(fresh.slice(20).some(Boolean)).toBe(false);
  });

  it('hashes wallet ids to distinct 52-bit keys', () => {
    const keys = new Set<number>();
    for (let i = 0; i < 50_000; i++) {
      const h = walletHash(`w${i.toString(16)}`);
      expect(Number.isSafeInteger(h) && h >= 0 && h < 2 ** 52).toBe(true);
      keys.add(h);
    }
    expect(keys.size).toBe(50_000);
  });
});
