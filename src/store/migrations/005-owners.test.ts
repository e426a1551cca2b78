import { type Kysely, sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { STORE_KINDS } from '../../../test/support/stores.ts';
import { engineFixture, must, seedPeople } from '../../../test/support/supervision.ts';
import { KEY_A } from '../../ledger/payments-testing.ts';
import { backfillOwners } from './005-owners.ts';

describe.each(STORE_KINDS)('migration 005 on %s', (kind) => {
  const fixture = engineFixture(kind);

  test('books written before owners were stored get them from the device and condition records', async () => {
    const { store, engine, clock } = await fixture.open();
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
      store.db
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
