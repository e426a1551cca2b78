import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PairTable } from './pair-table.ts';

describe('PairTable', () => {
  it('agrees with a Map model under any sequence of increments and decrements', () => {
    const op = fc.record({
      inc: fc.boolean(),
      a: fc.integer({ min: 1, max: 40 }),
      b: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(2 ** 32 - 1)),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const table = new PairTable(512);
        const model = new Map<string, number>();
        for (const { inc, a, b } of ops) {
          const k = `${a}:${b}`;
          const before = model.get(k) ?? 0;
          if (inc) {
            model.set(k, before + 1);
            expect(table.increment(a, b)).toBe(before + 1);
          } else if (before > 0) {
            if (before === 1) model.delete(k);
            else model.set(k, before - 1);
            expect(table.decrement(a, b)).toBe(before - 1);
          } else {
            expect(table.decrement(a, b)).toBe(0);
          }
        }
        expect(table.size).toBe(model.size);
        for (const [k, v] of model) {
          const [a, b] = k.split(':').map(Number);
          expect(table.get(a!, b!)).toBe(v);
        }
      }),
    );
  });

  it('refuses to grow past its capacity instead of degrading silently', () => {
    const table = new PairTable(8);
    expect(() => {
      for (let i = 1; i < 100; i++) table.increment(i, i);
    }).toThrow(/capacity/);
  });
});
