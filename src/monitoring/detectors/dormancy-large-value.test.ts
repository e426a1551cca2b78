import { describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/alert.ts';
import { Monitor } from '../monitor.ts';
import type { Rule } from '../rules/types.ts';
import { DAY, HOUR, ruleSetOf, Stream, T0, YUAN } from '../testing/fixtures.ts';

function run(rules: Rule[], s: Stream, wallets = 1024): Alert[] {
  const m = new Monitor(ruleSetOf(rules), { max_tracked_wallets: wallets, max_edges: 4096 });
  return s.events.flatMap((e) => [...m.process(e)]);
}

const dormancy: Rule = {
  id: 'dorm',
  version: 1,
  weight: 1,
  type: 'dormancy',
  typologies: ['dormant_wakeup'],
  params: { min_quiet_ms: 90 * DAY, active_window_ms: 3 * DAY, direction: 'any', min_sum_fen: 50_000 * YUAN },
};

describe('dormancy', () => {
  it('fires when a wallet silent for the quiet period moves large value, naming what it moved', () => {
    const s = new Stream();
    s.pay('sleeper', 'shop', 50 * YUAN, 0);
    s.pay('busy', 'shop', 50 * YUAN, 60 * DAY);
    s.pay('x', 'y', 50 * YUAN, 70 * DAY);
    s.pay('x', 'sleeper', 30_000 * YUAN, 100 * DAY);
    s.pay('sleeper', 'y', 29_000 * YUAN, 100 * DAY + HOUR);
    s.pay('x', 'busy', 30_000 * YUAN, 100 * DAY + 2 * HOUR);
    s.pay('busy', 'y', 29_000 * YUAN, 100 * DAY + 3 * HOUR);
    const alerts = run([dormancy], s);
    expect(alerts.map((a) => a.focal_wallet)).toEqual(['sleeper']);
    expect(alerts[0]!.transfers.map((t) => t.id)).toEqual(['t4', 't5']);
    expect(alerts[0]!.reasons[0]!.crossed[0]).toEqual({
      name: 'quiet_ms',
      observed: 100 * DAY,
      op: '>=',
      threshold: 90 * DAY,
    });
  });

  it('does not guess: a wallet unseen in a history shorter than the quiet period is not called dormant', () => {
    const s = new Stream();
    s.pay('a', 'b', 100, 0);
    s.pay('x', 'stranger', 30_000 * YUAN, 10 * DAY);
    s.pay('stranger', 'y', 30_000 * YUAN, 10 * DAY + HOUR);
    expect(run([dormancy], s)).toEqual([]);
  });

  it('treats a wallet opened long ago and never seen in a long enough history as dormant', () => {
    const s = new Stream();
    s.party('stranger', { opened_ms: T0 - 400 * DAY });
    s.pay('a', 'b', 100, 0);
    s.pay('x', 'b', 100, 50 * DAY);
    s.pay('x', 'stranger', 60_000 * YUAN, 95 * DAY);
    expect(run([dormancy], s).map((a) => a.focal_wallet)).toEqual(['stranger']);
  });

  it('stays conservative after LRU eviction: an evicted wallet was active more recently than it looks', () => {
    const s = new Stream();
    s.pay('w', 'v', 100, 0);
    for (let i = 0; i < 40; i++) s.pay(`p${i}`, `q${i}`, 100, 80 * DAY + i);
    s.pay('w', 'z', 60_000 * YUAN, 95 * DAY);
    // 16 tracked wallets: 'w' is evicted at day 80 by the others, so the horizon moves to day 80.
    expect(run([dormancy], s, 16)).toEqual([]);
  });
});

describe('dormancy counting filters', () => {
  it('needs min_count movements of at least min_amount_fen after waking', () => {
    const rule: Rule = {
      ...dormancy,
      params: {
        ...dormancy.params,
        direction: 'out',
        min_sum_fen: 10_000 * YUAN,
        min_count: 2,
        min_amount_fen: 1_000 * YUAN,
      },
    };
    const s = new Stream();
    s.pay('a', 'b', 100, 0);
    s.pay('x', 'gifted', 30_000 * YUAN, 95 * DAY);
    s.pay('gifted', 'shop', 50 * YUAN, 95 * DAY + HOUR);
    s.pay('gifted', 'y', 25_000 * YUAN, 95 * DAY + 2 * HOUR);
    s.pay('gifted', 'shop', 80 * YUAN, 95 * DAY + 3 * HOUR);
    expect(run([rule], s)).toEqual([]);
    s.pay('gifted', 'z', 3_000 * YUAN, 96 * DAY);
    const alerts = run([rule], s);
    expect(alerts.map((a) => a.focal_wallet)).toEqual(['gifted']);
    expect(alerts[0]!.reasons[0]!.crossed.at(-1)).toEqual({
      name: 'moves_since_wake',
      observed: 2,
      op: '>=',
      threshold: 2,
    });
  });
});

describe('large-value reports', () => {
  const rule: Rule = {
    id: 'lvr',
    version: 3,
    type: 'large_value',
    params: {
      currency: 'CNY',
      thresholds_fen: { personal: 500_000 * YUAN, corporate: 2_000_000 * YUAN, merchant: 2_000_000 * YUAN },
      directions: ['out', 'in'],
    },
  };
  const withTypology: Rule[] = [
    rule,
    {
      id: 'noop',
      version: 1,
      weight: 1,
      type: 'velocity',
      typologies: ['noop'],
      params: { direction: 'out', window_ms: HOUR, min_count: 1_000_000 },
    },
  ];

  it('reports an individual whose day total reaches CNY 500,000, once per day, updated after', () => {
    const s = new Stream();
    s.pay('p', 'a', 200_000 * YUAN, HOUR);
    s.pay('p', 'b', 200_000 * YUAN, 2 * HOUR);
    s.pay('p', 'c', 100_000 * YUAN, 3 * HOUR);
    s.pay('p', 'd', 1 * YUAN, 4 * HOUR);
    const alerts = run(withTypology, s).filter((a) => a.focal_wallet === 'p');
    expect(alerts.map((a) => [a.kind, a.typology, a.revision, a.transfers.length])).toEqual([
      ['large_value_report', 'large_value_out', 1, 3],
      ['large_value_report', 'large_value_out', 2, 4],
    ]);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(1);
    expect(alerts[1]!.reasons[0]!.crossed[0]!.observed).toBe(500_001 * YUAN);
  });

  it('uses the local day (UTC+8) and the kind thresholds', () => {
    const s = new Stream();
    s.party('firm', { kind: 'corporate' });
    s.party('x', { kind: 'merchant' });
    // T0 is 09:00 local; 15 h later is 00:00 the next local day.
    s.pay('p', 'a', 300_000 * YUAN, 14 * HOUR);
    s.pay('p', 'b', 300_000 * YUAN, 16 * HOUR);
    s.pay('firm', 'x', 1_500_000 * YUAN, HOUR);
    expect(run(withTypology, s)).toEqual([]);
  });
});
