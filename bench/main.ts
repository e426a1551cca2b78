import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { BATCH_COMMANDS_MAX, type Command } from '../src/ledger/index.ts';
import { NodeClient } from '../src/sim/drive/http-client.ts';
import { openStore } from '../src/store/index.ts';
import { offlineKeys } from '../test/support/keys.ts';
import { spawnNode } from '../test/support/node-process.ts';
import { seedWallets } from '../test/support/seed.ts';
import { runBaseline, seedBaseline } from './baseline-pg.ts';
import { batchLoad, type LoadResult, singleLoad, TransferSource } from './load.ts';
import { monitoringBacktestScenario } from './monitoring-backtest.ts';
import { monitoringLiveScenario } from './monitoring-live.ts';
import { conditionEvaluationScenario, voucherSettlementScenario } from './payments-scenarios.ts';
import { cpuSeconds, peakRssMb, rssMb, type ScenarioResult } from './stats.ts';

export interface BenchOptions {
  readonly scenarios: readonly string[];
  readonly seconds: number;
  readonly wallets: number;
  readonly databaseUrl: string | undefined;
  readonly out: string;
  readonly restartWallets: number;
  readonly restartTransfers: number;
  readonly log: (line: string) => void;
}

export const ALL_SCENARIOS = [
  'batch-http',
  'single-http',
  'batch-http-pg',
  'baseline-pg',
  'memory',
  'restart',
  'monitoring-backtest',
  'monitoring-live',
  'voucher-settlement',
  'condition-evaluation',
] as const;
const PG_SCRIPT = new URL('../scripts/pg-cluster.sh', import.meta.url).pathname;
const WARMUP_S = 3;
const FUND_FEN = 1_000_000_00;
const config = loadConfig();

interface Pg {
  readonly url: string;
  database(name: string): Promise<string>;
  stop(): void;
}

/** Uses TONGBAO_DATABASE_URL, or starts a throwaway cluster (as .ci/run does) and stops it afterwards. */
function postgres(given: string | undefined, log: (l: string) => void): Pg {
  let dir: string | undefined;
  let url = given;
  if (url === undefined) {
    dir = mkdtempSync(join(tmpdir(), 'tongbao-bench-pg-'));
    url = execFileSync('bash', [PG_SCRIPT, 'start', dir, '55441'], { encoding: 'utf8' }).trim();
    log(`started a throwaway PostgreSQL 15 at ${url}`);
  }
  const base = url;
  return {
    url: base,
    async database(name) {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`create database ${name}`);
      await c.end();
      const u = new URL(base);
      u.pathname = `/${name}`;
      return u.toString();
    },
    stop() {
      if (dir !== undefined) execFileSync('bash', [PG_SCRIPT, 'stop', dir]);
    },
  };
}

const OPERATORS = ['icbc', 'ccb', 'webank'] as const;

