import type { Sm2PrivateKey, Sm2PublicKey } from '../crypto/index.ts';
import { assertOrigin, openCheckpoint, type SignedCheckpoint, signCheckpoint } from './checkpoint.ts';
import { type AuditEntry, type AuditEntryDraft, decodeAuditEntry, encodeAuditEntry } from './entry.ts';
import { AuditError } from './errors.ts';
import { hashesEqual, leafHash, MerkleFrontier, type NewNode } from './merkle.ts';
import {
  buildConsistencyProof,
  buildInclusionProof,
  type ConsistencyProof,
  type InclusionProof,
  rootFromStorage,
} from './proofs.ts';
import {
  type AuditStorage,
  MAX_READ_CHECKPOINTS,
  MAX_READ_ENTRIES,
  type StoredCheckpoint,
  type StoredEntry,
} from './storage.ts';
import { assertTreeSize, rangeNodes } from './tree-math.ts';

export const DEFAULT_CHECKPOINT_EVERY_ENTRIES = 1024;
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 10_000;
export const MIN_CHECKPOINT_EVERY_ENTRIES = 1;
export const MAX_CHECKPOINT_EVERY_ENTRIES = 1_048_576;
export const MIN_CHECKPOINT_INTERVAL_MS = 10;
export const MAX_CHECKPOINT_INTERVAL_MS = 86_400_000;
/** One engine batch at most; larger bursts are split by the caller. */
export const MAX_APPEND_BATCH_ENTRIES = 10_000;

export interface AuditLogOptions {
  /** The log's identity, first line of every checkpoint and the signing key's name. */
  readonly origin: string;
  readonly signing_key: Sm2PrivateKey;
  /** Sign a checkpoint once this many entries are not yet covered by one. */
  readonly checkpoint_every_entries?: number;
  /** ...or once the newest checkpoint is this old and entries are waiting (see checkpointIfDue). */
  readonly checkpoint_interval_ms?: number;
  readonly now_ms?: () => number;
}

export interface AuditAppendResult {
  readonly entries: readonly AuditEntry[];
  /** Set when this append crossed a checkpoint threshold; it was stored in the same write. */
  readonly checkpoint: SignedCheckpoint | undefined;
}

function configError(message: string): never {
  throw new AuditError('audit_config_invalid', message);
}

function inRange(value: number, min: number, max: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < min || value > max)
    configError(`${name} must be in [${min}, ${max}]`);
  return value;
}

/**
 * The single writer of one append-only log. Appends are serialised and O(log n) each; proofs read
 * O(log n) stored subtree hashes. State in memory is only the frontier and the last checkpoint, and it
 * changes only after storage has accepted the write, so a failed write leaves the log as it was.
 */
