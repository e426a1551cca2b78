import { AuditError } from './errors.ts';
import { foldSubtrees, HASH_BYTES, type MerkleHasher, SM3_MERKLE } from './merkle.ts';
import {
  consistencyRanges,
  inclusionRanges,
  type LeafRange,
  type NodeCoord,
  rangeNodes,
} from './tree-math.ts';

/** Reads stored subtree hashes; AuditStorage.readNodes fits. */
export type NodeReader = (coords: readonly NodeCoord[]) => Promise<(Uint8Array | undefined)[]>;

export interface InclusionProof {
  readonly leaf_index: number;
  readonly tree_size: number;
  readonly leaf_hash: Uint8Array;
  readonly path: readonly Uint8Array[];
}

export interface ConsistencyProof {
  readonly first_size: number;
  readonly second_size: number;
  readonly path: readonly Uint8Array[];
}

function key(c: NodeCoord): string {
  return `${c.level}:${c.index}`;
}

/**
 * The RFC 6962 hash of each range, from stored complete subtrees: one batched read of O(log n) nodes,
 * never a rehash of leaves.
 */
export async function hashRanges(
  read: NodeReader,
  ranges: readonly LeafRange[],
  hasher: MerkleHasher = SM3_MERKLE,
): Promise<Uint8Array[]> {
  const plans = ranges.map(([start, end]) => rangeNodes(start, end));
  const unique = new Map<string, NodeCoord>();
  for (const plan of plans) for (const c of plan) unique.set(key(c), c);
  const coords = [...unique.values()];
  const hashes = await read(coords);
  if (hashes.length !== coords.length) {
    throw new AuditError('audit_storage_corrupt', 'storage returned the wrong number of node hashes');
  }
  const byKey = new Map<string, Uint8Array>();
  coords.forEach((c, i) => {
    const hash = hashes[i];
    if (!(hash instanceof Uint8Array) || hash.byteLength !== HASH_BYTES) {
      throw new AuditError(
        'audit_storage_corrupt',
        `subtree hash (${c.level}, ${c.index}) is missing from storage`,
      );
    }
    byKey.set(key(c), hash);
  });
  return plans.map((plan) =>
    foldSubtrees(
      plan.map((c) => byKey.get(key(c))!),
      hasher,
    ),
  );
}

export async function rootFromStorage(
  read: NodeReader,
  tree_size: number,
  hasher: MerkleHasher = SM3_MERKLE,
): Promise<Uint8Array> {
  if (tree_size === 0) return hasher.emptyRoot();
  const [root] = await hashRanges(read, [[0, tree_size]], hasher);
  return root!;
}

export async function buildInclusionProof(
  read: NodeReader,
  leaf_index: number,
  tree_size: number,
  hasher: MerkleHasher = SM3_MERKLE,
): Promise<InclusionProof> {
  const ranges = inclusionRanges(leaf_index, tree_size);
  const hashes = await hashRanges(read, [[leaf_index, leaf_index + 1], ...ranges], hasher);
  return { leaf_index, tree_size, leaf_hash: hashes[0]!, path: hashes.slice(1) };
}

export async function buildConsistencyProof(
  read: NodeReader,
  first_size: number,
  second_size: number,
  hasher: MerkleHasher = SM3_MERKLE,
): Promise<ConsistencyProof> {
  if (first_size === 0 || first_size === second_size) return { first_size, second_size, path: [] };
  const path = await hashRanges(read, consistencyRanges(first_size, second_size), hasher);
  return { first_size, second_size, path };
}
