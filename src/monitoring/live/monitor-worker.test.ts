import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  waitFor,
} from '../../../test/support/supervision.ts';
import { parseWalletId } from '../../ledger/index.ts';
import type { Alert } from '../alerts/alert.ts';
import { hitInsert, hitRow } from '../store/hits.ts';
import { supervisionDb } from '../store/schema.ts';
import { expectStoredMatchesReference } from '../testing/live-reference.ts';
import { COUNTERPARTY_TYPOLOGY, type WatchedWallet } from './counterparty-alerts.ts';
import { MONITORING_FOLLOWER } from './monitor-follower.ts';

const MINUTE = 60_000;
/** Wallets older than the new-wallet rules' two days, so only the patterns under test fire. */
const DAY = 86_400_000;

/** How long a process that left supervision running may take to end by itself. */
const ORPHAN_WAIT_MS = 30_000;

const LISTED: WatchedWallet = {
  hit_id: 'sh_test',
  entity_id: 'e-1',
  entity_source: 'test-list',
  matched_name: 'Listed Person',
  score: 0.91,
  threshold: 0.7,
};

async function alertsOf(w: World, typology: string): Promise<Alert[]> {
  const rows = await supervisionDb(w.store.db)
    .selectFrom('sup_alerts')
    .select('body')
    .where('typology', '=', typology)
    .execute();
  return rows.map((r) => JSON.parse(r.body) as Alert);
}

