import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (not a downloaded browser), with the flags this machine needs (docs/console.md). */
export const CHROMIUM = process.env.TONGBAO_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = fileURLToPath(new URL('../../../artifacts/screenshots/', import.meta.url));
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Launches Chromium with a fresh profile (playwright-core makes a temporary user data dir). */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface Prefs {
  readonly lang: 'zh-CN' | 'en';
  readonly elder: boolean;
}

/** A browser context with the console's remembered preferences set before any page loads. */
export async function contextWith(
  browser: Browser,
  prefs: Prefs,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: prefs.lang, acceptDownloads: true });
  // Runs in the page before its scripts: the first visit starts with these preferences, later ones keep theirs.
  await context.addInitScript({
    content: `if (localStorage.getItem('tongbao.lang') === null) localStorage.setItem('tongbao.lang', ${JSON.stringify(prefs.lang)});
if (localStorage.getItem('tongbao.elder') === null) localStorage.setItem('tongbao.elder', ${JSON.stringify(prefs.elder ? 'on' : 'off')});`,
  });
  return context;
}

/** Signs in through the console's own sign-in page with an API key, and waits for the role's home. */
export async function signIn(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page.locator('input[name="credential"]').fill(key);
  await page.locator('button[type="submit"]').click();
  await page.locator('header.top').waitFor();
}

/** Serious or critical accessibility violations on the page as it is (axe-core, WCAG 2.x A/AA). */
export async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 5)
          .join(' | ')}`,
    );
}

/** Writes a full-page screenshot to artifacts/screenshots/NAME.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
