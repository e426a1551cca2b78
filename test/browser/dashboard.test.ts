import { request } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contextWith, launch, signIn } from './support/browser.ts';
import { type ConsoleNode, type Json, startConsoleNode, until } from './support/console-node.ts';

/** Updates the node may push in a second (src/stats: one every 500 ms), with slack for timer jitter. */
const UPDATES_PER_S_MAX = 2.5;
const BATCH_MAX = 8_190;

/**
 * Counts the `stats` events a stream sends over a while (a second client beside the browser). A plain
 * node:http request without an agent: fetch would leave a spare connection open that delays the node's
 * shutdown by its headers timeout.
 */
function countEvents(url: string, key: string, ms: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/live/stats`,
      { agent: false, headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream' } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        setTimeout(() => {
          req.destroy();
          resolve(text.split('event: stats\n').length - 1);
        }, ms);
      },
    );
    req.on('error', (e) => {
      if (!req.destroyed) reject(e);
    });
    req.end();
  });
}

describe('supervisor dashboard in a real browser', () => {
  let n: ConsoleNode;
  let browser: Browser;
  let payers: string[] = [];

  beforeAll(async () => {
    [n, browser] = await Promise.all([startConsoleNode(12), launch()]);
    payers = n.wallets.people.filter((_, i) => i % 3 !== 2);
  });
  afterAll(async () => {
    await browser?.close();
    await n?.stop();
  });

  /** Sends payments in batches (operator key, its own wallets) for `ms`; returns how many committed. */
  async function drive(ms: number, batch: number, pauseMs: number, tag: string): Promise<number> {
    let sent = 0;
    const end = Date.now() + ms;
    for (let b = 0; Date.now() < end; b += 1) {
      const transfers = Array.from({ length: batch }, (_, i) => ({
        id: `${tag}-${b}-${i}`,
        from: payers[i % payers.length]!,
        to: payers[(i + 1) % payers.length]!,
        amount: '0.10',
      }));
      const r = await n.ok(n.keys.operator, 'POST', '/v1/transfers/batch', { transfers });
      sent += (r.results as Json[]).filter((x) => x.status === 'posted').length;
      if (pauseMs > 0) await new Promise((res) => setTimeout(res, pauseMs));
    }
    return sent;
  }

  test('updates live while payments flow, at most a few times a second, without growing the page', async () => {
    const context = await contextWith(browser, { lang: 'zh-CN', elder: false });
    const page = await context.newPage();
    await signIn(page, n.url, n.keys.supervisor);
    await page.waitForURL(/\/dashboard$/);
    await expect.poll(() => page.getByTestId('live-state').textContent()).toContain('实时');
    expect(await page.getByTestId('payments-per-s').textContent()).toBe('0');
    const seq0 = Number((await n.ok(n.keys.auditor, 'GET', '/v1/live/stats')).committed_seq);

    // A light stream: the figures and the chart follow without a reload.
    const light = await drive(4_000, 200, 100, 'light');
    expect(light).toBeGreaterThan(1_000);
    const rate = await until(async () => {
      const v = Number((await page.getByTestId('payments-per-s').textContent())?.replace(/,/g, ''));
      return v > 100 ? v : undefined;
    });
    expect(rate).toBeLessThan(light);
    expect(await page.getByTestId('value-per-s').textContent()).toMatch(/^¥\d/);
    const seqShown = await page.getByTestId('live-state').textContent();
    expect(Number(/（账本序号 (\d+)）/.exec(seqShown ?? '')?.[1])).toBeGreaterThan(seq0);
    const nodesBefore = Number(await page.evaluate('document.getElementsByTagName("*").length'));

    // Full speed: batches of 8,190 back to back, while a second client counts the updates it is sent.
    const [heavy, events] = await Promise.all([
      drive(6_000, BATCH_MAX, 0, 'heavy'),
      countEvents(n.url, n.keys.auditor, 6_000),
    ]);
    expect(heavy).toBeGreaterThan(BATCH_MAX);
    expect(events).toBeGreaterThanOrEqual(6);
    expect(events / 6).toBeLessThanOrEqual(UPDATES_PER_S_MAX);
    expect(await page.getByTestId('live-state').textContent()).toContain('实时');
    const peak = await until(async () => {
      const v = Number((await page.getByTestId('payments-per-s').textContent())?.replace(/,/g, ''));
      return v > 1_000 ? v : undefined;
    });
    expect(peak).toBeGreaterThan(1_000);
    // The page replaces its figures: the same elements, whatever the traffic.
    expect(Number(await page.evaluate('document.getElementsByTagName("*").length'))).toBe(nodesBefore);
    expect(await page.getByTestId('books-tile').textContent()).toContain('平衡');
    await context.close();
  }, 120_000);

  test('a red mark the moment the books do not balance', async () => {
    const context = await contextWith(browser, { lang: 'en', elder: false });
    const page = await context.newPage();
    await signIn(page, n.url, n.keys.supervisor);
    const real = await n.ok(n.keys.supervisor, 'GET', '/v1/live/stats');
    const books = real.books as { operators: Json[]; balanced: boolean };
    const broken = {
      ...real,
      books: {
        ...books,
        balanced: false,
        operators: books.operators.map((o, i) => (i === 0 ? { ...o, balanced: false } : o)),
      },
    };
    // The stream is answered with one update whose books do not balance (as the node would send it).
    await page.route('**/v1/live/stats', (route) =>
      route.fulfill({
        status: 200,
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
        body: `retry: 600000\n\nevent: stats\ndata: ${JSON.stringify(broken)}\n\n`,
      }),
    );
    await page.goto(`${n.url}/dashboard`);
    const alarm = page.getByTestId('books-alarm');
    await alarm.waitFor();
    expect(await alarm.getAttribute('role')).toBe('alert');
    expect(await alarm.textContent()).toContain('The books do not balance!');
    expect(await page.getByTestId('books-tile').textContent()).toContain('✗ Not balanced');
    expect(await page.getByTestId('books-icbc').textContent()).toContain('✗ Not balanced');
    expect(await page.getByTestId('books-boc').textContent()).toContain('✓ Balanced');
    const border = await page.evaluate(
      `getComputedStyle(document.querySelector('[data-testid="books-tile"]')).borderTopColor`,
    );
    expect(border).toBe('rgb(179, 38, 30)');
    await context.close();
  }, 60_000);
});
