import type { WalletLimits } from '../config/index.ts';
import { TongbaoError } from '../errors/index.ts';
import { formatAmount } from '../money/index.ts';
import { AccountKind, AccountStatus } from './accounts.ts';
import type { OpenWalletCommand } from './commands.ts';
import { SUB_WALLETS_MAX, type SubWalletRecord } from './payments-state.ts';
import { checkCanHold, checkPaymentLimits, walletNum } from './resolve.ts';
import type { LedgerState } from './state.ts';

/**
 * Parent and sub-wallets. A sub-wallet has its own limits (each at most the parent's) and the family
 * (the parent and its sub-wallets) is held to the parent category's limits as a whole: its total
 * balance to the balance cap, and what leaves the family to the single, daily and annual limits.
 * Moving money inside a family (pooling, distributing) counts against neither. The parent's own usage
 * counters carry the family's: a sub-wallet's payment out of the family is counted on both (see
 * LedgerState.countUsage), so the family check is one limit check on the parent.
 */
export const SUB_LABEL_MAX_LENGTH = 64;

export const subWalletKey = (num: number) => `sub/${num}`;

/** Validates a sub-wallet opening against its parent; returns the parent's number. */
export function checkSubWallet(state: LedgerState, cmd: OpenWalletCommand, kind: number): number {
  const sub = cmd.sub_wallet!;
  const parent = walletNum(state, sub.parent, 'parent');
  const a = state.accounts;
  if (a.family[parent] !== 0 && a.family[parent] !== parent)
    throw new TongbaoError('sub_wallet_invalid', 'a sub-wallet cannot have sub-wallets of its own', 'parent');
  if (a.status[parent] === AccountStatus.closed) throw new TongbaoError('wallet_closed', undefined, 'parent');
  if (
    a.kind[parent] !== kind ||
    a.category[parent] !== cmd.category ||
    state.config.currencies[a.currency[parent]!]!.code !== cmd.currency
  )
    throw new TongbaoError(
      'sub_wallet_invalid',
      "a sub-wallet has its parent's kind, category and currency",
      'kind',
    );
  if (state.operators[a.operator[parent]!]!.id !== cmd.operator_id)
    throw new TongbaoError(
      'sub_wallet_invalid',
      "a sub-wallet belongs to its parent's operator",
      'operator_id',
    );
  if ((state.payments.children.get(parent)?.length ?? 0) >= SUB_WALLETS_MAX)
    throw new TongbaoError(
      'sub_wallet_invalid',
      `a wallet has at most ${SUB_WALLETS_MAX} sub-wallets`,
      'parent',
    );
  if (sub.label !== null && sub.label.length > SUB_LABEL_MAX_LENGTH)
    throw new TongbaoError(
      'sub_wallet_invalid',
      `label is at most ${SUB_LABEL_MAX_LENGTH} characters`,
      'label',
    );
  const own = state.limitsOf(parent);
  for (const key of ['balance_cap', 'single_payment', 'daily_total', 'annual_total'] as const) {
    const v = sub.limits[key];
    if (v !== null && !(Number.isSafeInteger(v) && v > 0 && v <= own[key]))
      throw new TongbaoError(
        'sub_wallet_limit_invalid',
        `limits.${key} must be above zero and at most the parent's`,
        `limits/${key}`,
      );
  }
  return parent;
}

/** Joins an opened account to its parent's family (opening and restore). */
export function joinFamily(state: LedgerState, record: SubWalletRecord): void {
  const a = state.accounts;
  a.family[record.num] = record.parent;
  a.family[record.parent] = record.parent;
  state.payments.subWallets.set(record.num, record);
  const list = state.payments.children.get(record.parent);
  if (list === undefined) state.payments.children.set(record.parent, [record.num]);
  else list.push(record.num);
  refreshSubLimits(state, record.parent);
}

/** A sub-wallet's effective limits: its own where given, else its parent's (recomputed on category changes). */
export function refreshSubLimits(state: LedgerState, parent: number): void {
  const base = state.limitsFor(state.accounts.kind[parent]!, state.accounts.category[parent]!);
  for (const child of state.payments.children.get(parent) ?? []) {
    const own = state.payments.subWallets.get(child)!.limits;
    const limits: WalletLimits = {
      balance_cap: Math.min(own.balance_cap ?? Number.POSITIVE_INFINITY, base.balance_cap),
      single_payment: Math.min(own.single_payment ?? Number.POSITIVE_INFINITY, base.single_payment),
      daily_total: Math.min(own.daily_total ?? Number.POSITIVE_INFINITY, base.daily_total),
      annual_total: Math.min(own.annual_total ?? Number.POSITIVE_INFINITY, base.annual_total),
    };
    state.payments.subLimits.set(child, limits);
  }
}

/** The parent and its sub-wallets. */
export function familyOf(state: LedgerState, root: number): number[] {
  return [root, ...(state.payments.children.get(root) ?? [])];
}

/** What a family holds (balances plus incoming holds), the figure the parent's balance cap bounds. */
export function familyHolding(state: LedgerState, root: number): number {
  const a = state.accounts;
  let total = 0;
  for (const num of familyOf(state, root)) total += a.balance[num]! + a.pending_in[num]!;
  return total;
}

/** Limits on a payment from `from` to `to`: the payer's own, and its family's when it leaves the family. */
export function checkOutflow(state: LedgerState, from: number, to: number, amount: number, ts: number): void {
  const root = state.accounts.family[from]!;
  if (root === 0) {
    checkPaymentLimits(state, from, amount, ts);
    return;
  }
  if (root === state.accounts.family[to]) return;
  checkPaymentLimits(state, from, amount, ts);
  if (root !== from) checkPaymentLimits(state, root, amount, ts);
}

/** Caps on money coming into `to` from `from`: its own, and its family's when it comes from outside. */
export function checkInflow(
  state: LedgerState,
  from: number,
  to: number,
  amount: number,
  field: string,
): void {
  checkCanHold(state, to, amount, field);
  const root = state.accounts.family[to]!;
  if (root === 0 || root === state.accounts.family[from]) return;
  const cap = state.limitsOf(root).balance_cap;
  const after = familyHolding(state, root) + amount;
  if (after > cap) {
    const units = state.minorUnits[state.accounts.currency[to]!]!;
    throw new TongbaoError(
      'family_cap_exceeded',
      `the wallet's family may hold at most ${formatAmount(cap, units)} together`,
      field,
      { limit: formatAmount(cap, units), remaining: formatAmount(Math.max(0, cap - after + amount), units) },
    );
  }
}

/** Refuses a parent's category change that its family's holdings or its sub-wallets' limits would break. */
export function checkFamilyCategory(state: LedgerState, parent: number, category: number): void {
  const cap = state.limitsFor(AccountKind.personal, category).balance_cap;
  if (familyHolding(state, parent) > cap)
    throw new TongbaoError(
      'category_balance_exceeds_cap',
      `the family holds more than the cap of category ${category}`,
      'category',
    );
}
