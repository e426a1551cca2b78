import { AuditError } from './errors.ts';

/**
 * Index arithmetic for RFC 6962 / RFC 9162 trees. Sizes go past 2^32, so this uses plain arithmetic on
 * safe integers, never 32-bit bitwise operators.
 */
export const MAX_TREE_SIZE = 2 ** 52;
/** log2(MAX_TREE_SIZE): the most levels above the leaves, the longest inclusion path. */
export const MAX_TREE_LEVELS = 52;

/** A complete subtree: leaves [index * 2^level, (index + 1) * 2^level). Level 0 is a leaf. */
export interface NodeCoord {
  readonly level: number;
  readonly index: number;
}

/** A range of leaves [start, end). */
export type LeafRange = readonly [start: number, end: number];

export function assertTreeSize(size: number, name = 'tree size'): void {
  if (!Number.isSafeInteger(size) || size < 0 || size > MAX_TREE_SIZE) {
    throw new AuditError('audit_tree_size_invalid', `${name} must be an integer in [0, 2^52]`);
  }
}

export function isOdd(value: number): boolean {
  return value % 2 === 1;
}

export function half(value: number): number {
  return Math.floor(value / 2);
}

/** The largest power of two strictly less than n, for n >= 2 (the split point k of RFC 6962 2.1). */
export function splitPoint(n: number): number {
  if (!(n >= 2)) throw new Error(`splitPoint needs n >= 2, got ${n}`);
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete aligned subtrees covering [start, end), left to right. For the ranges that RFC 6962
 * proofs use, sizes strictly decrease, and MTH of the range is the right fold of these nodes.
 */
export function rangeNodes(start: number, end: number): NodeCoord[] {
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && start >= 0 && start < end)) {
    throw new Error(`bad leaf range [${start}, ${end})`);
  }
  const nodes: NodeCoord[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    let size = 1;
    while (at % (size * 2) === 0 && at + size * 2 <= end && level < MAX_TREE_LEVELS) {
      size *= 2;
      level += 1;
    }
    nodes.push({ level, index: at / size });
    at += size;
  }
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i]!.level >= nodes[i - 1]!.level)
      throw new Error(`[${start}, ${end}) is not an RFC 6962 subtree`);
  }
  return nodes;
}

/** PATH(m, D[0:n]) of RFC 6962 2.1.1 as leaf ranges, from the leaf's sibling up to the root's child. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new Error(`leaf ${index} is not in a tree of size ${size}`);
  const out: LeafRange[] = [];
  const walk = (m: number, lo: number, hi: number): void => {
    const n = hi - lo;
    if (n <= 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, lo, lo + k);
      out.push([lo + k, hi]);
    } else {
      walk(m - k, lo + k, hi);
      out.push([lo, lo + k]);
    }
  };
  walk(index, 0, size);
  return out;
}

/** PROOF(m, D[0:n]) of RFC 6962 2.1.2 as leaf ranges, for 0 < m < n. */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  if (!(first > 0 && first < second)) throw new Error(`no consistency proof from ${first} to ${second}`);
  const out: LeafRange[] = [];
  const walk = (m: number, lo: number, hi: number, whole: boolean): void => {
    const n = hi - lo;
    if (m === n) {
      if (!whole) out.push([lo, hi]);
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      walk(m, lo, lo + k, whole);
      out.push([lo + k, hi]);
    } else {
      walk(m - k, lo + k, hi, false);
      out.push([lo, lo + k]);
    }
  };
  walk(first, 0, second, true);
  return out;
}
