import { afterEach, describe, expect, test } from 'vitest';
import { STORE_KINDS, type TestStore, testStore } from '../../../test/support/stores.ts';
import {
  caughtUp,
  closeWorld,
  must,
  openWorld,
  payment,
  seedPeople,
  storedAlerts,
  TestClock,
  type World,
} from '../../../test/support/supervision.ts';
import type { Alert } from '../alerts/alert.ts';
import { supervisionDb } from '../store/schema.ts';
import { expectStoredMatchesReference } from '../testing/live-reference.ts';

const MINUTE = 60_000;
/** Wallets older than the new-wallet rules' two days, so only the patterns under test fire. */
const DAY = 86_400_000;

async function expectMatchesReference(w: World): Promise<void> {
  await caughtUp(w);
  await expectStoredMatchesReference(w.store);
}

describe.each(STORE_KINDS)('live monitoring on %s', (kind) => {
  let ts: TestStore;
  let w: World | undefined;
  afterEach(async () => {
    if (w !== undefined) await closeWorld(w).catch(() => undefined);
    w = undefined;
    await ts?.cleanup();
  });

  test('raises alerts from committed payments, rebuilds its windows after a restart and resumes exactly', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 30);
    clock.advance(10 * DAY);
    const collector = people[0]!;
    // Five of nine distinct payers before the restart: no fan-in yet (the rule wants eight).
    for (let i = 1; i <= 5; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`fan-${i}`, people[i]!, collector, 1_200)]);
    }
    // A held payment counts when it is posted, under its own id.
    clock.advance(MINUTE);
    await must(w.engine, [payment('held-6', people[6]!, collector, 1_300, true)]);
    await must(w.engine, [{ type: 'post', pending_id: 'held-6', amount: null }]);
    // A large-value report: 600,000 CNY out of one wallet in a day.
    await must(w.engine, [payment('big-1', people[20]!, people[21]!, 300_000)]);
    await must(w.engine, [payment('big-2', people[20]!, people[22]!, 300_000)]);
    await caughtUp(w);
    const before = await storedAlerts(w.store);
    const reports = [...before.values()].map((a) => JSON.parse(a.body) as Alert);
    expect(reports.filter((a) => a.kind === 'suspicious')).toEqual([]);
    const lv = reports.find((a) => a.typology === 'large_value_out')!;
    expect(lv.focal_wallet).toBe(people[20]);
    expect(lv.transfers.map((t) => t.id)).toEqual(['big-1', 'big-2']);

    await closeWorld(w);
    w = await openWorld(ts, clock);
    for (let i = 7; i <= 9; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`fan-${i}`, people[i]!, collector, 1_200)]);
    }
    // Settled first: the alert and its wallets are read in two queries, and a revision between them
    // (the eighth and ninth payers) would make them disagree.
    await caughtUp(w);
    const fanIn = await supervisionDb(w.store.db)
      .selectFrom('sup_alerts')
      .selectAll()
      .where('typology', '=', 'fan_in')
      .executeTakeFirstOrThrow();
    const status = w.supervision.status().follower;
    expect(status.resumed_after).toBeGreaterThan(0);
    expect(status.replay.events).toBe(8);
    expect(fanIn.focal_wallet).toBe(collector);
    const body = JSON.parse(fanIn.body) as Alert;
    expect(body.transfers.map((t) => t.id)).toContain('held-6');
    expect(body.transfers.map((t) => t.id)).toContain('fan-1');
    const wallets = await supervisionDb(w.store.db)
      .selectFrom('sup_alert_wallets')
      .select('wallet')
      .where('alert_id', '=', fanIn.id)
      .execute();
    expect(wallets.map((r) => r.wallet).sort()).toEqual([...body.wallets].sort());
    // A tenth payer the same day adds to the same alert: a higher revision under the same id.
    clock.advance(MINUTE);
    await must(w.engine, [payment('fan-10', people[10]!, collector, 1_200)]);
    await expectMatchesReference(w);
    const after = await storedAlerts(w.store);
    expect(after.get(fanIn.id)!.revision).toBeGreaterThan(Number(fanIn.revision));
  });

  test('after a crash the stored alerts are exactly what an uninterrupted run stores', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 30);
    clock.advance(10 * DAY);
    for (let i = 1; i <= 8; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`a-${i}`, people[i]!, people[0]!, 1_500)]);
    }
    await caughtUp(w);
    // Crash: payments commit, then the process dies before monitoring's next flush (no engine stop).
    for (let i = 9; i <= 12; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`a-${i}`, people[i]!, people[0]!, 1_500)]);
    }
    await w.supervision.stop();
    await w.store.close();
    w = await openWorld(ts, clock);
    await expectMatchesReference(w);
    const fan = [...(await storedAlerts(w.store)).values()].map((a) => JSON.parse(a.body) as Alert);
    expect(fan.filter((a) => a.typology === 'fan_in')).toHaveLength(1);
    expect(fan.find((a) => a.typology === 'fan_in')!.transfers).toHaveLength(12);
  });
});
