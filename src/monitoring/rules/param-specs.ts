/**
 * Parameter schemas per rule type, in a small JSON-schema-like form the validator walks. Bounds are
 * what the detectors can honour with bounded memory and time, not business advice.
 */
import type { RuleType } from './types.ts';

export type FieldSpec =
  | { readonly kind: 'int'; readonly min: number; readonly max: number; readonly optional?: boolean }
  | { readonly kind: 'number'; readonly min: number; readonly max: number; readonly optional?: boolean }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly optional?: boolean }
  | { readonly kind: 'enum_list'; readonly values: readonly string[]; readonly optional?: boolean }
  | { readonly kind: 'int_list'; readonly min: number; readonly max: number; readonly optional?: boolean }
  | { readonly kind: 'string'; readonly optional?: boolean }
  | { readonly kind: 'bool'; readonly optional?: boolean }
  | { readonly kind: 'kind_amounts'; readonly optional?: boolean };

/** Largest amount representable exactly (Number.MAX_SAFE_INTEGER fen). */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;
/** Longest window any rule may use: 400 days. */
export const MAX_WINDOW_MS = 400 * 86_400_000;
const MAX_COUNT = 1_000_000;
/** Graph searches stay small: at most this many adjacency entries per wallet and visits per search. */
export const MAX_BRANCH = 4096;
export const MAX_VISITS = 100_000;

const window = { kind: 'int', min: 1, max: MAX_WINDOW_MS } as const;
const fen = { kind: 'int', min: 0, max: MAX_FEN } as const;
const optFen = { kind: 'int', min: 0, max: MAX_FEN, optional: true } as const;
const count = { kind: 'int', min: 1, max: MAX_COUNT } as const;
const optCount = { kind: 'int', min: 1, max: MAX_COUNT, optional: true } as const;
const direction = { kind: 'enum', values: ['in', 'out'] } as const;
const ratio = { kind: 'number', min: 0, max: 1000 } as const;
const filter = {
  min_amount_fen: optFen,
  max_amount_fen: optFen,
  new_counterparty: { kind: 'bool', optional: true },
} as const;
const graph = {
  window_ms: window,
  min_amount_fen: fen,
  max_branch: { kind: 'int', min: 1, max: MAX_BRANCH },
} as const;
const relay = {
  min_hop_ratio: { kind: 'number', min: 0, max: 1000, optional: true },
  max_hop_ratio: { kind: 'number', min: 0, max: 1000, optional: true },
} as const;

export const PARAM_SPECS: Readonly<Record<RuleType, Readonly<Record<string, FieldSpec>>>> = {
  velocity: { ...filter, direction, window_ms: window, min_count: optCount, min_sum_fen: optFen },
  fan: { ...filter, direction, window_ms: window, min_distinct: count, min_sum_fen: optFen },
  structuring: {
    direction,
    window_ms: window,
    thresholds_fen: { kind: 'int_list', min: 1, max: MAX_FEN },
    band_ratio: { kind: 'number', min: 0, max: 1 },
    min_count: count,
    min_sum_fen: optFen,
  },
  repeated_pair: {
    ...filter,
    direction,
    window_ms: window,
    min_count: { kind: 'int', min: 2, max: MAX_COUNT },
  },
  new_wallet_burst: {
    ...filter,
    direction,
    max_wallet_age_ms: window,
    window_ms: window,
    min_count: optCount,
    min_sum_fen: optFen,
    min_distinct: optCount,
  },
  dormancy: {
    min_quiet_ms: window,
    active_window_ms: window,
    direction: { kind: 'enum', values: ['in', 'out', 'any'] },
    min_sum_fen: fen,
    min_count: optCount,
    min_amount_fen: optFen,
  },
  pass_through: { window_ms: window, min_in_sum_fen: fen, min_out_ratio: ratio, max_out_ratio: ratio },
  large_value: {
    currency: { kind: 'string' },
    thresholds_fen: { kind: 'kind_amounts' },
    directions: { kind: 'enum_list', values: ['in', 'out'] },
  },
  cycle: {
    ...graph,
    ...relay,
    min_length: { kind: 'int', min: 2, max: 12 },
    max_length: { kind: 'int', min: 2, max: 12 },
    max_visits: { kind: 'int', min: 1, max: MAX_VISITS },
  },
  scatter_gather: { ...graph, ...relay, min_intermediates: { kind: 'int', min: 2, max: MAX_BRANCH } },
  gather_scatter: {
    ...graph,
    ...relay,
    min_sources: { kind: 'int', min: 2, max: MAX_BRANCH },
    min_sinks: { kind: 'int', min: 2, max: MAX_BRANCH },
  },
  bipartite: {
    ...graph,
    min_sources: { kind: 'int', min: 2, max: MAX_BRANCH },
    min_sinks: { kind: 'int', min: 2, max: MAX_BRANCH },
  },
  stack: {
    ...graph,
    ...relay,
    min_layers: { kind: 'int', min: 3, max: 8 },
    min_width: { kind: 'int', min: 1, max: MAX_BRANCH },
  },
};

export const RULE_TYPES = Object.keys(PARAM_SPECS) as RuleType[];
