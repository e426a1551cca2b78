/**
 * Works out what happened to a stored sequence of entries from the index each entry carries inside its
 * own bytes. Entries are read in storage order; every entry should carry the index equal to its position.
 *
 * The sequence is compressed into runs of consecutive indices (an untouched log is one run, every edit
 * adds a few), runs are cut where they overlap so that any two pieces are equal or disjoint, and the
 * heaviest in-order chain of pieces (a weighted longest increasing subsequence) is taken as the
 * surviving log. Then: indices nobody carries were removed; pieces off the chain that repeat an index
 * (or carry one past the end) were inserted; the other pieces off the chain were moved (reordered).
 * Memory is O(runs), not O(entries).
 */
export const MAX_DIAGNOSIS_RUNS = 100_000;
export const MAX_DIAGNOSIS_PIECES = 400_000;

/** `length` entries at positions [position, position + length) carry indices [start, start + length). */
export interface Run {
  readonly position: number;
  readonly start: number;
  readonly length: number;
}

export class RunTracker {
  readonly #runs: { position: number; start: number; length: number }[] = [];
  #position = 0;
  #previous = -1;
  #overflow = false;

  /** `index` is undefined for an entry whose bytes could not be read; it is assumed to be in place. */
  push(index: number | undefined): void {
    const value = index ?? this.#previous + 1;
    this.#previous = value;
    const last = this.#runs.at(-1);
    if (last !== undefined && last.start + last.length === value) {
      last.length += 1;
    } else if (this.#runs.length < MAX_DIAGNOSIS_RUNS) {
      this.#runs.push({ position: this.#position, start: value, length: 1 });
    } else {
      this.#overflow = true;
    }
    this.#position += 1;
  }

  get overflow(): boolean {
    return this.#overflow;
  }

  get runs(): readonly Run[] {
    return this.#runs;
  }
}

export type SequenceFinding =
  | { readonly kind: 'removed'; readonly index: number; readonly count: number }
  | {
      readonly kind: 'inserted';
      readonly position: number;
      readonly count: number;
      readonly index: number;
      readonly reason: 'duplicate' | 'beyond_end';
    }
  | { readonly kind: 'reordered'; readonly position: number; readonly count: number; readonly index: number };

export interface SequenceDiagnosis {
  readonly findings: readonly SequenceFinding[];
  /** Too many discontinuities to analyse within the limits; nothing is claimed about the order. */
  readonly undiagnosable: boolean;
}

interface Piece extends Run {
  readonly id: number;
  readonly weight: number;
}

/** Fenwick tree of prefix maxima, ties resolved to the earliest piece for a deterministic answer. */
class PrefixMax {
  readonly #value: Float64Array;
  readonly #id: Int32Array;

  constructor(size: number) {
    this.#value = new Float64Array(size + 1).fill(-1);
    this.#id = new Int32Array(size + 1).fill(-1);
  }

  update(at: number, value: number, id: number): void {
    for (let i = at + 1; i < this.#value.length; i += i & -i) {
      if (value > this.#value[i]! || (value === this.#value[i]! && id < this.#id[i]!)) {
        this.#value[i] = value;
        this.#id[i] = id;
      }
    }
  }

