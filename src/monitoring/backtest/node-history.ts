import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from '../../store/index.ts';
import { Reads } from '../../store/reads.ts';
import { SQLITE_FILE } from '../../store/sqlite-store.ts';
import { AccountDirectory } from '../live/account-directory.ts';
import { accountsFromDb } from '../live/db-accounts.ts';
import { JournalEvents } from '../live/journal-events.ts';
import { REPLAY_PAGE_ROWS } from '../live/limits.ts';
import { DEFAULT_LIMITS, Monitor, type MonitorLimits, type MonitorStats } from '../monitor.ts';
import { loadRuleSet } from '../rules/load.ts';
import type { RuleSet } from '../rules/types.ts';
import { supervisionDb } from '../store/schema.ts';

export interface NodeBacktestResult {
  readonly rule_set: { readonly id: string; readonly version: number };
  readonly data: {
    readonly format: 'tongbao-node';
    readonly source: string;
    readonly rows: number;
    readonly transfers: number;
  };
  /** Alerts the candidate rules raise on the stored history, and what the live rules stored, by typology. */
  readonly typologies: Record<string, { readonly alerts: number; readonly live_alerts: number }>;
  readonly alerts: number;
  readonly alert_revisions: number;
  readonly large_value_reports: number;
  readonly transfers_per_s: number;
  readonly end_to_end_transfers_per_s: number;
  readonly monitor: MonitorStats;
  readonly limits: MonitorLimits;
}

/** True when `dir` is a node's data folder (its embedded store is there). */
export function isNodeDataDir(dir: string): boolean {
  return existsSync(join(dir, SQLITE_FILE));
}

/**
 * Replays a node's stored journal through a candidate rule set, read-only: the data folder's SQLite
 * file is opened read-only beside a running node (WAL lets readers in), or PostgreSQL with its own
 * connections; nothing is written and the live alerts are only counted for comparison. The history is
 * unlabelled, so the result is alert volume per typology against the live rules', not precision.
 */
export async function runNodeBacktest(o: {
  readonly rules: RuleSet | string;
  readonly dataDir?: string;
  readonly databaseUrl?: string;
  readonly out?: string;
  readonly limits?: Partial<MonitorLimits>;
}): Promise<NodeBacktestResult> {
  const rules = typeof o.rules === 'string' ? loadRuleSet(o.rules) : o.rules;
  let db: Kysely<Schema>;
  let source: string;
  if (o.databaseUrl !== undefined && o.databaseUrl !== '') {
    db = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: o.databaseUrl, max: 2 }) }),
    });
    source = new URL(o.databaseUrl).pathname.slice(1) || 'postgres';
  } else {
    if (o.dataDir === undefined || !isNodeDataDir(o.dataDir))
      throw new Error(`${o.dataDir} is not a node's data folder`);
    const file = new Database(join(o.dataDir, SQLITE_FILE), { readonly: true, fileMustExist: true });
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: file }) });
    source = o.dataDir;
  }
  try {
    const reads = new Reads(db);
    const directory = new AccountDirectory(accountsFromDb(db));
    await directory.init();
    const events = new JournalEvents(reads, directory);
    const monitor = new Monitor(rules, o.limits);
    const alerts = new Map<string, string>();
    let revisions = 0;
    let reports = 0;
    let rows = 0;
    let transfers = 0;
    let monitorMs = 0;
    const started = performance.now();
    for (let after = 0; ; ) {
      const page = await reads.readRows(after, REPLAY_PAGE_ROWS);
      if (page.length === 0) break;
      rows += page.length;
      after = page[page.length - 1]!.seq;
      const list = await events.events(page);
      transfers += list.length;
      const t0 = performance.now();
      for (const ev of list)
        for (const a of monitor.process(ev)) {
          revisions++;
          if (a.kind === 'suspicious') alerts.set(a.id, a.typology);
          else if (a.revision === 1) reports++;
        }
      monitorMs += performance.now() - t0;
    }
    const totalMs = performance.now() - started;
    const live = await supervisionDb(db)
      .selectFrom('sup_alerts')
      .select((eb) => ['typology', eb.fn.countAll<number>().as('n')])
      .where('kind', '=', 'suspicious')
      .groupBy('typology')
      .execute()
      .catch(() => []);
    const typologies: Record<string, { alerts: number; live_alerts: number }> = {};
    const entry = (t: string) => {
      typologies[t] ??= { alerts: 0, live_alerts: 0 };
      return typologies[t];
    };
    for (const t of Object.keys(rules.typologies)) entry(t);
    for (const t of alerts.values()) entry(t).alerts++;
    for (const r of live) entry(r.typology).live_alerts = Number(r.n);
    const result: NodeBacktestResult = {
      rule_set: { id: rules.rule_set, version: rules.version },
      data: { format: 'tongbao-node', source, rows, transfers },
      typologies,
      alerts: alerts.size,
      alert_revisions: revisions,
      large_value_reports: reports,
      transfers_per_s: monitorMs > 0 ? Math.round((transfers / monitorMs) * 1000) : 0,
      end_to_end_transfers_per_s: totalMs > 0 ? Math.round((transfers / totalMs) * 1000) : 0,
      monitor: monitor.stats(),
      limits: { ...DEFAULT_LIMITS, ...o.limits },
    };
    if (o.out) writeFileSync(o.out, `${JSON.stringify(result, null, 2)}\n`);
    return result;
  } finally {
    await db.destroy();
  }
}

/** The readable summary of a node-history backtest. */
export function formatNodeTable(r: NodeBacktestResult): string {
  const names = Object.keys(r.typologies);
  const w = Math.max(8, ...names.map((n) => n.length));
  return [
    `backtest ${r.rule_set.id} v${r.rule_set.version} on the stored history of ${r.data.source}`,
    `${r.data.rows} journal rows, ${r.data.transfers} payments (unlabelled: alert volume only)`,
    '',
    `${'typology'.padEnd(w)}  candidate  live`,
    ...names.map(
      (n) =>
        `${n.padEnd(w)}  ${String(r.typologies[n]!.alerts).padStart(9)}  ${String(r.typologies[n]!.live_alerts).padStart(4)}`,
    ),
    '',
    `alerts: ${r.alerts} suspicious, ${r.large_value_reports} large-value reports`,
    `speed: ${r.transfers_per_s} transfers/s in the monitor, ${r.end_to_end_transfers_per_s} end to end`,
    '',
  ].join('\n');
}
