import { AuditError } from './errors.ts';
import { HASH_BYTES, MAX_CONSISTENCY_PATH, MAX_INCLUSION_PATH } from './merkle.ts';
import type { ConsistencyProof, InclusionProof } from './proofs.ts';
import { MAX_TREE_SIZE } from './tree-math.ts';

/**
 * Proofs on the wire: sizes as JSON integers, hashes as standard base64 (as in checkpoints).
 *   { "leaf_index": 5, "tree_size": 8, "leaf_hash": "…", "path": ["…", …] }
 *   { "first_size": 6, "second_size": 8, "path": ["…", …] }
 */
export interface InclusionProofJson {
  readonly leaf_index: number;
  readonly tree_size: number;
  readonly leaf_hash: string;
  readonly path: readonly string[];
}

export interface ConsistencyProofJson {
  readonly first_size: number;
  readonly second_size: number;
  readonly path: readonly string[];
}

const b64 = (hash: Uint8Array) => Buffer.from(hash).toString('base64');

function invalid(message: string): never {
  throw new AuditError('audit_proof_invalid', message);
}

function hashFrom(value: unknown, name: string): Uint8Array {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(value))
    invalid(`${name} must be a base64 hash`);
  const bytes = new Uint8Array(Buffer.from(value, 'base64'));
  if (bytes.byteLength !== HASH_BYTES || b64(bytes) !== value) invalid(`${name} must be 32 bytes of base64`);
  return bytes;
}

function sizeFrom(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > MAX_TREE_SIZE) {
    invalid(`${name} must be an integer in [0, 2^52]`);
  }
  return value as number;
}

function pathFrom(value: unknown, max: number): Uint8Array[] {
  if (!Array.isArray(value) || value.length > max) invalid(`path must be an array of at most ${max} hashes`);
  return value.map((h, i) => hashFrom(h, `path[${i}]`));
}

function objectFrom(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    invalid('a proof is a JSON object');
  const got = Object.keys(value).sort().join(',');
  if (got !== [...keys].sort().join(',')) invalid(`a proof has exactly the fields ${keys.join(', ')}`);
  return value as Record<string, unknown>;
}

export function inclusionProofToJson(proof: InclusionProof): InclusionProofJson {
  return {
    leaf_index: proof.leaf_index,
    tree_size: proof.tree_size,
    leaf_hash: b64(proof.leaf_hash),
    path: proof.path.map(b64),
  };
}

export function inclusionProofFromJson(value: unknown): InclusionProof {
  const o = objectFrom(value, ['leaf_index', 'tree_size', 'leaf_hash', 'path']);
  return {
    leaf_index: sizeFrom(o.leaf_index, 'leaf_index'),
    tree_size: sizeFrom(o.tree_size, 'tree_size'),
    leaf_hash: hashFrom(o.leaf_hash, 'leaf_hash'),
    path: pathFrom(o.path, MAX_INCLUSION_PATH),
  };
}

export function consistencyProofToJson(proof: ConsistencyProof): ConsistencyProofJson {
  return { first_size: proof.first_size, second_size: proof.second_size, path: proof.path.map(b64) };
}

export function consistencyProofFromJson(value: unknown): ConsistencyProof {
  const o = objectFrom(value, ['first_size', 'second_size', 'path']);
  return {
    first_size: sizeFrom(o.first_size, 'first_size'),
    second_size: sizeFrom(o.second_size, 'second_size'),
    path: pathFrom(o.path, MAX_CONSISTENCY_PATH),
  };
}
