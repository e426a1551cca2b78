import { EntryFlag, EntryKind } from '../../ledger/index.ts';
import type { JournalRowCore, StoreReader } from '../../store/index.ts';
import type { PartyInfo, TransferEvent } from '../transfer-event.ts';
import type { AccountDirectory } from './account-directory.ts';

/**
 * Row kinds that pay a wallet on behalf of another wallet: a settled offline voucher (out of the
 * payer's offline reserve) and a released condition (out of the funds the payer put under it). The
 * directory answers for the reserve or conditional account with the wallet it belongs to.
 */
const PAID_ON_BEHALF: ReadonlySet<number> = new Set([EntryKind.voucher, EntryKind.condition_release]);

/**
 * Turns committed journal rows into the payments monitoring judges. A payment is money moving from one
 * wallet to another: an immediate transfer row, the post row that moves a held transfer's amount
 * (at the time it is posted, under the held transfer's id), a settled offline voucher or a released
 * condition (under the voucher's or release's id). Holds themselves, voids, settlements between
 * vaults, issuance, exchanges, loading a device or putting funds under a condition (the money stays the
 * payer's) and returns move no money between two holders and are not payments.
 */
export class JournalEvents {
  constructor(
    private readonly store: Pick<StoreReader, 'getRows'>,
    readonly directory: AccountDirectory,
  ) {}

  /** The payments among `rows` (committed, in seq order), as events in the same order. */
  async events(rows: readonly JournalRowCore[]): Promise<TransferEvent[]> {
    const dir = this.directory;
    const needed = new Set<number>();
    const postRefs: number[] = [];
    for (const r of rows) {
      if (
        (r.kind === EntryKind.transfer && (r.flags & EntryFlag.pending) === 0) ||
        PAID_ON_BEHALF.has(r.kind)
      ) {
        if (dir.get(r.debit) === undefined) needed.add(r.debit);
        if (dir.get(r.credit) === undefined) needed.add(r.credit);
      } else if (r.kind === EntryKind.post && r.amount > 0) {
        postRefs.push(r.ref_seq);
        if (dir.get(r.debit) === undefined) needed.add(r.debit);
        if (dir.get(r.credit) === undefined) needed.add(r.credit);
      }
    }
    // A post names its hold by seq; the hold's row carries the client's id and says whether it was a
    // payment (a transfer between wallets) or a settlement leg between vaults.
    const holds = new Map<number, JournalRowCore>();
    if (postRefs.length > 0) for (const h of await this.store.getRows(postRefs)) holds.set(h.seq, h);
    if (needed.size > 0) await dir.load(needed);
    const out: TransferEvent[] = [];
    for (const r of rows) {
      let id: string | null = null;
      if (r.kind === EntryKind.transfer && (r.flags & EntryFlag.pending) === 0) id = r.id;
      else if (PAID_ON_BEHALF.has(r.kind)) id = r.id;
      else if (r.kind === EntryKind.post && r.amount > 0) {
        const hold = holds.get(r.ref_seq);
        if (hold === undefined)
          throw new Error(`post row ${r.seq} resolves ${r.ref_seq}, which is not stored`);
        if (hold.kind === EntryKind.transfer) id = hold.id;
      }
      if (id === null) continue;
      const from = dir.get(r.debit);
      const to = dir.get(r.credit);
      if (!isParty(from) || !isParty(to)) continue;
      out.push(
        r.memo === null
          ? { seq: r.seq, id, ts_ms: r.ts, amount_fen: r.amount, currency: r.currency, from, to }
          : {
              seq: r.seq,
              id,
              ts_ms: r.ts,
              amount_fen: r.amount,
              currency: r.currency,
              from,
              to,
              memo: r.memo,
            },
      );
    }
    return out;
  }
}

function isParty(entry: PartyInfo | null | undefined): entry is PartyInfo {
  return entry !== null && entry !== undefined;
}
