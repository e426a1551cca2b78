/**
 * Hand-made transfer streams for tests: a tiny builder that numbers transfers and keeps one PartyInfo per
 * wallet, plus a minimal rule-set wrapper so a test states only the rule it exercises.
 */
import type { Rule, RuleSet, TypologyDef } from '../rules/types.ts';
import type { PartyInfo, TransferEvent, WalletKind } from '../transfer-event.ts';

export const T0 = Date.UTC(2025, 0, 6, 1, 0, 0);
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const YUAN = 100;

export interface PartyOpts {
  readonly kind?: WalletKind;
  readonly category?: 1 | 2 | 3 | 4 | null;
  readonly opened_ms?: number;
}

export class Stream {
  readonly events: TransferEvent[] = [];
  private readonly parties = new Map<string, PartyInfo>();
  private seq = 0;
  private last = 0;

  party(wallet: string, o: PartyOpts = {}): PartyInfo {
    let p = this.parties.get(wallet);
    if (!p || o.kind !== undefined || o.opened_ms !== undefined || o.category !== undefined) {
      const kind = o.kind ?? p?.kind ?? 'personal';
      p = {
        wallet,
        operator: 'op1',
        kind,
        category: o.category !== undefined ? o.category : (p?.category ?? (kind === 'personal' ? 2 : null)),
        opened_ms: o.opened_ms ?? p?.opened_ms ?? T0 - 400 * DAY,
      };
      this.parties.set(wallet, p);
    }
    return p;
  }

  /** Appends a CNY transfer; `at` is ms since T0. */
  pay(from: string, to: string, amount_fen: number, at: number): TransferEvent {
    this.seq++;
    this.last = at;
    const ev: TransferEvent = {
      seq: this.seq,
      id: `t${this.seq}`,
      ts_ms: T0 + at,
      amount_fen,
      currency: 'CNY',
      from: this.party(from),
      to: this.party(to),
    };
    this.events.push(ev);
    return ev;
  }

  /** Appends a transfer `gap` ms after the previous one. */
  payAfter(from: string, to: string, amount_fen: number, gap = MINUTE): TransferEvent {
    return this.pay(from, to, amount_fen, this.last + gap);
  }
}

/** A rule set holding the given rules, with one typology per name used (threshold 1 unless given). */
export function ruleSetOf(
  rules: readonly Rule[],
  thresholds: Readonly<Record<string, number>> = {},
): RuleSet {
  const typologies: Record<string, TypologyDef> = {};
  for (const r of rules) {
    if (r.type === 'large_value') continue;
    for (const t of r.typologies) typologies[t] = { threshold: thresholds[t] ?? 1 };
  }
  return {
    rule_set: 'test',
    version: 1,
    currency: 'CNY',
    timezone_offset_ms: 8 * HOUR,
    merge_period_ms: DAY,
    typologies,
    rules,
  };
}
