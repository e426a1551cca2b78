import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MinHeap } from './min-heap.ts';

type Item = { readonly at: number; readonly id: number };
const earlier = (a: Item, b: Item) => a.at < b.at || (a.at === b.at && a.id < b.id);

describe('MinHeap', () => {
  test('pops in the order of a sort by the same comparison, whatever pushes and pops interleave', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }), { maxLength: 300 }),
        (ops) => {
          const heap = new MinHeap<Item>(earlier);
          const model: Item[] = [];
          ops.forEach((op, id) => {
            if (op === undefined) {
              model.sort((a, b) => (earlier(a, b) ? -1 : earlier(b, a) ? 1 : 0));
              expect(heap.peek()).toBe(model[0]);
              expect(heap.pop()).toBe(model.shift());
            } else {
              const item = { at: op, id };
              heap.push(item);
              model.push(item);
            }
            expect(heap.size).toBe(model.length);
          });
        },
      ),
    );
  });

  test('an empty heap answers undefined', () => {
    const heap = new MinHeap<Item>(earlier);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
    expect(heap.size).toBe(0);
  });
});
