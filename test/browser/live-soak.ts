/**
 * Measures the live dashboard while the node takes a steady payment load (not a test: a measurement
 * whose figures docs/console.md reports). Starts a real node and Debian's Chromium, signs a supervisor
 * in, drives RATE transfers/s for SECONDS, and prints what the page received and what it cost.
 *
 *   npx tsx test/browser/live-soak.ts [rate=20000] [seconds=60]
 */
import { contextWith, launch, signIn } from './support/browser.ts';
import { type Json, startConsoleNode } from './support/console-node.ts';

const RATE = Number(process.argv[2] ?? 20_000);
const SECONDS = Number(process.argv[3] ?? 60);
const TICK_MS = 100;

/** Counts the stats events the page's EventSource receives (wrapped before the console's scripts run). */
const COUNT_EVENTS = `(() => {
  const Original = window.EventSource;
  window.__stats = { events: 0, first: 0, last: 0 };
  window.EventSource = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener('stats', () => { const s = window.__stats; s.events += 1; s.last = performance.now(); if (s.first === 0) s.first = s.last; });
    }
  };
})();`;

const n = await startConsoleNode(30);
const browser = await launch();
try {
  const payers = n.wallets.people.filter((_, i) => i % 3 !== 2);
  const context = await contextWith(browser, { lang: 'zh-CN', elder: false });
  await context.addInitScript({ content: COUNT_EVENTS });
  const page = await context.newPage();
  await signIn(page, n.url, n.keys.supervisor);
  await page.waitForURL(/\/dashboard$/);
  await page.getByTestId('payments-per-s').waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { heap_mb: get('JSHeapUsedSize') / 2 ** 20, nodes: get('Nodes') };
  };
  await cdp.send('HeapProfiler.collectGarbage');
  const before = await heap();
  const perTick = Math.round((RATE * TICK_MS) / 1000);
  let committed = 0;
  const samples: number[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    void page
      .getByTestId('payments-per-s')
      .textContent()
      .then((t) => samples.push(Number((t ?? '0').replace(/,/g, ''))));
  }, 1000);
  for (let tick = 0; Date.now() < started + SECONDS * 1000; tick += 1) {
    const due = started + tick * TICK_MS;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const transfers = Array.from({ length: perTick }, (_, i) => ({
      id: `soak-${tick}-${i}`,
      from: payers[i % payers.length]!,
      to: payers[(i + 7) % payers.length]!,
      amount: '0.01',
    }));
    const r = await n.ok(n.keys.operator, 'POST', '/v1/transfers/batch', { transfers });
    committed += (r.results as Json[]).filter((x) => x.status === 'posted').length;
  }
  const elapsed = (Date.now() - started) / 1000;
  clearInterval(sampler);
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await heap();
  const events = (await page.evaluate('window.__stats')) as { events: number; first: number; last: number };
  const state = await page.getByTestId('live-state').textContent();
  const steady = samples.slice(5);
  console.log(
    JSON.stringify(
      {
        target_transfers_per_s: RATE,
        achieved_transfers_per_s: Math.round(committed / elapsed),
        seconds: Math.round(elapsed),
        page_updates_received: events.events,
        page_updates_per_s: Number((events.events / ((events.last - events.first) / 1000)).toFixed(2)),
        shown_payments_per_s_median: steady.sort((a, b) => a - b)[Math.floor(steady.length / 2)] ?? 0,
        page_heap_mb_before: Number(before.heap_mb.toFixed(1)),
        page_heap_mb_after: Number(after.heap_mb.toFixed(1)),
        dom_nodes_before: before.nodes,
        dom_nodes_after: after.nodes,
        still_live: state?.includes('实时') ?? false,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await n.stop();
}
