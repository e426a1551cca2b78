/**
 * Open alerts and how new detections merge into them.
 *
 * Merging: time is cut into merge periods (local time, `period_ms` long). Within one period, a detection
 * of typology T joins the open alert of typology T whose focal wallet or key wallets include the
 * detection's focal wallet or one of its key wallets; otherwise it opens a new alert. Periods are fixed
 * epochs, not sliding, so whether two detections merge depends only on the period's own transfers: a
 * replay from the start of the period reproduces the same alerts and ids. Bounded: at most
 * `max_open_alerts` open (least recently updated closed first), `max_transfers_per_alert` transfers and
 * `max_keys_per_alert` key wallets each.
 */
import type { Alert, AlertKind, AlertReason, AlertTransfer } from './alert.ts';
import { alertId } from './alert.ts';

export interface AlertLimits {
  readonly max_open_alerts: number;
  readonly max_transfers_per_alert: number;
  readonly max_keys_per_alert: number;
}

export interface Detection {
  readonly kind: AlertKind;
  readonly typology: string;
  readonly focal: string;
  readonly score: number;
  readonly threshold: number;
  readonly reasons: readonly AlertReason[];
  readonly transfers: readonly AlertTransfer[];
  readonly keys: readonly string[];
  readonly truncated: boolean;
  readonly trigger_seq: number;
}

interface OpenAlert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly typology: string;
  readonly focal: string;
  readonly period_start_ms: number;
  readonly keys: Set<string>;
  readonly transfers: Map<string, AlertTransfer>;
  readonly reasons: Map<string, AlertReason>;
  score: number;
  /** Score carried by the last emitted revision. */
  emittedScore: number;
  threshold: number;
  revision: number;
  truncated: boolean;
}

const SEP = '\u0000';

export class AlertBook {
  private readonly open = new Map<string, OpenAlert>();
  private readonly index = new Map<string, OpenAlert>();
  private period = Number.NaN;
  private periodStart = 0;
  closedByLimit = 0;

  constructor(
    private readonly limits: AlertLimits,
    private readonly ruleSet: { readonly id: string; readonly version: number },
    private readonly period_ms: number,
    private readonly tz_offset_ms: number,
  ) {}

  get openCount(): number {
    return this.open.size;
  }

  get indexSize(): number {
    return this.index.size;
  }

  /** Closes every alert of an earlier period once time reaches a new one. */
  advance(now: number): void {
    const p = Math.floor((now + this.tz_offset_ms) / this.period_ms);
    if (p === this.period) return;
    this.period = p;
    this.periodStart = p * this.period_ms - this.tz_offset_ms;
    this.open.clear();
    this.index.clear();
  }

  /** True when the open alert for (typology, focal) is full and already lists every given rule. */
  saturated(typology: string, focal: string, ruleIds: readonly string[]): boolean {
    const a = this.index.get(typology + SEP + focal);
    if (!a || a.transfers.size < this.limits.max_transfers_per_alert) return false;
    for (const r of ruleIds) if (!a.reasons.has(r)) return false;
    return true;
  }

  /** Merges a detection; returns the alert's new revision, or null when nothing changed. */
  upsert(d: Detection): Alert | null {
    if (d.transfers.length === 0) return null;
    let a = this.index.get(d.typology + SEP + d.focal);
    for (let i = 0; a === undefined && i < d.keys.length; i++)
      a = this.index.get(d.typology + SEP + d.keys[i]);
    let changed = false;
    if (a === undefined) {
      a = this.create(d);
      changed = true;
    }
    for (const t of d.transfers) {
      if (a.transfers.has(t.id)) continue;
      if (a.transfers.size >= this.limits.max_transfers_per_alert) {
        a.truncated = true;
        break;
      }
      a.transfers.set(t.id, t);
      changed = true;
    }
    if (d.truncated) a.truncated = true;
    for (const r of d.reasons) {
      if (!a.reasons.has(r.rule_id)) changed = true;
      a.reasons.set(r.rule_id, r);
    }
    if (d.score > a.score) {
      // A full alert only re-emits when the score has grown by a whole threshold since it last did
      // (a large-value report of a hot wallet would otherwise emit on every transfer).
      if (a.transfers.size < this.limits.max_transfers_per_alert || d.score >= a.emittedScore + d.threshold) {
        changed = true;
      }
      a.score = d.score;
      a.threshold = d.threshold;
    }
    this.addKey(a, d.focal);
    for (const k of d.keys) this.addKey(a, k);
    if (!changed) return null;
    a.emittedScore = a.score;
    a.revision++;
    this.open.delete(a.id);
    this.open.set(a.id, a);
    return this.snapshot(a, d.trigger_seq);
  }

  private create(d: Detection): OpenAlert {
    let first = d.transfers[0]!;
    for (const t of d.transfers) if (t.seq < first.seq) first = t;
    const a: OpenAlert = {
      id: alertId(d.kind, d.typology, d.focal, this.periodStart, first.id),
      kind: d.kind,
      typology: d.typology,
      focal: d.focal,
      period_start_ms: this.periodStart,
      keys: new Set(),
      transfers: new Map(),
      reasons: new Map(),
      score: d.score,
      emittedScore: 0,
      threshold: d.threshold,
      revision: 0,
      truncated: false,
    };
    while (this.open.size >= this.limits.max_open_alerts) {
      const oldest = this.open.values().next().value as OpenAlert;
      this.close(oldest);
      this.closedByLimit++;
    }
    this.open.set(a.id, a);
    return a;
  }

  private addKey(a: OpenAlert, wallet: string): void {
    if (a.keys.has(wallet) || a.keys.size >= this.limits.max_keys_per_alert) return;
    a.keys.add(wallet);
    const k = a.typology + SEP + wallet;
    if (!this.index.has(k)) this.index.set(k, a);
  }

  private close(a: OpenAlert): void {
    this.open.delete(a.id);
    for (const w of a.keys) {
      const k = a.typology + SEP + w;
      if (this.index.get(k) === a) this.index.delete(k);
    }
  }

  private snapshot(a: OpenAlert, trigger_seq: number): Alert {
    const transfers = [...a.transfers.values()].sort((x, y) => x.seq - y.seq);
    const others = new Set<string>();
    for (const t of transfers) {
      others.add(t.from);
      others.add(t.to);
    }
    for (const k of a.keys) others.add(k);
    others.delete(a.focal);
    const first = transfers[0]!;
    const last = transfers[transfers.length - 1]!;
    return {
      id: a.id,
      kind: a.kind,
      typology: a.typology,
      revision: a.revision,
      rule_set: this.ruleSet.id,
      rule_set_version: this.ruleSet.version,
      focal_wallet: a.focal,
      period_start_ms: a.period_start_ms,
      score: a.score,
      threshold: a.threshold,
      reasons: [...a.reasons.values()],
      transfers,
      transfers_truncated: a.truncated,
      wallets: [a.focal, ...[...others].sort()],
      first_seq: first.seq,
      last_seq: last.seq,
      first_ts_ms: first.ts_ms,
      last_ts_ms: last.ts_ms,
      trigger_seq,
    };
  }
}
