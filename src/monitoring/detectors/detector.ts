/**
 * The contract between the monitor and one compiled rule. `test` runs on every transfer that touches
 * the rule's focal side and must be cheap (typed-array reads, no allocation); only when the typology's
 * score crosses its threshold does the monitor call `explain` for the figures and the transfers.
 */
import type { Counters } from '../core/counters.ts';
import type { EdgeWindow } from '../core/edge-window.ts';
import type { WalletTable } from '../core/wallet-table.ts';
import type { ScoredRule } from '../rules/types.ts';

/** The transfer being processed, as slots and edge numbers. */
export interface EventCtx {
  /** Edge number of the transfer in the window. */
  n: number;
  now: number;
  amount: number;
  from: number;
  to: number;
  /** Last activity of each party before this transfer, NaN when the monitor has none on record. */
  prevSeenFrom: number;
  prevSeenTo: number;
  /** Upper bound on the last activity of a wallet the monitor has no record of (see dormancy). */
  unknownSilentSince: number;
}

export interface Crossed {
  readonly name: string;
  readonly observed: number;
  readonly op: '>=' | '<=';
  readonly threshold: number;
}

/** What a fired rule contributes to an alert. */
export interface Evidence {
  crossed: Crossed[];
  /** Edge numbers of the transfers the rule names. */
  edges: number[];
  /** Wallets that identify the activity (besides the focal wallet), used to merge alerts. */
  keys: string[];
}

export interface Env {
  readonly wallets: WalletTable;
  readonly edges: EdgeWindow;
  readonly counters: Counters;
  /** Cap on transfers one rule names in one explanation. */
  readonly maxNamed: number;
}

export type Side = 'from' | 'to';

export interface Detector {
  readonly rule: ScoredRule;
  /** Which party of a transfer the rule judges (the alert's focal wallet). */
  readonly sides: readonly Side[];
  /** Optional state update run on every transfer before any test, in event order. */
  observe?(ctx: EventCtx): void;
  test(ctx: EventCtx, focal: number, side: Side): boolean;
  explain(ctx: EventCtx, focal: number, side: Side, out: Evidence): void;
}

/**
 * Names the focal wallet's transfers in one direction with ts > since and a mask bit (0 = any),
 * newest first, at most `cap`. Returns how many it named.
 */
export function walk(
  env: Env,
  focal: number,
  dir: 'in' | 'out',
  since: number,
  bit: number,
  cap: number,
  out: number[],
  keep?: (p: number) => boolean,
): number {
  const e = env.edges;
  const need = bit < 0 ? 0 : 1 << bit;
  let named = 0;
  let n = dir === 'in' ? e.headIn[focal]! : e.headOut[focal]!;
  while (n >= e.oldest && named < cap) {
    const p = e.pos(n);
    if (e.ts[p]! <= since) break;
    if ((need === 0 || (e.mask[p]! & need) !== 0) && (keep === undefined || keep(p))) {
      out.push(n);
      named++;
    }
    n = dir === 'in' ? e.nextIn[p]! : e.nextOut[p]!;
  }
  return named;
}
