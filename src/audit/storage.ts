import type { NodeCoord } from './tree-math.ts';

/**
 * What the audit log needs from a database. Small on purpose: an SQLite or PostgreSQL implementation
 * is three tables (entries by index, nodes by (level, index), checkpoints by tree_size) and these six
 * methods. All methods may be async; the in-memory implementation resolves immediately.
 */

/** An entry's canonical bytes at its position (the bytes are the record; anything else is an index). */
export interface StoredEntry {
  readonly index: number;
  readonly bytes: Uint8Array;
}

/** The hash of a complete subtree; level 0 holds the leaf hashes. */
export interface StoredNode extends NodeCoord {
  readonly hash: Uint8Array;
}

/** A signed checkpoint: the C2SP signed note text, with its size and time pulled out for lookups. */
export interface StoredCheckpoint {
  readonly tree_size: number;
  readonly timestamp_ms: number;
  readonly note: string;
}

export interface AuditWriteBatch {
  /** Continue the log exactly: entries[0].index is the stored size, the rest follow by one. */
  readonly entries: readonly StoredEntry[];
  /** Every subtree completed by these entries, leaves included. Never overwrites a different hash. */
  readonly nodes: readonly StoredNode[];
  /** Strictly larger tree_size than every stored checkpoint, and at most the size after this batch. */
  readonly checkpoint: StoredCheckpoint | undefined;
  /**
   * Writes of the caller's own (opaque to the log) that must commit in the same transaction as these
   * entries, e.g. the state change an entry records. A storage that cannot apply them must refuse.
   */
  readonly attached?: readonly unknown[];
}

export interface AuditStorage {
  /**
   * Applies the whole batch in one transaction, or nothing. Must refuse (throw) a batch that does not
   * continue the log as described on AuditWriteBatch, so two writers cannot interleave silently.
   */
  write(batch: AuditWriteBatch): Promise<void>;
  /** Number of entries: the index the next entry gets. */
  size(): Promise<number>;
  /** Entries with index >= start in ascending index order, at most `limit` of them. */
  readEntries(start: number, limit: number): Promise<StoredEntry[]>;
  /** Hashes at the given coordinates, in the same order; undefined where none is stored. */
  readNodes(coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]>;
  /** Checkpoints with tree_size >= min_tree_size in ascending tree_size order, at most `limit`. */
  readCheckpoints(min_tree_size: number, limit: number): Promise<StoredCheckpoint[]>;
  latestCheckpoint(): Promise<StoredCheckpoint | undefined>;
}

/** Page sizes callers use when reading storage; implementations may serve fewer per call. */
export const MAX_READ_ENTRIES = 10_000;
export const MAX_READ_NODES = 10_000;
export const MAX_READ_CHECKPOINTS = 1_000;
