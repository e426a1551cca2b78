import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Alert, alertId } from './alerts/alert.ts';
import { Monitor } from './monitor.ts';
import type { Rule } from './rules/types.ts';
import { DAY, HOUR, MINUTE, ruleSetOf, Stream, YUAN } from './testing/fixtures.ts';
import { EVERY_RULE_SET, eventsOf, stepsArb } from './testing/random-traffic.ts';
import type { TransferEvent } from './transfer-event.ts';

const LIMITS = { max_tracked_wallets: 4096, max_edges: 8192 };

function runAll(events: readonly TransferEvent[], limits = LIMITS): { alerts: Alert[]; at: number[] } {
  const m = new Monitor(EVERY_RULE_SET, limits);
  const alerts: Alert[] = [];
  const at: number[] = [];
  events.forEach((e, i) => {
    for (const a of m.process(e)) {
      alerts.push(a);
      at.push(i);
    }
  });
  return { alerts, at };
}

const fan: Rule = {
  id: 'fan',
  version: 1,
  weight: 1,
  type: 'fan',
  typologies: ['fan_in'],
  params: { direction: 'in', window_ms: DAY, min_distinct: 3 },
};

describe('alert merging', () => {
  it('updates one alert per (typology, focal wallet, period) instead of repeating it', () => {
    const s = new Stream();
    for (let i = 0; i < 6; i++) s.pay(`p${i}`, 'hub', 100 * YUAN, i * MINUTE);
    const m = new Monitor(ruleSetOf([fan]));
    const out = s.events.flatMap((e) => [...m.process(e)]);
    expect(out.map((a) => a.revision)).toEqual([1, 2, 3, 4]);
    expect(new Set(out.map((a) => a.id)).size).toBe(1);
    expect(out.at(-1)!.transfers).toHaveLength(6);
    expect(out[0]!.id).toBe(alertId('suspicious', 'fan_in', 'hub', out[0]!.period_start_ms, 't1'));
  });

  it('opens a new alert in the next period', () => {
    const s = new Stream();
    for (let i = 0; i < 3; i++) s.pay(`p${i}`, 'hub', 100 * YUAN, 12 * HOUR + i * MINUTE);
    for (let i = 3; i < 5; i++) s.pay(`p${i}`, 'hub', 100 * YUAN, 16 * HOUR + i * MINUTE);
    const m = new Monitor(ruleSetOf([fan]));
    const out = s.events.flatMap((e) => [...m.process(e)]);
    expect(out.map((a) => [a.revision, a.transfers.length])).toEqual([
      [1, 3],
      [1, 4],
      [2, 5],
    ]);
    expect(new Set(out.map((a) => a.id)).size).toBe(2);
  });

  it('merges detections that share a key wallet even when their focal wallets differ', () => {
    const rule: Rule = {
      id: 'bp',
      version: 1,
      weight: 1,
      type: 'bipartite',
      typologies: ['bipartite'],
      params: { window_ms: DAY, min_amount_fen: 0, max_branch: 32, min_sources: 2, min_sinks: 2 },
    };
    const s = new Stream();
    for (const x of ['x0', 'x1']) for (const y of ['y0', 'y1', 'y2']) s.payAfter(x, y, 100);
    const m = new Monitor(ruleSetOf([rule]));
    const out = s.events.flatMap((e) => [...m.process(e)]);
    expect(new Set(out.map((a) => a.focal_wallet))).toEqual(new Set(['y1']));
    expect(new Set(out.map((a) => a.id)).size).toBe(1);
    expect(out.at(-1)!.transfers).toHaveLength(6);
  });
});

