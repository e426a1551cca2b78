import { TongbaoError } from '../errors/index.ts';
import {
  accountId,
  ENTRY_KIND_NAMES,
  isWalletKind,
  type LedgerState,
  type OperatorState,
  parseWalletId,
  type Reconciliation,
  type TransferRecord,
  walletView,
} from '../ledger/index.ts';
import { formatAmount } from '../money/index.ts';

/** Turns ledger values into what the API shows: decimal strings, wallet ids, ISO times. */
const iso = (ms: number) => new Date(ms).toISOString();

function units(state: LedgerState, currency: string): number {
  const ci = state.currencyIndex.get(currency);
  return ci === undefined ? 2 : state.minorUnits[ci]!;
}

export function presentTransfer(state: LedgerState, r: TransferRecord) {
  const u = units(state, r.currency);
  const a = state.accounts;
  return {
    id: r.id,
    kind: ENTRY_KIND_NAMES[r.kind] ?? 'transfer',
    from: accountId(state, r.debit),
    to: accountId(state, r.credit),
    amount: formatAmount(r.amount, u),
    currency: r.currency,
    status: r.status,
    pending: r.pending,
    cross_operator:
      isWalletKind(a.kind[r.debit]!) &&
      isWalletKind(a.kind[r.credit]!) &&
      a.operator[r.debit] !== a.operator[r.credit],
    created_at: iso(r.ts),
    seq: r.seq,
    ...(r.memo === null ? {} : { memo: r.memo }),
    ...(r.expires_at === 0
      ? {}
      : { timeout_s: Math.round((r.expires_at - r.ts) / 1000), expires_at: iso(r.expires_at) }),
    ...(r.posted_amount === null ? {} : { posted_amount: formatAmount(r.posted_amount, u) }),
    ...(r.resolved_ts === null ? {} : { resolved_at: iso(r.resolved_ts) }),
  };
}

export function presentWallet(state: LedgerState, num: number, now: number) {
  const w = walletView(state, num, now);
  const u = units(state, w.currency);
  const f = (v: number) => formatAmount(v, u);
  const fn = (v: number | null) => (v === null ? null : f(v));
  const left = (limit: number | null, used: number) => (limit === null ? null : f(Math.max(0, limit - used)));
  return {
    id: w.id,
    operator_id: w.operator_id,
    kind: w.kind,
    category: w.category,
    currency: w.currency,
    status: w.status,
    balance: f(w.balance),
    available: f(w.available),
    pending_out: f(w.pending_out),
    pending_in: f(w.pending_in),
    opened_at: iso(w.opened_ts),
    limits: {
      balance_cap: fn(w.limits.balance_cap),
      single_payment: fn(w.limits.single_payment),
      daily_total: fn(w.limits.daily_total),
      annual_total: fn(w.limits.annual_total),
    },
    used: { today: f(w.used_today), this_year: f(w.used_this_year) },
    remaining: {
      today: left(w.limits.daily_total, w.used_today),
      this_year: left(w.limits.annual_total, w.used_this_year),
      balance_room: left(w.limits.balance_cap, w.balance + w.pending_in),
    },
  };
}

export function presentOperator(state: LedgerState, op: OperatorState, books: Reconciliation) {
  const a = state.accounts;
  const home = state.config.currencies[0]!;
  return {
    id: op.id,
    name: op.name,
    created_at: iso(op.opened_ts),
    issuance_quota: formatAmount(op.issuance_quota, home.minor_units),
    currencies: state.config.currencies.map((c, ci) => {
      const f = (v: number) => formatAmount(v, c.minor_units);
      const b = books.operators.find((o) => o.operator_id === op.id && o.currency === c.code);
      return {
        currency: c.code,
        reserve: f(a.balance[op.reserve[ci]!]!),
        vault: f(a.balance[op.vault[ci]!]!),
        issued: f(op.issued[ci]!),
        redeemed: f(op.redeemed[ci]!),
        outstanding: f(op.issued[ci]! - op.redeemed[ci]!),
        wallets: f(b?.wallets ?? 0),
        balanced: b?.balanced ?? false,
      };
    }),
  };
}

export function presentReconciliation(state: LedgerState, books: Reconciliation, asOfSeq: number) {
  return {
    balanced: books.balanced,
    as_of_seq: asOfSeq,
    operators: books.operators.map((o) => {
      const f = (v: number) => formatAmount(v, units(state, o.currency));
      return {
        operator_id: o.operator_id,
        currency: o.currency,
        issued: f(o.issued),
        redeemed: f(o.redeemed),
        outstanding: f(o.issued - o.redeemed),
        reserve: f(o.reserve),
        vault: f(o.vault),
        wallets: f(o.wallets),
        // Hard wallets' offline reserves and funds under conditions are the operator's liabilities too.
        offline: f(o.offline),
        conditional: f(o.conditional),
        balanced: o.balanced,
      };
    }),
    central_bank: books.central_bank.map((c) => {
      const f = (v: number) => formatAmount(v, units(state, c.currency));
      return {
        currency: c.currency,
        outstanding: f(c.outstanding),
        operators_total: f(c.operators_total),
        balanced: c.balanced,
      };
    }),
  };
}

/** Resolves a wallet id in a URL: a malformed id and an unknown one are told apart. */
export function walletFromPath(state: LedgerState, id: string, field = 'id'): number {
  const parsed = parseWalletId(id);
  if (parsed === null)
    throw new TongbaoError('wallet_id_invalid', 'the wallet id is not a valid 16-digit wallet number', field);
  const a = state.accounts;
  if (
    !a.exists(parsed.account) ||
    !isWalletKind(a.kind[parsed.account]!) ||
    a.operator[parsed.account] !== parsed.operator
  ) {
    throw new TongbaoError('wallet_not_found', `no wallet ${id}`, field);
  }
  return parsed.account;
}
