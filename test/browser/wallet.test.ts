import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { axeProblems, contextWith, launch, PHONE, signIn } from './support/browser.ts';
import { type ConsoleNode, startConsoleNode } from './support/console-node.ts';

/** Sizes elder mode promises (issue 4): 18 pt body, 30 pt key figures, 60 px targets, 1.3 line spacing. */
const BODY_PX_MIN = 24;
const KEY_FIGURE_PX_MIN = 40;
const TARGET_PX_MIN = 60;
const LINE_SPACING_MIN = 1.3;

/** Measures the rendered page: font sizes, every visible control's box, every text's line spacing. */
const MEASURE = `(() => {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const px = (el, p) => parseFloat(getComputedStyle(el)[p]);
  const controls = [...document.querySelectorAll('button, a[href], input, select, textarea, summary, [role="switch"]')]
    .filter(visible)
    .map((el) => { const r = el.getBoundingClientRect(); return { what: (el.textContent || el.getAttribute('aria-label') || el.tagName).trim().slice(0, 40), w: r.width, h: r.height }; });
  const texts = [...document.querySelectorAll('main *, header *')]
    .filter((el) => visible(el) && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== ''))
    .map((el) => ({ what: el.textContent.trim().slice(0, 40), font: px(el, 'fontSize'), line: getComputedStyle(el).lineHeight }));
  return {
    body: px(document.body, 'fontSize'),
    balance: px(document.querySelector('[data-testid="balance"]'), 'fontSize'),
    controls,
    texts,
    dialogs: document.querySelectorAll('dialog[open], [role="dialog"], [role="alertdialog"]').length,
  };
})()`;

interface Measured {
  body: number;
  balance: number;
  controls: { what: string; w: number; h: number }[];
  texts: { what: string; font: number; line: string }[];
  dialogs: number;
}

