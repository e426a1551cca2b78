/**
 * Cycles: money that returns to where it started, v -> x1 -> ... -> u -> v, every hop later in commit
 * order than the one before, inside the window. Searched backwards from the payer of the closing
 * transfer, depth-first, bounded by max_length, max_branch entries per wallet and max_visits per search;
 * it runs only when both ends have moved at least min_amount_fen in the window (O(1) counter pre-check).
 * Each hop's amount over the previous hop's must lie in [min_hop_ratio, max_hop_ratio] (default: the
 * symmetric band [r, 1/r]; laundering hops lose a cut, so max_hop_ratio 1 is typical).
 */
import type { CycleRule } from '../rules/types.ts';
import type { Detector, Env, EventCtx } from './detector.ts';
import type { DetectorFactory, SpecRegistry } from './registry.ts';

export function cycle(rule: CycleRule, reg: SpecRegistry): DetectorFactory {
  const p = rule.params;
  const idx = reg.needFiltered(p.window_ms, { min_amount_fen: p.min_amount_fen }, false);
  const lo = p.min_hop_ratio ?? 0;
  const hi = p.max_hop_ratio ?? (lo > 0 ? 1 / lo : Number.POSITIVE_INFINITY);
  return (env: Env) => {
    const c = env.counters.list[idx]!;
    const e = env.edges;
    const uid = env.wallets.uid;
    const pathNodes = new Int32Array(p.max_length + 1);
    const pathEdges = new Float64Array(p.max_length + 1);
    let found = 0;
    let visits = 0;

    const ratioOk = (earlier: number, later: number): boolean =>
      later >= earlier * lo && later <= earlier * hi;

    // Backwards from w: pathEdges[0..depth] hold the path found so far, newest first.
    const dfs = (
      target: number,
      w: number,
      bound: number,
      later: number,
      depth: number,
      since: number,
    ): boolean => {
      let n = e.headIn[w]!;
      let scanned = 0;
      while (n >= e.oldest && scanned++ < p.max_branch) {
        const q = e.pos(n);
        if (e.ts[q]! <= since) return false;
        const num = n;
        n = e.nextIn[q]!;
        if (num >= bound) continue;
        const a = e.amount[q]!;
        if (a < p.min_amount_fen || !ratioOk(a, later) || uid[e.from[q]!] !== e.fromUid[q]) continue;
        if (++visits > p.max_visits) return false;
        const s = e.from[q]!;
        pathEdges[depth] = num;
        if (s === target) {
          if (depth + 2 >= p.min_length) {
            found = depth + 1;
            return true;
          }
          continue;
        }
        if (depth + 2 >= p.max_length || onPath(s, depth)) continue;
        pathNodes[depth + 1] = s;
        if (dfs(target, s, num, a, depth + 1, since)) return true;
      }
      return false;
    };
    const onPath = (s: number, depth: number): boolean => {
      for (let i = 0; i <= depth; i++) if (pathNodes[i] === s) return true;
      return false;
    };

    const detector: Detector = {
      rule,
      sides: ['to'],
      test(ctx: EventCtx, v: number): boolean {
        const u = ctx.from;
        if (ctx.amount < p.min_amount_fen || u === v) return false;
        if (c.cntOut[v]! === 0 || c.cntIn[u]! === 0) return false;
        found = 0;
        visits = 0;
        pathNodes[0] = u;
        return dfs(v, u, ctx.n, ctx.amount, 0, ctx.now - p.window_ms);
      },
      explain(ctx, _v, _s, out) {
        out.crossed.push({ name: 'cycle_length', observed: found + 1, op: '>=', threshold: p.min_length });
        out.edges.push(ctx.n);
        for (let i = 0; i < found; i++) {
          out.edges.push(pathEdges[i]!);
          out.keys.push(env.wallets.names[pathNodes[i]!]!);
        }
      },
    };
    return detector;
  };
}
