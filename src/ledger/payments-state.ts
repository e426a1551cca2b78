import { MinHeap } from '../collections/index.ts';
import type { WalletLimits } from '../config/index.ts';
import type { ConditionRule } from './condition-rule.ts';

/**
 * The payments objects the ledger keeps beside its accounts: hard-wallet devices, conditions, schedules,
 * merchant profiles and sub-wallet families. Balances never live here (they are accounts, moved only by
 * journal rows); these objects hold what the rules need: keys, caps, counters, parties, deadlines.
 * Every change marks the object dirty; the batch's dirty objects are stored with the batch in the same
 * transaction (table ledger_objects), so after a restart they are current as of the last committed row.
 */

/** Devices registered on one node; a new registration beyond it is refused (payments_limit_reached). */
export const DEVICES_MAX = 1_000_000;
/** Conditions and schedules ever created, open or closed (all are kept in memory to answer by id). */
export const CONDITIONS_MAX = 1_000_000;
export const SCHEDULES_MAX = 1_000_000;
/** Sub-wallets under one parent. */
export const SUB_WALLETS_MAX = 64;
/** Fraud events kept per device (the count goes on; the alert log keeps everything). */
export const DEVICE_FRAUDS_KEPT_MAX = 32;
/** Vouchers kept per device that could not be paid at all (so a re-upload is answered, not re-counted). */
export const UNCOVERED_KEPT_MAX = 256;
/** History entries kept per condition. */
export const CONDITION_HISTORY_MAX = 64;
/** Timed work (deadlines, releases, schedule runs) done in one batch; the rest waits for the next. */
export const DUE_PER_BATCH_MAX = 1024;

export type FraudKind =
  | 'counter_reused'
  | 'forged_signature'
  | 'overspent'
  | 'cap_exceeded'
  | 'balance_inconsistent';

export interface FraudEvent {
  readonly n: number;
  readonly kind: FraudKind;
  readonly ts: number;
  /** The voucher (payer device and counter) it concerns, or '' for a forged upload without one. */
  readonly voucher: string;
  readonly detail: string;
  /** What could not be paid from the reserve because of it (fen). */
  readonly uncovered: number;
}

export interface DeviceRecord {
  readonly key: string;
  /** Public id: the 16-digit number of its offline reserve account. */
  readonly id: string;
  /** The offline reserve account. */
  readonly num: number;
  /** The wallet it is registered to (loads come from it, unloads go back to it, vouchers it receives pay it). */
  readonly wallet: number;
  /** SM2 public key, uncompressed, hex (04 || x || y). */
  readonly public_key: string;
  readonly label: string | null;
  /** Most the reserve may hold (fen) and most offline payments between two online syncs. */
  readonly cap_amount: number;
  readonly cap_count: number;
  readonly registered_ts: number;
  status: 'active' | 'blocked' | 'retired';
  blocked_ts: number;
  block_reason: string | null;
  /** Counter the device reported at its last online sync (load, unload or sync). */
  counter_base: number;
  /** Highest counter of any voucher settled from it. */
  counter_max: number;
  loaded: number;
  unloaded: number;
  /** Paid from the reserve to payees. */
  settled: number;
  vouchers: number;
  /** Vouchers signed by this device that the reserve could not cover (fen), in total. */
  shortfall: number;
  frauds: FraudEvent[];
  fraud_count: number;
  /** Recent vouchers as [counter, balance_after, amount] and statements as [counter, +loaded/-unloaded]
   * (src/ledger/offline-chain.ts); moves below moves_floor were dropped. */
  chain: Array<[number, number, number]>;
  moves: Array<[number, number]>;
  moves_floor: number;
  /** Vouchers not paid at all, by counter: their digest and amount (bounded, see UNCOVERED_KEPT_MAX). */
  uncovered: Array<{ counter: number; digest: string; amount: number; payee: number }>;
}

export type ConditionKind = 'escrow' | 'prepaid' | 'grant';
export type ConditionStatus = 'open' | 'released' | 'returned' | 'expired' | 'cancelled';

export interface ConditionEvent {
  readonly ts: number;
  readonly type: 'created' | 'approved' | 'released' | 'spent' | 'returned' | 'expired' | 'cancelled';
  /** Wallet (number) that acted, 0 for the node itself (a deadline or date). */
  readonly by: number;
  readonly amount: number;
  /** Merchant or payee paid, 0 otherwise. */
  readonly to: number;
  readonly seq: number;
}

export interface ConditionRecord {
  readonly key: string;
  readonly id: string;
  readonly kind: ConditionKind;
  /** The conditional account holding the funds. */
  readonly num: number;
  /** Where the funds came from (payer, customer, issuer) and where they may go (payee, merchant, beneficiary). */
  readonly from: number;
  readonly to: number;
  readonly amount: number;
  readonly currency: string;
  readonly created_ts: number;
  /** When what is left returns to `from` (escrow timeout, prepaid term, grant expiry). */
  readonly deadline: number;
  /** Escrow: when the funds are released to the payee. */
  readonly rule: ConditionRule | null;
  /** Prepaid: the price of one service (0 = any amount per release). */
  readonly unit_amount: number;
  /** Grant: merchant categories (MCC) and regions (GB/T 2260 codes, prefix match) the funds may be spent at. */
  readonly mcc: readonly string[];
  readonly regions: readonly string[];
  readonly memo: string | null;
  status: ConditionStatus;
  released: number;
  returned: number;
  closed_ts: number;
  /** Wallets that approved (escrow). */
  approvals: number[];
  history: ConditionEvent[];
  /** Number of money-moving events so far (names derived rows). */
  moves: number;
}

