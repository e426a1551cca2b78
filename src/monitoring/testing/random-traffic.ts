/**
 * Random but alert-prone traffic and a rule set that exercises every rule type at low thresholds, for
 * property tests (determinism, replay, alert invariants).
 */
import fc from 'fast-check';
import type { Rule, RuleSet } from '../rules/types.ts';
import type { TransferEvent, WalletKind } from '../transfer-event.ts';
import { DAY, HOUR, ruleSetOf, Stream, YUAN } from './fixtures.ts';

export interface Step {
  readonly from: number;
  readonly to: number;
  readonly amount: number;
  readonly dt: number;
}

/** Steps between `wallets` wallets, time advancing by up to `maxDt` ms per transfer. */
export function stepsArb(wallets: number, maxDt: number, maxLength: number): fc.Arbitrary<Step[]> {
  return fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: wallets - 1 }),
      to: fc.integer({ min: 0, max: wallets - 1 }),
      amount: fc.oneof(
        fc.integer({ min: 1, max: 10_000 * YUAN }),
        fc.integer({ min: 4_800 * YUAN, max: 4_999 * YUAN }),
      ),
      dt: fc.integer({ min: 0, max: maxDt }),
    }),
    { minLength: maxLength >> 1, maxLength },
  );
}

const KINDS: readonly WalletKind[] = ['personal', 'personal', 'corporate', 'merchant'];

export function eventsOf(steps: readonly Step[]): TransferEvent[] {
  const s = new Stream();
  let t = 0;
  for (const st of steps) {
    if (st.from === st.to) continue;
    t += st.dt;
    for (const w of [st.from, st.to]) s.party(`w${w}`, { kind: KINDS[w % KINDS.length]! });
    s.pay(`w${st.from}`, `w${st.to}`, st.amount, t);
  }
  return s.events;
}

const g = { window_ms: 6 * HOUR, min_amount_fen: 100 * YUAN, max_branch: 16 } as const;

export const EVERY_RULE: readonly Rule[] = [
  {
    id: 'vel',
    version: 1,
    weight: 1,
    type: 'velocity',
    typologies: ['velocity'],
    params: { direction: 'out', window_ms: 2 * HOUR, min_count: 3 },
  },
  {
    id: 'fan',
    version: 1,
    weight: 0.6,
    type: 'fan',
    typologies: ['fan_in', 'mule'],
    params: { direction: 'in', window_ms: 4 * HOUR, min_distinct: 3 },
  },
  {
    id: 'fanout',
    version: 1,
    weight: 1,
    type: 'fan',
    typologies: ['fan_out'],
    params: { direction: 'out', window_ms: 4 * HOUR, min_distinct: 3, new_counterparty: true },
  },
  {
    id: 'struct',
    version: 1,
    weight: 1,
    type: 'structuring',
    typologies: ['structuring'],
    params: {
      direction: 'out',
      window_ms: DAY,
      thresholds_fen: [5_000 * YUAN],
      band_ratio: 0.05,
      min_count: 2,
    },
  },
  {
    id: 'split',
    version: 1,
    weight: 1,
    type: 'repeated_pair',
    typologies: ['split'],
    params: { direction: 'in', window_ms: HOUR, min_count: 2 },
  },
  {
    id: 'young',
    version: 1,
    weight: 0.6,
    type: 'new_wallet_burst',
    typologies: ['mule'],
    params: { direction: 'in', max_wallet_age_ms: 500 * DAY, window_ms: 4 * HOUR, min_count: 2 },
  },
  {
    id: 'dorm',
    version: 1,
    weight: 1,
    type: 'dormancy',
    typologies: ['dormant'],
    params: {
      min_quiet_ms: 12 * HOUR,
      active_window_ms: 2 * HOUR,
      direction: 'any',
      min_sum_fen: 1_000 * YUAN,
    },
  },
  {
    id: 'pt',
    version: 1,
    weight: 1,
    type: 'pass_through',
    typologies: ['pass_through'],
    params: { window_ms: 3 * HOUR, min_in_sum_fen: 1_000 * YUAN, min_out_ratio: 0.5, max_out_ratio: 2 },
  },
  {
    id: 'cyc',
    version: 1,
    weight: 1,
    type: 'cycle',
    typologies: ['cycle'],
    params: { ...g, min_length: 3, max_length: 4, min_hop_ratio: 0, max_visits: 200 },
  },
  {
    id: 'sg',
    version: 1,
    weight: 1,
    type: 'scatter_gather',
    typologies: ['scatter_gather'],
    params: { ...g, min_intermediates: 2 },
  },
  {
    id: 'gs',
    version: 1,
    weight: 1,
    type: 'gather_scatter',
    typologies: ['gather_scatter'],
    params: { ...g, min_sources: 2, min_sinks: 2 },
  },
  {
    id: 'bp',
    version: 1,
    weight: 1,
    type: 'bipartite',
    typologies: ['bipartite'],
    params: { ...g, min_sources: 2, min_sinks: 2 },
  },
  {
    id: 'st',
    version: 1,
    weight: 1,
    type: 'stack',
    typologies: ['stack'],
    params: { ...g, min_layers: 3, min_width: 2 },
  },
  {
    id: 'lvr',
    version: 1,
    type: 'large_value',
    params: {
      currency: 'CNY',
      thresholds_fen: { personal: 20_000 * YUAN, corporate: 40_000 * YUAN, merchant: 40_000 * YUAN },
      directions: ['in', 'out'],
    },
  },
];

export const EVERY_RULE_SET: RuleSet = {
  ...ruleSetOf(EVERY_RULE),
  merge_period_ms: 6 * HOUR,
  relationship_horizon_ms: 8 * HOUR,
};
