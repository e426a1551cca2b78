import type { Lang } from '../i18n/index.ts';

/**
 * Amounts arrive as exact decimal strings ("12345.60") and are shown with digit grouping, never
 * through floating point: the string's digits are regrouped as they are.
 */
export function money(amount: string | null | undefined, currency = 'CNY'): string {
  if (amount === null || amount === undefined) return '—';
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = fraction.padEnd(2, '0');
  const symbol = currency === 'CNY' ? '¥' : `${currency} `;
  return `${negative ? '-' : ''}${symbol}${grouped}.${cents}`;
}

/** A figure with grouping and at most one decimal (rates, counts). */
export function figure(value: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { maximumFractionDigits: 1 }).format(value);
}

/** Yuan from fen for charts (display only; exact amounts stay strings). */
export function yuan(fen: number): number {
  return fen / 100;
}

/** A time in the node's zone (Asia/Shanghai), as people there read it. */
export function time(iso: string, lang: Lang, withDate = true): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(lang, {
    timeZone: 'Asia/Shanghai',
    ...(withDate ? { year: 'numeric', month: '2-digit', day: '2-digit' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(d);
}

/** "0010000000000040" as "001 0000 0000 0004 0": easier to read aloud and compare. */
export function walletId(id: string): string {
  return id.length === 16
    ? `${id.slice(0, 3)} ${id.slice(3, 7)} ${id.slice(7, 11)} ${id.slice(11, 15)} ${id.slice(15)}`
    : id;
}

/** An amount typed by a person: digits with at most two decimals; null when it is not one. */
export function parseAmountInput(text: string): string | null {
  const t = text
    .trim()
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '');
  if (!/^\d{1,13}(\.\d{1,2})?$/.test(t)) return null;
  if (/^0+(\.0+)?$/.test(t)) return null;
  const [w = '0', f = ''] = t.split('.');
  return `${String(BigInt(w))}.${f.padEnd(2, '0')}`;
}

/** Compares two decimal amounts exactly (a < b: negative). */
export function compareAmounts(a: string, b: string): number {
  const fen = (s: string) => {
    const [w = '0', f = ''] = s.split('.');
    return BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  };
  const d = fen(a) - fen(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** a - b for decimal amounts, exactly. */
export function subtractAmounts(a: string, b: string): string {
  const fen = (s: string) => {
    const [w = '0', f = ''] = s.split('.');
    return BigInt(w) * 100n + BigInt(f.padEnd(2, '0').slice(0, 2));
  };
  const d = fen(a) - fen(b);
  const abs = d < 0n ? -d : d;
  return `${d < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
