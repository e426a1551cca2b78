import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { must, payment, seedPeople } from '../../test/support/supervision.ts';
import { loadConfig } from '../config/index.ts';
import { Engine } from '../engine/index.ts';
import type { Command } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';
import {
  type LiveStats,
  STATS_BOOKS_INTERVAL_MS,
  STATS_PUSH_INTERVAL_MS,
  STATS_SSE_CLIENTS_MAX,
  type StatsSubscriber,
  statsFor,
} from './index.ts';

const PAYMENTS = 24_000;
const BATCH = 4_000;

describe.each(STORE_KINDS)('live statistics on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let engine: Engine;
  let icbc: string[] = [];
  let boc: string[] = [];

  beforeAll(async () => {
    ts = await testStore(kind);
    store = await ts.open();
    engine = await Engine.open({ store, config: loadConfig() });
    icbc = await seedPeople(engine, 10, 'icbc');
    boc = await seedPeople(engine, 2, 'boc');
  });
  afterAll(async () => {
    await engine?.stop();
    await store?.close();
    await ts?.cleanup();
  });

  test('counts every payment once, pushes at most twice a second under load, and keeps the books', async () => {
    const hub = await statsFor(engine);
    expect(await statsFor(engine)).toBe(hub);
    const got: LiveStats[] = [];
    const sub: StatsSubscriber = {
      withSupervision: true,
      send: (p) => got.push(JSON.parse(p) as LiveStats),
      close() {},
    };
    const unsubscribe = hub.subscribe(sub);
    const started = Date.now();
    for (let b = 0; b < PAYMENTS / BATCH; b += 1) {
      const commands: Command[] = Array.from({ length: BATCH }, (_, i) =>
        payment(`p-${b}-${i}`, icbc[i % 10]!, icbc[(i + 1) % 10]!, 1.5),
      );
      await must(engine, commands);
    }
    // A held payment counts when posted, not when held; a payment across operators counts once
    // (its settlement between vaults is not a payment); exchanges are not payments.
    await must(engine, [payment('held', icbc[0]!, icbc[1]!, 10, true)]);
    await must(engine, [{ type: 'post', pending_id: 'held', amount: null }]);
    await must(engine, [payment('cross', icbc[2]!, boc[0]!, 20)]);
    await must(engine, [{ type: 'exchange', id: 'ex', wallet_id: icbc[3]!, direction: 'in', amount: 500 }]);
    const lastCommit = Date.now();
    // Every payment is in a complete second, and the follower has read everything.
    while (Date.now() < lastCommit + 1_100 || hub.follower.cursor < engine.committed)
      await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, STATS_PUSH_INTERVAL_MS + 100));
    const elapsed = Date.now() - started;
    unsubscribe();
    expect(got.length).toBeGreaterThan(1);
    expect(got.length).toBeLessThanOrEqual(Math.ceil(elapsed / STATS_PUSH_INTERVAL_MS) + 1);
    const last = got[got.length - 1]!;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(last.rates.series.count)).toBe(PAYMENTS + 2);
    expect(sum(last.rates.series.value_fen)).toBe(PAYMENTS * 150 + 1000 + 2000);
    expect(last.rates.series.count).toHaveLength(300);
    expect(last.lag_rows).toBe(0);
    expect(last.supervision).toMatchObject({ open_alerts: 0, cases_open: 0 });
    // The books are read at most once a second: a snapshot after that sees the last exchange too.
    await new Promise((r) => setTimeout(r, STATS_BOOKS_INTERVAL_MS + 50));
    const books = (await hub.snapshot(true)).books;
    expect(books.balanced).toBe(true);
    expect(books.operators.map((o) => [o.operator_id, o.balanced])).toEqual([
      ['icbc', true],
      ['boc', true],
    ]);
    const personal1 = books.by_holding.find((h) => h.kind === 'personal_1')!;
    expect([personal1.wallets, personal1.amount]).toEqual([12, '24000005.00']);
    expect(books.in_circulation).toBe('24000005.00');
    // A JSON answer has the same shape; without the supervision permission there are no alert figures.
    expect((await hub.snapshot(false)).supervision).toBeNull();
  }, 60_000);

  test('at most STATS_SSE_CLIENTS_MAX streams; stop() ends them all', async () => {
    const hub = await statsFor(engine);
    const closed: number[] = [];
    const subs = Array.from({ length: STATS_SSE_CLIENTS_MAX }, (_, i) => ({
      withSupervision: false,
      send() {},
      close: () => closed.push(i),
    }));
    for (const s of subs) hub.subscribe(s);
    expect(hub.clients).toBe(STATS_SSE_CLIENTS_MAX);
    expect(() => hub.subscribe({ withSupervision: false, send() {}, close() {} })).toThrow(
      expect.objectContaining({ code: 'queue_full' }),
    );
    hub.stop();
    expect(closed).toHaveLength(STATS_SSE_CLIENTS_MAX);
    expect(hub.clients).toBe(0);
    expect(() => hub.subscribe(subs[0]!)).toThrow(expect.objectContaining({ code: 'engine_stopped' }));
  });
});
