import {
  accountId,
  type ConditionRecord,
  type DeviceRecord,
  familyHolding,
  familyOf,
  type LedgerState,
  type MerchantProfile,
  ruleSpecOf,
  type ScheduleRecord,
} from '../ledger/index.ts';
import { formatAmount } from '../money/index.ts';

/** Payments objects as the API shows them: decimal amounts, wallet ids, ISO times. */
const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number) => (ms === 0 ? null : iso(ms));

function money(state: LedgerState, num: number): (fen: number) => string {
  const units = state.minorUnits[state.accounts.currency[num]!] ?? 2;
  return (fen) => formatAmount(fen, units);
}

export function presentDevice(state: LedgerState, d: DeviceRecord) {
  const f = money(state, d.num);
  return {
    id: d.id,
    wallet_id: accountId(state, d.wallet),
    label: d.label,
    status: d.status,
    public_key: d.public_key,
    cap: { amount: f(d.cap_amount), payments: d.cap_count },
    offline_balance: f(state.accounts.balance[d.num]!),
    counter_base: d.counter_base,
    counter_max: d.counter_max,
    loaded: f(d.loaded),
    unloaded: f(d.unloaded),
    settled: f(d.settled),
    vouchers: d.vouchers,
    shortfall: f(d.shortfall),
    registered_at: iso(d.registered_ts),
    blocked_at: isoOrNull(d.blocked_ts),
    block_reason: d.block_reason,
    fraud_count: d.fraud_count,
    frauds: d.frauds.map((e) => ({
      n: e.n,
      kind: e.kind,
      at: iso(e.ts),
      voucher: e.voucher,
      detail: e.detail,
      uncovered: f(e.uncovered),
    })),
  };
}

export function presentCondition(state: LedgerState, c: ConditionRecord) {
  const f = money(state, c.num);
  const wallet = (num: number) => (num === 0 ? null : accountId(state, num));
  return {
    id: c.id,
    kind: c.kind,
    status: c.status,
    from: accountId(state, c.from),
    to: accountId(state, c.to),
    amount: f(c.amount),
    held: f(state.accounts.balance[c.num]!),
    released: f(c.released),
    returned: f(c.returned),
    currency: c.currency,
    created_at: iso(c.created_ts),
    deadline: iso(c.deadline),
    closed_at: isoOrNull(c.closed_ts),
    release: c.rule === null ? null : ruleSpecOf(c.rule, (n) => accountId(state, n), iso),
    unit_amount: c.unit_amount === 0 ? null : f(c.unit_amount),
    mcc: [...c.mcc],
    regions: [...c.regions],
    memo: c.memo,
    approvals: c.approvals.map((n) => accountId(state, n)),
    history: c.history.map((e) => ({
      at: iso(e.ts),
      type: e.type,
      by: wallet(e.by),
      amount: f(e.amount),
      to: wallet(e.to),
      seq: e.seq === 0 ? null : e.seq,
    })),
  };
}

export function presentSchedule(state: LedgerState, s: ScheduleRecord) {
  const f = money(state, s.from);
  return {
    id: s.id,
    status: s.status,
    from: accountId(state, s.from),
    to: accountId(state, s.to),
    amount: f(s.amount),
    currency: s.currency,
    memo: s.memo,
    first_at: iso(s.first_at),
    every: s.unit === null ? null : { unit: s.unit, n: s.every },
    count: s.count === 0 ? null : s.count,
    until: isoOrNull(s.until),
    runs: s.runs,
    next_at: s.status === 'active' ? iso(s.next_at) : null,
    paid: f(s.paid),
    failures: s.failures,
    last_error: s.last_error,
    created_at: iso(s.created_ts),
  };
}

export function presentMerchant(state: LedgerState, m: MerchantProfile) {
  return {
    wallet_id: accountId(state, m.wallet),
    name: m.name,
    name_zh: m.name_zh,
    city: m.city,
    city_zh: m.city_zh,
    mcc: m.mcc,
    region: m.region,
    updated_at: iso(m.updated_ts),
  };
}

/** A wallet's family: the parent's limits over everyone, each member's balance and own limits. */
export function presentFamily(state: LedgerState, num: number, now: number) {
  const a = state.accounts;
  const root = a.family[num] === 0 ? num : a.family[num]!;
  const f = money(state, root);
  const limit = (v: number) => (Number.isFinite(v) ? f(v) : null);
  const limits = state.limitsOf(root);
  return {
    parent: accountId(state, root),
    holding: f(familyHolding(state, root)),
    limits: {
      balance_cap: limit(limits.balance_cap),
      single_payment: limit(limits.single_payment),
      daily_total: limit(limits.daily_total),
      annual_total: limit(limits.annual_total),
    },
    used: { today: f(state.usedToday(root, now)), this_year: f(state.usedThisYear(root, now)) },
    members: familyOf(state, root).map((m) => {
      const own = state.limitsOf(m);
      const sub = state.payments.subWallets.get(m);
      return {
        id: accountId(state, m),
        role: m === root ? 'parent' : 'sub_wallet',
        label: sub?.label ?? null,
        balance: f(a.balance[m]!),
        limits: {
          balance_cap: limit(own.balance_cap),
          single_payment: limit(own.single_payment),
          daily_total: limit(own.daily_total),
          annual_total: limit(own.annual_total),
        },
        used_today: f(state.usedToday(m, now)),
      };
    }),
  };
}
