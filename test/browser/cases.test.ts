import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contextWith, launch, signIn } from './support/browser.ts';
import { type ConsoleNode, FAN_IN_PAYERS, injectFanIn, startConsoleNode } from './support/console-node.ts';

describe('case workbench in a real browser', () => {
  let n: ConsoleNode;
  let browser: Browser;

  beforeAll(async () => {
    [n, browser] = await Promise.all([startConsoleNode(), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await n?.stop();
  });

  test('an injected fan-in appears as an alert, is opened, made a case, drawn, closed and its report downloaded', async () => {
    const context = await contextWith(browser, { lang: 'zh-CN', elder: false });
    const page = await context.newPage();
    await signIn(page, n.url, n.keys.supervisor);
    await page.waitForURL(/\/dashboard$/);
    await expect.poll(() => page.getByTestId('live-state').textContent()).toContain('实时');

    const { collector, payers, side } = await injectFanIn(n, 'fan');
    // The dashboard shows the new alert by typology without a reload; it links to the filtered queue.
    const typology = page.getByTestId('typology-fan_in');
    await typology.waitFor({ timeout: 20_000 });
    expect(await typology.textContent()).toContain('多对一汇入');
    await typology.click();
    await page.waitForURL(/\/cases\?typology=fan_in$/);
    const row = page
      .getByTestId('alert-queue')
      .locator('tbody tr')
      .filter({ hasText: collector.slice(0, 3) });
    await row.first().waitFor();
    expect(await page.getByTestId('alert-queue').locator('tbody tr').count()).toBe(1);
    await row.first().locator('a').click();

    await page.getByTestId('alert-facts').waitFor();
    expect(await page.getByTestId('alert-typology').textContent()).toBe('多对一汇入');
    const canvas = page.getByTestId('graph-canvas');
    expect([await canvas.getAttribute('data-nodes'), await canvas.getAttribute('data-edges')]).toEqual([
      String(FAN_IN_PAYERS + 1),
      String(FAN_IN_PAYERS),
    ]);
    // Amounts and times are on the edges (and in the table beside the canvas).
    expect(await page.getByTestId('graph-edges').locator('tbody tr').first().textContent()).toContain(
      '¥1,800.00',
    );
    // The graph is drawn: the canvas holds non-blank pixels.
    const drawn = await page.evaluate(`(() => {
      const c = [...document.querySelectorAll('[data-testid="graph-canvas"] canvas')];
      return c.some((el) => { const d = el.getContext('2d').getImageData(0, 0, el.width, el.height).data; for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) return true; return false; });
    })()`);
    expect(drawn).toBe(true);

    // Expand the first payer's neighbours: its other payment joins the graph.
    await page.getByTestId('graph-select').selectOption(payers[0]!);
    await page.getByTestId('graph-expand').click();
    await expect.poll(() => canvas.getAttribute('data-nodes')).toBe(String(FAN_IN_PAYERS + 2));
    expect(await canvas.getAttribute('data-edges')).toBe(String(FAN_IN_PAYERS + 1));
    expect((await page.getByTestId('graph-edges').textContent())?.replace(/ /g, '')).toContain(side);

    await page.getByTestId('assign-me').click();
    await expect.poll(() => page.getByTestId('alert-assignee').textContent()).toMatch(/^[ks][0-9a-f]+$/);

    await page.getByTestId('create-case').click();
    await page.waitForURL(/\/cases\/[^/?]+$/);
    const caseId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByTestId('flow-graph').waitFor();
    await expect
      .poll(() => page.getByTestId('graph-canvas').getAttribute('data-nodes'))
      .toBe(String(FAN_IN_PAYERS + 1));

    const close = page.getByTestId('close-case');
    await close.locator('select[name="disposition"]').selectOption('reported');
    await close.locator('textarea[name="comment"]').fill('九个付款人在几分钟内汇入同一钱包，已报送。');
    await close.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('已结案：已报送可疑交易报告');
    expect(await page.getByTestId('case-history').textContent()).toContain('结案');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('download-report').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`str-${caseId}.xml`);
    const xml = readFileSync((await download.path())!, 'utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml).toContain(collector);
    expect(xml).toContain('<Transaction id="fan-9"');
    const api = await n.ok(n.keys.auditor, 'GET', `/v1/supervision/cases/${encodeURIComponent(caseId)}`);
    expect(api).toMatchObject({ status: 'closed', disposition: 'reported', alert_count: 1 });
    await context.close();
  }, 120_000);
});
