/**
 * Collects the window counters the compiled rules need, sharing one counter between rules with the same
 * window, amount ranges and pair tracking.
 */
import type { CounterSpec } from '../core/counters.ts';
import type { AmountFilter } from '../rules/types.ts';
import type { Detector, Env } from './detector.ts';

export type DetectorFactory = (env: Env) => Detector;

export class SpecRegistry {
  readonly specs: CounterSpec[] = [];

  /** Returns the index of a counter with this window, filter and pair tracking, adding it if new. */
  need(
    window_ms: number,
    ranges: readonly (readonly [number, number])[],
    pairs: boolean,
    fresh = false,
  ): number {
    const key = JSON.stringify([window_ms, ranges, fresh]);
    const i = this.specs.findIndex((s) => JSON.stringify([s.window_ms, s.ranges, s.fresh]) === key);
    if (i >= 0) {
      const s = this.specs[i]!;
      if (pairs && !s.pairs) this.specs[i] = { ...s, pairs: true };
      return i;
    }
    this.specs.push({ window_ms, ranges, pairs, fresh });
    return this.specs.length - 1;
  }

  needFiltered(window_ms: number, f: AmountFilter, pairs: boolean): number {
    const range = [f.min_amount_fen ?? 0, f.max_amount_fen ?? Number.POSITIVE_INFINITY] as const;
    return this.need(window_ms, [range], pairs, f.new_counterparty === true);
  }
}
