/**
 * Backtest: replays a labelled dataset through a candidate rule set in a private Monitor (nothing live is
 * touched) and scores the alerts. Reading and monitoring are timed apart: `transfers_per_s` is the
 * monitor's own replay speed, `end_to_end_transfers_per_s` includes parsing the CSV.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LIMITS, Monitor, type MonitorLimits, type MonitorStats } from '../monitor.ts';
import { loadRuleSet } from '../rules/load.ts';
import type { RuleSet } from '../rules/types.ts';
import type { TransferEvent } from '../transfer-event.ts';
import { openDataset } from './datasets.ts';
import { type Prf, Scoreboard, type TypologyScore } from './metrics.ts';
import { formatTable } from './table.ts';

export interface BacktestOptions {
  /** A validated rule set, or the path of a rule file. */
  readonly rules: RuleSet | string;
  /** A tongbao dataset folder or an AMLSim folder. */
  readonly data: string;
  /** Also write the JSON result to this path. */
  readonly out?: string;
  readonly limits?: Partial<MonitorLimits>;
  /** Where the readable table goes; default stdout, null for silence. */
  readonly print?: ((text: string) => void) | null;
}

export interface BacktestResult {
  readonly rule_set: { readonly id: string; readonly version: number };
  readonly data: {
    readonly format: string;
    readonly dir: string;
    readonly transfers: number;
    readonly accounts: number;
    readonly instances: number;
  };
  readonly typologies: Record<string, TypologyScore>;
  /** Null when the data labels accounts only (AMLSim). */
  readonly transfers: (Prf & { readonly named: number; readonly laundering: number }) | null;
  readonly accounts: Prf & { readonly flagged: number; readonly laundering: number };
  /** Distinct suspicious alerts (by id). */
  readonly alerts: number;
  readonly alert_revisions: number;
  readonly large_value_reports: number;
  readonly transfers_per_s: number;
  readonly end_to_end_transfers_per_s: number;
  readonly monitor: MonitorStats;
  readonly limits: MonitorLimits;
}

/** Events handed to the monitor per timed batch. */
const BATCH = 65_536;

export function runBacktest(opts: BacktestOptions): BacktestResult {
  const rules = typeof opts.rules === 'string' ? loadRuleSet(opts.rules) : opts.rules;
  const data = openDataset(opts.data);
  const monitor = new Monitor(rules, opts.limits);
  const board = new Scoreboard(data);
  const batch: TransferEvent[] = [];
  const labels: number[] = [];
  let count = 0;
  let monitorMs = 0;
  const flush = (): void => {
    const t0 = performance.now();
    const found: { i: number; alerts: ReturnType<Monitor['process']> }[] = [];
    for (let i = 0; i < batch.length; i++) {
      const alerts = monitor.process(batch[i]!);
      if (alerts.length > 0) found.push({ i, alerts });
    }
    monitorMs += performance.now() - t0;
    let next = 0;
    for (let i = 0; i < batch.length; i++) {
      board.transfer(batch[i]!.id, labels[i]!);
      while (next < found.length && found[next]!.i === i) {
        for (const a of found[next]!.alerts) board.alert(a);
        next++;
      }
    }
    count += batch.length;
    batch.length = 0;
    labels.length = 0;
  };
  const started = performance.now();
  data.stream((ev, instance) => {
    batch.push(ev);
    labels.push(instance);
    if (batch.length >= BATCH) flush();
  });
  flush();
  const totalMs = performance.now() - started;
  const result: BacktestResult = {
    rule_set: { id: rules.rule_set, version: rules.version },
    data: {
      format: data.format,
      dir: data.dir,
      transfers: count,
      accounts: data.accounts,
      instances: data.instances.length,
    },
    typologies: board.typologies(),
    transfers: board.transfers(),
    accounts: board.accounts(),
    alerts: board.alertCount,
    alert_revisions: board.revisions,
    large_value_reports: board.reports,
    transfers_per_s: monitorMs > 0 ? Math.round((count / monitorMs) * 1000) : 0,
    end_to_end_transfers_per_s: totalMs > 0 ? Math.round((count / totalMs) * 1000) : 0,
    monitor: monitor.stats(),
    limits: { ...DEFAULT_LIMITS, ...opts.limits },
  };
  if (opts.out) writeFileSync(opts.out, `${JSON.stringify(result, null, 2)}\n`);
  const print = opts.print === undefined ? (s: string) => process.stdout.write(s) : opts.print;
  if (print) print(formatTable(result));
  return result;
}
