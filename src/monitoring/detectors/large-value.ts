/**
 * Large-value transaction reports (PBOC): a wallet's transfers in one local day, per direction, adding
 * up to the threshold for its kind or more (individuals CNY 500,000, others CNY 2,000,000 in the
 * default rules). This is a reporting obligation, not a suspicion: it yields `large_value_report` alerts,
 * one per wallet, day and direction, updated as further transfers of that day arrive.
 */
import type { AlertReason, AlertTransfer } from '../alerts/alert.ts';
import type { Detection } from '../alerts/alert-book.ts';
import type { LargeValueRule } from '../rules/types.ts';
import type { Env, EventCtx } from './detector.ts';
import { walk } from './detector.ts';

const DAY_MS = 86_400_000;
const DIRS = ['out', 'in'] as const;

export class LargeValue {
  private readonly day: Float64Array;
  private readonly total: [Float64Array, Float64Array];
  private readonly thresholds: Float64Array;
  private readonly scratch: number[] = [];

  constructor(
    private readonly rule: LargeValueRule,
    private readonly env: Env,
    private readonly tz_offset_ms: number,
    private readonly transferOf: (n: number) => AlertTransfer,
  ) {
    const cap = env.wallets.capacity;
    this.day = new Float64Array(cap).fill(Number.NaN);
    this.total = [new Float64Array(cap), new Float64Array(cap)];
    const t = rule.params.thresholds_fen;
    this.thresholds = Float64Array.from([t.personal, t.corporate, t.merchant]);
    env.wallets.onReset((slot) => {
      this.day[slot] = Number.NaN;
    });
  }

  observe(ctx: EventCtx, seq: number, out: Detection[]): void {
    const today = Math.floor((ctx.now + this.tz_offset_ms) / DAY_MS);
    for (const dir of this.rule.params.directions) {
      const w = dir === 'out' ? ctx.from : ctx.to;
      const d = DIRS.indexOf(dir);
      if (this.day[w] !== today) {
        this.day[w] = today;
        this.total[0][w] = 0;
        this.total[1][w] = 0;
      }
      const before = this.total[d]![w]!;
      const after = before + ctx.amount;
      this.total[d]![w] = after;
      const threshold = this.thresholds[this.env.wallets.kind[w]!]!;
      if (after < threshold) continue;
      const edges = this.scratch;
      edges.length = 0;
      if (before < threshold) {
        const dayStart = today * DAY_MS - this.tz_offset_ms;
        walk(this.env, w, dir, dayStart - 1, -1, this.env.maxNamed, edges);
      } else {
        edges.push(ctx.n);
      }
      const reason: AlertReason = {
        rule_id: this.rule.id,
        rule_version: this.rule.version,
        rule_type: this.rule.type,
        weight: 1,
        crossed: [{ name: `day_total_${dir}_fen`, observed: after, op: '>=', threshold }],
      };
      out.push({
        kind: 'large_value_report',
        typology: `large_value_${dir}`,
        focal: this.env.wallets.names[w]!,
        score: after,
        threshold,
        reasons: [reason],
        transfers: edges.map(this.transferOf),
        keys: [],
        truncated: before < threshold && edges.length >= this.env.maxNamed,
        trigger_seq: seq,
      });
    }
  }
}
