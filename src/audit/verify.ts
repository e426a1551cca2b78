import type { Sm2PublicKey } from '../crypto/index.ts';
import { openCheckpoint } from './checkpoint.ts';
import { diagnoseSequence, RunTracker, type SequenceFinding } from './diagnose.ts';
import { decodeAuditEntry } from './entry.ts';
import { hashesEqual, leafHash, MerkleFrontier, verifyConsistency } from './merkle.ts';
import { buildConsistencyProof } from './proofs.ts';
import { type AuditStorage, MAX_READ_CHECKPOINTS, MAX_READ_ENTRIES, MAX_READ_NODES } from './storage.ts';
import type { NodeCoord } from './tree-math.ts';
import { checkTreeNodes } from './verify-nodes.ts';

export type AuditFindingKind =
  | 'entry_malformed'
  | 'entry_changed'
  | 'entries_removed'
  | 'entries_inserted'
  | 'entries_reordered'
  | 'entries_disordered'
  | 'leaf_hash_missing'
  | 'tree_node_corrupt'
  | 'checkpoint_malformed'
  | 'checkpoint_wrong_origin'
  | 'checkpoint_bad_signature'
  | 'checkpoint_out_of_order'
  | 'checkpoint_beyond_log'
  | 'checkpoint_root_mismatch'
  | 'checkpoint_inconsistent'
  | 'storage_inconsistent';

/**
 * One thing wrong. `position` is the place in storage order, `index` the index an entry carries,
 * `count` how many consecutive entries or checkpoints the finding covers.
 */
export interface AuditFinding {
  readonly kind: AuditFindingKind;
  readonly message: string;
  readonly position?: number;
  readonly index?: number;
  readonly count?: number;
  readonly tree_size?: number;
  readonly level?: number;
}

export interface AuditVerifyReport {
  readonly ok: boolean;
  readonly origin: string | undefined;
  /** Entries read from storage, and the size storage claims. */
  readonly entries: number;
  readonly stored_size: number;
  readonly checkpoints: number;
  readonly valid_checkpoints: number;
  /** Largest checkpointed size whose signed root the stored entries reproduce. */
  readonly verified_size: number;
  /** Entries after the newest valid checkpoint: stored, but not yet covered by any signature. */
  readonly unsigned_entries: number;
  /** Root of the tree recomputed from the entries as stored, hex. */
  readonly root_hash: string;
  readonly findings: readonly AuditFinding[];
  readonly findings_omitted: number;
}

export interface VerifyLogOptions {
  /** Expected origin; by default the origin of the first checkpoint that verifies. */
  readonly origin?: string;
  /** Check every stored interior subtree hash against its children (the hashes proofs are served from). */
  readonly check_tree_nodes?: boolean;
  readonly max_findings?: number;
  readonly on_progress?: (entries_read: number) => void;
}

export const DEFAULT_MAX_FINDINGS = 1000;
/** Positions whose bytes disagree with their stored leaf hash that are kept for diagnosis. */
const MAX_SUSPECTS = 100_000;

interface ValidCheckpoint {
  readonly tree_size: number;
  readonly root_hash: Uint8Array;
  readonly timestamp_ms: number;
  recomputed?: Uint8Array;
}

