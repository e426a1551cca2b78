import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBacktest } from '../src/monitoring/backtest/run.ts';
import { DEFAULT_RULES_PATH } from '../src/monitoring/live/supervision-config.ts';
import { runSimulateToDataset } from '../src/sim/dataset-writer.ts';
import { peakRssMb, type ScenarioResult } from './stats.ts';

export interface MonitoringBacktestOptions {
  /** Transfers in the simulated dataset (the target is stated on 1,000,000). */
  readonly transfers?: number;
  readonly seed?: number;
  readonly log: (line: string) => void;
}

/**
 * `monitoring-backtest`: the simulator's labelled dataset (seed 42, 1,000,000 transfers, 0.4%
 * laundering) replayed through the default rules in this process. `transfers_per_s` is the monitor's
 * own replay speed (target >= 200,000/s); `end_to_end_transfers_per_s` includes reading the CSV. The
 * detection figures come with it so a speed-up that costs recall shows in the same row.
 */
export async function monitoringBacktestScenario(o: MonitoringBacktestOptions): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-bench-backtest-'));
  try {
    const transfers = o.transfers ?? 1_000_000;
    const t0 = performance.now();
    await runSimulateToDataset({ seed: o.seed ?? 42, transfers, out: dir });
    o.log(`  simulated ${transfers} transfers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    // Twice: the first replay warms the JIT and the page cache; the second is the one reported.
    runBacktest({ rules: DEFAULT_RULES_PATH, data: dir, print: null });
    const r = runBacktest({ rules: DEFAULT_RULES_PATH, data: dir, print: null });
    const recalls = Object.values(r.typologies).map((t) => t.recall);
    return {
      scenario: 'monitoring-backtest',
      // No store: the replay reads a dataset folder in memory; the field is required by the table.
      store: 'sqlite',
      transfers_per_s: r.transfers_per_s,
      p50_ms: 0,
      p99_ms: 0,
      peak_rss_mb: peakRssMb(process.pid),
      transfers: r.data.transfers,
      end_to_end_transfers_per_s: r.end_to_end_transfers_per_s,
      min_typology_recall: Number(Math.min(...recalls).toFixed(3)),
      transfer_precision: Number((r.transfers?.precision ?? 0).toFixed(3)),
      alerts: r.alerts,
      rule_set: `${r.rule_set.id} v${r.rule_set.version}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
