import type { WalletLimit } from './limits.ts';
import { shanghaiDay, shanghaiYear } from './time.ts';

/**
 * The generator's mirror of what a node would hold for each wallet: balance and how much of the
 * daily and annual totals is used. Every payment the generator emits has passed these checks, so a
 * replay on a node with the same limits is never refused. Typed arrays keep a million checks fast.
 */
export class Accounts {
  readonly balance: Float64Array;
  private readonly cap: Float64Array;
  private readonly single: Float64Array;
  private readonly daily: Float64Array;
  private readonly annual: Float64Array;
  private readonly dayUsed: Float64Array;
  private readonly dayOf: Int32Array;
  private readonly yearUsed: Float64Array;
  private readonly yearOf: Int32Array;
  /** Cached so that the year of a timestamp is computed once per day, not per payment. */
  private cachedDay = Number.NaN;
  private cachedYear = 0;

  constructor(limits: readonly WalletLimit[]) {
    const n = limits.length;
    this.balance = new Float64Array(n);
    this.cap = new Float64Array(n);
    this.single = new Float64Array(n);
    this.daily = new Float64Array(n);
    this.annual = new Float64Array(n);
    this.dayUsed = new Float64Array(n);
    this.dayOf = new Int32Array(n).fill(-1);
    this.yearUsed = new Float64Array(n);
    this.yearOf = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i += 1) {
      const limit = limits[i] as WalletLimit;
      this.cap[i] = limit.balance_cap;
      this.single[i] = limit.single_payment;
      this.daily[i] = limit.daily_total;
      this.annual[i] = limit.annual_total;
    }
  }

  private yearOfDay(day: number, tsMs: number): number {
    if (day !== this.cachedDay) {
      this.cachedDay = day;
      this.cachedYear = shanghaiYear(tsMs);
    }
    return this.cachedYear;
  }

  /** The largest single payment the wallet's limits allow at `tsMs`, ignoring its balance. */
  payLimit(wallet: number, tsMs: number): number {
    const day = shanghaiDay(tsMs);
    const year = this.yearOfDay(day, tsMs);
    const dayLeft = this.daily[wallet]! - (this.dayOf[wallet] === day ? this.dayUsed[wallet]! : 0);
    const yearLeft = this.annual[wallet]! - (this.yearOf[wallet] === year ? this.yearUsed[wallet]! : 0);
    return Math.min(this.single[wallet]!, dayLeft, yearLeft);
  }

  /** What is left of the annual total in the year of `tsMs`. */
  annualLeft(wallet: number, tsMs: number): number {
    const year = this.yearOfDay(shanghaiDay(tsMs), tsMs);
    return this.annual[wallet]! - (this.yearOf[wallet] === year ? this.yearUsed[wallet]! : 0);
  }

  /** How much more the wallet may hold. */
  room(wallet: number): number {
    return this.cap[wallet]! - this.balance[wallet]!;
  }

  singleLimit(wallet: number): number {
    return this.single[wallet]!;
  }

  dailyLimit(wallet: number): number {
    return this.daily[wallet]!;
  }

  capOf(wallet: number): number {
    return this.cap[wallet]!;
  }

  /** An exchange in from the wallet's bank (or cash at a counter). */
  deposit(wallet: number, amountFen: number): void {
    if (amountFen <= 0 || amountFen > this.room(wallet)) {
      throw new RangeError(`deposit of ${amountFen} fen to wallet ${wallet} exceeds its room`);
    }
    this.balance[wallet] = this.balance[wallet]! + amountFen;
  }

  /** Applies a payment that the caller has checked; checks again so a generator bug cannot pass. */
  transfer(from: number, to: number, amountFen: number, tsMs: number): void {
    if (
      !(amountFen > 0) ||
      amountFen > this.balance[from]! ||
      amountFen > this.payLimit(from, tsMs) ||
      amountFen > this.room(to) ||
      from === to
    ) {
      throw new RangeError(`payment of ${amountFen} fen from ${from} to ${to} breaks a limit`);
    }
    const day = shanghaiDay(tsMs);
    const year = this.yearOfDay(day, tsMs);
    if (this.dayOf[from] !== day) {
      this.dayOf[from] = day;
      this.dayUsed[from] = 0;
    }
    if (this.yearOf[from] !== year) {
      this.yearOf[from] = year;
      this.yearUsed[from] = 0;
    }
    this.dayUsed[from] = this.dayUsed[from]! + amountFen;
    this.yearUsed[from] = this.yearUsed[from]! + amountFen;
    this.balance[from] = this.balance[from]! - amountFen;
    this.balance[to] = this.balance[to]! + amountFen;
  }
}
