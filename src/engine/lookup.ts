import { hashId, isPendingRow, type JournalRow, type Ledger, type TransferRecord } from '../ledger/index.ts';
import type { Store } from '../store/index.ts';

/** The record clients see for a stored creating row, with the resolution row if it was resolved. */
export function recordFromRows(row: JournalRow, resolution: JournalRow | undefined): TransferRecord {
  const pending = isPendingRow(row);
  let status: TransferRecord['status'] = pending ? 'pending' : 'posted';
  if (resolution !== undefined)
    status = resolution.kind === 8 ? 'posted' : (resolution.flags & 2) !== 0 ? 'expired' : 'voided';
  return {
    seq: row.seq,
    id: row.id ?? '',
    kind: row.kind,
    debit: row.debit,
    credit: row.credit,
    amount: row.amount,
    currency: row.currency,
    ts: row.ts,
    pending,
    expires_at: row.expires_at,
    memo: row.memo,
    status,
    posted_amount: resolution?.kind === 8 ? resolution.amount : null,
    resolved_ts: resolution?.ts ?? null,
    replayed: false,
  };
}

/**
 * Fetches committed transfers by client id: the in-memory index names candidate seqs, storage holds
 * the rows, and the stored id confirms the match.
 */
export async function fetchByIds(
  ledger: Ledger,
  store: Store,
  ids: readonly string[],
): Promise<Map<string, TransferRecord>> {
  const wanted = new Set(ids);
  const seqs: number[] = [];
  for (const id of wanted) ledger.state.idIndex.candidates(hashId(id), (seq) => seqs.push(seq));
  const found = new Map<string, TransferRecord>();
  if (seqs.length === 0) return found;
  const rows = (await store.getRows(seqs)).filter((r) => r.id !== null && wanted.has(r.id));
  const pendingSeqs = rows.filter((r) => isPendingRow(r)).map((r) => r.seq);
  const resolutions = new Map<number, JournalRow>();
  if (pendingSeqs.length > 0)
    for (const r of await store.getResolutions(pendingSeqs)) resolutions.set(r.ref_seq, r);
  for (const row of rows) found.set(row.id!, recordFromRows(row, resolutions.get(row.seq)));
  return found;
}
