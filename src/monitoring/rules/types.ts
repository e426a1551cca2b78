/**
 * The rule-set file (`config/rules/*.json`) as the monitor sees it after validation. Amounts are integer
 * fen, durations integer milliseconds; every rule carries its own version so an alert names exactly
 * which logic fired.
 */
import type { WalletKind } from '../transfer-event.ts';

export type Direction = 'in' | 'out';
export type Category = 1 | 2 | 3 | 4;

/** Restricts a rule to focal wallets of some kinds / KYC categories; absent means every wallet. */
export interface AppliesTo {
  readonly kinds?: readonly WalletKind[];
  readonly categories?: readonly Category[];
}

interface RuleBase {
  readonly id: string;
  readonly version: number;
  readonly description?: string;
  readonly weight: number;
  readonly typologies: readonly string[];
  readonly applies_to?: AppliesTo;
}

/**
 * Transfers counted by a window rule: only amounts in [min_amount_fen, max_amount_fen), and with
 * `new_counterparty` only transfers between a payer and payee that had not transacted within the rule
 * set's relationship horizon.
 */
export interface AmountFilter {
  readonly min_amount_fen?: number;
  readonly max_amount_fen?: number;
  readonly new_counterparty?: boolean;
}

export interface VelocityRule extends RuleBase {
  readonly type: 'velocity';
  readonly params: AmountFilter & {
    readonly direction: Direction;
    readonly window_ms: number;
    readonly min_count?: number;
    readonly min_sum_fen?: number;
  };
}

export interface FanRule extends RuleBase {
  readonly type: 'fan';
  readonly params: AmountFilter & {
    readonly direction: Direction;
    readonly window_ms: number;
    readonly min_distinct: number;
    readonly min_sum_fen?: number;
  };
}

export interface StructuringRule extends RuleBase {
  readonly type: 'structuring';
  readonly params: {
    readonly direction: Direction;
    readonly window_ms: number;
    /** Limits or reporting thresholds that structuring stays under. */
    readonly thresholds_fen: readonly number[];
    /** A payment is "just under" a threshold T when T * (1 - band_ratio) <= amount < T. */
    readonly band_ratio: number;
    readonly min_count: number;
    readonly min_sum_fen?: number;
  };
}

export interface RepeatedPairRule extends RuleBase {
  readonly type: 'repeated_pair';
  readonly params: AmountFilter & {
    /** `in`: the payee is judged (split payments into it); `out`: the payer is. */
    readonly direction: Direction;
    readonly window_ms: number;
    /** Transfers from the same payer to the same payee within the window. */
    readonly min_count: number;
  };
}

export interface NewWalletBurstRule extends RuleBase {
  readonly type: 'new_wallet_burst';
  readonly params: AmountFilter & {
    readonly direction: Direction;
    readonly max_wallet_age_ms: number;
    readonly window_ms: number;
    readonly min_count?: number;
    readonly min_sum_fen?: number;
    /** Distinct counterparties in the window (a new wallet paying one landlord twice is not a burst). */
    readonly min_distinct?: number;
  };
}

export interface DormancyRule extends RuleBase {
  readonly type: 'dormancy';
  readonly params: {
    /** Silence (no transfer in or out) that makes a wallet dormant. */
    readonly min_quiet_ms: number;
    /** After waking, value moved within this span counts towards min_sum_fen. */
    readonly active_window_ms: number;
    readonly direction: Direction | 'any';
    readonly min_sum_fen: number;
    /** Transfers (in the counted direction) since waking; absent means one is enough. */
    readonly min_count?: number;
    /** Only transfers of at least this much count towards min_sum_fen and min_count. */
    readonly min_amount_fen?: number;
  };
}

export interface PassThroughRule extends RuleBase {
  readonly type: 'pass_through';
  readonly params: {
    readonly window_ms: number;
    readonly min_in_sum_fen: number;
    /** out / in over the window must lie in [min_out_ratio, max_out_ratio]. */
    readonly min_out_ratio: number;
    readonly max_out_ratio: number;
  };
}

export interface LargeValueRule {
  readonly id: string;
  readonly version: number;
  readonly type: 'large_value';
  readonly description?: string;
  readonly params: {
    readonly currency: string;
    /** Day total (per direction) that triggers a report, per wallet kind. */
    readonly thresholds_fen: Readonly<Record<WalletKind, number>>;
    readonly directions: readonly Direction[];
  };
}

interface GraphParams {
  readonly window_ms: number;
  readonly min_amount_fen: number;
  /** Adjacency entries scanned per wallet during a search (most recent first). */
  readonly max_branch: number;
}

/**
 * Bounds on how much of what a wallet received it passes on (later hop / earlier hop, or out / in over
 * the window). Laundering relays keep a cut; absent bounds are not checked.
 */
export interface RelayBounds {
  readonly min_hop_ratio?: number;
  readonly max_hop_ratio?: number;
}

export interface CycleRule extends RuleBase {
  readonly type: 'cycle';
  readonly params: GraphParams &
    RelayBounds & {
      readonly min_length: number;
      readonly max_length: number;
      readonly max_visits: number;
    };
}

export interface ScatterGatherRule extends RuleBase {
  readonly type: 'scatter_gather';
  readonly params: GraphParams & RelayBounds & { readonly min_intermediates: number };
}

export interface GatherScatterRule extends RuleBase {
  readonly type: 'gather_scatter';
  readonly params: GraphParams & RelayBounds & { readonly min_sources: number; readonly min_sinks: number };
}

export interface BipartiteRule extends RuleBase {
  readonly type: 'bipartite';
  readonly params: GraphParams & { readonly min_sources: number; readonly min_sinks: number };
}

export interface StackRule extends RuleBase {
  readonly type: 'stack';
  readonly params: GraphParams & RelayBounds & { readonly min_layers: number; readonly min_width: number };
}

export type ScoredRule =
  | VelocityRule
  | FanRule
  | StructuringRule
  | RepeatedPairRule
  | NewWalletBurstRule
  | DormancyRule
  | PassThroughRule
  | CycleRule
  | ScatterGatherRule
  | GatherScatterRule
  | BipartiteRule
  | StackRule;

export type Rule = ScoredRule | LargeValueRule;
export type RuleType = Rule['type'];

export interface TypologyDef {
  readonly threshold: number;
  readonly description?: string;
}

export interface RuleSet {
  readonly rule_set: string;
  readonly version: number;
  readonly description?: string;
  /** Currency the rules apply to; transfers in other currencies are skipped. */
  readonly currency: string;
  /** Local-day offset from UTC for day totals and alert periods (Asia/Shanghai: +8 h, no DST). */
  readonly timezone_offset_ms: number;
  /** Alerts of one typology on one wallet within one period merge into one alert. */
  readonly merge_period_ms: number;
  /** How long a payer -> payee relationship is remembered (needed by `new_counterparty` filters). */
  readonly relationship_horizon_ms?: number;
  readonly typologies: Readonly<Record<string, TypologyDef>>;
  readonly rules: readonly Rule[];
}
