import { TongbaoError } from '../errors/index.ts';

export const AccountKind = {
  /** The central bank's own funding account for a currency; the only account allowed below zero. */
  central_bank: 0,
  reserve: 1,
  vault: 2,
  personal: 3,
  corporate: 4,
  merchant: 5,
  /** A hard wallet's offline reserve: what its device may spend offline (docs/payments.md). */
  offline: 6,
  /** Funds under a condition (escrow, prepaid custody, purpose-bound grant): moved only by the condition. */
  conditional: 7,
} as const;
export type AccountKindCode = (typeof AccountKind)[keyof typeof AccountKind];
export type WalletKindName = 'personal' | 'corporate' | 'merchant';

export const WALLET_KIND_CODES: Readonly<Record<WalletKindName, AccountKindCode>> = {
  personal: AccountKind.personal,
  corporate: AccountKind.corporate,
  merchant: AccountKind.merchant,
};
export const ACCOUNT_KIND_NAMES = [
  'central_bank',
  'reserve',
  'vault',
  'personal',
  'corporate',
  'merchant',
  'offline',
  'conditional',
] as const;

export function isWalletKind(kind: number): boolean {
  return kind >= AccountKind.personal && kind <= AccountKind.merchant;
}

export const AccountStatus = { active: 0, frozen_out: 1, frozen_all: 2, closed: 3 } as const;
export type AccountStatusCode = (typeof AccountStatus)[keyof typeof AccountStatus];
export const ACCOUNT_STATUS_NAMES = ['active', 'frozen_out', 'frozen_all', 'closed'] as const;

/** Hard ceiling on accounts in one node: wallet ids carry the account number in 12 digits. */
export const ACCOUNTS_MAX = 100_000_000;
const CAPACITY_INITIAL = 1024;

/**
 * Accounts as columns of typed arrays (struct of arrays): a debit+credit with funds and limit checks
 * touches a few cache lines instead of chasing object pointers, and a million accounts cost tens of
 * megabytes instead of hundreds. Account numbers start at 1; 0 means "none".
 */
export class AccountTable {
  count = 0;
  private capacity = 0;
  kind = new Uint8Array(0);
  category = new Uint8Array(0);
  status = new Uint8Array(0);
  operator = new Uint16Array(0);
  currency = new Uint8Array(0);
  balance = new Float64Array(0);
  pending_out = new Float64Array(0);
  pending_in = new Float64Array(0);
  day_key = new Int32Array(0);
  day_out = new Float64Array(0);
  year_key = new Int32Array(0);
  year_out = new Float64Array(0);
  last_seq = new Float64Array(0);
  opened_ts = new Float64Array(0);
  /**
   * Sub-wallet families: 0 for a wallet outside any family, its own number for a parent, the parent's
   * number for a sub-wallet. Fixed when the account opens, so replay and restore agree.
   */
  family = new Uint32Array(0);
  /**
   * The wallet an offline reserve or a conditional account belongs to (0 for every other account), so
   * monitoring can name the payer of a settled voucher or a released condition. Set by the device or
   * condition record when it opens and again when it is restored.
   */
  owner = new Uint32Array(0);
  /** Set when the account changed since the last balance checkpoint. */
  dirty = new Uint8Array(0);
  private dirtyList: number[] = [];

  constructor(private readonly maxAccounts: number = ACCOUNTS_MAX) {
    this.grow(CAPACITY_INITIAL);
  }

  /** Appends an account and returns its number. */
  add(
    kind: AccountKindCode,
    category: number,
    operator: number,
    currency: number,
    opened_ts: number,
  ): number {
    const num = this.count + 1;
    if (num > this.maxAccounts)
      throw new TongbaoError('account_limit_reached', `at most ${this.maxAccounts} accounts`);
    if (num >= this.capacity) this.grow(Math.min(this.capacity * 2, this.maxAccounts + 1));
    this.count = num;
    this.kind[num] = kind;
    this.category[num] = category;
    this.status[num] = AccountStatus.active;
    this.operator[num] = operator;
    this.currency[num] = currency;
    this.opened_ts[num] = opened_ts;
    this.markDirty(num);
    return num;
  }

  /** Removes the most recently added account (undo of a refused command). */
  removeLast(num: number): void {
    if (num !== this.count) throw new Error(`removeLast(${num}) but count is ${this.count}`);
    this.balance[num] = 0;
    this.family[num] = 0;
    this.owner[num] = 0;
    this.count -= 1;
  }

  exists(num: number): boolean {
    return Number.isInteger(num) && num >= 1 && num <= this.count;
  }

  markDirty(num: number): void {
    if (this.dirty[num] === 0) {
      this.dirty[num] = 1;
      this.dirtyList.push(num);
    }
  }

  /** Returns the accounts changed since the last call and clears the marks. */
  takeDirty(): number[] {
    const list = this.dirtyList;
    for (const num of list) this.dirty[num] = 0;
    this.dirtyList = [];
    return list;
  }

  private grow(capacity: number): void {
    const next = <T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(
      old: T,
      make: (n: number) => T,
    ): T => {
      const fresh = make(capacity);
      fresh.set(old.subarray(0, Math.min(old.length, capacity)));
      return fresh;
    };
    this.kind = next(this.kind, (n) => new Uint8Array(n));
    this.category = next(this.category, (n) => new Uint8Array(n));
    this.status = next(this.status, (n) => new Uint8Array(n));
    this.operator = next(this.operator, (n) => new Uint16Array(n));
    this.currency = next(this.currency, (n) => new Uint8Array(n));
    this.balance = next(this.balance, (n) => new Float64Array(n));
    this.pending_out = next(this.pending_out, (n) => new Float64Array(n));
    this.pending_in = next(this.pending_in, (n) => new Float64Array(n));
    this.day_key = next(this.day_key, (n) => new Int32Array(n));
    this.day_out = next(this.day_out, (n) => new Float64Array(n));
    this.year_key = next(this.year_key, (n) => new Int32Array(n));
    this.year_out = next(this.year_out, (n) => new Float64Array(n));
    this.last_seq = next(this.last_seq, (n) => new Float64Array(n));
    this.opened_ts = next(this.opened_ts, (n) => new Float64Array(n));
    this.family = next(this.family, (n) => new Uint32Array(n));
    this.owner = next(this.owner, (n) => new Uint32Array(n));
    this.dirty = next(this.dirty, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }
}