export type ScheduleUnit = 'day' | 'week' | 'month';

export interface ScheduleRecord {
  readonly key: string;
  readonly id: string;
  readonly from: number;
  readonly to: number;
  readonly amount: number;
  readonly currency: string;
  readonly memo: string | null;
  readonly created_ts: number;
  /** First run; later runs are first_at + k intervals (months counted on the local calendar). */
  readonly first_at: number;
  readonly unit: ScheduleUnit | null;
  readonly every: number;
  /** Most runs (0 = no limit), and no run after `until` (0 = none). */
  readonly count: number;
  readonly until: number;
  status: 'active' | 'completed' | 'cancelled' | 'suspended';
  /** Runs attempted so far; the next run is number `runs`. */
  runs: number;
  next_at: number;
  paid: number;
  failures: number;
  consecutive_failures: number;
  last_error: string | null;
  last_seq: number;
}

export interface MerchantProfile {
  readonly key: string;
  readonly wallet: number;
  readonly name: string;
  readonly name_zh: string | null;
  readonly city: string;
  readonly city_zh: string | null;
  readonly mcc: string;
  readonly region: string;
  readonly updated_ts: number;
}

export interface SubWalletRecord {
  readonly key: string;
  readonly num: number;
  readonly parent: number;
  readonly label: string | null;
  /** The sub-wallet's own limits (each at most the parent's); null where the parent's figure applies. */
  readonly limits: {
    readonly balance_cap: number | null;
    readonly single_payment: number | null;
    readonly daily_total: number | null;
    readonly annual_total: number | null;
  };
}

export type PaymentObject =
  | { readonly kind: 'device'; readonly value: DeviceRecord }
  | { readonly kind: 'condition'; readonly value: ConditionRecord }
  | { readonly kind: 'schedule'; readonly value: ScheduleRecord }
  | { readonly kind: 'merchant'; readonly value: MerchantProfile }
  | { readonly kind: 'sub_wallet'; readonly value: SubWalletRecord };

/** A stored object: its key, kind and JSON body. */
export interface StoredObject {
  readonly key: string;
  readonly kind: PaymentObject['kind'];
  readonly body: string;
}

export interface DueItem {
  readonly at: number;
  readonly key: string;
}

/** Min-heap of timed work by (time, key): the same order live and after a restart. */
export class DueHeap extends MinHeap<DueItem> {
  constructor() {
    super(earlier);
  }
}

function earlier(a: DueItem, b: DueItem): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}

/** The payments objects and the indexes over them. */
export class PaymentsState {
  readonly devices = new Map<string, DeviceRecord>();
  readonly devicesByWallet = new Map<number, string[]>();
  readonly conditions = new Map<string, ConditionRecord>();
  readonly conditionsByWallet = new Map<number, string[]>();
  readonly schedules = new Map<string, ScheduleRecord>();
  readonly schedulesByWallet = new Map<number, string[]>();
  readonly merchants = new Map<number, MerchantProfile>();
  readonly subWallets = new Map<number, SubWalletRecord>();
  readonly children = new Map<number, number[]>();
  /** Sub-wallet limits in the ledger's form (Infinity = none), read on the payment path. */
  readonly subLimits = new Map<number, WalletLimits>();
  /** Open conditions, devices and schedules per wallet: a wallet with any cannot be closed. */
  readonly openByWallet = new Map<number, number>();
  readonly due = new DueHeap();
  private readonly dirty = new Map<string, PaymentObject>();

  touch(object: PaymentObject): void {
    this.dirty.set(object.value.key, object);
  }

  /** The objects changed since the last call, serialised in key order, and clears the marks. */
  takeDirty(): StoredObject[] {
    if (this.dirty.size === 0) return [];
    const out = [...this.dirty.values()]
      .sort((x, y) => (x.value.key < y.value.key ? -1 : x.value.key > y.value.key ? 1 : 0))
      .map((o) => ({ key: o.value.key, kind: o.kind, body: JSON.stringify(o.value) }));
    this.dirty.clear();
    return out;
  }

  /** Earliest timed work still pending, or 0. Stale entries (closed objects, moved runs) are dropped. */
  nextDueAt(): number {
    for (;;) {
      const top = this.due.peek();
      if (top === undefined) return 0;
      if (this.isLive(top)) return top.at;
      this.due.pop();
    }
  }

  /** Pops the next item due at or before `ts` that still has work. */
  popDue(ts: number): DueItem | undefined {
    const at = this.nextDueAt();
    if (at === 0 || at > ts) return undefined;
    return this.due.pop();
  }

  private isLive(item: DueItem): boolean {
    const condition = this.conditions.get(item.key);
    if (condition !== undefined) return condition.status === 'open';
    const schedule = this.schedules.get(item.key);
    return schedule !== undefined && schedule.status === 'active' && schedule.next_at === item.at;
  }

  addIndex(index: Map<number, string[]>, num: number, key: string): void {
    const list = index.get(num);
    if (list === undefined) index.set(num, [key]);
    else list.push(key);
  }

  adjustOpen(num: number, delta: number): void {
    const next = (this.openByWallet.get(num) ?? 0) + delta;
    if (next < 0) throw new Error(`wallet ${num} would have ${next} open payment objects`);
    if (next === 0) this.openByWallet.delete(num);
    else this.openByWallet.set(num, next);
  }
}
