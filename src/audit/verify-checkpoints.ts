import type { Sm2PublicKey } from '../crypto/index.ts';
import { openCheckpoint } from './checkpoint.ts';
import { type AuditStorage, MAX_READ_CHECKPOINTS } from './storage.ts';
import type { Findings } from './verify-report.ts';

/** A checkpoint whose signature verified; `recomputed` is the root the stored entries give at its size. */
export interface ValidCheckpoint {
  readonly tree_size: number;
  readonly root_hash: Uint8Array;
  readonly timestamp_ms: number;
  recomputed?: Uint8Array;
}

/** Every stored checkpoint, checked; the refused ones become findings, the rest come back in size order. */
export async function readValidCheckpoints(
  storage: AuditStorage,
  publicKey: Sm2PublicKey,
  expectedOrigin: string | undefined,
  findings: Findings,
): Promise<{ valid: ValidCheckpoint[]; total: number; origin: string | undefined }> {
  const valid: ValidCheckpoint[] = [];
  let origin = expectedOrigin;
  let total = 0;
  let min = 0;
  for (;;) {
    const page = await storage.readCheckpoints(min, MAX_READ_CHECKPOINTS);
    if (page.length === 0) break;
    for (const row of page) {
      total += 1;
      const tree_size = row.tree_size;
      const opened = openCheckpoint(row.note, publicKey, origin === undefined ? {} : { origin });
      if (!opened.ok) {
        const kind =
          opened.problem === 'malformed'
            ? 'checkpoint_malformed'
            : opened.problem === 'wrong_origin'
              ? 'checkpoint_wrong_origin'
              : 'checkpoint_bad_signature';
        const why =
          opened.problem === 'no_signature'
            ? 'it is not signed by the log key (signed by another key, or the signature line was replaced)'
            : opened.problem === 'bad_signature'
              ? 'its signature does not verify (the note was altered or forged)'
              : opened.message;
        findings.add({ kind, tree_size, message: `checkpoint at size ${tree_size} refused: ${why}` });
        continue;
      }
      const checkpoint = opened.checkpoint;
      origin ??= checkpoint.origin;
      if (checkpoint.tree_size !== tree_size) {
        findings.add({
          kind: 'checkpoint_malformed',
          tree_size,
          message: `checkpoint stored under size ${tree_size} signs size ${checkpoint.tree_size}`,
        });
        continue;
      }
      const previous = valid.at(-1);
      if (previous !== undefined && checkpoint.timestamp_ms < previous.timestamp_ms) {
        findings.add({
          kind: 'checkpoint_out_of_order',
          tree_size,
          message: `checkpoint at size ${tree_size} is dated before the checkpoint at size ${previous.tree_size}`,
        });
      }
      if (previous !== undefined && checkpoint.tree_size <= previous.tree_size) {
        findings.add({
          kind: 'checkpoint_out_of_order',
          tree_size,
          message: `checkpoint sizes do not grow at ${tree_size}`,
        });
        continue;
      }
      valid.push({ tree_size, root_hash: checkpoint.root_hash, timestamp_ms: checkpoint.timestamp_ms });
    }
    const next = page.at(-1)!.tree_size + 1;
    if (!(next > min)) break;
    min = next;
  }
  return { valid, total, origin };
}

/** The smallest recomputed checkpoint whose tree contains `position` (checkpoints sorted by size). */
export function firstCovering(
  valid: readonly ValidCheckpoint[],
  position: number,
): ValidCheckpoint | undefined {
  let lo = 0;
  let hi = valid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (valid[mid]!.tree_size > position) hi = mid;
    else lo = mid + 1;
  }
  const found = valid[lo];
  return found?.recomputed === undefined ? undefined : found;
}
