import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diagnoseSequence, MAX_DIAGNOSIS_RUNS, RunTracker, type SequenceFinding } from './diagnose.ts';

/** `signed`: the signed size the log is known to reach; the limit is as generous as verifyLog's. */
function diagnose(indices: readonly (number | undefined)[], signed: number, suspects: number[] = []) {
  const tracker = new RunTracker();
  for (const index of indices) tracker.push(index);
  return diagnoseSequence(tracker.runs, Math.max(signed, indices.length), signed, suspects);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const kinds = (findings: readonly SequenceFinding[]) => findings.map((f) => f.kind);

describe('diagnoseSequence', () => {
  test('an untouched log is one run and has no findings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), (n) => {
        const tracker = new RunTracker();
        for (const i of range(n)) tracker.push(i);
        expect(tracker.runs.length).toBe(n === 0 ? 0 : 1);
        expect(diagnoseSequence(tracker.runs, n, n).findings).toEqual([]);
      }),
    );
  });

  test('removed ranges are reported exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.nat(), fc.nat(), (n, a, k) => {
        const start = a % n;
        const count = 1 + (k % (n - start));
        const seq = range(n).filter((i) => i < start || i >= start + count);
        expect(diagnose(seq, n).findings).toEqual([{ kind: 'removed', index: start, count }]);
      }),
    );
  });

  test('a duplicate copy is reported as inserted, and a forged copy (suspect) is the one reported', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 500 }), fc.nat(), fc.nat(), (n, j0, p0) => {
        const j = j0 % n;
        const p = p0 % (n + 1);
        const seq: number[] = range(n);
        seq.splice(p, 0, j);
        const plain = diagnose(seq, n).findings;
        expect(plain).toHaveLength(1);
        expect(plain[0]).toMatchObject({ kind: 'inserted', index: j, count: 1, reason: 'duplicate' });
        const forged = diagnose(seq, n, [p]).findings;
        expect(forged).toEqual([{ kind: 'inserted', position: p, index: j, count: 1, reason: 'duplicate' }]);
      }),
    );
  });

  test('an entry carrying an index past the end is inserted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), fc.nat(), fc.nat(), (n, p0, extra) => {
        const p = p0 % (n + 1);
        // Index n at position n is simply the next entry, appended after the newest checkpoint.
        fc.pre(!(p === n && extra % 1000 === 0));
        const seq: number[] = range(n);
        seq.splice(p, 0, n + (extra % 1000));
        expect(diagnose(seq, n).findings).toEqual([
          { kind: 'inserted', position: p, index: n + (extra % 1000), count: 1, reason: 'beyond_end' },
        ]);
      }),
    );
  });

  test('moving one entry is one reordered finding; a swap at most two; nothing removed or inserted', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 500 }), fc.nat(), fc.nat(), (n, a0, b0) => {
        const a = a0 % n;
        const b = b0 % n;
        fc.pre(a !== b);
        const moved = range(n);
        const [entry] = moved.splice(a, 1);
        moved.splice(b, 0, entry!);
        const one = diagnose(moved, n).findings;
        expect(kinds(one)).toEqual(['reordered']);
        expect(one.reduce((sum, f) => sum + f.count, 0)).toBeLessThanOrEqual(Math.abs(a - b));
        if (Math.abs(a - b) > 1)
          expect(one).toEqual([{ kind: 'reordered', position: b, index: a, count: 1 }]);

        const swapped = range(n);
        swapped[a] = b;
        swapped[b] = a;
        const two = diagnose(swapped, n).findings;
        expect(new Set(kinds(two))).toEqual(new Set(['reordered']));
        expect(two.reduce((sum, f) => sum + f.count, 0)).toBe(Math.abs(a - b) === 1 ? 1 : 2);
      }),
    );
  });

  test('shuffling a window reports only reorderings within it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 10, max: 400 }),
        fc.nat(),
        fc.integer({ min: 2, max: 12 }),
        fc.infiniteStream(fc.nat()),
        (n, a0, w0, random) => {
          const w = Math.min(w0, n);
          const start = a0 % (n - w + 1);
          const seq = range(n);
          const window = seq.slice(start, start + w);
          const it = random[Symbol.iterator]();
          for (let i = window.length - 1; i > 0; i--) {
            const j = it.next().value! % (i + 1);
            [window[i], window[j]] = [window[j]!, window[i]!];
          }
          seq.splice(start, w, ...window);
          for (const f of diagnose(seq, n).findings) {
            expect(f.kind).toBe('reordered');
            if (f.kind === 'reordered') {
              expect(f.position).toBeGreaterThanOrEqual(start);
              expect(f.position + f.count).toBeLessThanOrEqual(start + w);
            }
          }
        },
      ),
    );
  });

  test('several removals at once are each reported', () => {
    const seq = range(1000).filter((i) => !(i >= 10 && i < 20) && i !== 500 && i < 990);
    expect(diagnose(seq, 1000).findings).toEqual([
      { kind: 'removed', index: 10, count: 10 },
      { kind: 'removed', index: 500, count: 1 },
      { kind: 'removed', index: 990, count: 10 },
    ]);
  });

  test('an unreadable entry is assumed in place and does not look removed', () => {
    const seq: (number | undefined)[] = range(100);
    seq[40] = undefined;
    expect(diagnose(seq, 100).findings).toEqual([]);
  });

  test('beyond the run limit, it says it cannot diagnose rather than guess', () => {
    const tracker = new RunTracker();
    for (let i = 0; i < MAX_DIAGNOSIS_RUNS + 10; i++) tracker.push(i % 2 === 0 ? i + 1 : i - 1);
    expect(tracker.overflow).toBe(true);
  });
});