/** Seeds wallets and returns them with one operator key per operator (in operator-number order). */
async function seed(
  dataDir: string,
  databaseUrl: string | undefined,
  wallets: number,
  log: (l: string) => void,
): Promise<{ ids: string[]; keys: string[]; supervisor: string }> {
  const store = await openStore({ dataDir, databaseUrl });
  const engine = await Engine.open({ store, config });
  const t0 = performance.now();
  const ids = await seedWallets(engine, { operators: [...OPERATORS], wallets, fund_fen: FUND_FEN });
  log(`  seeded ${wallets} wallets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await engine.stop();
  await store.close();
  const keys = await offlineKeys(dataDir, databaseUrl, [
    ...OPERATORS.map((operator_id) => ({ role: 'operator' as const, operator_id })),
    { role: 'supervisor' as const },
  ]);
  return { ids, keys: keys.slice(0, OPERATORS.length), supervisor: keys[OPERATORS.length]! };
}

/** How long the bench waits for live monitoring to judge everything the load committed. */
const MONITORING_CATCH_UP_MAX_S = 300;
const MONITORING_POLL_MS = 250;

/**
 * Monitoring runs below the payment path's priority (src/monitoring/live/monitor-worker.ts): under a
 * load that saturates the machine it trails. This reports how far, and how long it took to catch up once
 * the load stopped, so a throughput figure never hides monitoring that fell behind for good.
 */
async function monitoringCatchUp(
  url: string,
  supervisor: string,
): Promise<{ monitoring_lag_rows_at_end: number; monitoring_caught_up_s: number | null }> {
  const client = new NodeClient(url);
  const lag = async () => {
    const summary = await client.ok('GET', '/v1/supervision/summary', supervisor);
    return (summary.monitoring as { lag_rows: number }).lag_rows;
  };
  const atEnd = await lag();
  const started = performance.now();
  for (let rows = atEnd; rows > 0; rows = await lag()) {
    if (performance.now() - started > MONITORING_CATCH_UP_MAX_S * 1000)
      return { monitoring_lag_rows_at_end: atEnd, monitoring_caught_up_s: null };
    await new Promise((r) => setTimeout(r, MONITORING_POLL_MS));
  }
  return {
    monitoring_lag_rows_at_end: atEnd,
    monitoring_caught_up_s: Math.round((performance.now() - started) / 100) / 10,
  };
}

function result(
  scenario: string,
  store: 'sqlite' | 'postgres',
  load: LoadResult,
  rss: number,
  extra: Record<string, unknown> = {},
): ScenarioResult {
  return {
    scenario,
    store,
    transfers_per_s: Math.round(load.transfers / load.seconds),
    p50_ms: Number(load.latencies.percentile(50).toFixed(2)),
    p99_ms: Number(load.latencies.percentile(99).toFixed(2)),
    peak_rss_mb: rss,
    refused: load.refused,
    requests: load.latencies.count,
    ...extra,
  };
}

async function httpScenario(
  name: string,
  kind: 'batch' | 'single',
  store: 'sqlite' | 'postgres',
  o: BenchOptions,
  pgUrl?: string,
): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), `tongbao-bench-${name}-`));
  try {
    const { ids: wallets, keys, supervisor } = await seed(dir, pgUrl, o.wallets, o.log);
    const node = await spawnNode(['serve', '--data', dir], { TONGBAO_DATABASE_URL: pgUrl ?? '' });
    try {
      const source = new TransferSource(wallets, `${name}-`, keys);
      const cpuBefore = cpuSeconds(node.pid);
      const load =
        kind === 'batch'
          ? await batchLoad(node.url, source, BATCH_COMMANDS_MAX, 3, o.seconds, WARMUP_S)
          : await singleLoad(node.url, source, 64, o.seconds, WARMUP_S);
      const rss = peakRssMb(node.pid);
      const monitoring = await monitoringCatchUp(node.url, supervisor);
      // CPU per transfer (all node threads, warm-up included, until monitoring has judged every
      // transfer) does not depend on what else the machine runs.
      const cpu_us_per_transfer = Math.round(
        ((cpuSeconds(node.pid) - cpuBefore) * 1e6) /
          Math.max(1, load.transfers * ((o.seconds + WARMUP_S) / o.seconds)),
      );
      return result(kind === 'batch' ? 'batch-http' : 'single-http', store, load, rss, {
        cpu_us_per_transfer,
        ...monitoring,
        wallets: o.wallets,
        ...(kind === 'batch' ? { batch_size: BATCH_COMMANDS_MAX, in_flight: 3 } : { connections: 64 }),
      });
    } finally {
      await node.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function memoryScenario(o: BenchOptions): Promise<ScenarioResult> {
  const empty = mkdtempSync(join(tmpdir(), 'tongbao-bench-mem0-'));
  const full = mkdtempSync(join(tmpdir(), 'tongbao-bench-mem1-'));
  try {
    const idle = await spawnNode(['serve', '--data', empty]);
    await new Promise((r) => setTimeout(r, 1000));
    const base = rssMb(idle.pid);
    await idle.kill('SIGTERM');
    await seed(full, undefined, o.restartWallets, o.log);
    const loaded = await spawnNode(['serve', '--data', full]);
    await new Promise((r) => setTimeout(r, 1000));
    const rss = rssMb(loaded.pid);
    const peak = peakRssMb(loaded.pid);
    await loaded.kill('SIGTERM');
    return {
      scenario: 'memory',
      store: 'sqlite',
      transfers_per_s: 0,
      p50_ms: 0,
      p99_ms: 0,
      peak_rss_mb: peak,
      wallets: o.restartWallets,
      empty_rss_mb: base,
      loaded_rss_mb: rss,
      added_rss_mb: rss - base,
    };
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
  }
}

/** Fills a store with wallets and transfers, ends without a final checkpoint (as a crash would), restarts it. */
async function restartScenario(o: BenchOptions): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-bench-restart-'));
  try {
    const store = await openStore({ dataDir: dir });
    const engine = await Engine.open({ store, config });
    const wallets = await seedWallets(engine, {
      operators: ['icbc', 'ccb', 'webank'],
      wallets: o.restartWallets,
      fund_fen: FUND_FEN,
    });
    const t0 = performance.now();
    let rand = 12_345;
    const inFlight: Array<Promise<unknown>> = [];
    for (let done = 0; done < o.restartTransfers; done += BATCH_COMMANDS_MAX) {
      const n = Math.min(BATCH_COMMANDS_MAX, o.restartTransfers - done);
      const commands = Array.from({ length: n }, (_, i): Command => {
        rand = (Math.imul(rand, 1_103_515_245) + 12_345) >>> 0;
        const from = wallets[rand % wallets.length]!;
        const to = wallets[(rand >>> 7) % wallets.length]!;
        return {
          type: 'transfer',
          id: `r${done + i}`,
          from,
          to: to === from ? wallets[(rand + 1) % wallets.length]! : to,
          amount: 1 + (rand % 500),
          currency: 'CNY',
          pending: false,
          timeout_s: 0,
          memo: null,
        };
      });
      inFlight.push(engine.submit(commands));
      if (inFlight.length >= 4) await inFlight.shift();
      if (done % 1_000_000 < BATCH_COMMANDS_MAX)
        o.log(`  ${done} transfers written (${Math.round(done / ((performance.now() - t0) / 1000))}/s)`);
    }
    await Promise.all(inFlight);
    const replayTail = engine.stats().committed_seq - engine.stats().checkpoint_seq;
    // No engine.stop(): the restart below must replay the tail after the last checkpoint, as after kill -9.
    await store.close();
    const started = performance.now();
    const node = await spawnNode(['serve', '--data', dir]);
    const restart_s = (performance.now() - started) / 1000;
    const peak = peakRssMb(node.pid);
    await node.kill('SIGTERM');
    return {
      scenario: 'restart',
      store: 'sqlite',
      transfers_per_s: 0,
      p50_ms: 0,
      p99_ms: 0,
      peak_rss_mb: peak,
      wallets: o.restartWallets,
      transfers: o.restartTransfers,
      replayed_rows: replayTail,
      restart_s: Number(restart_s.toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runBench(o: BenchOptions): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const wants = (s: string) => o.scenarios.includes(s);
  let pgCluster: Pg | undefined;
  const pgNeeded = wants('batch-http-pg') || wants('baseline-pg');
  try {
    if (pgNeeded) pgCluster = postgres(o.databaseUrl, o.log);
    for (const scenario of o.scenarios) {
      o.log(`scenario ${scenario}...`);
      let r: ScenarioResult;
      if (scenario === 'batch-http') r = await httpScenario('batch', 'batch', 'sqlite', o);
      else if (scenario === 'single-http') r = await httpScenario('single', 'single', 'sqlite', o);
      else if (scenario === 'batch-http-pg')
        r = await httpScenario('batchpg', 'batch', 'postgres', o, await pgCluster!.database('tongbao_bench'));
      else if (scenario === 'baseline-pg') {
        const url = await pgCluster!.database('tongbao_baseline');
        await seedBaseline(url, o.wallets, FUND_FEN);
        const b = await runBaseline(url, o.wallets, 32, o.seconds, WARMUP_S);
        r = { ...result('baseline-pg', 'postgres', { ...b }, 0), clients: 32 };
      } else if (scenario === 'memory') r = await memoryScenario(o);
      else if (scenario === 'restart') r = await restartScenario(o);
      else if (scenario === 'monitoring-backtest') r = await monitoringBacktestScenario({ log: o.log });
      else if (scenario === 'monitoring-live')
        r = await monitoringLiveScenario({ seconds: o.seconds, log: o.log });
      else if (scenario === 'voucher-settlement')
        r = await voucherSettlementScenario({ seconds: o.seconds, log: o.log });
      else if (scenario === 'condition-evaluation')
        r = await conditionEvaluationScenario({ seconds: o.seconds, log: o.log });
      else throw new Error(`unknown scenario ${scenario}; known: ${ALL_SCENARIOS.join(', ')}`);
      results.push(r);
      o.log(`  ${JSON.stringify(r)}`);
    }
  } finally {
    pgCluster?.stop();
  }
  const batch = results.find((r) => r.scenario === 'batch-http' && r.store === 'sqlite');
  const baseline = results.find((r) => r.scenario === 'baseline-pg');
  if (batch !== undefined && baseline !== undefined && baseline.transfers_per_s > 0) {
    o.log(
      `ratio batch-http / baseline-pg = ${(batch.transfers_per_s / baseline.transfers_per_s).toFixed(1)}`,
    );
  }
  mkdirSync(join(o.out, '..'), { recursive: true });
  writeFileSync(o.out, `${JSON.stringify(results, null, 2)}\n`);
  return results;
}

export function table(results: readonly ScenarioResult[]): string {
  const head = ['scenario', 'store', 'transfers/s', 'p50 ms', 'p99 ms', 'peak RSS MB', 'notes'];
  const rows = results.map((r) => {
    const notes =
      r.scenario === 'memory'
        ? `1M wallets add ${String(r.added_rss_mb)} MB`
        : r.scenario === 'restart'
          ? `serves in ${String(r.restart_s)} s (replayed ${String(r.replayed_rows)} rows)`
          : r.scenario === 'monitoring-live'
            ? `alert visible p50/p99 above; ${String(r.probes_missed)} of ${String(r.probes)} probes missed`
            : r.scenario === 'monitoring-backtest'
              ? `min typology recall ${String(r.min_typology_recall)}, transfer precision ${String(r.transfer_precision)}`
              : r.cpu_us_per_transfer === undefined
                ? ''
                : `${String(r.cpu_us_per_transfer)} us CPU per transfer${
                    r.monitoring_lag_rows_at_end === undefined
                      ? ''
                      : `; monitoring ${String(r.monitoring_lag_rows_at_end)} rows behind at the end, caught up in ${String(r.monitoring_caught_up_s)} s`
                  }`;
    return [
      r.scenario,
      r.store,
      String(r.transfers_per_s),
      String(r.p50_ms),
      String(r.p99_ms),
      String(r.peak_rss_mb),
      notes,
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
