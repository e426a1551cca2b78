/**
 * Turns validated rules into detectors, in two passes: every rule first declares the window counters it
 * reads (so rules with the same window and amount ranges share one), then the counters are built and the
 * detectors bound to them.
 */
import type { ScoredRule } from '../rules/types.ts';
import { bipartite } from './bipartite.ts';
import { cycle } from './cycle.ts';
import type { Detector, Env } from './detector.ts';
import { dormancy } from './dormancy.ts';
import { gatherScatter, scatterGather } from './graph-rules.ts';
import type { DetectorFactory } from './registry.ts';
import { SpecRegistry } from './registry.ts';
import { stack } from './stack.ts';
import { fan, newWalletBurst, passThrough, repeatedPair, structuring, velocity } from './window-rules.ts';

function factory(rule: ScoredRule, reg: SpecRegistry): DetectorFactory {
  switch (rule.type) {
    case 'velocity':
      return velocity(rule, reg);
    case 'fan':
      return fan(rule, reg);
    case 'structuring':
      return structuring(rule, reg);
    case 'repeated_pair':
      return repeatedPair(rule, reg);
    case 'new_wallet_burst':
      return newWalletBurst(rule, reg);
    case 'dormancy':
      return dormancy(rule);
    case 'pass_through':
      return passThrough(rule, reg);
    case 'cycle':
      return cycle(rule, reg);
    case 'scatter_gather':
      return scatterGather(rule, reg);
    case 'gather_scatter':
      return gatherScatter(rule, reg);
    case 'bipartite':
      return bipartite(rule, reg);
    case 'stack':
      return stack(rule, reg);
  }
}

export interface Plan {
  readonly registry: SpecRegistry;
  bind(env: Env): Detector[];
}

export function plan(rules: readonly ScoredRule[]): Plan {
  const registry = new SpecRegistry();
  const factories = rules.map((r) => factory(r, registry));
  return { registry, bind: (env) => factories.map((f) => f(env)) };
}

/** How far back a rule reads the edge window, in ms: what the window must retain. */
export function lookback_ms(rule: ScoredRule): number {
  return rule.type === 'dormancy' ? rule.params.active_window_ms : rule.params.window_ms;
}

/** History a rule needs to judge exactly after a replay (dormancy also needs the silence before). */
export function memory_ms(rule: ScoredRule): number {
  return rule.type === 'dormancy'
    ? rule.params.min_quiet_ms + rule.params.active_window_ms
    : lookback_ms(rule);
}
