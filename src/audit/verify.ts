import type { Sm2PublicKey } from '../crypto/index.ts';
import { diagnoseSequence, RunTracker } from './diagnose.ts';
import { decodeAuditEntry } from './entry.ts';
import { hashesEqual, leafHash, MerkleFrontier, verifyConsistency } from './merkle.ts';
import { buildConsistencyProof } from './proofs.ts';
import { type AuditStorage, MAX_READ_ENTRIES, MAX_READ_NODES } from './storage.ts';
import type { NodeCoord } from './tree-math.ts';
import { firstCovering, readValidCheckpoints, type ValidCheckpoint } from './verify-checkpoints.ts';
import { checkTreeNodes } from './verify-nodes.ts';
import {
  type AuditFinding,
  type AuditFindingKind,
  type AuditVerifyReport,
  DEFAULT_MAX_FINDINGS,
  describeSequence,
  Findings,
  type VerifyLogOptions,
} from './verify-report.ts';

export type { AuditFinding, AuditFindingKind, AuditVerifyReport, VerifyLogOptions };
export { DEFAULT_MAX_FINDINGS };

/** Positions whose bytes disagree with their stored leaf hash that are kept for diagnosis. */
const MAX_SUSPECTS = 100_000;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

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
  const { valid, total, origin } = await readValidCheckpoints(storage, publicKey, options.origin, findings);
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
