import { TYPOLOGIES, type Typology } from './dataset-format.ts';
import { cycleRule, hops, layeringRule, matchedHops, scatterGatherRule } from './reference-flow.ts';
import { indexTable } from './reference-index.ts';
import {
  bipartiteRule,
  dormantRule,
  fanRules,
  gatherScatterRule,
  newWalletRule,
  passThroughRule,
  structuringRule,
  watchListRule,
} from './reference-rules.ts';
import type { TransferTable } from './table.ts';
import { MS_PER_DAY } from './time.ts';

export const REFERENCE_RULES = [
  'fan_in',
  'fan_out',
  'gather_scatter',
  'pass_through',
  'bipartite',
  'structuring',
  'dormant',
  'new_wallet',
  'layering',
  'scatter_gather',
  'cycle',
  'watch_list',
] as const;
export type ReferenceRule = (typeof REFERENCE_RULES)[number];

/** Rules learn from history first: nothing is flagged in the first weeks (no laundering is there). */
export const REFERENCE_WARMUP_DAYS = 21;

export interface TypologyScore {
  readonly instances: number;
  readonly transfers: number;
  readonly flagged: number;
  /** Share of the typology's transfers flagged by some rule. */
  readonly recall: number;
  /** Share of its instances with at least half of their transfers flagged. */
  readonly instance_recall: number;
}

export interface Evaluation {
  readonly transfers: number;
  readonly laundering: number;
  readonly flagged: number;
  readonly true_positives: number;
  readonly precision: number;
  readonly recall: number;
  readonly by_rule: Readonly<
    Record<ReferenceRule, { readonly flagged: number; readonly true_positives: number }>
  >;
  readonly by_typology: Readonly<Partial<Record<Typology, TypologyScore>>>;
}

/** Runs every reference rule over the table and scores the union of their flags. */
export function evaluateReferenceRules(t: TransferTable, warmupDays = REFERENCE_WARMUP_DAYS): Evaluation {
  const ix = indexTable(t);
  const flags = new Uint16Array(t.n);
  const from = t.startMs + warmupDays * MS_PER_DAY;
  const flagger = (bit: number) => (i: number) => {
    if (t.ts[i]! >= from) flags[i] = flags[i]! | (1 << bit);
  };
  const bit = (rule: ReferenceRule): number => REFERENCE_RULES.indexOf(rule);
  fanRules(t, ix, flagger(bit('fan_in')), flagger(bit('fan_out')));
  gatherScatterRule(t, ix, flagger(bit('gather_scatter')));
  passThroughRule(t, ix, flagger(bit('pass_through')));
  bipartiteRule(t, ix, flagger(bit('bipartite')));
  structuringRule(t, ix, flagger(bit('structuring')));
  dormantRule(t, ix, flagger(bit('dormant')));
  newWalletRule(t, ix, flagger(bit('new_wallet')));
  const fresh = hops(t, ix);
  const matched = matchedHops(t, ix);
  layeringRule(fresh, flagger(bit('layering')));
  scatterGatherRule(t, fresh, flagger(bit('scatter_gather')));
  scatterGatherRule(t, matched, flagger(bit('scatter_gather')));
  cycleRule(t, matched, flagger(bit('cycle')));
  // Last, because it feeds on the other rules' alerts.
  watchListRule(t, Uint16Array.from(flags), flagger(bit('watch_list')));
  return score(t, flags);
}

function score(t: TransferTable, flags: Uint16Array): Evaluation {
  const byRule = Object.fromEntries(
    REFERENCE_RULES.map((r) => [r, { flagged: 0, true_positives: 0 }]),
  ) as Record<ReferenceRule, { flagged: number; true_positives: number }>;
  const perInstance = t.instanceIds.map(() => ({ transfers: 0, flagged: 0 }));
  let flagged = 0;
  let tp = 0;
  let laundering = 0;
  for (let i = 0; i < t.n; i += 1) {
    const f = flags[i]!;
    const inst = t.instance[i]!;
    if (inst >= 0) {
      laundering += 1;
      perInstance[inst]!.transfers += 1;
      if (f !== 0) perInstance[inst]!.flagged += 1;
    }
    if (f === 0) continue;
    flagged += 1;
    if (inst >= 0) tp += 1;
    REFERENCE_RULES.forEach((r, b) => {
      if ((f & (1 << b)) === 0) return;
      byRule[r].flagged += 1;
      if (inst >= 0) byRule[r].true_positives += 1;
    });
  }
  const byTypology: Partial<Record<Typology, TypologyScore>> = {};
  for (const typ of TYPOLOGIES) {
    const mine = perInstance.filter((_, k) => t.instanceTypology[k] === typ);
    if (mine.length === 0) continue;
    const transfers = mine.reduce((s, x) => s + x.transfers, 0);
    const hit = mine.reduce((s, x) => s + x.flagged, 0);
    byTypology[typ] = {
      instances: mine.length,
      transfers,
      flagged: hit,
      recall: transfers === 0 ? 0 : hit / transfers,
      instance_recall: mine.filter((x) => 2 * x.flagged >= x.transfers).length / mine.length,
    };
  }
  return {
    transfers: t.n,
    laundering,
    flagged,
    true_positives: tp,
    precision: flagged === 0 ? 0 : tp / flagged,
    recall: laundering === 0 ? 0 : tp / laundering,
    by_rule: byRule,
    by_typology: byTypology,
  };
}
