import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { type TestStore, testStore } from '../../../test/support/stores.ts';
import {
  closeWorld,
  must,
  openWorld,
  payment,
  seedPeople,
  TestClock,
  type World,
  waitFor,
} from '../../../test/support/supervision.ts';
import { TongbaoError } from '../../errors/index.ts';
import { AccountStatus, formatWalletId } from '../../ledger/index.ts';
import { listAlerts } from '../cases/alert-queries.ts';
import { plainCommit } from '../store/audited-commit.ts';
import { supervisionDb } from '../store/schema.ts';
import { COUNTERPARTY_TYPOLOGY } from './counterparty-alerts.ts';
import { reviewHit } from './hit-review.ts';
import { HOLDER_WAIT_MS, type HolderNames } from './screening-service.ts';
import { DEFAULT_RULES_PATH } from './supervision-config.ts';

const LIST = fileURLToPath(new URL('../screening/fixtures/sample.ftm.jsonl', import.meta.url));
const DAY = 86_400_000;

/** Holder names as the security layer would give them: undefined = no record (yet), null = no name kept. */
class FakeHolders implements HolderNames {
  readonly names = new Map<number, string | null>();
  async nameOf(num: number): Promise<string | null | undefined> {
    return this.names.get(num);
  }
  async page(after: number, limit: number) {
    return [...this.names.entries()]
      .filter(([n]) => n > after)
      .sort((a, b) => a[0] - b[0])
      .slice(0, limit)
      .map(([num, name]) => ({ num, wallet_id: formatWalletId(1, num), name }));
  }
}

const numOf = (wallet: string) => Number(wallet.slice(3, 15));