describe('Monitor properties', () => {
  it('is deterministic: the same events give the same alerts', () => {
    fc.assert(
      fc.property(stepsArb(10, 40 * MINUTE, 150), (steps) => {
        const events = eventsOf(steps);
        expect(runAll(events).alerts).toEqual(runAll(events).alerts);
      }),
      { numRuns: 40 },
    );
  });

  it('names only real transfers, inside the alert period and look-back, with stable content-derived ids', () => {
    let seen = 0;
    fc.assert(
      fc.property(stepsArb(8, 30 * MINUTE, 200), (steps) => {
        const events = eventsOf(steps);
        const byId = new Map(events.map((e) => [e.id, e]));
        const m = new Monitor(EVERY_RULE_SET, LIMITS);
        const span = m.windowSpan_ms();
        const revisions = new Map<string, number>();
        const bad: string[] = [];
        const check = (ok: boolean, what: string, a: Alert): void => {
          if (!ok) bad.push(`${what}: ${a.id} r${a.revision} ${a.typology}`);
        };
        for (const e of events) {
          for (const a of m.process(e)) {
            seen++;
            check(a.trigger_seq === e.seq, 'trigger', a);
            check(a.revision === (revisions.get(a.id) ?? 0) + 1, 'revision', a);
            revisions.set(a.id, a.revision);
            const first = a.transfers[0];
            check(first !== undefined, 'empty', a);
            if (a.revision === 1 && first) {
              check(
                a.id === alertId(a.kind, a.typology, a.focal_wallet, a.period_start_ms, first.id),
                'id',
                a,
              );
            }
            check(a.wallets[0] === a.focal_wallet, 'focal first', a);
            check(a.period_start_ms <= e.ts_ms, 'period', a);
            for (const t of a.transfers) {
              const src = byId.get(t.id);
              check(
                src !== undefined &&
                  src.seq === t.seq &&
                  src.ts_ms === t.ts_ms &&
                  src.from.wallet === t.from &&
                  src.to.wallet === t.to &&
                  src.amount_fen === t.amount_fen,
                `transfer ${t.id} not as committed`,
                a,
              );
              check(t.seq <= e.seq && t.ts_ms > e.ts_ms - span, `transfer ${t.id} outside look-back`, a);
              check(a.wallets.includes(t.from) && a.wallets.includes(t.to), `wallets of ${t.id}`, a);
            }
          }
        }
        expect(bad).toEqual([]);
      }),
      { numRuns: 40 },
    );
    expect(seen).toBeGreaterThan(100);
  });

  it('rebuilds the same alerts after a restart that replays from replayFrom_ms', () => {
    let compared = 0;
    fc.assert(
      fc.property(
        stepsArb(10, 50 * MINUTE, 220),
        fc.double({ min: 0.2, max: 0.95, noNaN: true }),
        (steps, cut) => {
          const events = eventsOf(steps);
          if (events.length < 10) return;
          const resume = Math.floor(events.length * cut);
          const full = runAll(events);
          const from = new Monitor(EVERY_RULE_SET, LIMITS).replayFrom_ms(events[resume]!.ts_ms);
          const start = events.findIndex((e) => e.ts_ms >= from);
          const replay = runAll(events.slice(start));
          const emittedFrom = (r: { alerts: Alert[]; at: number[] }, offset: number): Alert[] =>
            r.alerts.filter((_, i) => r.at[i]! + offset >= resume);
          const expected = emittedFrom(full, 0);
          compared += expected.length;
          expect(emittedFrom(replay, start)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(50);
  });
});

describe('memory bounds under adversarial traffic', () => {
  const limits = {
    max_tracked_wallets: 256,
    max_edges: 1024,
    max_open_alerts: 32,
    max_transfers_per_alert: 16,
  };

  function check(events: Iterable<TransferEvent>): void {
    const m = new Monitor(EVERY_RULE_SET, limits);
    let i = 0;
    for (const e of events) {
      m.process(e);
      if (++i % 997 === 0) {
        const s = m.stats();
        expect(s.tracked_wallets).toBeLessThanOrEqual(limits.max_tracked_wallets);
        expect(s.edges_in_window).toBeLessThanOrEqual(limits.max_edges);
        expect(s.open_alerts).toBeLessThanOrEqual(2 * limits.max_open_alerts);
      }
    }
    expect(m.stats().events).toBe(i);
  }

  function* stream(n: number, pick: (i: number) => [string, string]): Generator<TransferEvent> {
    const party = (wallet: string) =>
      ({ wallet, operator: 'op', kind: 'personal', category: 2, opened_ms: 0 }) as const;
    for (let i = 0; i < n; i++) {
      const [from, to] = pick(i);
      yield {
        seq: i,
        id: `t${i}`,
        ts_ms: 1_000 * i,
        amount_fen: 100_000 + (i % 7),
        currency: 'CNY',
        from: party(from),
        to: party(to),
      };
    }
  }

  it('one hot wallet receiving from ever new payers', () => {
    check(stream(60_000, (i) => [`payer${i}`, 'hot']));
  });

  it('every transfer between two never-seen wallets', () => {
    check(stream(60_000, (i) => [`a${i}`, `b${i}`]));
  });

  it('a dense clique that keeps every graph rule searching', () => {
    check(stream(15_000, (i) => [`c${i % 23}`, `c${(i * 7 + 3) % 23}`]));
  });
});