  /** Best over positions [0, at]. */
  query(at: number): { value: number; id: number } {
    let value = 0;
    let id = -1;
    for (let i = at + 1; i > 0; i -= i & -i) {
      if (
        this.#id[i]! >= 0 &&
        (this.#value[i]! > value || (this.#value[i]! === value && (id < 0 || this.#id[i]! < id)))
      ) {
        value = this.#value[i]!;
        id = this.#id[i]!;
      }
    }
    return { value, id };
  }
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `limit`: no genuine entry can carry an index at or past it (the larger of the rows read and the sizes
 * storage and checkpoints claim). `signed_size`: the newest signed tree size; indices below it that no
 * entry carries were removed. `suspects`: sorted positions whose bytes disagree with the stored leaf
 * hash, so that of two copies of an index the genuine one stays on the chain.
 */
export function diagnoseSequence(
  runs: readonly Run[],
  limit: number,
  signed_size: number,
  suspects: readonly number[] = [],
): SequenceDiagnosis {
  const bound = limit;
  const cuts = new Set<number>([bound]);
  for (const run of runs) {
    cuts.add(run.start);
    cuts.add(run.start + run.length);
  }
  const boundaries = [...cuts].sort((a, b) => a - b);
  const pieces: Piece[] = [];
  for (const run of runs) {
    let at = run.start;
    const end = run.start + run.length;
    for (let b = lowerBound(boundaries, at + 1); at < end; b++) {
      const next = Math.min(end, boundaries[b] ?? end);
      const position = run.position + (at - run.start);
      const length = next - at;
      const s = lowerBound(suspects, position);
      const suspect = s < suspects.length && suspects[s]! < position + length;
      // Length dominates; the penalties only break ties: keep the genuine copy, and prefer what was signed.
      const weight = 4 * length - (suspect ? 2 : 0) - (next > signed_size ? 1 : 0);
      pieces.push({ id: pieces.length, position, start: at, length, weight });
      if (pieces.length > MAX_DIAGNOSIS_PIECES) return { findings: [], undiagnosable: true };
      at = next;
    }
  }

  const best = new Float64Array(pieces.length);
  const previous = new Int32Array(pieces.length).fill(-1);
  const chainTable = new PrefixMax(boundaries.length);
  let top = { value: 0, id: -1 };
  for (const piece of pieces) {
    if (piece.start >= bound) continue;
    const before = chainTable.query(lowerBound(boundaries, piece.start));
    best[piece.id] = before.value + piece.weight;
    previous[piece.id] = before.id;
    chainTable.update(lowerBound(boundaries, piece.start + piece.length), best[piece.id]!, piece.id);
    if (best[piece.id]! > top.value) top = { value: best[piece.id]!, id: piece.id };
  }
  const onChain = new Set<number>();
  let chainEnd = 0;
  for (let id = top.id; id >= 0; id = previous[id]!) {
    onChain.add(id);
    chainEnd = Math.max(chainEnd, pieces[id]!.start + pieces[id]!.length);
  }
  // The log ends where the surviving chain or the newest signature says; an index past that which is
  // off the chain was added, not moved.
  const end = Math.max(chainEnd, signed_size);

  type Moved = Exclude<SequenceFinding, { kind: 'removed' }>;
  const moved: Moved[] = [];
  const claimed = new Set<number>();
  for (const piece of pieces) if (onChain.has(piece.id)) claimed.add(piece.start);
  for (const piece of pieces) {
    if (onChain.has(piece.id)) continue;
    const { position, length: count, start: index } = piece;
    let finding: Moved;
    if (index >= end) {
      finding = { kind: 'inserted', position, count, index, reason: 'beyond_end' };
    } else if (claimed.has(index)) {
      finding = { kind: 'inserted', position, count, index, reason: 'duplicate' };
    } else {
      claimed.add(index);
      finding = { kind: 'reordered', position, count, index };
    }
    const last = moved.at(-1);
    const sameKind =
      last !== undefined &&
      last.kind === finding.kind &&
      (last.kind === 'reordered' || (finding.kind === 'inserted' && last.reason === finding.reason));
    if (
      last !== undefined &&
      sameKind &&
      last.position + last.count === position &&
      last.index + last.count === index
    ) {
      moved[moved.length - 1] = { ...last, count: last.count + count };
    } else {
      moved.push(finding);
    }
  }
  const findings: SequenceFinding[] = [...moved];

  const covered = pieces
    .filter((p) => p.start < end)
    .map((p) => [p.start, p.start + p.length] as const)
    .sort((a, b) => a[0] - b[0]);
  let reach = 0;
  for (const [start, end] of covered) {
    if (start > reach) findings.push({ kind: 'removed', index: reach, count: start - reach });
    reach = Math.max(reach, end);
  }
  if (reach < end) findings.push({ kind: 'removed', index: reach, count: end - reach });
  return { findings, undiagnosable: false };
}
