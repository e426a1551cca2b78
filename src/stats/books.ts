import { AccountKind, type LedgerState, reconcile } from '../ledger/index.ts';
import { formatAmount } from '../money/index.ts';

/** Where e-CNY is held, for the circulation chart: personal wallets by KYC category, then the rest. */
export const HOLDING_KINDS = [
  'personal_1',
  'personal_2',
  'personal_3',
  'personal_4',
  'corporate',
  'merchant',
  'offline',
  'conditional',
] as const;
export type HoldingKind = (typeof HOLDING_KINDS)[number];

export interface OperatorFigures {
  readonly operator_id: string;
  readonly name: string;
  readonly currency: string;
  /** Held by the public: wallets, hard wallets' offline reserves and funds under conditions. */
  readonly in_circulation: string;
  readonly vault: string;
  readonly outstanding: string;
  readonly balanced: boolean;
}

export interface BooksFigures {
  readonly as_of_seq: number;
  readonly currency: string;
  readonly balanced: boolean;
  readonly operators: OperatorFigures[];
  readonly central_bank: {
    currency: string;
    outstanding: string;
    operators_total: string;
    balanced: boolean;
  }[];
  readonly by_holding: { kind: HoldingKind; amount: string; wallets: number }[];
  readonly in_circulation: string;
}

function holdingIndex(kind: number, category: number): number {
  switch (kind) {
    case AccountKind.personal:
      return category >= 1 && category <= 4 ? category - 1 : -1;
    case AccountKind.corporate:
      return 4;
    case AccountKind.merchant:
      return 5;
    case AccountKind.offline:
      return 6;
    case AccountKind.conditional:
      return 7;
    default:
      return -1;
  }
}

/**
 * The books at one instant: each operator's reconciliation (every currency) and, in the home currency,
 * what the public holds by operator and by kind of holding. One pass over the accounts plus the
 * ledger's own reconciliation: O(accounts), run at most once a second and only while someone watches.
 */
export function booksFigures(state: LedgerState): BooksFigures {
  const books = reconcile(state);
  const home = state.config.currencies[0]!;
  const units = home.minor_units;
  const f = (v: number) => formatAmount(v, units);
  const a = state.accounts;
  const amounts = new Float64Array(HOLDING_KINDS.length);
  const counts = new Float64Array(HOLDING_KINDS.length);
  for (let num = 1; num <= a.count; num += 1) {
    if (a.currency[num] !== 0) continue;
    const i = holdingIndex(a.kind[num]!, a.category[num]!);
    if (i < 0) continue;
    amounts[i]! += a.balance[num]!;
    counts[i]! += 1;
  }
  let circulation = 0;
  const operators: OperatorFigures[] = [];
  for (const o of books.operators) {
    const held = o.wallets + o.offline + o.conditional;
    const op = state.operators[state.operatorByKey.get(o.operator_id) ?? 0];
    const u = state.minorUnits[state.currencyIndex.get(o.currency) ?? 0] ?? units;
    if (o.currency === home.code) circulation += held;
    operators.push({
      operator_id: o.operator_id,
      name: op?.name ?? o.operator_id,
      currency: o.currency,
      in_circulation: formatAmount(held, u),
      vault: formatAmount(o.vault, u),
      outstanding: formatAmount(o.issued - o.redeemed, u),
      balanced: o.balanced,
    });
  }
  return {
    as_of_seq: state.lastSeq,
    currency: home.code,
    balanced: books.balanced,
    operators,
    central_bank: books.central_bank.map((c) => {
      const u = state.minorUnits[state.currencyIndex.get(c.currency) ?? 0] ?? units;
      return {
        currency: c.currency,
        outstanding: formatAmount(c.outstanding, u),
        operators_total: formatAmount(c.operators_total, u),
        balanced: c.balanced,
      };
    }),
    by_holding: HOLDING_KINDS.map((kind, i) => ({ kind, amount: f(amounts[i]!), wallets: counts[i]! })),
    in_circulation: f(circulation),
  };
}
