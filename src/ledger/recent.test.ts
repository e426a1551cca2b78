import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BoundedMap } from './recent.ts';

describe('BoundedMap', () => {
  test('keeps exactly the most recent distinct keys, never more than max', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }),
        (max, keys) => {
          const m = new BoundedMap<number, number>(max);
          const order: number[] = [];
          for (const [i, k] of keys.entries()) {
            if (!order.includes(k)) order.push(k);
            m.set(k, i);
            while (order.length > max) order.shift();
            expect(m.size).toBeLessThanOrEqual(max);
          }
          for (const k of order) expect(m.get(k)).toBe(keys.lastIndexOf(k));
          expect(m.size).toBe(order.length);
        },
      ),
    );
  });
});
