import { AuditError } from './errors.ts';
import { HASH_BYTES, hashesEqual } from './merkle.ts';
import type { AuditStorage, AuditWriteBatch, StoredCheckpoint, StoredEntry } from './storage.ts';
import { MAX_TREE_LEVELS, type NodeCoord } from './tree-math.ts';

/** A byte buffer that doubles as it fills, so a million entries are two allocations, not a million. */
class GrowableBytes {
  data = new Uint8Array(64 * 1024);
  length = 0;

  append(bytes: Uint8Array): void {
    this.#reserve(bytes.byteLength);
    this.data.set(bytes, this.length);
    this.length += bytes.byteLength;
  }

  #reserve(extra: number): void {
    if (this.length + extra <= this.data.byteLength) return;
    let capacity = this.data.byteLength * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
}

class GrowableOffsets {
  data = new Float64Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length] = value;
    this.length += 1;
  }
}

function conflict(message: string): never {
  throw new AuditError('audit_storage_conflict', message);
}

/**
 * The reference AuditStorage, in memory. It enforces the contract that a database implementation must
 * enforce too (contiguous entries, immutable nodes, growing checkpoints, all-or-nothing batches).
 */
export class MemoryAuditStorage implements AuditStorage {
  readonly #entryBytes = new GrowableBytes();
  /** offsets[i] .. offsets[i+1] delimit entry i; offsets[0] = 0. */
  readonly #entryOffsets = new GrowableOffsets();
  readonly #levels: GrowableBytes[] = [];
  readonly #checkpoints: StoredCheckpoint[] = [];

  constructor() {
    this.#entryOffsets.push(0);
  }

  #count(): number {
    return this.#entryOffsets.length - 1;
  }

  #nodeCount(level: number): number {
    const store = this.#levels[level];
    return store === undefined ? 0 : store.length / HASH_BYTES;
  }

  #node(level: number, index: number): Uint8Array | undefined {
    if (!(index >= 0 && index < this.#nodeCount(level))) return undefined;
    const start = index * HASH_BYTES;
    return this.#levels[level]!.data.slice(start, start + HASH_BYTES);
  }

  async write(batch: AuditWriteBatch): Promise<void> {
    if (batch.attached !== undefined && batch.attached.length > 0)
      conflict('memory storage cannot apply attached writes');
    const size = this.#count();
    batch.entries.forEach((entry, i) => {
      if (entry.index !== size + i) conflict(`entry ${entry.index} does not continue a log of ${size + i}`);
      if (!(entry.bytes instanceof Uint8Array)) conflict('entry bytes must be a Uint8Array');
    });
    // Nodes of one level arrive in index order; each either exists with the same hash or is next.
    const pending = new Map<number, number>();
    for (const node of batch.nodes) {
      if (!Number.isInteger(node.level) || node.level < 0 || node.level > MAX_TREE_LEVELS) {
        conflict(`bad node level ${node.level}`);
      }
      if (!(node.hash instanceof Uint8Array) || node.hash.byteLength !== HASH_BYTES)
        conflict('bad node hash');
      const next = pending.get(node.level) ?? this.#nodeCount(node.level);
      if (node.index < next) {
        const existing = this.#node(node.level, node.index);
        if (existing === undefined || !hashesEqual(existing, node.hash)) {
          conflict(`node (${node.level}, ${node.index}) already stored with another hash`);
        }
      } else if (node.index === next) {
        pending.set(node.level, next + 1);
      } else {
        conflict(`node (${node.level}, ${node.index}) leaves a gap after ${next}`);
      }
    }
    const checkpoint = batch.checkpoint;
    if (checkpoint !== undefined) {
      const last = this.#checkpoints.at(-1);
      if (last !== undefined && checkpoint.tree_size <= last.tree_size)
        conflict('checkpoint does not grow the tree');
      if (checkpoint.tree_size > size + batch.entries.length)
        conflict('checkpoint covers entries not stored');
    }

    for (const entry of batch.entries) {
      this.#entryBytes.append(entry.bytes);
      this.#entryOffsets.push(this.#entryBytes.length);
    }
    for (const node of batch.nodes) {
      if (node.index < this.#nodeCount(node.level)) continue;
      while (this.#levels.length <= node.level) this.#levels.push(new GrowableBytes());
      this.#levels[node.level]!.append(node.hash);
    }
    if (checkpoint !== undefined) this.#checkpoints.push({ ...checkpoint });
  }

  async size(): Promise<number> {
    return this.#count();
  }

  async readEntries(start: number, limit: number): Promise<StoredEntry[]> {
    const out: StoredEntry[] = [];
    const first = Math.max(0, Math.ceil(start));
    const end = Math.min(this.#count(), first + Math.max(0, limit));
    const offsets = this.#entryOffsets.data;
    for (let i = first; i < end; i++) {
      out.push({ index: i, bytes: this.#entryBytes.data.slice(offsets[i]!, offsets[i + 1]!) });
    }
    return out;
  }

  async readNodes(coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]> {
    return coords.map((c) => this.#node(c.level, c.index));
  }

  async readCheckpoints(min_tree_size: number, limit: number): Promise<StoredCheckpoint[]> {
    let lo = 0;
    let hi = this.#checkpoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#checkpoints[mid]!.tree_size < min_tree_size) lo = mid + 1;
      else hi = mid;
    }
    return this.#checkpoints.slice(lo, lo + Math.max(0, limit)).map((c) => ({ ...c }));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const last = this.#checkpoints.at(-1);
    return last === undefined ? undefined : { ...last };
  }
}
