import { AccountKind } from './accounts.ts';
import type { LedgerState } from './state.ts';

/**
 * The payments objects agree with the balances the journal produced: a device's reserve is what was
 * loaded less what was unloaded and paid to payees, a condition's account is its amount less what was
 * released and returned (zero once settled), every offline and conditional account belongs to exactly
 * one object, sub-wallet families are marked as recorded, and the open objects per wallet (which keep
 * it from closing) are counted right. Returns the violations found.
 */
export function checkPaymentObjects(state: LedgerState): string[] {
  const a = state.accounts;
  const p = state.payments;
  const problems: string[] = [];
  const owned = new Set<number>();
  const open = new Map<number, number>();
  const count = (num: number) => open.set(num, (open.get(num) ?? 0) + 1);
  for (const d of p.devices.values()) {
    owned.add(d.num);
    const expected = d.loaded - d.unloaded - d.settled;
    if (a.kind[d.num] !== AccountKind.offline)
      problems.push(`device ${d.id}: account ${d.num} is not an offline reserve`);
    if (a.owner[d.num] !== d.wallet)
      problems.push(`device ${d.id}: reserve ${d.num} is owned by ${a.owner[d.num]}, not ${d.wallet}`);
    if (a.balance[d.num] !== expected)
      problems.push(`device ${d.id}: reserve ${a.balance[d.num]} != loaded-unloaded-settled ${expected}`);
    if (d.status !== 'retired') count(d.wallet);
  }
  for (const c of p.conditions.values()) {
    owned.add(c.num);
    const left = c.amount - c.released - c.returned;
    if (a.kind[c.num] !== AccountKind.conditional)
      problems.push(`condition ${c.id}: account ${c.num} is not conditional`);
    if (a.owner[c.num] !== c.from)
      problems.push(`condition ${c.id}: account ${c.num} is owned by ${a.owner[c.num]}, not ${c.from}`);
    if (left < 0) problems.push(`condition ${c.id}: released and returned more than its amount`);
    if (a.balance[c.num] !== left)
      problems.push(`condition ${c.id}: account holds ${a.balance[c.num]}, expected ${left}`);
    if (c.status !== 'open' && left !== 0)
      problems.push(`condition ${c.id} is ${c.status} but still holds ${left}`);
    if (c.status === 'open') {
      count(c.from);
      count(c.to);
    }
  }
  for (const s of p.schedules.values()) if (s.status === 'active') count(s.from);
  for (let num = 1; num <= a.count; num += 1) {
    const kind = a.kind[num];
    if ((kind === AccountKind.offline || kind === AccountKind.conditional) && !owned.has(num))
      problems.push(
        `account ${num} (${kind === AccountKind.offline ? 'offline' : 'conditional'}) belongs to no device or condition`,
      );
    else if (!owned.has(num) && a.owner[num] !== 0)
      problems.push(`account ${num} names owner ${a.owner[num]} but is no reserve or conditional account`);
  }
  for (const [num, n] of open)
    if (p.openByWallet.get(num) !== n)
      problems.push(
        `wallet ${num}: ${p.openByWallet.get(num) ?? 0} open payments objects counted, ${n} found`,
      );
  for (const num of p.openByWallet.keys())
    if (!open.has(num)) problems.push(`wallet ${num}: open payments objects counted, none found`);
  for (const sub of p.subWallets.values()) {
    if (a.family[sub.num] !== sub.parent || a.family[sub.parent] !== sub.parent)
      problems.push(`sub-wallet ${sub.num}: family marks differ from its record (parent ${sub.parent})`);
  }
  return problems;
}
