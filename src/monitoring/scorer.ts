/**
 * Weighs fired rules into typology scores. For one transfer and one focal wallet, a typology's score is
 * the sum of the weights of its rules that fire for that wallet on that transfer; when it reaches the
 * typology's threshold the fired rules are asked to explain themselves and a detection is produced.
 * Rules combine only for the same focal wallet (the side a rule judges decides which party that is).
 */
import type { AlertReason, AlertTransfer } from './alerts/alert.ts';
import type { Detection } from './alerts/alert-book.ts';
import { KIND_CODE } from './core/wallet-table.ts';
import type { Detector, Env, EventCtx, Evidence, Side } from './detectors/detector.ts';
import type { RuleSet } from './rules/types.ts';

interface Compiled {
  readonly det: Detector;
  readonly weight: number;
  readonly typologies: readonly number[];
  readonly kindMask: number;
  readonly categoryMask: number;
}

export type SaturatedFn = (typology: string, focal: string, ruleIds: readonly string[]) => boolean;

export class Scorer {
  private readonly names: string[];
  private readonly thresholds: Float64Array;
  private readonly bySide: Record<Side, Compiled[]> = { from: [], to: [] };
  private readonly scores: Float64Array;
  private readonly touched: number[] = [];
  private readonly fired: Compiled[] = [];
  private readonly cache = new Map<Compiled, { reason: AlertReason; ev: Evidence }>();

  constructor(
    ruleSet: RuleSet,
    detectors: readonly Detector[],
    private readonly env: Env,
    private readonly transferOf: (n: number) => AlertTransfer,
    private readonly saturated: SaturatedFn,
  ) {
    this.names = Object.keys(ruleSet.typologies);
    this.thresholds = Float64Array.from(this.names.map((n) => ruleSet.typologies[n]!.threshold));
    this.scores = new Float64Array(this.names.length);
    for (const det of detectors) {
      const r = det.rule;
      const kinds = r.applies_to?.kinds;
      const cats = r.applies_to?.categories;
      const c: Compiled = {
        det,
        weight: r.weight,
        typologies: r.typologies.map((t) => this.names.indexOf(t)),
        kindMask: kinds ? kinds.reduce((m, k) => m | (1 << KIND_CODE[k]), 0) : 0b111,
        categoryMask: cats ? cats.reduce((m, k) => m | (1 << k), 0) : 0b11111,
      };
      for (const s of det.sides) this.bySide[s].push(c);
    }
  }

  /** Returns the detections for this focal wallet on this transfer, or null (the common case). */
  score(ctx: EventCtx, focal: number, side: Side, seq: number): Detection[] | null {
    const list = this.bySide[side];
    const kindBit = 1 << this.env.wallets.kind[focal]!;
    const personal = this.env.wallets.kind[focal] === KIND_CODE.personal;
    const catBit = 1 << this.env.wallets.category[focal]!;
    const fired = this.fired;
    fired.length = 0;
    for (const c of list) {
      if ((c.kindMask & kindBit) === 0 || (personal && (c.categoryMask & catBit) === 0)) continue;
      if (!c.det.test(ctx, focal, side)) continue;
      fired.push(c);
      for (const t of c.typologies) {
        if (this.scores[t] === 0) this.touched.push(t);
        this.scores[t]! += c.weight;
      }
    }
    if (fired.length === 0) return null;
    let out: Detection[] | null = null;
    const focalName = this.env.wallets.names[focal]!;
    for (const t of this.touched) {
      const score = this.scores[t]!;
      this.scores[t] = 0;
      if (score < this.thresholds[t]!) continue;
      const typology = this.names[t]!;
      const rules = fired.filter((c) => c.typologies.includes(t));
      if (
        this.saturated(
          typology,
          focalName,
          rules.map((c) => c.det.rule.id),
        )
      )
        continue;
      out ??= [];
      out.push(this.detection(ctx, focal, side, seq, typology, score, this.thresholds[t]!, rules));
    }
    this.touched.length = 0;
    this.cache.clear();
    return out;
  }

  private detection(
    ctx: EventCtx,
    focal: number,
    side: Side,
    seq: number,
    typology: string,
    score: number,
    threshold: number,
    rules: readonly Compiled[],
  ): Detection {
    const reasons: AlertReason[] = [];
    const edges = new Set<number>();
    const keys = new Set<string>();
    for (const c of rules) {
      let got = this.cache.get(c);
      if (!got) {
        const ev: Evidence = { crossed: [], edges: [], keys: [] };
        c.det.explain(ctx, focal, side, ev);
        const r = c.det.rule;
        got = {
          reason: {
            rule_id: r.id,
            rule_version: r.version,
            rule_type: r.type,
            weight: r.weight,
            crossed: ev.crossed,
          },
          ev,
        };
        this.cache.set(c, got);
      }
      reasons.push(got.reason);
      for (const n of got.ev.edges) edges.add(n);
      for (const k of got.ev.keys) keys.add(k);
    }
    const focalName = this.env.wallets.names[focal]!;
    keys.delete(focalName);
    const max = this.env.maxNamed;
    const sorted = [...edges].sort((a, b) => b - a);
    return {
      kind: 'suspicious',
      typology,
      focal: focalName,
      score,
      threshold,
      reasons,
      transfers: sorted.slice(0, max).map(this.transferOf),
      keys: [...keys],
      truncated: sorted.length > max,
      trigger_seq: seq,
    };
  }
}