export class AuditLog {
  readonly origin: string;
  readonly publicKey: Sm2PublicKey;
  readonly #storage: AuditStorage;
  readonly #key: Sm2PrivateKey;
  readonly #every: number;
  readonly #interval: number;
  readonly #now: () => number;
  readonly #openedMs: number;
  #frontier: MerkleFrontier;
  #last: { tree_size: number; timestamp_ms: number } | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(
    storage: AuditStorage,
    options: AuditLogOptions,
    frontier: MerkleFrontier,
    last: SignedCheckpoint | undefined,
  ) {
    this.origin = options.origin;
    this.publicKey = options.signing_key.publicKey;
    this.#storage = storage;
    this.#key = options.signing_key;
    this.#every = options.checkpoint_every_entries ?? DEFAULT_CHECKPOINT_EVERY_ENTRIES;
    this.#interval = options.checkpoint_interval_ms ?? DEFAULT_CHECKPOINT_INTERVAL_MS;
    this.#now = options.now_ms ?? Date.now;
    this.#openedMs = this.#now();
    this.#frontier = frontier;
    this.#last =
      last === undefined ? undefined : { tree_size: last.tree_size, timestamp_ms: last.timestamp_ms };
  }

  /**
   * Loads the frontier from storage and refuses to continue a log whose newest checkpoint is not signed
   * by this key for this origin, or does not match the stored tree.
   */
  static async open(storage: AuditStorage, options: AuditLogOptions): Promise<AuditLog> {
    assertOrigin(options.origin);
    inRange(
      options.checkpoint_every_entries ?? DEFAULT_CHECKPOINT_EVERY_ENTRIES,
      MIN_CHECKPOINT_EVERY_ENTRIES,
      MAX_CHECKPOINT_EVERY_ENTRIES,
      'checkpoint_every_entries',
    );
    inRange(
      options.checkpoint_interval_ms ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      MIN_CHECKPOINT_INTERVAL_MS,
      MAX_CHECKPOINT_INTERVAL_MS,
      'checkpoint_interval_ms',
    );
    const size = await storage.size();
    assertTreeSize(size, 'stored log size');
    const coords = size === 0 ? [] : rangeNodes(0, size);
    const hashes = await storage.readNodes(coords);
    if (hashes.some((h) => h === undefined)) {
      throw new AuditError(
        'audit_storage_corrupt',
        `subtree hashes of the log head (size ${size}) are missing`,
      );
    }
    const frontier = new MerkleFrontier(size, hashes as Uint8Array[]);
    const stored = await storage.latestCheckpoint();
    let last: SignedCheckpoint | undefined;
    if (stored !== undefined) {
      const opened = openCheckpoint(stored.note, options.signing_key.publicKey, { origin: options.origin });
      if (!opened.ok) {
        throw new AuditError('audit_storage_corrupt', `newest checkpoint refused: ${opened.message}`);
      }
      last = opened.checkpoint;
      if (last.tree_size > size || last.tree_size !== stored.tree_size) {
        throw new AuditError('audit_storage_corrupt', 'newest checkpoint covers entries that are not stored');
      }
      const root = await rootFromStorage((c) => storage.readNodes(c), last.tree_size);
      if (!hashesEqual(root, last.root_hash)) {
        throw new AuditError(
          'audit_storage_corrupt',
          `stored tree does not match checkpoint ${last.tree_size}`,
        );
      }
    }
    return new AuditLog(storage, options, frontier, last);
  }

  /** Entries committed so far. */
  get size(): number {
    return this.#frontier.size;
  }

  get root_hash(): Uint8Array {
    return this.#frontier.root();
  }

  /**
   * Appends drafts in order, numbering them; stores a checkpoint in the same write when one is due.
   * `attached` writes (see AuditWriteBatch) commit in the same transaction as the entries.
   */
  append(drafts: readonly AuditEntryDraft[], attached: readonly unknown[] = []): Promise<AuditAppendResult> {
    return this.#exclusive(() => this.#append(drafts, attached));
  }

  /** For a timer: signs a checkpoint if entries are waiting and the interval has passed. */
  checkpointIfDue(): Promise<SignedCheckpoint | undefined> {
    return this.#exclusive(async () => (this.#due(this.size) ? this.#writeCheckpoint() : undefined));
  }

  /** Signs a checkpoint now if any entry is not yet covered (e.g. on shutdown). */
  checkpointNow(): Promise<SignedCheckpoint | undefined> {
    return this.#exclusive(async () =>
      this.size > (this.#last?.tree_size ?? 0) ? this.#writeCheckpoint() : undefined,
    );
  }

  async latestCheckpoint(): Promise<SignedCheckpoint | undefined> {
    const stored = await this.#storage.latestCheckpoint();
    return stored === undefined ? undefined : this.#openStored(stored);
  }

  /** Stored checkpoints from min_tree_size up, as signed note texts for serving. */
  async readCheckpoints(min_tree_size: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.#storage.readCheckpoints(min_tree_size, Math.min(Math.max(limit, 0), MAX_READ_CHECKPOINTS));
  }

  async readEntries(start: number, limit: number): Promise<AuditEntry[]> {
    this.#checkIndex(start, this.size + 1, 'start');
    const rows: StoredEntry[] = await this.#storage.readEntries(
      start,
      Math.min(Math.max(limit, 0), MAX_READ_ENTRIES),
    );
    return rows.filter((row) => row.index < this.size).map((row) => decodeAuditEntry(row.bytes));
  }

  async rootAt(tree_size: number): Promise<Uint8Array> {
    this.#checkSize(tree_size);
    return rootFromStorage(this.#reader(), tree_size);
  }

  /** Proof that entry `leaf_index` is in the tree of `tree_size` (a checkpointed size, usually). */
  async inclusionProof(leaf_index: number, tree_size: number): Promise<InclusionProof> {
    this.#checkSize(tree_size);
    this.#checkIndex(leaf_index, tree_size, 'leaf index');
    return buildInclusionProof(this.#reader(), leaf_index, tree_size);
  }

  /** Proof that the tree of `first_size` is a prefix of the tree of `second_size`. */
  async consistencyProof(first_size: number, second_size: number): Promise<ConsistencyProof> {
    this.#checkSize(second_size);
    this.#checkSize(first_size);
    if (first_size > second_size) {
      throw new AuditError('audit_tree_size_invalid', 'the first size must not exceed the second');
    }
    return buildConsistencyProof(this.#reader(), first_size, second_size);
  }

  #reader() {
    return (coords: Parameters<AuditStorage['readNodes']>[0]) => this.#storage.readNodes(coords);
  }

  #checkSize(tree_size: number): void {
    if (!Number.isSafeInteger(tree_size) || tree_size < 0 || tree_size > this.size) {
      throw new AuditError('audit_tree_size_invalid', `tree size must be an integer in [0, ${this.size}]`);
    }
  }

  #checkIndex(index: number, bound: number, name: string): void {
    if (!Number.isSafeInteger(index) || index < 0 || index >= bound) {
      throw new AuditError('audit_index_out_of_range', `${name} must be an integer in [0, ${bound})`);
    }
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(work, work);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  #due(size: number): boolean {
    const lastSize = this.#last?.tree_size ?? 0;
    if (size <= lastSize) return false;
    if (size - lastSize >= this.#every) return true;
    return this.#now() - (this.#last?.timestamp_ms ?? this.#openedMs) >= this.#interval;
  }

  #sign(frontier: MerkleFrontier): SignedCheckpoint {
    // A clock stepping back must not produce checkpoints that go back in time.
    const timestamp_ms = Math.max(this.#now(), this.#last?.timestamp_ms ?? 0);
    return signCheckpoint(
      { origin: this.origin, tree_size: frontier.size, root_hash: frontier.root() },
      timestamp_ms,
      this.#key,
    );
  }

  async #append(
    drafts: readonly AuditEntryDraft[],
    attached: readonly unknown[],
  ): Promise<AuditAppendResult> {
    if (!Array.isArray(drafts))
      throw new AuditError('audit_entry_invalid', 'append takes an array of drafts');
    if (drafts.length > MAX_APPEND_BATCH_ENTRIES) {
      throw new AuditError('audit_batch_too_large', `at most ${MAX_APPEND_BATCH_ENTRIES} entries per append`);
    }
    if (drafts.length === 0) {
      if (attached.length > 0) throw new AuditError('audit_entry_invalid', 'attached writes need an entry');
      return { entries: [], checkpoint: undefined };
    }
    const frontier = this.#frontier.clone();
    const entries: AuditEntry[] = [];
    const rows: StoredEntry[] = [];
    const nodes: NewNode[] = [];
    for (const draft of drafts) {
      const entry: AuditEntry = {
        index: frontier.size,
        ts_ms: draft.ts_ms,
        actor: draft.actor,
        action: draft.action,
        subject: draft.subject,
        details: draft.details,
      };
      const bytes = encodeAuditEntry(entry);
      entries.push(entry);
      rows.push({ index: entry.index, bytes });
      for (const node of frontier.push(leafHash(bytes))) nodes.push(node);
    }
    const checkpoint = this.#due(frontier.size) ? this.#sign(frontier) : undefined;
    await this.#storage.write({
      entries: rows,
      nodes,
      checkpoint: checkpoint && stored(checkpoint),
      ...(attached.length === 0 ? {} : { attached }),
    });
    this.#frontier = frontier;
    if (checkpoint !== undefined) this.#last = checkpoint;
    return { entries, checkpoint };
  }

  async #writeCheckpoint(): Promise<SignedCheckpoint> {
    const checkpoint = this.#sign(this.#frontier);
    await this.#storage.write({ entries: [], nodes: [], checkpoint: stored(checkpoint) });
    this.#last = checkpoint;
    return checkpoint;
  }

  #openStored(row: StoredCheckpoint): SignedCheckpoint {
    const opened = openCheckpoint(row.note, this.publicKey, { origin: this.origin });
    if (!opened.ok)
      throw new AuditError('audit_storage_corrupt', `stored checkpoint refused: ${opened.message}`);
    return opened.checkpoint;
  }
}

function stored(checkpoint: SignedCheckpoint): StoredCheckpoint {
  return { tree_size: checkpoint.tree_size, timestamp_ms: checkpoint.timestamp_ms, note: checkpoint.note };
}
