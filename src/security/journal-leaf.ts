import {
  buildInclusionProof,
  type InclusionProof,
  leafHash,
  MerkleFrontier,
  type NodeCoord,
} from '../audit/index.ts';
import type { JournalRow } from '../ledger/index.ts';

/**
 * A committed journal batch is logged as one audit entry carrying the Merkle root (RFC 6962 hashing
 * with SM3, the audit log's own code) of its rows' canonical encodings, so any single transfer can be
 * proved to be in the log: row in batch root, batch entry in log, log head signed.
 *
 * A row's canonical encoding is the canonical JSON (keys sorted, no spaces, as src/audit writes
 * entries) of every journal column, including the id hash and the per-account links, so a change to
 * any stored column of any row changes its batch root:
 *
 *   {"amount":1234,"credit":7,"credit_prev":0,"currency":"CNY","debit":5,"debit_prev":3,
 *    "expires_at":0,"flags":0,"id":"t-1","id_hash":123456,"kind":6,"memo":null,"ref_seq":0,
 *    "seq":42,"ts":1760000000000}
 *
 * It is written out field by field (in sorted order) because this runs for every row the node commits;
 * a test checks it against the generic canonical JSON encoder.
 */
export function journalRowJson(r: JournalRow): string {
  const id = r.id === null ? 'null' : JSON.stringify(r.id);
  const memo = r.memo === null ? 'null' : JSON.stringify(r.memo);
  return `{"amount":${r.amount},"credit":${r.credit},"credit_prev":${r.credit_prev},"currency":${JSON.stringify(r.currency)},"debit":${r.debit},"debit_prev":${r.debit_prev},"expires_at":${r.expires_at},"flags":${r.flags},"id":${id},"id_hash":${r.id_hash},"kind":${r.kind},"memo":${memo},"ref_seq":${r.ref_seq},"seq":${r.seq},"ts":${r.ts}}`;
}

export function journalLeaf(r: JournalRow): Uint8Array {
  return leafHash(Buffer.from(journalRowJson(r), 'utf8'));
}

/** The Merkle root of rows (in seq order), which must be exactly first..last with no gap. */
export function batchRoot(rows: readonly JournalRow[], first: number, last: number): Uint8Array {
  checkDense(rows, first, last);
  const f = new MerkleFrontier();
  for (const r of rows) f.push(journalLeaf(r));
  return f.root();
}

/** The inclusion proof of the row with `seq` in its batch's tree, and the batch root. */
export async function batchProof(
  rows: readonly JournalRow[],
  first: number,
  last: number,
  seq: number,
): Promise<{ proof: InclusionProof; root: Uint8Array; row_json: string }> {
  checkDense(rows, first, last);
  if (!(seq >= first && seq <= last)) throw new Error(`seq ${seq} is outside batch ${first}-${last}`);
  const f = new MerkleFrontier();
  const nodes = new Map<string, Uint8Array>();
  for (const r of rows) for (const n of f.push(journalLeaf(r))) nodes.set(`${n.level}:${n.index}`, n.hash);
  const read = async (coords: readonly NodeCoord[]) => coords.map((c) => nodes.get(`${c.level}:${c.index}`));
  const proof = await buildInclusionProof(read, seq - first, rows.length);
  return { proof, root: f.root(), row_json: journalRowJson(rows[seq - first]!) };
}

function checkDense(rows: readonly JournalRow[], first: number, last: number): void {
  if (rows.length !== last - first + 1)
    throw new Error(
      `journal rows ${first}-${last}: ${rows.length} rows stored, ${last - first + 1} expected`,
    );
  rows.forEach((r, i) => {
    if (r.seq !== first + i) throw new Error(`journal row ${first + i} is missing (found seq ${r.seq})`);
  });
}