describe('watch-list screening in the node', () => {
  let ts: TestStore;
  let w: World | undefined;
  afterEach(async () => {
    if (w !== undefined) await closeWorld(w).catch(() => undefined);
    w = undefined;
    await ts?.cleanup();
  });

  test('blocks wallets opened with a listed name, watches existing ones, and a review lifts or keeps it', async () => {
    ts = await testStore('sqlite');
    const clock = new TestClock();
    const holders = new FakeHolders();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 12);
    clock.advance(10 * DAY);
    for (const p of people) holders.names.set(numOf(p), null);
    holders.names.set(numOf(people[3]!), 'Mary Brown');
    holders.names.set(numOf(people[4]!), '欧阳文');
    await closeWorld(w);

    const config = { rules: DEFAULT_RULES_PATH, watchlists: [LIST], screening_threshold: 0.7 };
    w = await openWorld(ts, clock, { config, holders });
    const world = w;
    const db = supervisionDb(world.store.db);
    // The wallet that existed before the list: found by the rescreen, watched, not frozen.
    const existing = await waitFor(async () =>
      db.selectFrom('sup_screening_hits').selectAll().where('wallet_id', '=', people[4]!).executeTakeFirst(),
    );
    expect(existing).toMatchObject({
      source: 'rescreen',
      entity_id: 'tb-p-0006',
      status: 'pending_review',
      frozen: 0,
    });
    expect(world.engine.state.accounts.status[numOf(people[4]!)]).toBe(AccountStatus.active);
    await must(world.engine, [payment('to-listed', people[5]!, people[4]!, 50)]);
    const alert = await waitFor(
      async () => (await listAlerts(db, { typology: COUNTERPARTY_TYPOLOGY })).items[0],
    );
    expect(alert).toMatchObject({ focal_wallet: people[4], transfer_count: 1, score: existing.score });

    // Openings from now on: a listed name is frozen in and out, another name is not, no record waits.
    const opened = await must(world.engine, [
      {
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        currency: 'CNY',
        holder: null,
      },
      {
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        currency: 'CNY',
        holder: null,
      },
      {
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        currency: 'CNY',
        holder: null,
      },
    ]);
    const [listed, other, silent] = opened.map(
      (r) => (r as { ok: true; value: { num: number } }).value.num,
    ) as [number, number, number];
    holders.names.set(listed, 'ZHANG Wei');
    holders.names.set(other, 'Zhang Wen');
    const hit = await waitFor(async () =>
      db.selectFrom('sup_screening_hits').selectAll().where('num', '=', listed).executeTakeFirst(),
    );
    expect(hit).toMatchObject({
      source: 'opening',
      entity_id: 'tb-p-0001',
      frozen: 1,
      status: 'pending_review',
    });
    expect(JSON.stringify(hit)).not.toContain('ZHANG');
    expect(world.engine.state.accounts.status[listed]).toBe(AccountStatus.frozen_all);
    const freeze = await world.store.db
      .selectFrom('account_events')
      .select('details')
      .where('num', '=', listed)
      .where('type', '=', 'frozen')
      .execute();
    expect(freeze).toHaveLength(1);
    expect(JSON.parse(freeze[0]!.details)).toMatchObject({ mode: 'all', reference: `screening:${hit.id}` });
    // The wallet without a holder record holds the openings cursor until the wait is over.
    const silentOpening = await world.store.db
      .selectFrom('account_events')
      .select('event_id')
      .where('num', '=', silent)
      .executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 600));
    expect(world.supervision.screening!.status().opening_cursor).toBe(Number(silentOpening.event_id) - 1);
    clock.advance(HOLDER_WAIT_MS + 1);
    await waitFor(async () => (world.supervision.screening!.status().screened >= 12 + 3 ? true : undefined));
    expect(world.engine.state.accounts.status[other]).toBe(AccountStatus.active);
    expect(world.engine.state.accounts.status[silent]).toBe(AccountStatus.active);

    // A listed holder whose wallet was closed before the screening reached it: recorded, not frozen.
    const [gone] = await must(world.engine, [
      {
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        currency: 'CNY',
        holder: null,
      },
    ]);
    const goneNum = (gone as { ok: true; value: { num: number } }).value.num;
    await must(world.engine, [{ type: 'close_wallet', wallet_id: formatWalletId(1, goneNum) }]);
    holders.names.set(goneNum, 'Alexander Morozov');
    const goneHit = await waitFor(async () =>
      db.selectFrom('sup_screening_hits').selectAll().where('num', '=', goneNum).executeTakeFirst(),
    );
    expect(goneHit).toMatchObject({ entity_id: 'tb-p-0004', frozen: 0, status: 'pending_review' });
    expect(world.engine.state.accounts.status[goneNum]).toBe(AccountStatus.closed);

    const commit = plainCommit((q) => world.store.write(q));
    const review = (id: string, decision: 'release' | 'confirm') =>
      reviewHit({
        db,
        actions: world.supervision.actions,
        watched: world.supervision.watched,
        commit,
        id,
        decision,
        note: 'checked the ID card',
        actor: 'key:sup1:supervisor',
        now: clock.now,
      });
    const released = await review(hit.id, 'release');
    expect(released.status).toBe('released');
    expect(world.engine.state.accounts.status[listed]).toBe(AccountStatus.active);
    expect(world.supervision.watched.get(formatWalletId(1, listed))).toBeUndefined();
    await review(existing.id, 'confirm');
    expect(world.supervision.watched.get(people[4]!)?.hit_id).toBe(existing.id);
    const again = await review(existing.id, 'release').catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TongbaoError);
    expect((again as TongbaoError).code).toBe('screening_hit_reviewed');

    // A restart screens nothing twice: no second freeze, no second hit.
    await closeWorld(world);
    w = await openWorld(ts, clock, { config, holders });
    await new Promise((r) => setTimeout(r, 700));
    const hits = await supervisionDb(w.store.db).selectFrom('sup_screening_hits').select('id').execute();
    expect(hits).toHaveLength(3);
    const freezes = await w.store.db
      .selectFrom('account_events')
      .select('event_id')
      .where('type', '=', 'frozen')
      .execute();
    expect(freezes).toHaveLength(1);
    expect(w.supervision.watched.get(people[4]!)).toBeDefined();
  });
});