describe('reference wallet in a real browser', () => {
  let n: ConsoleNode;
  let browser: Browser;
  let payload = '';

  beforeAll(async () => {
    [n, browser] = await Promise.all([startConsoleNode(4), launch()]);
    payload = (await n.ok(n.keys.merchant, 'POST', `/v1/wallets/${n.wallets.shop}/qr`, {})).payload as string;
  });
  afterAll(async () => {
    await browser?.close();
    await n?.stop();
  });

  async function payOnce(page: Page, to: string, amount: string): Promise<void> {
    await page.getByTestId('payee').fill(to);
    await page.getByTestId('amount').fill(amount);
    await page.getByTestId('pay-next').click();
    await page.getByTestId('confirm').waitFor();
    await page.getByTestId('confirm-pay').click();
    await page.locator('[data-testid="pay-result"], [data-testid="pay-refused"]').waitFor();
  }

  test('a holder pays a merchant by its code and is refused over the daily limit, in plain words', async () => {
    const context = await contextWith(browser, { lang: 'zh-CN', elder: false });
    const page = await context.newPage();
    await signIn(page, n.url, n.keys.holder);
    await page.waitForURL(/\/wallet$/);
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe('¥6,000.00');
    // A holder's console has the wallet and settings only, and shows only the wallet its key holds.
    expect(await page.locator('nav ul.nav a').allTextContents()).toEqual(['我的钱包', '设置']);
    await page.goto(`${n.url}/wallet?w=${n.wallets.people[0]}`);
    await expect.poll(() => page.getByTestId('balance').textContent()).toBe('¥6,000.00');
    expect(await page.getByTestId('limits').textContent()).toContain('¥5,000.00');

    await page.getByTestId('go-pay').click();
    await page.getByTestId('payee').fill(payload);
    await page.getByTestId('amount').fill('1800');
    await page.getByTestId('pay-next').click();
    const confirm = await page.getByTestId('confirm').textContent();
    expect(confirm).toContain('幸运面馆');
    expect(confirm).toContain('¥1,800.00');
    // Nothing moved before the confirmation.
    expect((await n.ok(n.keys.holder, 'GET', `/v1/wallets/${n.wallets.alice}`)).balance).toBe('6000.00');
    await page.getByTestId('confirm-pay').click();
    expect(await page.getByTestId('pay-result').textContent()).toContain('¥4,200.00');

    await page.getByRole('button', { name: '再付一笔' }).click();
    await payOnce(page, payload, '1800.00');
    expect(await page.getByTestId('pay-result').textContent()).toContain('¥2,400.00');

    await page.getByRole('button', { name: '再付一笔' }).click();
    await payOnce(page, payload, '1800');
    expect(await page.getByTestId('pay-refused').textContent()).toBe(
      '⚠ 付款没有成功：超过了每日限额。您的每日限额是 ¥5,000.00，今天还可以付 ¥1,400.00。',
    );
    // The same refusal in English.
    await page.getByTestId('language-switch').click();
    await page.getByRole('button', { name: 'Go back and change' }).click();
    await page.getByTestId('pay-next').click();
    await page.getByTestId('confirm-pay').click();
    expect(await page.getByTestId('pay-refused').textContent()).toBe(
      '⚠ The payment did not go through: it is over your daily limit. Your daily limit is ¥5,000.00, and you can still pay ¥1,400.00 today.',
    );
    expect((await n.ok(n.keys.merchant, 'GET', `/v1/wallets/${n.wallets.shop}`)).balance).toBe('3600.00');
    await context.close();
  }, 120_000);

  test('receive shows a QR code with the wallet id and an optional amount', async () => {
    const context = await contextWith(browser, { lang: 'en', elder: false }, PHONE);
    const page = await context.newPage();
    await signIn(page, n.url, n.keys.holder);
    await page.getByTestId('go-receive').click();
    const image = page.locator('[data-testid="receive-code"] img');
    await image.waitFor();
    expect(await image.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect((await page.getByTestId('receive-wallet').textContent())?.replace(/ /g, '')).toBe(n.wallets.alice);
    await page.getByTestId('receive-amount').fill('88.8');
    await page.getByRole('button', { name: 'Make the code' }).click();
    await expect.poll(() => page.getByTestId('receive-code').textContent()).toContain('For ¥88.80');
    const shown = (await page.getByTestId('receive-payload').textContent()) ?? '';
    const parsed = await n.ok(n.keys.holder, 'POST', '/v1/qr/parse', { payload: shown });
    expect([parsed.wallet_id, parsed.amount]).toEqual([n.wallets.alice, '88.80']);
    // The phone layout does not scroll sideways.
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await context.close();
  }, 60_000);

  test('elder mode: one switch on the wallet home, remembered, sizes measured, a plain-words confirmation', async () => {
    const context = await contextWith(browser, { lang: 'zh-CN', elder: false });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await signIn(page, n.url, n.keys.holder);
    const toggle = page.getByTestId('elder-switch');
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    expect(await toggle.textContent()).toContain('长辈模式：已开启');
    await page.reload();
    await page.getByTestId('balance').waitFor();
    expect(await page.getByTestId('elder-switch').getAttribute('aria-checked')).toBe('true');

    const m = (await page.evaluate(MEASURE)) as Measured;
    expect(m.body).toBeGreaterThanOrEqual(BODY_PX_MIN);
    expect(m.balance).toBeGreaterThanOrEqual(KEY_FIGURE_PX_MIN);
    const small = m.controls.filter((c) => c.h < TARGET_PX_MIN - 0.5 || c.w < TARGET_PX_MIN - 0.5);
    expect(small).toEqual([]);
    expect(m.controls.length).toBeGreaterThan(6);
    const tight = m.texts.filter(
      (x) => x.line === 'normal' || Number.parseFloat(x.line) / x.font < LINE_SPACING_MIN - 0.001,
    );
    expect(tight).toEqual([]);
    expect(m.texts.filter((x) => x.font < BODY_PX_MIN - 0.5)).toEqual([]);
    expect(m.dialogs).toBe(0);
    // Contrast of every text against its background (axe's color-contrast, 4.5:1 for body text).
    expect(await axeProblems(page)).toEqual([]);

    // Paying in elder mode: two steps, the second a confirmation in plain words, then the money moves.
    await page.getByTestId('go-pay').click();
    await page.getByTestId('payee').fill(n.wallets.people[0]!);
    await page.getByTestId('amount').fill('10');
    await page.getByTestId('pay-next').click();
    const words = await page.getByTestId('confirm').textContent();
    expect(words).toContain(`您将从钱包 ${n.wallets.alice.slice(0, 3)}`);
    expect(words).toContain('付款后余额约为 ¥2,390.00');
    const confirmBox = await page.getByTestId('confirm-pay').boundingBox();
    expect(confirmBox?.height).toBeGreaterThanOrEqual(TARGET_PX_MIN);
    await page.getByTestId('confirm-pay').click();
    expect(await page.getByTestId('pay-result').textContent()).toContain('¥2,390.00');
    expect(dialogs).toEqual([]);

    // The same switch is in the settings, and off again there.
    await page.getByRole('link', { name: '设置' }).click();
    await page.getByTestId('elder-switch').click();
    expect(await page.evaluate("document.documentElement.classList.contains('elder')")).toBe(false);
    await context.close();
  }, 90_000);
});
