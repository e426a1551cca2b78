/**
 * Dormant wallets waking: a wallet silent for at least `min_quiet_ms` that then moves at least
 * `min_sum_fen` within `active_window_ms` of waking. Silence of a wallet the monitor has no record of is
 * bounded conservatively (see EventCtx.unknownSilentSince): without enough history the rule stays quiet
 * rather than guess.
 */
import type { DormancyRule } from '../rules/types.ts';
import type { Detector, EventCtx, Side } from './detector.ts';
import { walk } from './detector.ts';
import type { DetectorFactory } from './registry.ts';

export function dormancy(rule: DormancyRule): DetectorFactory {
  const p = rule.params;
  return (env) => {
    const cap = env.wallets.capacity;
    const wokeAt = new Float64Array(cap).fill(Number.NaN);
    const quietAtWake = new Float64Array(cap);
    const moved = new Float64Array(cap);
    const movedCount = new Int32Array(cap);
    const minCount = p.min_count ?? 1;
    const minAmount = p.min_amount_fen ?? 0;
    env.wallets.onReset((slot) => {
      wokeAt[slot] = Number.NaN;
      moved[slot] = 0;
      movedCount[slot] = 0;
    });
    const counts = (side: Side): boolean =>
      p.direction === 'any' || (p.direction === 'in' ? side === 'to' : side === 'from');
    const touch = (ctx: EventCtx, w: number, prevSeen: number, side: Side): void => {
      const last = Number.isNaN(prevSeen)
        ? Math.max(ctx.unknownSilentSince, env.wallets.opened[w]!)
        : prevSeen;
      const quiet = ctx.now - last;
      if (quiet >= p.min_quiet_ms) {
        wokeAt[w] = ctx.now;
        quietAtWake[w] = quiet;
        moved[w] = 0;
        movedCount[w] = 0;
      }
      if (ctx.now - wokeAt[w]! <= p.active_window_ms && counts(side) && ctx.amount >= minAmount) {
        moved[w]! += ctx.amount;
        movedCount[w]!++;
      }
    };
    const detector: Detector = {
      rule,
      sides: p.direction === 'any' ? ['from', 'to'] : p.direction === 'in' ? ['to'] : ['from'],
      observe(ctx) {
        touch(ctx, ctx.from, ctx.prevSeenFrom, 'from');
        if (ctx.to !== ctx.from) touch(ctx, ctx.to, ctx.prevSeenTo, 'to');
      },
      test: (ctx, w) =>
        ctx.now - wokeAt[w]! <= p.active_window_ms &&
        moved[w]! >= p.min_sum_fen &&
        movedCount[w]! >= minCount,
      explain(_ctx, w, _s, out) {
        out.crossed.push({
          name: 'quiet_ms',
          observed: quietAtWake[w]!,
          op: '>=',
          threshold: p.min_quiet_ms,
        });
        out.crossed.push({
          name: 'moved_since_wake_fen',
          observed: moved[w]!,
          op: '>=',
          threshold: p.min_sum_fen,
        });
        if (p.min_count !== undefined) {
          out.crossed.push({
            name: 'moves_since_wake',
            observed: movedCount[w]!,
            op: '>=',
            threshold: p.min_count,
          });
        }
        // Everything the wallet did since waking is the activity under suspicion, whichever direction
        // the threshold counts.
        const since = wokeAt[w]! - 1;
        walk(env, w, 'in', since, -1, env.maxNamed >> 1, out.edges);
        walk(env, w, 'out', since, -1, env.maxNamed >> 1, out.edges);
      },
    };
    return detector;
  };
}
