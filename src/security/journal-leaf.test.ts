import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { leafHash, MerkleFrontier, rootFromInclusionProof } from '../audit/index.ts';
import type { JournalRow } from '../ledger/index.ts';
import { batchProof, batchRoot, decodeJournalRow, journalLeaf, journalRowBytes } from './journal-leaf.ts';

const u = (max: number) => fc.integer({ min: 0, max });
const text = (maxLength: number) => fc.option(fc.string({ maxLength, unit: 'grapheme' }), { nil: null });

const rowArb = (seq: number) =>
  fc.record({
    seq: fc.constant(seq),
    id: text(64),
    id_hash: u(2 ** 32 - 1),
    kind: u(9),
    flags: u(3),
    debit: u(Number.MAX_SAFE_INTEGER),
    credit: u(Number.MAX_SAFE_INTEGER),
    amount: u(Number.MAX_SAFE_INTEGER),
    currency: fc.constantFrom('CNY', 'HKD', 'THB'),
    ts: u(2 ** 45),
    ref_seq: u(Number.MAX_SAFE_INTEGER),
    expires_at: u(2 ** 45),
    memo: text(140),
    debit_prev: u(Number.MAX_SAFE_INTEGER),
    credit_prev: u(Number.MAX_SAFE_INTEGER),
  }) as fc.Arbitrary<JournalRow>;

function rows(n: number, first = 1): JournalRow[] {
  return Array.from(
    { length: n },
    (_, i) => fc.sample(rowArb(first + i), { numRuns: 1, seed: first + i })[0]!,
  );
}

describe('journal row leaves', () => {
  test('bytes round-trip every column exactly, and the leaf is SM3(0x00 || bytes)', () => {
    fc.assert(
      fc.property(rowArb(7), (r) => {
        const bytes = journalRowBytes(r);
        expect(decodeJournalRow(bytes)).toEqual(r);
        expect(Buffer.from(journalLeaf(r))).toEqual(Buffer.from(leafHash(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  test('a change to any column changes the leaf', () => {
    const [r] = rows(1, 42);
    const base = Buffer.from(journalLeaf(r!)).toString('hex');
    const changed: Array<Partial<JournalRow>> = [
      { seq: 43 },
      { id: `${r!.id ?? ''}x` },
      { id: null, memo: r!.memo },
      { id_hash: (r!.id_hash + 1) % 2 ** 32 },
      { kind: (r!.kind + 1) % 9 } as Partial<JournalRow>,
      { flags: r!.flags ^ 1 },
      { debit: r!.debit + 1 },
      { credit: r!.credit + 1 },
      { amount: r!.amount + 1 },
      { currency: r!.currency === 'CNY' ? 'HKD' : 'CNY' },
      { ts: r!.ts + 1 },
      { ref_seq: r!.ref_seq + 1 },
      { expires_at: r!.expires_at + 1 },
      { memo: `${r!.memo ?? ''}!` },
      { debit_prev: r!.debit_prev + 1 },
      { credit_prev: r!.credit_prev + 1 },
    ];
    for (const c of changed) {
      const other = { ...r!, ...c };
      if (JSON.stringify(other) === JSON.stringify(r)) continue;
      expect(Buffer.from(journalLeaf(other)).toString('hex'), JSON.stringify(c)).not.toBe(base);
    }
    // null and the empty string are different values
    expect(Buffer.from(journalLeaf({ ...r!, memo: null })).toString('hex')).not.toBe(
      Buffer.from(journalLeaf({ ...r!, memo: '' })).toString('hex'),
    );
  });

  test('values outside the stored ranges are refused, not wrapped', () => {
    const [r] = rows(1);
    expect(() => journalLeaf({ ...r!, amount: -1 })).toThrow(/non-negative/);
    expect(() => journalLeaf({ ...r!, amount: 2 ** 53 })).toThrow(/non-negative/);
    expect(() => decodeJournalRow(new Uint8Array([2]))).toThrow();
    const bytes = journalRowBytes(r!);
    expect(() => decodeJournalRow(new Uint8Array([...bytes, 0]))).toThrow(/trailing/);
    expect(() => decodeJournalRow(bytes.subarray(0, bytes.length - 1))).toThrow();
  });

  test('the batch root is the RFC 6962 root of the leaves (the audit log frontier), for every shape', () => {
    const all = rows(300);
    for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 255, 256, 257, 300]) {
      const part = all.slice(0, n);
      const f = new MerkleFrontier();
      for (const r of part) f.push(journalLeaf(r));
      expect(Buffer.from(batchRoot(part, 1, n)).toString('hex'), `n=${n}`).toBe(
        Buffer.from(f.root()).toString('hex'),
      );
    }
  });

  test('a gap, a repeat or a missing row is refused', () => {
    const all = rows(5);
    expect(() => batchRoot(all, 1, 6)).toThrow(/5 rows stored, 6 expected/);
    expect(() => batchRoot([all[0]!, all[2]!, all[2]!, all[3]!, all[4]!], 1, 5)).toThrow(/missing/);
  });

  test('row proofs lead from the row bytes to the batch root at every position', async () => {
    const all = rows(37, 100);
    const root = Buffer.from(batchRoot(all, 100, 136)).toString('hex');
    for (const seq of [100, 101, 117, 128, 135, 136]) {
      const { proof, root: r, row } = await batchProof(all, 100, 136, seq);
      expect(Buffer.from(r).toString('hex')).toBe(root);
      const again = rootFromInclusionProof(proof.leaf_index, proof.tree_size, leafHash(row), proof.path);
      expect(Buffer.from(again!).toString('hex')).toBe(root);
      expect(decodeJournalRow(row).seq).toBe(seq);
    }
    await expect(batchProof(all, 100, 136, 137)).rejects.toThrow(/outside/);
  });
});
