/**
 * Scores alerts against labels. Definitions (also in docs/monitoring.md):
 * - An alert is counted once, by id, with the union of the transfers and wallets of all its revisions.
 *   Only `suspicious` alerts are scored; large-value reports are an obligation, counted apart.
 * - Instance detected (typed): some alert of the instance's own typology names at least one of the
 *   instance's transfers. `detected_any`: some alert of any typology does.
 * - Typology precision: share of the typology's alerts that name at least one transfer of an instance of
 *   that typology. F1 is the harmonic mean of that precision and the typed recall. `precision_any`: share
 *   of its alerts naming at least one laundering transfer of any typology.
 * - Transfer level: precision = laundering transfers named / transfers named (each transfer once however
 *   many alerts name it); recall = laundering transfers named / laundering transfers in the data.
 * - Account level: an account is flagged when any alert lists it among its wallets; precision and recall
 *   against the accounts labelled (AMLSim) or the wallets of the instances (tongbao).
 */
import type { Alert } from '../alerts/alert.ts';
import type { Dataset } from './datasets.ts';

export interface Prf {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface TypologyScore extends Prf {
  readonly instances: number;
  readonly detected: number;
  readonly detected_any: number;
  readonly alerts: number;
  /** Alerts naming a transfer of an instance of this typology. */
  readonly alerts_true: number;
  /** Share of the typology's alerts naming at least one laundering transfer of any typology. */
  readonly precision_any: number;
  /** Share of this typology's laundering transfers named by some alert (of any typology). */
  readonly transfer_recall: number;
}

interface Tracked {
  readonly typology: string;
  readonly transfers: Set<string>;
  readonly wallets: Set<string>;
}

export function prf(tp: number, predicted: number, actual: number): Prf {
  const precision = predicted === 0 ? 0 : tp / predicted;
  const recall = actual === 0 ? 0 : tp / actual;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Accumulates alerts and labels during a replay. */
export class Scoreboard {
  private readonly alerts = new Map<string, Tracked>();
  /** Laundering transfers seen so far: id -> instance index. */
  private readonly laundering = new Map<string, number>();
  reports = 0;
  revisions = 0;

  constructor(private readonly data: Dataset) {}

  transfer(id: string, instance: number): void {
    if (instance >= 0) this.laundering.set(id, instance);
  }

  alert(a: Alert): void {
    this.revisions++;
    if (a.kind !== 'suspicious') {
      if (a.revision === 1) this.reports++;
      return;
    }
    let t = this.alerts.get(a.id);
    if (!t) {
      t = { typology: a.typology, transfers: new Set(), wallets: new Set() };
      this.alerts.set(a.id, t);
    }
    for (const x of a.transfers) t.transfers.add(x.id);
    for (const w of a.wallets) t.wallets.add(w);
  }

  get alertCount(): number {
    return this.alerts.size;
  }

  typologies(): Record<string, TypologyScore> {
    const inst = this.data.instances;
    const typed = new Uint8Array(inst.length);
    const any = new Uint8Array(inst.length);
    const names = new Set<string>(inst.map((i) => i.typology));
    const alertsOf = new Map<string, { n: number; ok: number; anyOk: number }>();
    for (const a of this.alerts.values()) {
      names.add(a.typology);
      const s = alertsOf.get(a.typology) ?? { n: 0, ok: 0, anyOk: 0 };
      alertsOf.set(a.typology, s);
      s.n++;
      let ok = false;
      let anyOk = false;
      for (const id of a.transfers) {
        const i = this.laundering.get(id);
        if (i === undefined) continue;
        any[i] = 1;
        anyOk = true;
        if (inst[i]!.typology === a.typology) {
          typed[i] = 1;
          ok = true;
        }
      }
      if (ok) s.ok++;
      if (anyOk) s.anyOk++;
    }
    const named = this.namedIds();
    const launderingOf = new Map<string, { all: number; named: number }>();
    for (const [id, i] of this.laundering) {
      const t = inst[i]!.typology;
      const c = launderingOf.get(t) ?? { all: 0, named: 0 };
      launderingOf.set(t, c);
      c.all++;
      if (named.has(id)) c.named++;
    }
    const out: Record<string, TypologyScore> = {};
    for (const name of [...names].sort()) {
      let instances = 0;
      let detected = 0;
      let detectedAny = 0;
      inst.forEach((x, i) => {
        if (x.typology !== name) return;
        instances++;
        detected += typed[i]!;
        detectedAny += any[i]!;
      });
      const s = alertsOf.get(name) ?? { n: 0, ok: 0, anyOk: 0 };
      // Precision counts alerts, recall counts instances: they have different numerators.
      const precision = s.n === 0 ? 0 : s.ok / s.n;
      const recall = instances === 0 ? 0 : detected / instances;
      const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
      out[name] = {
        instances,
        detected,
        detected_any: detectedAny,
        recall,
        alerts: s.n,
        alerts_true: s.ok,
        precision,
        precision_any: s.n === 0 ? 0 : s.anyOk / s.n,
        transfer_recall: (launderingOf.get(name)?.named ?? 0) / (launderingOf.get(name)?.all || 1),
        f1,
      };
    }
    return out;
  }

  private namedIds(): Set<string> {
    const named = new Set<string>();
    for (const a of this.alerts.values()) for (const id of a.transfers) named.add(id);
    return named;
  }

  transfers(): (Prf & { named: number; laundering: number }) | null {
    if (!this.data.transferLabels) return null;
    const named = this.namedIds();
    let tp = 0;
    for (const id of named) if (this.laundering.has(id)) tp++;
    return {
      ...prf(tp, named.size, this.laundering.size),
      named: named.size,
      laundering: this.laundering.size,
    };
  }

  accounts(): Prf & { flagged: number; laundering: number } {
    const flagged = new Set<string>();
    for (const a of this.alerts.values()) for (const w of a.wallets) flagged.add(w);
    const truth = this.data.launderingAccounts;
    let tp = 0;
    for (const w of flagged) if (truth.has(w)) tp++;
    return { ...prf(tp, flagged.size, truth.size), flagged: flagged.size, laundering: truth.size };
  }
}
