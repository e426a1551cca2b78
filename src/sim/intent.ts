import { MinHeap } from '../collections/index.ts';
import type { Step } from './instance.ts';

/** Why a payment is attempted; legitimate kinds are skipped when limits say no, laundering waits. */
export const Purpose = {
  Retail: 0,
  PersonToPerson: 1,
  Salary: 2,
  Rent: 3,
  Business: 4,
  Wedding: 5,
  Loan: 6,
  Laundering: 7,
  /** Not a payment: the moment a laundering instance picks its wallets and schedules its steps. */
  StartInstance: 8,
} as const;
export type Purpose = (typeof Purpose)[keyof typeof Purpose];

/** A payment someone means to make at a given time; the executor decides whether it happens. */
export interface Intent {
  ts: number;
  /** Tie-break among equal times, in the order intents were scheduled: keeps runs deterministic. */
  ord: number;
  readonly purpose: Purpose;
  readonly from: number;
  readonly to: number;
  amount: number;
  /** Before paying, make sure the balance covers this much (a payroll run, laundering proceeds). */
  readonly prefund: number;
  readonly step: Step | null;
  /** Index of the instance spec for StartInstance, else -1. */
  readonly spec: number;
}

/** Binary min-heap on (ts, ord). */
export class IntentHeap extends MinHeap<Intent> {
  private nextOrd = 0;

  constructor() {
    super(before);
  }

  /** Numbers the intent in push order, the last tie-break, so equal times come out as they went in. */
  override push(intent: Intent): void {
    intent.ord = this.nextOrd;
    this.nextOrd += 1;
    super.push(intent);
  }
}

function before(a: Intent, b: Intent): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.ord < b.ord);
}

export function intent(
  purpose: Purpose,
  ts: number,
  from: number,
  to: number,
  amount: number,
  prefund = 0,
): Intent {
  return { ts, ord: 0, purpose, from, to, amount, prefund, step: null, spec: -1 };
}
