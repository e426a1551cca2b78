import type { NodeConfig } from '../config/index.ts';
import type { Reconciliation } from '../ledger/index.ts';
import { formatAmount } from '../money/index.ts';

/** The books as lines a person reads: one per operator and currency, one per central bank currency. */
export function booksLines(books: Reconciliation, config: NodeConfig): string[] {
  const units = (code: string) => config.currencies.find((c) => c.code === code)?.minor_units ?? 2;
  const lines: string[] = [];
  for (const o of books.operators) {
    const f = (v: number) => formatAmount(v, units(o.currency));
    const mark = o.balanced ? 'ok  ' : 'FAIL';
    lines.push(
      `${mark} ${o.operator_id} ${o.currency}: issued - redeemed ${f(o.issued - o.redeemed)} = vault ${f(o.vault)} + wallets ${f(o.wallets)} + offline ${f(o.offline)} + conditional ${f(o.conditional)}`,
    );
  }
  for (const c of books.central_bank) {
    const f = (v: number) => formatAmount(v, units(c.currency));
    const mark = c.balanced ? 'ok  ' : 'FAIL';
    lines.push(
      `${mark} central bank ${c.currency}: outstanding ${f(c.outstanding)} = operators ${f(c.operators_total)}`,
    );
  }
  return lines;
}
