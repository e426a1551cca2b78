import { hash } from 'node:crypto';
import { half, isOdd, MAX_TREE_LEVELS, MAX_TREE_SIZE, type NodeCoord } from './tree-math.ts';

/**
 * RFC 6962 / RFC 9162 Merkle tree hashing with SM3:
 *   empty tree = SM3(), leaf = SM3(0x00 || entry bytes), node = SM3(0x01 || left || right).
 * The hasher is a parameter only so the algorithms can be checked against the RFC's SHA-256 vectors.
 */
export const HASH_BYTES = 32;
/** Longest proofs for trees up to MAX_TREE_SIZE; anything longer is refused unread. */
export const MAX_INCLUSION_PATH = MAX_TREE_LEVELS;
export const MAX_CONSISTENCY_PATH = 2 * MAX_TREE_LEVELS;

export interface MerkleHasher {
  emptyRoot(): Uint8Array;
  leaf(data: Uint8Array): Uint8Array;
  node(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

export function rfc6962Hasher(algorithm: 'sm3' | 'sha256'): MerkleHasher {
  // One-shot hashing of one buffer: the per-call Hash object costs more than SM3 itself at these sizes.
  const digest = (data: Uint8Array): Uint8Array => {
    const out = hash(algorithm, data, 'buffer');
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  };
  return {
    emptyRoot: () => digest(new Uint8Array(0)),
    leaf: (data) => {
      const input = Buffer.allocUnsafe(data.byteLength + 1);
      input[0] = LEAF_PREFIX;
      input.set(data, 1);
      return digest(input);
    },
    node: (left, right) => {
      const input = Buffer.allocUnsafe(1 + left.byteLength + right.byteLength);
      input[0] = NODE_PREFIX;
      input.set(left, 1);
      input.set(right, 1 + left.byteLength);
      return digest(input);
    },
  };
}

export const SM3_MERKLE: MerkleHasher = rfc6962Hasher('sm3');

export function leafHash(entryBytes: Uint8Array): Uint8Array {
  return SM3_MERKLE.leaf(entryBytes);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return SM3_MERKLE.node(left, right);
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
}

function validSize(size: number): boolean {
  return Number.isSafeInteger(size) && size >= 0 && size <= MAX_TREE_SIZE;
}

function validHashes(hashes: readonly Uint8Array[]): boolean {
  return hashes.every((h) => h instanceof Uint8Array && h.byteLength === HASH_BYTES);
}

/**
 * The root implied by an inclusion proof (RFC 9162 2.1.3.2), or undefined when the proof has the wrong
 * shape for (leaf_index, tree_size): too short, too long, or not a proof at all.
 */
export function rootFromInclusionProof(
  leaf_index: number,
  tree_size: number,
  leaf_hash: Uint8Array,
  path: readonly Uint8Array[],
  hasher: MerkleHasher = SM3_MERKLE,
): Uint8Array | undefined {
  if (
    !validSize(tree_size) ||
    !Number.isSafeInteger(leaf_index) ||
    leaf_index < 0 ||
    leaf_index >= tree_size
  ) {
    return undefined;
  }
  if (path.length > MAX_INCLUSION_PATH || !validHashes(path) || !validHashes([leaf_hash])) return undefined;
  let fn = leaf_index;
  let sn = tree_size - 1;
  let r = leaf_hash;
  for (const p of path) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      r = hasher.node(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hasher.node(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : undefined;
}

export function verifyInclusion(
  leaf_index: number,
  tree_size: number,
  leaf_hash: Uint8Array,
  path: readonly Uint8Array[],
  root: Uint8Array,
  hasher: MerkleHasher = SM3_MERKLE,
): boolean {
  const computed = rootFromInclusionProof(leaf_index, tree_size, leaf_hash, path, hasher);
  return computed !== undefined && root instanceof Uint8Array && hashesEqual(computed, root);
}

/** RFC 9162 2.1.4.2, with the trivial cases (equal sizes, empty first tree) requiring an empty proof. */
export function verifyConsistency(
  first_size: number,
  second_size: number,
  first_root: Uint8Array,
  second_root: Uint8Array,
  path: readonly Uint8Array[],
  hasher: MerkleHasher = SM3_MERKLE,
): boolean {
  if (!validSize(first_size) || !validSize(second_size) || first_size > second_size) return false;
  if (!validHashes([first_root, second_root]) || path.length > MAX_CONSISTENCY_PATH || !validHashes(path)) {
    return false;
  }
  if (first_size === second_size) return path.length === 0 && hashesEqual(first_root, second_root);
  if (first_size === 0) return path.length === 0;
  if (path.length === 0) return false;

  let proof = path;
  if (isPowerOfTwo(first_size)) proof = [first_root, ...path];
  let fn = first_size - 1;
  let sn = second_size - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = proof[0]!;
  let sr = proof[0]!;
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hasher.node(c, fr);
      sr = hasher.node(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hasher.node(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && hashesEqual(fr, first_root) && hashesEqual(sr, second_root);
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** Folds the complete subtrees of a range (left to right, strictly shrinking) into its RFC 6962 hash. */
export function foldSubtrees(hashes: readonly Uint8Array[], hasher: MerkleHasher = SM3_MERKLE): Uint8Array {
  if (hashes.length === 0) return hasher.emptyRoot();
  let acc = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) acc = hasher.node(hashes[i]!, acc);
  return acc;
}

export interface NewNode extends NodeCoord {
  readonly hash: Uint8Array;
}

/**
 * The compact range [0, size): one hash per complete subtree on the left edge, largest first. Appending
 * costs O(log n) and yields every node completed by the new leaf (the leaf itself first), which is what
 * storage keeps so that proofs never rehash the log.
 */
export class MerkleFrontier {
  #size: number;
  readonly #hashes: Uint8Array[];
  readonly #hasher: MerkleHasher;

  constructor(size = 0, hashes: readonly Uint8Array[] = [], hasher: MerkleHasher = SM3_MERKLE) {
    if (!validSize(size)) throw new Error('frontier size out of range');
    let bits = 0;
    for (let n = size; n > 0; n = half(n)) if (isOdd(n)) bits += 1;
    if (hashes.length !== bits || !validHashes(hashes)) {
      throw new Error(`a frontier of size ${size} holds ${bits} hashes, got ${hashes.length}`);
    }
    this.#size = size;
    this.#hashes = [...hashes];
    this.#hasher = hasher;
  }

  get size(): number {
    return this.#size;
  }

  /** Copies, so a failed write can be abandoned without touching the committed frontier. */
  clone(): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#hashes, this.#hasher);
  }

  hashes(): readonly Uint8Array[] {
    return [...this.#hashes];
  }

  push(leaf: Uint8Array): NewNode[] {
    if (this.#size >= MAX_TREE_SIZE) throw new Error('tree is full');
    const created: NewNode[] = [{ level: 0, index: this.#size, hash: leaf }];
    let hash = leaf;
    let index = this.#size;
    let level = 0;
    while (isOdd(index)) {
      const left = this.#hashes.pop();
      if (left === undefined) throw new Error('frontier underflow');
      hash = this.#hasher.node(left, hash);
      index = half(index);
      level += 1;
      created.push({ level, index, hash });
    }
    this.#hashes.push(hash);
    this.#size += 1;
    return created;
  }

  root(): Uint8Array {
    return foldSubtrees(this.#hashes, this.#hasher);
  }
}
