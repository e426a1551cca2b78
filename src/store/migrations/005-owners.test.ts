import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, test } from 'vitest';
import { STORE_KINDS, type TestStore, testStore } from '../../../test/support/stores.ts';
import { must, seedPeople, TestClock } from '../../../test/support/supervision.ts';
import { loadConfig } from '../../config/index.ts';
import { Engine } from '../../engine/index.ts';
import { KEY_A } from '../../ledger/payments-testing.ts';
import type { Store } from '../store.ts';
import { backfillOwners } from './005-owners.ts';

describe.each(STORE_KINDS)('migration 005 on %s', (kind) => {
  let ts: TestStore;
  let store: Store | undefined;
  let engine: Engine | undefined;
  afterEach(async () => {
    await engine?.stop();
    await store?.close();
    await ts?.cleanup();
    engine = undefined;
    store = undefined;
  });

  test('books written before owners were stored get them from the device and condition records', async () => {
    const clock = new TestClock();
    ts = await testStore(kind);
    store = await ts.open();
    engine = await Engine.open({ store, config: loadConfig(), clock: clock.read });
    const [alice, bob] = await seedPeople(engine, 2);
    await must(engine, [
      {
        type: 'register_device',
        wallet_id: alice!,
        public_key: KEY_A,
        label: null,
        cap_amount: 500_00,
        cap_count: 10,
      },
      {
        type: 'create_condition',
        id: 'escrow-1',
        kind: 'escrow',
        from: bob!,
        to: alice!,
        amount: 1_00,
        currency: 'CNY',
        deadline: clock.now + 86_400_000,
        release: { approved_by: alice! },
        unit_amount: 0,
        mcc: [],
        regions: [],
        memo: null,
      },
    ]);
    const owned = () =>
      store!.db
        .selectFrom('accounts')
        .select(['num', 'owner'])
        .where('owner', '>', 0)
        .orderBy('num')
        .execute();
    const written = (await owned()).map((r) => ({ num: Number(r.num), owner: Number(r.owner) }));
    expect(written).toHaveLength(2);
    for (const r of written) expect(engine.state.accounts.owner[r.num]).toBe(r.owner);

    await sql`update accounts set owner = 0`.execute(store.db);
    await backfillOwners(store.db as unknown as Kysely<unknown>);
    expect((await owned()).map((r) => ({ num: Number(r.num), owner: Number(r.owner) }))).toEqual(written);
  });
});
