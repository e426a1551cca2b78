import type { SequenceFinding } from './diagnose.ts';

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

/** Keeps the first `max` findings and counts the rest, so a wrecked log cannot exhaust memory. */
export class Findings {
  readonly list: AuditFinding[] = [];
  omitted = 0;
  constructor(readonly max: number) {}
  add(finding: AuditFinding): void {
    if (this.list.length < this.max) this.list.push(finding);
    else this.omitted += 1;
  }
}

export function describeSequence(finding: SequenceFinding): AuditFinding {
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