describe.each(STORE_KINDS)('the monitoring worker on %s', (kind) => {
  let ts: TestStore;
  let w: World | undefined;
  afterEach(async () => {
    if (w !== undefined) await closeWorld(w).catch(() => undefined);
    w = undefined;
    await ts?.cleanup();
  });

  test('a crashed worker stops monitoring and says why; payments go on; a restart catches up', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    const lines: string[] = [];
    w = await openWorld(ts, clock, { log: (line) => lines.push(line) });
    const people = await seedPeople(w.engine, 12);
    clock.advance(10 * DAY);
    for (let i = 1; i <= 4; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`c-${i}`, people[i]!, people[0]!, 1_500)]);
    }
    await caughtUp(w);
    const thread = w.supervision.follower.worker.thread;
    // The thread dies under the node, between ranges: status says so before any further commit.
    await thread.terminate();
    const failed = await waitFor(async () => w!.supervision.status().follower.failed ?? undefined);
    expect(failed).toMatch(/monitoring worker exited/);
    expect(lines.filter((l) => l.startsWith('monitoring stopped:'))).toHaveLength(1);
    for (let i = 5; i <= 9; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`c-${i}`, people[i]!, people[0]!, 1_500)]);
    }
    const status = w.supervision.status();
    expect(status.follower.lag_rows).toBeGreaterThanOrEqual(5);
    expect(status.follower.failed).toBe(failed);
    // Eight payers now, but nothing evaluated them.
    expect(await alertsOf(w, 'fan_in')).toEqual([]);

    await closeWorld(w);
    w = await openWorld(ts, clock);
    expect(w.supervision.status().follower.failed).toBeNull();
    await caughtUp(w);
    await expectStoredMatchesReference(w.store);
    const [fanIn] = await alertsOf(w, 'fan_in');
    expect(fanIn?.transfers.map((t) => t.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => `c-${i}`));
  });

  test('a replay that cannot run stops monitoring without touching payments', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 4);
    await closeWorld(w);
    // A cursor past the journal (a database restored from a backup older than its cursors).
    const store = await ts.open();
    await store.setCursor(MONITORING_FOLLOWER, 1_000_000, 0);
    await store.close();
    w = await openWorld(ts, clock, { log: () => {} });
    const failed = await waitFor(async () => w!.supervision.status().follower.failed ?? undefined);
    expect(failed).toMatch(/cursor 1000000 is past the stored journal/);
    await must(w.engine, [payment('still-paying', people[0]!, people[1]!, 10)]);
    expect(w.supervision.status().follower.state).toBe('rebuilding');
  });

  test('the replay after a restart rebuilds the windows and raises nothing again', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 30);
    clock.advance(10 * DAY);
    for (let i = 1; i <= 9; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`r-${i}`, people[i]!, people[0]!, 1_200)]);
    }
    await must(w.engine, [payment('big-1', people[20]!, people[21]!, 600_000)]);
    await caughtUp(w);
    const before = await storedAlerts(w.store);
    expect([...before.values()].map((a) => (JSON.parse(a.body) as Alert).typology).sort()).toEqual([
      'fan_in',
      'large_value_in',
      'large_value_out',
    ]);
    await closeWorld(w);

    const told: Alert[] = [];
    w = await openWorld(ts, clock, { onAlerts: (alerts) => told.push(...alerts) });
    const world = w;
    const live = await waitFor(async () => {
      const f = world.supervision.status().follower;
      return f.state === 'live' ? f : undefined;
    });
    expect(live.replay.events).toBe(10);
    expect(live.replay.from_seq).toBeGreaterThanOrEqual(1);
    expect(world.supervision.status().monitor.events).toBe(10);
    // A payment unrelated to the patterns: the replayed ones are not raised again.
    clock.advance(MINUTE);
    await must(world.engine, [payment('quiet', people[25]!, people[26]!, 5)]);
    await caughtUp(world);
    expect(told).toEqual([]);
    expect(await storedAlerts(world.store)).toEqual(before);
    // The rebuilt windows carry on: a tenth payer extends the stored fan-in alert.
    clock.advance(MINUTE);
    await must(world.engine, [payment('r-10', people[10]!, people[0]!, 1_200)]);
    await caughtUp(world);
    expect(told.map((a) => a.typology)).toEqual(['fan_in']);
    await expectStoredMatchesReference(world.store);
  });

  test('watched wallets changed on the main thread reach the worker in order with payments', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    w = await openWorld(ts, clock);
    const people = await seedPeople(w.engine, 8);
    clock.advance(10 * DAY);
    const listed = people[1]!;
    w.supervision.watched.add(listed, LISTED);
    await must(w.engine, [payment('w-1', people[2]!, listed, 10)]);
    await caughtUp(w);
    const [first] = await alertsOf(w, COUNTERPARTY_TYPOLOGY);
    expect(first).toMatchObject({ focal_wallet: listed, score: 0.91, revision: 1 });
    expect(first?.transfers.map((t) => t.id)).toEqual(['w-1']);

    // Released: payments touching it raise nothing.
    w.supervision.watched.delete(listed);
    clock.advance(MINUTE);
    await must(w.engine, [payment('w-2', people[3]!, listed, 10)]);
    await caughtUp(w);
    expect(await alertsOf(w, COUNTERPARTY_TYPOLOGY)).toEqual([first]);

    // Watched again with a better match; as the payer this time.
    w.supervision.watched.add(listed, { ...LISTED, score: 0.95 });
    clock.advance(MINUTE);
    await must(w.engine, [payment('w-3', listed, people[4]!, 10)]);
    await caughtUp(w);
    const [second] = await alertsOf(w, COUNTERPARTY_TYPOLOGY);
    expect(second).toMatchObject({ id: first!.id, revision: 2, score: 0.95 });
    expect(second?.transfers.map((t) => t.id)).toEqual(['w-1', 'w-3']);

    // A hit stored while the node was down is watched from the start of the next run.
    const other = people[5]!;
    await w.store.write([
      hitInsert(
        supervisionDb(w.store.db),
        hitRow({
          num: parseWalletId(other)!.account,
          wallet_id: other,
          source: 'rescreen',
          list_version: 'test',
          hits: [
            {
              entity_id: 'e-2',
              source: 'test-list',
              kind: 'person',
              query_name: 'Other Person',
              matched_name: 'Other Person',
              score: 0.88,
              method: 'exact',
              reasons: [],
            },
          ],
          frozen: false,
          ts: clock.now,
        }),
      ),
    ]);
    await closeWorld(w);
    w = await openWorld(ts, clock);
    clock.advance(MINUTE);
    await must(w.engine, [payment('w-4', people[6]!, other, 10)]);
    await caughtUp(w);
    const byFocal = new Map((await alertsOf(w, COUNTERPARTY_TYPOLOGY)).map((a) => [a.focal_wallet, a]));
    expect(byFocal.get(other)).toMatchObject({ score: 0.88, revision: 1 });
    expect(byFocal.get(listed)?.revision).toBe(2);
  });

  test('the worker ends with supervision; ranges after that are refused quietly', async () => {
    ts = await testStore(kind);
    const clock = new TestClock();
    const lines: string[] = [];
    const world = await openWorld(ts, clock, { log: (line) => lines.push(line) });
    const exited = new Promise<number>((resolve) =>
      world.supervision.follower.worker.thread.once('exit', resolve),
    );
    await world.supervision.stop();
    await exited;
    // Rows committed after the stop stay after the durable cursor, for the next start.
    await seedPeople(world.engine, 2);
    await world.engine.stop();
    await world.store.close();
    expect(lines).toEqual([]);
    expect(world.supervision.status().follower.evaluated_seq).toBeLessThan(world.engine.committed);
    w = await openWorld(ts, clock);
    await caughtUp(w);
    expect(w.supervision.status().follower.evaluated_seq).toBe(w.engine.committed);
  });

  test('an idle worker never keeps a process alive on its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongbao-mw-'));
    const script = join(dir, 'no-orphan.mts');
    const support = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
    // A process that stops its engine and store but never supervision: it must still end by itself.
    writeFileSync(
      script,
      `import { monitoringSettled, openWorld, seedPeople, TestClock } from ${support('../../../test/support/supervision.ts')};
      import { testStore } from ${support('../../../test/support/stores.ts')};
      const ts = await testStore(${JSON.stringify(kind)});
      const w = await openWorld(ts, new TestClock());
      await seedPeople(w.engine, 3);
      await monitoringSettled(w.store, w.engine, w.supervision);
      await w.engine.stop();
      await w.store.close();
      await ts.cleanup();
      process.stdout.write('left without stopping supervision\\n');`,
    );
    try {
      const child = spawnSync(process.execPath, ['--import', 'tsx', script], {
        encoding: 'utf8',
        timeout: ORPHAN_WAIT_MS,
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      });
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('left without stopping supervision\n');
      expect(child.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
