import {
  type AuditLog,
  decodeAuditEntry,
  encodeAuditEntry,
  type InclusionProofJson,
  inclusionProofFromJson,
  inclusionProofToJson,
  leafHash,
  openCheckpoint,
  rootFromInclusionProof,
  verifyInclusion,
} from '../audit/index.ts';
import { type Sm2PublicKey, sm2PublicKeyToPem } from '../crypto/index.ts';
import type { JournalRow } from '../ledger/index.ts';
import { JOURNAL_BATCH_ACTION, type JournalAuditor } from './journal-auditor.ts';
import type { JournalHasher } from './journal-hasher.ts';
import { decodeJournalRow } from './journal-leaf.ts';

/**
 * A transfer's receipt proves, to anyone holding the log's public key, that its journal row is in the
 * audit log: the row's leaf is in its batch's Merkle root (row proof), the batch's entry carries that
 * root and is in the log (entry proof), and the log head that the entry proof reaches is signed
 * (checkpoint). Until the batch is logged, or until a checkpoint covers it, the receipt says so.
 */
export interface Receipt {
  readonly status: 'complete' | 'awaiting_audit' | 'awaiting_checkpoint';
  readonly seq: number;
  /** The journal row's bytes (base64), exactly what its leaf hashes (layout: journal-leaf.ts). */
  readonly row: string | null;
  /** The same row decoded, for people. */
  readonly row_fields: JournalRow | null;
  readonly batch: {
    readonly first_seq: number;
    readonly last_seq: number;
    readonly root: string;
    readonly row_proof: InclusionProofJson;
  } | null;
  readonly entry: { readonly index: number; readonly bytes: string } | null;
  readonly entry_proof: InclusionProofJson | null;
  readonly checkpoint: string | null;
  readonly public_key: string;
}

export async function buildReceipt(
  seq: number,
  auditor: JournalAuditor,
  hasher: JournalHasher,
  log: AuditLog,
): Promise<Receipt> {
  const base = {
    seq,
    row: null,
    row_fields: null,
    batch: null,
    entry: null,
    entry_proof: null,
    checkpoint: null,
    public_key: sm2PublicKeyToPem(log.publicKey),
  };
  const batch = await auditor.batchOf(seq);
  if (batch === undefined) return { ...base, status: 'awaiting_audit' };
  const proved = await hasher.proof(batch.first_seq, batch.last_seq, seq);
  // The stored journal must still hash to what was logged; if not, it was changed after logging.
  if (proved.root !== batch.root)
    throw new Error(`journal rows ${batch.first_seq}-${batch.last_seq} changed after they were logged`);
  const [entry] = await log.readEntries(batch.entry_idx, 1);
  if (entry === undefined) throw new Error(`audit entry ${batch.entry_idx} is missing`);
  const withBatch = {
    ...base,
    row: proved.row,
    row_fields: decodeJournalRow(Buffer.from(proved.row, 'base64')),
    batch: {
      first_seq: batch.first_seq,
      last_seq: batch.last_seq,
      root: batch.root,
      row_proof: proved.proof,
    },
    entry: { index: entry.index, bytes: Buffer.from(encodeAuditEntry(entry)).toString('utf8') },
  };
  const checkpoint = await log.latestCheckpoint();
  if (checkpoint === undefined || checkpoint.tree_size <= batch.entry_idx)
    return { ...withBatch, status: 'awaiting_checkpoint' };
  const proof = await log.inclusionProof(batch.entry_idx, checkpoint.tree_size);
  return {
    ...withBatch,
    status: 'complete',
    entry_proof: inclusionProofToJson(proof),
    checkpoint: checkpoint.note,
  };
}

export interface ReceiptCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Checks a complete receipt with nothing but the log's public key (what a payer or payee would do). */
export function verifyReceipt(receipt: Receipt, publicKey: Sm2PublicKey, origin?: string): ReceiptCheck {
  const problems: string[] = [];
  const { row, batch, entry, entry_proof, checkpoint } = receipt;
  if (
    receipt.status !== 'complete' ||
    row === null ||
    batch === null ||
    entry === null ||
    entry_proof === null ||
    checkpoint === null
  )
    return { ok: false, problems: [`the receipt is ${receipt.status}`] };
  try {
    const rowBytes = Buffer.from(row, 'base64');
    if (decodeJournalRow(rowBytes).seq !== receipt.seq) problems.push("the row is not the transfer's row");
    const rowProof = inclusionProofFromJson(batch.row_proof);
    if (b64(leafHash(rowBytes)) !== b64(rowProof.leaf_hash))
      problems.push("the row does not hash to the proof's leaf");
    if (
      rowProof.leaf_index !== receipt.seq - batch.first_seq ||
      rowProof.tree_size !== batch.last_seq - batch.first_seq + 1
    )
      problems.push('the row proof is for another position');
    const root = rootFromInclusionProof(
      rowProof.leaf_index,
      rowProof.tree_size,
      rowProof.leaf_hash,
      rowProof.path,
    );
    if (root === undefined || b64(root) !== batch.root) problems.push('the row is not in the batch root');
    const bytes = Buffer.from(entry.bytes, 'utf8');
    const decoded = decodeAuditEntry(bytes);
    const d = decoded.details as Record<string, unknown>;
    if (
      decoded.action !== JOURNAL_BATCH_ACTION ||
      decoded.index !== entry.index ||
      d.root !== batch.root ||
      d.first_seq !== batch.first_seq ||
      d.last_seq !== batch.last_seq
    )
      problems.push('the audit entry does not log this batch');
    const entryProof = inclusionProofFromJson(entry_proof);
    const opened = openCheckpoint(checkpoint, publicKey, origin === undefined ? {} : { origin });
    if (!opened.ok) problems.push(`checkpoint refused: ${opened.message}`);
    else if (
      entryProof.leaf_index !== entry.index ||
      entryProof.tree_size !== opened.checkpoint.tree_size ||
      !verifyInclusion(
        entryProof.leaf_index,
        entryProof.tree_size,
        leafHash(bytes),
        entryProof.path,
        opened.checkpoint.root_hash,
      )
    )
      problems.push('the audit entry is not in the signed log');
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return { ok: problems.length === 0, problems };
}