class Findings {
  readonly list: AuditFinding[] = [];
  omitted = 0;
  constructor(readonly max: number) {}
  add(finding: AuditFinding): void {
    if (this.list.length < this.max) this.list.push(finding);
    else this.omitted += 1;
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

async function readCheckpoints(
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
function firstCovering(valid: readonly ValidCheckpoint[], position: number): ValidCheckpoint | undefined {
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

function describeSequence(finding: SequenceFinding): AuditFinding {
  const span = (first: number, count: number) =>
    count === 1 ? `${first}` : `${first}..${first + count - 1}`;
  switch (finding.kind) {
    case 'removed':
      return {
        kind: 'entries_removed',
        index: finding.index,
        count: finding.count,
        message: `entries with index ${span(finding.index, finding.count)} are missing (removed)`,
      };
    case 'inserted':
      return {
        kind: 'entries_inserted',
        position: finding.position,
        index: finding.index,
        count: finding.count,
        message:
          finding.reason === 'duplicate'
            ? `entries at position ${span(finding.position, finding.count)} repeat index ${span(finding.index, finding.count)} (inserted)`
            : `entries at position ${span(finding.position, finding.count)} carry index ${span(finding.index, finding.count)}, past the end of the log (inserted)`,
      };
    case 'reordered':
      return {
        kind: 'entries_reordered',
        position: finding.position,
        index: finding.index,
        count: finding.count,
        message: `entries with index ${span(finding.index, finding.count)} are at position ${span(finding.position, finding.count)} (moved out of order)`,
      };
  }
}

/**
 * Re-derives everything from the stored entries and checks it against what the log key signed. Reads
 * storage page by page; memory is O(checkpoints + discontinuities), not O(entries).
 */
export async function verifyLog(
  storage: AuditStorage,
  publicKey: Sm2PublicKey,
  options: VerifyLogOptions = {},
): Promise<AuditVerifyReport> {
  const findings = new Findings(options.max_findings ?? DEFAULT_MAX_FINDINGS);
  const { valid, total, origin } = await readCheckpoints(storage, publicKey, options.origin, findings);
  const stored_size = await storage.size();
  const signedSize = valid.at(-1)?.tree_size ?? 0;

  const frontier = new MerkleFrontier();
  const tracker = new RunTracker();
  const suspects: { position: number; index: number }[] = [];
  let suspectsDropped = 0;
  const missingLeaves: { position: number; index: number }[] = [];
  let nextCheckpoint = 0;
  let start = 0;
  let position = 0;
  let inOrder = true;
  while (inOrder) {
    const rows = await storage.readEntries(start, MAX_READ_ENTRIES);
    if (rows.length === 0) break;
    const coords: NodeCoord[] = [];
    const leaves: { position: number; index: number; leaf: Uint8Array }[] = [];
    let previousKey = start - 1;
    for (const row of rows) {
      if (!(row.index > previousKey)) {
        findings.add({
          kind: 'storage_inconsistent',
          position,
          message: 'storage returned entries out of key order',
        });
        inOrder = false;
        break;
      }
      previousKey = row.index;
      let index: number | undefined;
      try {
        index = decodeAuditEntry(row.bytes).index;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        findings.add({
          kind: 'entry_malformed',
          position,
          message: `entry at position ${position} is unreadable: ${reason}`,
        });
      }
      const leaf = leafHash(row.bytes);
      frontier.push(leaf);
      tracker.push(index);
      if (index !== undefined) {
        coords.push({ level: 0, index });
        leaves.push({ position, index, leaf });
      }
      position += 1;
      while (nextCheckpoint < valid.length && valid[nextCheckpoint]!.tree_size === frontier.size) {
        valid[nextCheckpoint]!.recomputed = frontier.root();
        nextCheckpoint += 1;
      }
    }
    const stored = await storage.readNodes(coords);
    leaves.forEach((item, i) => {
      const hash = stored[i];
      if (hash === undefined) {
        if (missingLeaves.length < MAX_SUSPECTS)
          missingLeaves.push({ position: item.position, index: item.index });
        else suspectsDropped += 1;
      } else if (!hashesEqual(hash, item.leaf)) {
        if (suspects.length < MAX_SUSPECTS) suspects.push({ position: item.position, index: item.index });
        else suspectsDropped += 1;
      }
    });
    options.on_progress?.(position);
    start = previousKey + 1;
  }
  const entries = position;

  // Sequence: what was removed, inserted or moved.
  const limit = Math.max(stored_size, signedSize, entries);
  const inserted = new Set<number>();
  if (tracker.overflow) {
    findings.add({
      kind: 'entries_disordered',
      message: 'entries are out of sequence in too many places to say which were removed, inserted or moved',
    });
  } else {
    const diagnosis = diagnoseSequence(
      tracker.runs,
      limit,
      signedSize,
      suspects.map((s) => s.position),
    );
    if (diagnosis.undiagnosable) {
      findings.add({
        kind: 'entries_disordered',
        message: 'entries are out of sequence in too many places to diagnose',
      });
    }
    for (const finding of diagnosis.findings) {
      findings.add(describeSequence(finding));
      if (finding.kind === 'inserted')
        for (let p = 0; p < finding.count; p++) inserted.add(finding.position + p);
    }
  }

  // Entries whose bytes disagree with their stored leaf hash: the entry changed, unless a signed root
  // covering it is reproduced by the entries as stored, in which case the stored hash is what changed.
  for (const suspect of suspects) {
    if (inserted.has(suspect.position)) continue;
    const covering = firstCovering(valid, suspect.position);
    const authentic = covering !== undefined && hashesEqual(covering.recomputed!, covering.root_hash);
    findings.add(
      authentic
        ? {
            kind: 'tree_node_corrupt',
            level: 0,
            index: suspect.index,
            message: `stored leaf hash for index ${suspect.index} is wrong; the entry matches signed checkpoint ${covering.tree_size}`,
          }
        : {
            kind: 'entry_changed',
            position: suspect.position,
            index: suspect.index,
            message: `entry with index ${suspect.index} (position ${suspect.position}) was changed: its bytes no longer match its leaf hash`,
          },
    );
  }
  for (const item of missingLeaves) {
    if (inserted.has(item.position)) continue;
    findings.add({
      kind: 'leaf_hash_missing',
      position: item.position,
      index: item.index,
      message: `no stored leaf hash for index ${item.index} (entry at position ${item.position})`,
    });
  }
  if (suspectsDropped > 0) findings.omitted += suspectsDropped;

  // Checkpoints against the recomputed tree, mismatches grouped into runs.
  let verified_size = 0;
  let mismatch: { first: ValidCheckpoint; last: ValidCheckpoint; count: number; after: number } | undefined;
  const flush = () => {
    if (mismatch === undefined) return;
    const { first, last, count, after } = mismatch;
    const sizes =
      count === 1
        ? `size ${first.tree_size}`
        : `sizes ${first.tree_size}..${last.tree_size} (${count} checkpoints)`;
    findings.add({
      kind: 'checkpoint_root_mismatch',
      tree_size: first.tree_size,
      count,
      message: `signed root at ${sizes} is not reproduced by the stored entries: an entry after position ${after} and before ${first.tree_size} differs from what was signed`,
    });
    mismatch = undefined;
  };
  let lastGood = 0;
  for (const checkpoint of valid) {
    if (checkpoint.recomputed === undefined) {
      flush();
      findings.add({
        kind: 'checkpoint_beyond_log',
        tree_size: checkpoint.tree_size,
        message: `checkpoint at size ${checkpoint.tree_size} covers more entries than the ${entries} stored (entries removed from the end)`,
      });
      continue;
    }
    if (hashesEqual(checkpoint.recomputed, checkpoint.root_hash)) {
      flush();
      verified_size = checkpoint.tree_size;
      lastGood = checkpoint.tree_size;
    } else if (mismatch === undefined) {
      mismatch = { first: checkpoint, last: checkpoint, count: 1, after: lastGood };
    } else {
      mismatch = { ...mismatch, last: checkpoint, count: mismatch.count + 1 };
    }
  }
  flush();

  // Successive checkpoints must be consistent. When the entries reproduce both roots that holds by
  // construction; otherwise ask the stored tree for a consistency proof between the two signed roots.
  const read = (coords: readonly NodeCoord[]) => storage.readNodes(coords);
  for (let i = 1; i < valid.length; i++) {
    const a = valid[i - 1]!;
    const b = valid[i]!;
    const bothReproduced =
      a.recomputed !== undefined &&
      b.recomputed !== undefined &&
      hashesEqual(a.recomputed, a.root_hash) &&
      hashesEqual(b.recomputed, b.root_hash);
    if (bothReproduced) continue;
    let consistent = false;
    try {
      const proof = await buildConsistencyProof(read, a.tree_size, b.tree_size);
      consistent = verifyConsistency(a.tree_size, b.tree_size, a.root_hash, b.root_hash, proof.path);
    } catch {
      consistent = false;
    }
    if (!consistent) {
      findings.add({
        kind: 'checkpoint_inconsistent',
        tree_size: b.tree_size,
        message: `no consistency proof from the stored tree links checkpoint ${a.tree_size} to checkpoint ${b.tree_size}`,
      });
    }
  }

  if (options.check_tree_nodes ?? true) {
    await checkTreeNodes(storage, stored_size, (finding) => findings.add(finding), MAX_READ_NODES);
  }

  return {
    ok: findings.list.length === 0 && findings.omitted === 0,
    origin,
    entries,
    stored_size,
    checkpoints: total,
    valid_checkpoints: valid.length,
    verified_size,
    unsigned_entries: Math.max(0, entries - signedSize),
    root_hash: hex(frontier.root()),
    findings: findings.list,
    findings_omitted: findings.omitted,
  };
}
