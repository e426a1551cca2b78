import { describe, expect, test } from 'vitest';
import type { JournalRow } from '../ledger/index.ts';
import type { CompiledWrite, Store } from '../store/index.ts';
import { Followers } from './followers.ts';

function row(seq: number): JournalRow {
  return {
    seq,
    id: `t${seq}`,
    id_hash: 1,
    kind: 6,
    flags: 0,
    debit: 1,
    credit: 2,
    amount: 1,
    currency: 'CNY',
    ts: seq,
    ref_seq: 0,
    expires_at: 0,
    memo: null,
    debit_prev: 0,
    credit_prev: 0,
  };
}

/** A store whose writes wait until released, so a commit can land while a follower flushes. */
function slowStore(journal: JournalRow[]) {
  let release: () => void = () => {};
  let writes = 0;
  const store = {
    getCursor: async () => 0,
    readRows: async (after: number, limit: number) => journal.filter((r) => r.seq > after).slice(0, limit),
    cursorWrite: (name: string, seq: number): CompiledWrite => ({ sql: 'cursor', parameters: [name, seq] }),
    write: () => {
      writes += 1;
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  } as unknown as Store;
  return { store, release: () => release(), writes: () => writes };
}

describe('Followers', () => {
  test('a commit that lands during the final flush is picked up without another commit', async () => {
    const journal = [row(1)];
    let committed = 1;
    const { store, release, writes } = slowStore(journal);
    const followers = new Followers(store, () => committed);
    const seen: number[] = [];
    await followers.add({
      name: 'f',
      process: (rows) => {
        for (const r of rows) seen.push(r.seq);
        return [{ sql: 'x', parameters: [] }];
      },
    });
    await waitFor(() => writes() === 1);
    // The follower is flushing row 1's writes; row 2 commits now and the engine notifies.
    journal.push(row(2));
    committed = 2;
    followers.notify([row(2)]);
    release();
    await waitFor(() => writes() === 2);
    release();
    await waitFor(() => followers.cursor('f') === 2);
    expect(seen).toEqual([1, 2]);
  });
});

async function waitFor(condition: () => boolean, timeout_ms = 2_000): Promise<void> {
  const until = Date.now() + timeout_ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('range followers', () => {
  test('get committed seq ranges in order, bounded, without rows being read for them', async () => {
    let committed = 0;
    let reads = 0;
    const store = {
      getCursor: async () => 0,
      readRows: async () => {
        reads += 1;
        return [];
      },
      cursorWrite: (name: string, seq: number): CompiledWrite => ({ sql: 'cursor', parameters: [name, seq] }),
      write: async () => undefined,
    } as unknown as Store;
    const followers = new Followers(store, () => committed);
    const ranges: Array<[number, number]> = [];
    await followers.add({
      name: 'r',
      processRange: async (first, last) => {
        ranges.push([first, last]);
        return [];
      },
    });
    committed = 100_000;
    followers.notify([row(100_000)]);
    await waitFor(() => followers.cursor('r') === 100_000);
    expect(ranges).toEqual([
      [1, 65_536],
      [65_537, 100_000],
    ]);
    expect(reads).toBe(0);
  });

  test('a follower must choose rows or ranges', async () => {
    const followers = new Followers({ getCursor: async () => 0 } as unknown as Store, () => 0);
    await expect(followers.add({ name: 'none' })).rejects.toThrow(/exactly one/);
  });
});
