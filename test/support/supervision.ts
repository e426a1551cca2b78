import { afterEach } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { Engine } from '../../src/engine/index.ts';
import { accountId, type Command, type CommandResult } from '../../src/ledger/index.ts';
import {
  DEFAULT_RULES_PATH,
  MONITORING_FOLLOWER,
  Supervision,
  type SupervisionOptions,
} from '../../src/monitoring/live/index.ts';
import { supervisionDb } from '../../src/monitoring/store/schema.ts';
import { openReader, type Store, type StoreReader } from '../../src/store/index.ts';
import { type TestStore, testStore } from './stores.ts';

export const YUAN = 100;

/** A clock tests move by hand, so windows and replay spans are exact. */
export class TestClock {
  now = Date.UTC(2026, 2, 2, 2, 0, 0);
  read = () => this.now;
  advance(ms: number): void {
    this.now += ms;
  }
}

export async function must(engine: Engine, commands: Command[]): Promise<CommandResult[]> {
  const results = await engine.submit(commands);
  for (const r of results) if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return results;
}

/** One operator, funded wallets of category 1 (no limits), each with 2,000,000 CNY. */
export async function seedPeople(engine: Engine, count: number, operator = 'icbc'): Promise<string[]> {
  await must(engine, [
    {
      type: 'register_operator',
      id: operator,
      name: operator.toUpperCase(),
      issuance_quota: 1e13,
      reserve: 1e13,
    },
  ]);
  await must(engine, [
    { type: 'issue', id: `issue-${operator}`, operator_id: operator, amount: 1e12, currency: 'CNY' },
  ]);
  const opened = await must(
    engine,
    Array.from({ length: count }, () => ({
      type: 'open_wallet' as const,
      operator_id: operator,
      kind: 'personal' as const,
      category: 1,
      currency: 'CNY',
      holder: null,
    })),
  );
  const ids = opened.map((r) =>
    accountId(engine.state, (r as { ok: true; value: { num: number } }).value.num),
  );
  await must(
    engine,
    ids.map((wallet_id, i) => ({
      type: 'exchange' as const,
      id: `fund-${operator}-${i}`,
      wallet_id,
      direction: 'in' as const,
      amount: 2_000_000 * YUAN,
    })),
  );
  return ids;
}

export function payment(id: string, from: string, to: string, yuan: number, pending = false): Command {
  return {
    type: 'transfer',
    id,
    from,
    to,
    amount: Math.round(yuan * YUAN),
    currency: 'CNY',
    pending,
    timeout_s: 0,
    memo: null,
  };
}

/** Polls until fn returns a value that is not undefined (or the time runs out). */
export async function waitFor<T>(fn: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('waitFor timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Stored alerts, by id: revision and the body. */
export async function storedAlerts(
  store: Store,
): Promise<Map<string, { revision: number; body: string; status: string }>> {
  const rows = await supervisionDb(store.db)
    .selectFrom('sup_alerts')
    .select(['id', 'revision', 'body', 'status'])
    .execute();
  return new Map(rows.map((r) => [r.id, { revision: Number(r.revision), body: r.body, status: r.status }]));
}

let wakes = 0;

/**
 * Resolves once monitoring has evaluated everything committed and every alert it raised is stored
 * (the durable cursor covers the last rows that produced writes).
 *
 * While evaluation is more than 200 ms behind, a one-fen issuance to operator `wakeOperator` (which
 * monitoring ignores) adds a commit. Followers pick up commits that land during their final flush
 * (src/engine/followers.ts, tested in followers.test.ts), so this is only a second wake for a loaded
 * machine; it changes nothing monitoring judges.
 */
export async function monitoringSettled(
  store: Store,
  engine: Engine,
  supervision: Supervision,
  wakeOperator = 'icbc',
): Promise<void> {
  let behindSince = 0;
  await waitFor(async () => {
    const f = supervision.status().follower;
    if (f.evaluated_seq < engine.committed) {
      if (behindSince === 0) behindSince = Date.now();
      else if (Date.now() - behindSince > 200) {
        behindSince = 0;
        wakes += 1;
        await engine.submit([
          {
            type: 'issue',
            id: `wake-${process.pid}-${wakes}`,
            operator_id: wakeOperator,
            amount: 1,
            currency: 'CNY',
          },
        ]);
      }
      return undefined;
    }
    const c = await store.getCursor(MONITORING_FOLLOWER);
    return c >= f.last_write_seq ? true : undefined;
  });
}

export interface World {
  readonly store: Store;
  readonly engine: Engine;
  readonly supervision: Supervision;
  readonly clock: TestClock;
}

/** A store, an engine on a test clock and supervision with the default rules (or the options given). */
export async function openWorld(
  ts: TestStore,
  clock: TestClock,
  options: Partial<Omit<SupervisionOptions, 'engine'>> = {},
): Promise<World> {
  const store = await ts.open();
  const engine = await Engine.open({ store, config: loadConfig(), clock: clock.read });
  const supervision = await Supervision.start({
    engine,
    config: { rules: DEFAULT_RULES_PATH, watchlists: [], screening_threshold: 0.7 },
    clock: clock.read,
    log: () => {},
    ...options,
  });
  return { store, engine, supervision, clock };
}

/** `monitoringSettled` for a world opened by `openWorld`. */
export function caughtUp(w: World): Promise<void> {
  return monitoringSettled(w.store, w.engine, w.supervision);
}

export async function closeWorld(w: World): Promise<void> {
  await w.supervision.stop();
  await w.engine.stop();
  await w.store.close();
}

/** What `engineFixture` opens for one test. */
export interface EngineWorld {
  readonly store: Store;
  readonly engine: Engine;
  readonly clock: TestClock;
  /** A read connection of its own (src/store StoreReader), as the monitoring worker opens. */
  readonly reader: StoreReader;
}

/**
 * A store, an engine on a test clock and a reader for each test of a describe block, all closed after
 * the test (whether it passed or not). Call it in the describe block; `open` in the test.
 */
export function engineFixture(kind: 'sqlite' | 'postgres'): {
  open(clock?: TestClock): Promise<EngineWorld>;
} {
  let ts: TestStore | undefined;
  let world: { -readonly [K in keyof EngineWorld]?: EngineWorld[K] } = {};
  afterEach(async () => {
    await world.reader?.close();
    await world.engine?.stop();
    await world.store?.close();
    await ts?.cleanup();
    ts = undefined;
    world = {};
  });
  return {
    async open(clock = new TestClock()) {
      ts = await testStore(kind);
      const store = await ts.open();
      world.store = store;
      const engine = await Engine.open({ store, config: loadConfig(), clock: clock.read });
      world.engine = engine;
      const reader = await openReader(store.readerOptions());
      world.reader = reader;
      return { store, engine, clock, reader };
    },
  };
}
