import type { JournalFollower } from '../engine/index.ts';
import { EntryFlag, EntryKind, isWalletKind, type JournalRow } from '../ledger/index.ts';
import type { RateSeries } from './series.ts';

/** The follower's name, and so its durable cursor's. */
export const STATS_FOLLOWER_NAME = 'stats';

/**
 * Is a committed row a payment: money moving from one party to another? Immediate transfers, posted
 * holds between two wallets (not a pending payment's settlement leg between vaults), settled offline
 * vouchers and releases of conditional funds to their payee. Holds, voids, settlements, issuance,
 * exchanges and moves into custody or onto a device are not payments.
 */
export function isPayment(row: JournalRow, kindOf: (num: number) => number): boolean {
  switch (row.kind) {
    case EntryKind.transfer:
      return (row.flags & EntryFlag.pending) === 0;
    case EntryKind.post:
      return row.amount > 0 && isWalletKind(kindOf(row.debit)) && isWalletKind(kindOf(row.credit));
    case EntryKind.voucher:
    case EntryKind.condition_release:
      return true;
    default:
      return false;
  }
}

/**
 * Follows the committed journal (with its own durable cursor, like every follower) and counts payments
 * and their value per second of commit time. It writes nothing but its cursor. `kindOf` gives an
 * account's kind, which never changes once the account exists.
 */
export class StatsFollower implements JournalFollower {
  readonly name = STATS_FOLLOWER_NAME;
  /** Rows seen by this follower since it started (for the lag figure). */
  cursor = 0;

  constructor(
    private readonly series: RateSeries,
    private readonly kindOf: (num: number) => number,
  ) {}

  start(cursor: number): void {
    this.cursor = cursor;
  }

  process(rows: readonly JournalRow[]): readonly [] {
    for (const row of rows) if (isPayment(row, this.kindOf)) this.series.add(row.ts, row.amount);
    if (rows.length > 0) this.cursor = rows[rows.length - 1]!.seq;
    return [];
  }
}
