import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { NodeClient } from '../src/sim/drive/http-client.ts';
import { openStore } from '../src/store/index.ts';
import { offlineKeys } from '../test/support/keys.ts';
import { spawnNode } from '../test/support/node-process.ts';
import { seedWallets } from '../test/support/seed.ts';
import { cpuSeconds, Latencies, peakRssMb, type ScenarioResult } from './stats.ts';

export interface MonitoringLiveOptions {
  /** Background payments per second (the figure: 20,000). */
  readonly rate?: number;
  readonly seconds: number;
  readonly wallets?: number;
  readonly log: (line: string) => void;
}

const OPERATORS = ['icbc', 'ccb', 'webank'] as const;
const TICK_MS = 100;
/** One fan-in probe every so often: nine fresh payers pay one fresh collector 1,200 CNY each. */
const PROBE_EVERY_MS = 1_000;
const PROBE_PAYERS = 9;
const POLL_MS = 10;
const PROBE_TIMEOUT_MS = 10_000;

/**
 * `monitoring-live`: a real node process takes `rate` payments a second (batches over HTTP, spread
 * over three operators) while fan-in patterns are injected; each probe measures how long after its
 * commit the fan-in alert exists. Two figures per probe: `raised` (the alert's own raise time minus
 * the commit time of the transfer that triggered it, both stamped by the node) and `visible` (from
 * the probe's acknowledged commit until a supervisor's GET /v1/supervision/alerts lists it, which adds
 * the follower's flush and the polling interval). Target: an alert within 1 s of the commit.
 */
export async function monitoringLiveScenario(o: MonitoringLiveOptions): Promise<ScenarioResult> {
  const rate = o.rate ?? 20_000;
  const wallets = o.wallets ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-bench-live-'));
  try {
    const store = await openStore({ dataDir: dir });
    const engine = await Engine.open({ store, config: loadConfig() });
    const ids = await seedWallets(engine, { operators: [...OPERATORS], wallets, fund_fen: 1_000_000_00 });
    await engine.stop();
    await store.close();
    const tokens = await offlineKeys(dir, undefined, [
      ...OPERATORS.map((operator_id) => ({ role: 'operator' as const, operator_id })),
      { role: 'supervisor' as const },
    ]);
    const keyOf = new Map<string, string>(OPERATORS.map((op, i) => [op, tokens[i]!]));
    const supervisor = tokens[OPERATORS.length]!;
    // Wallet ids start with the operator's number (1-3, in registration order).
    const opOf = (wallet: string) => OPERATORS[Number(wallet.slice(0, 3)) - 1]!;
    const probeWallets = ids.slice(-Math.floor(wallets / 5));
    const background = ids.slice(0, ids.length - probeWallets.length);
    const node = await spawnNode(['serve', '--data', dir]);
    const client = new NodeClient(node.url);
    try {
      let seq = 0;
      let rand = 7;
      let sent = 0;
      let refused = 0;
      let stop = false;
      const loadLoop = (async () => {
        const started = Date.now();
        for (let tick = 0; !stop; tick++) {
          const byOp = new Map<string, Array<Record<string, string>>>();
          for (let i = 0; i < (rate * TICK_MS) / 1000; i++) {
            rand = (Math.imul(rand, 1_103_515_245) + 12_345) >>> 0;
            const from = background[rand % background.length]!;
            const to = background[(rand >>> 8) % background.length]!;
            if (from === to) continue;
            const list = byOp.get(opOf(from)) ?? [];
            list.push({
              id: `bg-${seq++}`,
              from,
              to,
              amount: `0.${String(1 + (rand % 99)).padStart(2, '0')}`,
            });
            byOp.set(opOf(from), list);
          }
          await Promise.all(
            [...byOp].map(async ([op, transfers]) => {
              const b = await client.ok('POST', '/v1/transfers/batch', keyOf.get(op)!, { transfers });
              for (const r of b.results as Array<{ code?: string }>) {
                sent++;
                if (r.code !== undefined) refused++;
              }
            }),
          );
          const wait = started + (tick + 1) * TICK_MS - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        return (Date.now() - started) / 1000;
      })();
      const raised = new Latencies();
      const visible = new Latencies();
      let missed = 0;
      const cpuBefore = cpuSeconds(node.pid);
      const until = Date.now() + o.seconds * 1000;
      for (let p = 0; Date.now() < until && (p + 1) * (PROBE_PAYERS + 1) <= probeWallets.length; p++) {
        await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
        const group = probeWallets.slice(p * (PROBE_PAYERS + 1), (p + 1) * (PROBE_PAYERS + 1));
        const collector = group[0]!;
        const byOp = new Map<string, Array<Record<string, string>>>();
        for (const [i, payer] of group.slice(1).entries()) {
          const list = byOp.get(opOf(payer)) ?? [];
          list.push({ id: `probe-${p}-${i}`, from: payer, to: collector, amount: '1200.00' });
          byOp.set(opOf(payer), list);
        }
        // One request per operator, in order, so the last one's reply is after every probe commit.
        for (const [op, transfers] of byOp)
          await client.ok('POST', '/v1/transfers/batch', keyOf.get(op)!, { transfers });
        const committed = Date.now();
        let seen: Record<string, unknown> | undefined;
        while (seen === undefined && Date.now() - committed < PROBE_TIMEOUT_MS) {
          const page = await client.ok(
            'GET',
            `/v1/supervision/alerts?typology=fan_in&focal_wallet=${collector}`,
            supervisor,
          );
          seen = (page.items as Array<Record<string, unknown>>)[0];
          if (seen === undefined) await new Promise((r) => setTimeout(r, POLL_MS));
        }
        if (seen === undefined) {
          missed++;
          continue;
        }
        visible.add(Date.now() - committed);
        const full = await client.ok('GET', `/v1/supervision/alerts/${String(seen.id)}`, supervisor);
        const trigger = (full.transfers as Array<{ seq: number; at: string }>).find(
          (t) => t.seq === full.trigger_seq,
        );
        if (trigger !== undefined) raised.add(Date.parse(String(full.raised_at)) - Date.parse(trigger.at));
      }
      stop = true;
      const loadSeconds = await loadLoop;
      const summary = await client.ok('GET', '/v1/supervision/summary', supervisor);
      const monitoring = summary.monitoring as { lag_rows: number; payments: number };
      const cpu = cpuSeconds(node.pid) - cpuBefore;
      o.log(
        `  ${visible.count} probes, ${missed} missed; monitoring lag ${monitoring.lag_rows} rows at the end`,
      );
      return {
        scenario: 'monitoring-live',
        store: 'sqlite',
        transfers_per_s: Math.round(sent / loadSeconds),
        p50_ms: Number(visible.percentile(50).toFixed(1)),
        p99_ms: Number(visible.percentile(99).toFixed(1)),
        peak_rss_mb: peakRssMb(node.pid),
        target_rate: rate,
        refused,
        probes: visible.count,
        probes_missed: missed,
        alert_visible_max_ms: Number(visible.percentile(100).toFixed(1)),
        alert_raised_p50_ms: Number(raised.percentile(50).toFixed(1)),
        alert_raised_p99_ms: Number(raised.percentile(99).toFixed(1)),
        monitoring_lag_rows_at_end: monitoring.lag_rows,
        node_cpu_s: Number(cpu.toFixed(1)),
        wallets,
      };
    } finally {
      client.close();
      await node.kill('SIGTERM');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
