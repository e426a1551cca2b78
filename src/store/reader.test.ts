import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { STORE_KINDS } from '../../test/support/stores.ts';
import { engineFixture, must, payment, seedPeople } from '../../test/support/supervision.ts';
import type { JournalRow } from '../ledger/index.ts';
import { parseWalletId } from '../ledger/index.ts';
import { CORE_COLUMNS, coreRow } from './index.ts';

/** A stored row as a reader returns it. */
const core = (rows: JournalRow[]) => rows.map((r) => coreRow(CORE_COLUMNS.map((c) => r[c])));

describe.each(STORE_KINDS)('store reader on %s', (kind) => {
  const fixture = engineFixture(kind);

  test('reads what the store committed, on connections of its own, while the node writes', async () => {
    const { store, engine, reader } = await fixture.open();
    const people = await seedPeople(engine, 6);
    expect(reader.dialect).toBe(kind);

    const committed = engine.committed;
    const all = core(await store.readRows(0, committed));
    expect(await reader.readRows(0, committed, committed)).toEqual(all);
    // The range is (after, upTo] and bounded by the limit.
    const middle = await reader.readRows(2, 7, 3);
    expect(middle.map((r) => r.seq)).toEqual([3, 4, 5]);
    expect(middle).toEqual(all.slice(2, 5));
    expect(await reader.readRows(committed, committed + 10, 10)).toEqual([]);
    // By seq, in seq order whatever order they are asked in; missing seqs are left out.
    expect(await reader.getRows([5, 1, committed + 99, 3])).toEqual(core(await store.getRows([1, 3, 5])));
    expect(await reader.getRows([])).toEqual([]);

    // A commit made after the reader opened is visible to it once durable.
    await must(engine, [payment('after-open', people[0]!, people[1]!, 12)]);
    const [row] = await reader.readRows(committed, engine.committed, 10);
    expect(row?.id).toBe('after-open');

    const nums = people.map((w) => parseWalletId(w)!.account);
    const stored = await store.db
      .selectFrom('accounts')
      .select(['num', 'kind', 'category', 'operator', 'opened_ts', 'owner'])
      .where('num', 'in', nums)
      .execute();
    const got = await reader.accounts([...nums, 9_999_999]);
    expect(got.sort((a, b) => a.num - b.num)).toEqual(stored.sort((a, b) => a.num - b.num));
    expect(await reader.accounts([])).toEqual([]);
    expect(await reader.operators()).toEqual(
      await store.db.selectFrom('operators').select(['num', 'id']).execute(),
    );

    const before = await reader.lastAccountEventId();
    expect(before).toBeGreaterThan(0);
    // Category 2 caps the balance: move most of it out first.
    await must(engine, [payment('drain', people[2]!, people[3]!, 1_999_990)]);
    await must(engine, [{ type: 'change_category', wallet_id: people[2]!, category: 2 }]);
    expect(await reader.lastAccountEventId()).toBe(before + 1);
    const events = await reader.accountEvents(before - 2, 10);
    expect(events.map((e) => e.event_id)).toEqual([before - 1, before, before + 1]);
    expect(events[2]).toEqual({ event_id: before + 1, num: nums[2], type: 'category_changed' });
    expect(await reader.accountEvents(before - 2, 1)).toHaveLength(1);
    expect((await reader.accounts([nums[2]!]))[0]?.category).toBe(2);
  });

  test('its options cross into a worker thread, which reads with them', async () => {
    const { store, engine } = await fixture.open();
    await seedPeople(engine, 3);
    const source = `
      const { parentPort, workerData } = require('node:worker_threads');
      import('tsx/esm/api')
        .then(({ tsImport }) => tsImport(workerData.module, workerData.parent))
        .then(async ({ openReader }) => {
          const reader = await openReader(workerData.options);
          const rows = await reader.readRows(0, workerData.upTo, workerData.upTo);
          await reader.close();
          parentPort.postMessage(rows.map((r) => r.seq));
        });
    `;
    const worker = new Worker(source, {
      eval: true,
      workerData: {
        module: './reader.ts',
        parent: import.meta.url,
        options: store.readerOptions(),
        upTo: engine.committed,
      },
    });
    const seqs = await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(seqs).toEqual(Array.from({ length: engine.committed }, (_, i) => i + 1));
  });
});
