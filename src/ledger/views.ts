import { ACCOUNT_KIND_NAMES, ACCOUNT_STATUS_NAMES, AccountKind, isWalletKind } from './accounts.ts';
import { checkPaymentObjects } from './payments-views.ts';
import type { LedgerState } from './state.ts';
import { formatWalletId } from './wallet-id.ts';

/** The public id of any account: a wallet number, or a readable name for the system accounts. */
export function accountId(state: LedgerState, num: number): string {
  const a = state.accounts;
  const kind = a.kind[num]!;
  if (isWalletKind(kind)) return formatWalletId(a.operator[num]!, num);
  const currency = state.config.currencies[a.currency[num]!]!.code;
  if (kind === AccountKind.central_bank) return `central-bank:${currency}`;
  // A device is named by its reserve account's 16-digit number; a condition by its own account.
  if (kind === AccountKind.offline) return formatWalletId(a.operator[num]!, num);
  if (kind === AccountKind.conditional) return `conditional:${formatWalletId(a.operator[num]!, num)}`;
  const op = state.operators[a.operator[num]!]!;
  return `${kind === AccountKind.vault ? 'vault' : 'reserve'}:${op.id}:${currency}`;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

export interface WalletView {
  readonly num: number;
  readonly id: string;
  readonly operator_id: string;
  readonly kind: 'personal' | 'corporate' | 'merchant';
  readonly category: number | null;
  readonly currency: string;
  readonly status: (typeof ACCOUNT_STATUS_NAMES)[number];
  readonly balance: number;
  readonly available: number;
  readonly pending_out: number;
  readonly pending_in: number;
  readonly opened_ts: number;
  /** null = no limit. */
  readonly limits: {
    readonly balance_cap: number | null;
    readonly single_payment: number | null;
    readonly daily_total: number | null;
    readonly annual_total: number | null;
  };
  readonly used_today: number;
  readonly used_this_year: number;
  readonly last_seq: number;
}

export function walletView(state: LedgerState, num: number, now: number): WalletView {
  const a = state.accounts;
  const limits = state.limitsOf(num);
  return {
    num,
    id: accountId(state, num),
    operator_id: state.operators[a.operator[num]!]!.id,
    kind: ACCOUNT_KIND_NAMES[a.kind[num]!] as WalletView['kind'],
    category: a.kind[num] === AccountKind.personal ? a.category[num]! : null,
    currency: state.config.currencies[a.currency[num]!]!.code,
    status: ACCOUNT_STATUS_NAMES[a.status[num]!]!,
    balance: a.balance[num]!,
    available: a.balance[num]! - a.pending_out[num]!,
    pending_out: a.pending_out[num]!,
    pending_in: a.pending_in[num]!,
    opened_ts: a.opened_ts[num]!,
    limits: {
      balance_cap: finiteOrNull(limits.balance_cap),
      single_payment: finiteOrNull(limits.single_payment),
      daily_total: finiteOrNull(limits.daily_total),
      annual_total: finiteOrNull(limits.annual_total),
    },
    used_today: state.usedToday(num, now),
    used_this_year: state.usedThisYear(num, now),
    last_seq: a.last_seq[num]!,
  };
}

export interface OperatorBooks {
  readonly operator_id: string;
  readonly currency: string;
  readonly issued: number;
  readonly redeemed: number;
  readonly reserve: number;
  readonly vault: number;
  readonly wallets: number;
  /** Hard wallets' offline reserves and funds under conditions (escrow, prepaid custody, grants). */
  readonly offline: number;
  readonly conditional: number;
  /** issued - redeemed == vault + wallets + offline + conditional */
  readonly balanced: boolean;
}

export interface Reconciliation {
  readonly operators: OperatorBooks[];
  /** Per currency: what the central bank has outstanding, derived from its own and the reserve accounts. */
  readonly central_bank: Array<{
    readonly currency: string;
    readonly outstanding: number;
    readonly operators_total: number;
    readonly balanced: boolean;
  }>;
  readonly balanced: boolean;
}

/**
 * Proves the books from balances, independently of the issuance counters: every wallet is summed into
 * its operator's total, and the central bank's outstanding issuance is derived from the funding and
 * reserve accounts, so a movement lost or counted twice anywhere shows up as an imbalance.
 */
export function reconcile(state: LedgerState): Reconciliation {
  const a = state.accounts;
  const currencies = state.config.currencies.length;
  const width = state.operators.length * currencies;
  const walletTotals = new Float64Array(width);
  const offlineTotals = new Float64Array(width);
  const conditionalTotals = new Float64Array(width);
  for (let num = 1; num <= a.count; num += 1) {
    const kind = a.kind[num]!;
    const at = a.operator[num]! * currencies + a.currency[num]!;
    if (isWalletKind(kind)) walletTotals[at]! += a.balance[num]!;
    else if (kind === AccountKind.offline) offlineTotals[at]! += a.balance[num]!;
    else if (kind === AccountKind.conditional) conditionalTotals[at]! += a.balance[num]!;
  }
  const operators: OperatorBooks[] = [];
  const reserves = new Float64Array(currencies);
  const totals = new Float64Array(currencies);
  for (const op of state.operators) {
    if (op === undefined) continue;
    for (let ci = 0; ci < currencies; ci += 1) {
      const vault = a.balance[op.vault[ci]!]!;
      const wallets = walletTotals[op.num * currencies + ci]!;
      const offline = offlineTotals[op.num * currencies + ci]!;
      const conditional = conditionalTotals[op.num * currencies + ci]!;
      const issued = op.issued[ci]!;
      const redeemed = op.redeemed[ci]!;
      reserves[ci]! += a.balance[op.reserve[ci]!]!;
      totals[ci]! += vault + wallets + offline + conditional;
      operators.push({
        operator_id: op.id,
        currency: state.config.currencies[ci]!.code,
        issued,
        redeemed,
        reserve: a.balance[op.reserve[ci]!]!,
        vault,
        wallets,
        offline,
        conditional,
        balanced: issued - redeemed === vault + wallets + offline + conditional,
      });
    }
  }
  const centralBank = state.config.currencies.map((c, ci) => {
    const cb = state.centralBank[ci];
    const funded = cb === undefined ? 0 : -a.balance[cb]!;
    const outstanding = funded - reserves[ci]!;
    return {
      currency: c.code,
      outstanding,
      operators_total: totals[ci]!,
      balanced: outstanding === totals[ci]!,
    };
  });
  return {
    operators,
    central_bank: centralBank,
    balanced: operators.every((o) => o.balanced) && centralBank.every((c) => c.balanced),
  };
}

/**
 * Structural invariants that must hold after every batch and after every restart: double entry sums to
 * zero, no account below zero except the central bank's, holds within balances and equal to open pendings.
 * Returns the violations found (empty when sound).
 */
export function checkInvariants(state: LedgerState): string[] {
  const a = state.accounts;
  const problems: string[] = [];
  const sums = new Float64Array(state.config.currencies.length);
  const pendingOut = new Float64Array(a.count + 1);
  const pendingIn = new Float64Array(a.count + 1);
  for (const hold of state.pendingBySeq.values()) {
    pendingOut[hold.debit]! += hold.amount;
    pendingIn[hold.credit]! += hold.amount;
  }
  for (let num = 1; num <= a.count; num += 1) {
    const balance = a.balance[num]!;
    sums[a.currency[num]!]! += balance;
    if (!Number.isSafeInteger(balance))
      problems.push(`account ${num} balance ${balance} is not an exact integer`);
    if (a.kind[num] !== AccountKind.central_bank && balance < 0)
      problems.push(`account ${num} balance ${balance} < 0`);
    if (a.kind[num] !== AccountKind.central_bank && a.pending_out[num]! > balance) {
      problems.push(`account ${num} holds ${a.pending_out[num]} > balance ${balance}`);
    }
    if (a.pending_out[num] !== pendingOut[num] || a.pending_in[num] !== pendingIn[num]) {
      problems.push(`account ${num} hold totals differ from its open pending transfers`);
    }
  }
  sums.forEach((sum, ci) => {
    if (sum !== 0)
      problems.push(`currency ${state.config.currencies[ci]!.code}: balances sum to ${sum}, not 0`);
  });
  const books = reconcile(state);
  for (const o of books.operators) {
    if (!o.balanced)
      problems.push(
        `operator ${o.operator_id} ${o.currency}: issued-redeemed != vault+wallets+offline+conditional`,
      );
  }
  for (const c of books.central_bank) {
    if (!c.balanced)
      problems.push(
        `central bank ${c.currency}: outstanding ${c.outstanding} != operators ${c.operators_total}`,
      );
  }
  for (const p of checkPaymentObjects(state)) problems.push(p);
  return problems;
}
