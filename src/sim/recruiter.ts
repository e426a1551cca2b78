import type { Accounts } from './accounts.ts';
import type { Population } from './population.ts';
import type { Prng } from './prng.ts';
import { MS_PER_DAY } from './time.ts';

/**
 * Chooses the wallets a laundering instance uses. Mules are ordinary households (categories 2-3)
 * recruited into a pool that is reused across instances, as rented accounts are; collectors,
 * origins and sinks come from a pool of better-verified households (categories 1-2, whose caps
 * can hold the money). A wallet serves one instance at a time, and only once it is a month old.
 */
export const MULE_POOL_SHARE = 0.15;
export const MULE_POOL_MIN = 40;
const RANDOM_TRIES = 40;
/** Candidates compared when picking: the least recently used of them wins. */
const CHOICES = 3;
const MIN_WALLET_AGE_MS = 30 * MS_PER_DAY;
/** Annual total a mule keeps in reserve for its own life besides what the instance moves. */
const ANNUAL_RESERVE_FEN = 3_000_000;
/** Head-room kept in the balance cap for the household's own incoming money (wages, gifts). */
const ROOM_RESERVE_FEN = 1_000_000;

export type Role = 'mule' | 'heavy';

export interface Need {
  /** What the wallet will pay out in the instance. */
  readonly outFen: number;
  /** The most it will hold at once from the instance, which its balance cap must absorb. */
  readonly inFen: number;
  /** The largest single payment it will make. */
  readonly singleFen: number;
}

export class Recruiter {
  private readonly pools: Record<Role, number[]>;
  private readonly everyone: Record<Role, number[]>;
  private readonly busyUntil: Float64Array;

  constructor(
    private readonly pop: Population,
    private readonly accounts: Accounts,
    private readonly rng: Prng,
  ) {
    const eligible = (cats: readonly number[]): number[] =>
      pop.households.filter((h) => h.sleep === 'awake' && cats.includes(h.category)).map((h) => h.wallet);
    this.everyone = { mule: eligible([2, 3]), heavy: eligible([1, 2]) };
    const pool = (all: number[]): number[] => {
      const size = Math.min(all.length, Math.max(MULE_POOL_MIN, Math.round(all.length * MULE_POOL_SHARE)));
      return rng.shuffle([...all]).slice(0, size);
    };
    this.pools = { mule: pool(this.everyone.mule), heavy: pool(this.everyone.heavy) };
    this.busyUntil = new Float64Array(pop.wallets.count);
  }

  private fits(
    wallet: number,
    t: number,
    used: ReadonlySet<number>,
    need: Need,
    ignoreBusy: boolean,
  ): boolean {
    const a = this.accounts;
    return (
      !used.has(wallet) &&
      (ignoreBusy || this.busyUntil[wallet]! <= t) &&
      this.pop.wallets.openedMs[wallet]! <= t - MIN_WALLET_AGE_MS &&
      a.singleLimit(wallet) >= need.singleFen &&
      a.annualLeft(wallet, t) >= need.outFen + ANNUAL_RESERVE_FEN &&
      a.room(wallet) >= need.inFen + ROOM_RESERVE_FEN
    );
  }

  /** A wallet for `role` that can make and take the payments in `need` at time `t`. */
  pick(role: Role, t: number, used: Set<number>, need: Need): number {
    const pool = this.pools[role];
    // Of a few wallets that fit, the one idle longest: handlers spread work over their mules.
    let best = -1;
    let seen = 0;
    for (let i = 0; i < RANDOM_TRIES && seen < CHOICES; i += 1) {
      const w = this.rng.pick(pool);
      if (!this.fits(w, t, used, need, false)) continue;
      seen += 1;
      if (best < 0 || this.busyUntil[w]! < this.busyUntil[best]!) best = w;
    }
    if (best >= 0) return this.take(best, used);
    for (const ignoreBusy of [false, true]) {
      const all = this.everyone[role];
      const offset = this.rng.int(all.length);
      for (let i = 0; i < all.length; i += 1) {
        const w = all[(offset + i) % all.length]!;
        if (this.fits(w, t, used, need, ignoreBusy)) return this.take(w, used);
      }
    }
    throw new Error(`no ${role} wallet can carry ${need.outFen} fen at ${new Date(t).toISOString()}`);
  }

  /** A shell company's corporate wallet, or a heavy household when every shell is in use. */
  pickShell(t: number, used: Set<number>, need: Need): number {
    const free = this.pop.shells.filter((w) => !used.has(w) && this.busyUntil[w]! <= t);
    if (free.length > 0 && this.rng.chance(0.6)) return this.take(this.rng.pick(free), used);
    return this.pick('heavy', t, used, need);
  }

  private take(wallet: number, used: Set<number>): number {
    used.add(wallet);
    return wallet;
  }

  /** The single-payment limit of a wallet already picked, to size its payments. */
  singleLimitOf(wallet: number): number {
    return this.accounts.singleLimit(wallet);
  }

  /** Marks the instance's wallets busy until `until`. */
  claim(wallets: Iterable<number>, until: number): void {
    for (const w of wallets) this.busyUntil[w] = Math.max(this.busyUntil[w]!, until);
  }
}
