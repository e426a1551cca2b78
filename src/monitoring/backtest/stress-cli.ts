/**
 * Adversarial traffic through the default rules, to show memory stays bounded whatever the traffic:
 *   node --expose-gc --import tsx src/monitoring/backtest/stress-cli.ts [--events 5000000]
 * Scenarios: one hot wallet paid by ever new payers; every transfer between two never-seen wallets;
 * a dense clique of 50 wallets paying each other large round sums (every graph rule keeps searching).
 * Prints the monitor's own counters and the heap after a full GC at intervals; a bounded monitor shows
 * a heap that levels off instead of growing with the event count.
 */

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Monitor } from '../monitor.ts';
import { loadRuleSet } from '../rules/load.ts';
import type { PartyInfo, TransferEvent } from '../transfer-event.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: 'config/rules/default.json' },
    events: { type: 'string', default: '3000000' },
  },
});
const total = Number(values.events);
const rules = loadRuleSet(values.rules);
const START = Date.UTC(2025, 0, 1);
/** One transfer every 20 ms of simulated time: 4.3 million a day, far beyond any single wallet's norm. */
const STEP_MS = 20;

function party(wallet: string): PartyInfo {
  return { wallet, operator: 'op', kind: 'personal', category: 2, opened_ms: START - 400 * 86_400_000 };
}

type Pick = (i: number) => [PartyInfo, PartyInfo, number];

const hot = party('hot');
const clique = Array.from({ length: 50 }, (_, i) => party(`c${i}`));
const scenarios: Record<string, Pick> = {
  hot_wallet: (i) => [party(`payer${i}`), hot, 1_000_000 + (i % 97)],
  distinct_wallets: (i) => [party(`a${i}`), party(`b${i}`), 300_000 + (i % 89)],
  dense_clique: (i) => [clique[i % 50]!, clique[(i * 7 + 3) % 50]!, 1_000_000],
};

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (n: number): string => (n / 1_048_576).toFixed(0);
/** JS heap after a full GC, plus typed-array memory (outside the JS heap), in MB. */
const memory = (): string => {
  gc?.();
  const u = process.memoryUsage();
  return `heap ${mb(u.heapUsed)} MB + arrays ${mb(u.arrayBuffers)} MB (rss ${mb(u.rss)} MB)`;
};

for (const [name, pick] of Object.entries(scenarios)) {
  const m = new Monitor(rules);
  const t0 = performance.now();
  let alerts = 0;
  for (let i = 0; i < total; i++) {
    const [from, to, amount] = pick(i);
    const ev: TransferEvent = {
      seq: i,
      id: `s${i}`,
      ts_ms: START + i * STEP_MS,
      amount_fen: amount,
      currency: 'CNY',
      from,
      to,
    };
    alerts += m.process(ev).length;
    if ((i + 1) % Math.floor(total / 4) === 0) {
      const s = m.stats();
      process.stdout.write(
        `${name} ${i + 1} events: ${memory()}, wallets ${s.tracked_wallets} (evicted ${s.wallet_evictions}), ` +
          `edges ${s.edges_in_window} (dropped early ${s.edges_dropped_early}), open alerts ${s.open_alerts}, ` +
          `relationships ${s.relationships}, alert revisions ${alerts}\n`,
      );
    }
  }
  const secs = (performance.now() - t0) / 1000;
  process.stdout.write(`${name}: ${Math.round(total / secs)} transfers/s\n`);
}
