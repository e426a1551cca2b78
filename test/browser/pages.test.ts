import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  axeProblems,
  contextWith,
  DESKTOP,
  launch,
  PHONE,
  type Prefs,
  screenshot,
  signIn,
} from './support/browser.ts';
import { type ConsoleNode, injectFanIn, type Json, startConsoleNode, until } from './support/console-node.ts';

type Who = 'nobody' | 'supervisor' | 'central_bank' | 'operator' | 'holder';

interface Shot {
  readonly name: string;
  readonly who: Who;
  /** Opens the page and waits until it shows its data. */
  readonly open: (page: Page) => Promise<void>;
}

const COMBOS: readonly Prefs[] = [
  { lang: 'zh-CN', elder: false },
  { lang: 'zh-CN', elder: true },
  { lang: 'en', elder: false },
  { lang: 'en', elder: true },
];

describe('every page, in both languages and both modes, on a desktop and a phone', () => {
  let n: ConsoleNode;
  let browser: Browser;
  let alertId = '';
  let caseId = '';
  let payload = '';
  let running = true;
  let stream: Promise<void> = Promise.resolve();

  const go = (path: string, ready: string) => async (page: Page) => {
    await page.goto(`${n.url}${path}`);
    await page.locator(ready).first().waitFor();
  };
  const shots = (): Shot[] => [
    { name: 'sign-in', who: 'nobody', open: go('/sign-in', 'input[name="credential"]') },
    {
      name: 'dashboard',
      who: 'supervisor',
      open: async (page) => {
        await go('/dashboard', '[data-testid="rates-chart"] canvas')(page);
        await until(async () =>
          (await page.getByTestId('open-alerts').textContent()) !== '0' ? true : undefined,
        );
      },
    },
    { name: 'alert-queue', who: 'supervisor', open: go('/cases', '[data-testid="alert-queue"]') },
    {
      name: 'alert',
      who: 'supervisor',
      open: go(`/alerts/${alertId}`, '[data-testid="graph-canvas"] canvas'),
    },
    { name: 'case-list', who: 'supervisor', open: go('/cases?tab=cases', '[data-testid="case-list"]') },
    { name: 'case', who: 'supervisor', open: go(`/cases/${caseId}`, '[data-testid="graph-canvas"] canvas') },
    { name: 'central-bank', who: 'central_bank', open: go('/operator', '[data-testid="treasury"]') },
    {
      name: 'operator',
      who: 'operator',
      open: async (page) => {
        await go('/operator', '[data-testid="wallet-search"]')(page);
        await page.getByTestId('wallet-search').locator('button[type="submit"]').click();
        await page.getByTestId('wallet-results').waitFor();
      },
    },
    {
      name: 'operator-wallet',
      who: 'operator',
      open: go(`/operator/wallets/${n.wallets.alice}`, '[data-testid="freeze"]'),
    },
    { name: 'wallet', who: 'holder', open: go('/wallet', '[data-testid="limits"]') },
    { name: 'pay', who: 'holder', open: go('/wallet/pay', '[data-testid="payee"]') },
    {
      name: 'pay-confirm',
      who: 'holder',
      open: async (page) => {
        await go('/wallet/pay', '[data-testid="payee"]')(page);
        await page.getByTestId('payee').fill(payload);
        await page.getByTestId('amount').fill('25.50');
        await page.getByTestId('pay-next').click();
        await page.getByTestId('confirm').waitFor();
      },
    },
    { name: 'receive', who: 'holder', open: go('/wallet/receive', '[data-testid="receive-code"] img') },
    { name: 'history', who: 'holder', open: go('/wallet/history', '.transfers') },
    { name: 'settings', who: 'holder', open: go('/settings', '[data-testid="elder-switch"]') },
  ];

  beforeAll(async () => {
    [n, browser] = await Promise.all([startConsoleNode(), launch()]);
    const { collector } = await injectFanIn(n, 'fan');
    alertId = await until(async () => {
      const page = await n.ok(n.keys.supervisor, 'GET', `/v1/supervision/alerts?wallet=${collector}`);
      return ((page.items as Json[])[0]?.id as string | undefined) ?? undefined;
    });
    caseId = (
      await n.ok(n.keys.supervisor, 'POST', '/v1/supervision/cases', {
        title: 'Fan-in into one wallet / 多个钱包汇入同一钱包',
        priority: 'high',
        alert_ids: [alertId],
      })
    ).id as string;
    await n.ok(n.keys.supervisor, 'POST', `/v1/supervision/cases/${caseId}/comments`, {
      text: 'nine payers within minutes',
    });
    payload = (await n.ok(n.keys.merchant, 'POST', `/v1/wallets/${n.wallets.shop}/qr`, {})).payload as string;
    await n.ok(n.keys.holder, 'POST', '/v1/transfers', {
      id: 'h-1',
      from: n.wallets.alice,
      to: n.wallets.shop,
      amount: '32.00',
      memo: '午饭',
    });
    await n.ok(n.keys.holder, 'POST', '/v1/transfers', {
      id: 'h-2',
      from: n.wallets.alice,
      to: n.wallets.people[0],
      amount: '200.00',
    });
    // A light stream of payments while the pages are shot, so the dashboard has something to show.
    const icbc = n.wallets.people.filter((_, i) => i % 3 !== 2);
    stream = (async () => {
      for (let b = 0; running; b += 1) {
        const transfers = Array.from({ length: 40 }, (_, i) => ({
          id: `bg-${b}-${i}`,
          from: icbc[(b + i) % icbc.length]!,
          to: icbc[(b + i + 1) % icbc.length]!,
          amount: `${(1 + ((b * 7 + i) % 30)).toFixed(2)}`,
        }));
        await n.ok(n.keys.operator, 'POST', '/v1/transfers/batch', { transfers });
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
  }, 120_000);

  afterAll(async () => {
    running = false;
    await stream.catch(() => undefined);
    await browser?.close();
    await n?.stop();
  });

  async function contexts(prefs: Prefs, viewport: { width: number; height: number }) {
    const out = new Map<Who, { context: BrowserContext; page: Page }>();
    for (const who of ['nobody', 'supervisor', 'central_bank', 'operator', 'holder'] as const) {
      const context = await contextWith(browser, prefs, viewport);
      const page = await context.newPage();
      if (who !== 'nobody') await signIn(page, n.url, n.keys[who]);
      out.set(who, { context, page });
    }
    return out;
  }

  for (const prefs of COMBOS) {
    const mode = `${prefs.lang}-${prefs.elder ? 'elder' : 'standard'}`;
    // axe runs on every page in both modes; the English pages have the same markup and colours.
    const axe = prefs.lang === 'zh-CN';
    test(`desktop ${mode}: every page renders${axe ? ', passes axe (no serious or critical)' : ''}, is shot`, async () => {
      const open = await contexts(prefs, DESKTOP);
      const problems: string[] = [];
      try {
        for (const s of shots()) {
          const { page } = open.get(s.who)!;
          await s.open(page);
          expect(await page.evaluate('document.documentElement.lang')).toBe(prefs.lang);
          expect(await page.evaluate("document.documentElement.classList.contains('elder')")).toBe(
            prefs.elder,
          );
          await screenshot(page, `${s.name}-${mode}-desktop`);
          if (axe) for (const p of await axeProblems(page)) problems.push(`${s.name}: ${p}`);
        }
      } finally {
        for (const { context } of open.values()) await context.close();
      }
      expect(problems).toEqual([]);
    }, 240_000);
  }

  for (const prefs of COMBOS.filter((c) => c.lang === 'zh-CN')) {
    const mode = `${prefs.lang}-${prefs.elder ? 'elder' : 'standard'}`;
    test(`phone ${mode}: every page fits 390 px without sideways scrolling, and is shot`, async () => {
      const open = await contexts(prefs, PHONE);
      const wide: string[] = [];
      try {
        for (const s of shots()) {
          const { page } = open.get(s.who)!;
          await s.open(page);
          const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
          if (width > PHONE.width) wide.push(`${s.name}: ${width}px`);
          await screenshot(page, `${s.name}-${mode}-phone`);
        }
      } finally {
        for (const { context } of open.values()) await context.close();
      }
      expect(wide).toEqual([]);
    }, 240_000);
  }
});
