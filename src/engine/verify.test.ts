import { afterEach, describe, expect, test } from 'vitest';
import { seedWallets } from '../../test/support/seed.ts';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { loadConfig } from '../config/index.ts';
import type { Command } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import { Engine } from './engine.ts';
import { verifyStore } from './verify.ts';

const config = loadConfig();

describe.each(STORE_KINDS)('verify on %s', (kind) => {
  let ts: TestStore;
  let store: Store | null = null;

  afterEach(async () => {
    await store?.close();
    store = null;
    await ts.cleanup();
  });

  /** A store with wallets, payments, a hold and a checkpoint in the middle of the journal. */
  async function books(): Promise<Store> {
    ts = await testStore(kind);
    let s = await ts.open();
    const engine = await Engine.open({ store: s, config });
    const wallets = await seedWallets(engine, {
      operators: ['icbc', 'boc'],
      wallets: 12,
      fund_fen: 1_000_000,
    });
    const pay = (id: string, i: number, extra: Partial<Command> = {}): Command =>
      ({
        type: 'transfer',
        id,
        from: wallets[i]!,
        to: wallets[(i + 5) % 12]!,
        amount: 1_000 + i,
        currency: 'CNY',
        pending: false,
        timeout_s: 0,
        memo: null,
        ...extra,
      }) as Command;
    await engine.submit(Array.from({ length: 12 }, (_, i) => pay(`a${i}`, i)));
    await engine.submit([pay('hold', 3, { pending: true } as Partial<Command>)]);
    await engine.stop();
    await s.close();
    s = await ts.open();
    const again = await Engine.open({ store: s, config });
    await again.submit(Array.from({ length: 12 }, (_, i) => pay(`b${i}`, i)));
    await again.submit([{ type: 'post', pending_id: 'hold', amount: null }]);
    await s.close();
    store = await ts.open();
    return store;
  }

  test('sound books verify, with the checkpoint in the middle of the journal', async () => {
    const s = await books();
    const report = await verifyStore(s, config);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checkpoint_seq).toBeGreaterThan(0);
    expect(report.rows).toBeGreaterThan(report.checkpoint_seq);
    expect(report.books.balanced).toBe(true);
  });

  const tamperings: Array<[string, (s: Store) => Promise<unknown>, RegExp]> = [
    [
      'an amount changed',
      (s) => s.db.updateTable('transfers').set({ amount: 999_999 }).where('seq', '=', 20).execute(),
      /differs from the journal|per-account|balance/,
    ],
    ['a row removed', (s) => s.db.deleteFrom('transfers').where('seq', '=', 21).execute(), /expected seq 21/],
    [
      'a payee changed',
      (s) => s.db.updateTable('transfers').set({ credit: 9 }).where('seq', '=', 22).execute(),
      /per-account links|differs/,
    ],
    [
      'an id duplicated',
      (s) => s.db.updateTable('transfers').set({ id: 'a1', id_hash: 0 }).where('seq', '=', 30).execute(),
      /id hash|same id/,
    ],
    [
      'a checkpointed balance changed',
      (s) => s.db.updateTable('accounts').set({ balance: 5 }).where('num', '=', 8).execute(),
      /stored balance/,
    ],
    [
      'an owner given to a wallet',
      (s) => s.db.updateTable('accounts').set({ owner: 3 }).where('num', '=', 8).execute(),
      /names owner 3/,
    ],
    [
      'an id page changed',
      (s) =>
        s.db
          .updateTable('id_pages')
          .set({ hashes: new Uint8Array(48) })
          .where('first_seq', '=', 5)
          .execute(),
      /id page/,
    ],
    [
      'a resolution pointing at no hold',
      (s) => s.db.updateTable('transfers').set({ ref_seq: 3 }).where('kind', '=', 8).execute(),
      /not pending/,
    ],
  ];

  for (const [name, tamper, message] of tamperings) {
    test(`finds ${name}`, async () => {
      const s = await books();
      await tamper(s);
      const report = await verifyStore(s, config);
      expect(report.ok).toBe(false);
      expect(report.problems.join('\n')).toMatch(message);
    });
  }
});
