import { describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/alert.ts';
import { Monitor } from '../monitor.ts';
import type { Rule } from '../rules/types.ts';
import { DAY, HOUR, MINUTE, ruleSetOf, Stream, T0, YUAN } from '../testing/fixtures.ts';

function run(rules: Rule[], s: Stream, thresholds: Record<string, number> = {}): Alert[] {
  const m = new Monitor(ruleSetOf(rules, thresholds), { max_tracked_wallets: 1024, max_edges: 4096 });
  return s.events.flatMap((e) => [...m.process(e)]);
}

const base = { version: 1, weight: 1 } as const;

describe('window rules', () => {
  it('velocity fires when the count in the window reaches the threshold, naming those transfers', () => {
    const rule: Rule = {
      ...base,
      id: 'vel',
      type: 'velocity',
      typologies: ['velocity'],
      params: { direction: 'out', window_ms: HOUR, min_count: 5 },
    };
    const s = new Stream();
    for (let i = 0; i < 4; i++) s.pay('a', `p${i}`, 100 * YUAN, i * 10 * MINUTE);
    expect(run([rule], s)).toEqual([]);
    s.pay('a', 'p9', 100 * YUAN, 50 * MINUTE);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.focal_wallet).toBe('a');
    expect(a.transfers.map((t) => t.id)).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(a.reasons[0]!.crossed).toEqual([{ name: 'count_out', observed: 5, op: '>=', threshold: 5 }]);
  });

  it('velocity forgets transfers that left the window', () => {
    const rule: Rule = {
      ...base,
      id: 'vel',
      type: 'velocity',
      typologies: ['velocity'],
      params: { direction: 'out', window_ms: HOUR, min_count: 3 },
    };
    const s = new Stream();
    s.pay('a', 'b', 100, 0);
    s.pay('a', 'b', 100, 30 * MINUTE);
    s.pay('a', 'b', 100, 61 * MINUTE);
    expect(run([rule], s)).toEqual([]);
  });

  it('fan-in counts distinct payers, not payments', () => {
    const rule: Rule = {
      ...base,
      id: 'fan',
      type: 'fan',
      typologies: ['fan_in'],
      params: { direction: 'in', window_ms: DAY, min_distinct: 4, min_amount_fen: 1000 * YUAN },
    };
    const same = new Stream();
    for (let i = 0; i < 6; i++) same.pay('x', 'hub', 2000 * YUAN, i * HOUR);
    expect(run([rule], same)).toEqual([]);
    const many = new Stream();
    for (let i = 0; i < 3; i++) many.pay(`x${i}`, 'hub', 2000 * YUAN, i * HOUR);
    many.pay('small', 'hub', 10 * YUAN, 4 * HOUR);
    many.pay('x3', 'hub', 2000 * YUAN, 5 * HOUR);
    const alerts = run([rule], many);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.transfers.map((t) => t.from)).toEqual(['x0', 'x1', 'x2', 'x3']);
    expect(alerts[0]!.wallets).toEqual(['hub', 'x0', 'x1', 'x2', 'x3']);
  });

  it('structuring counts only payments just under a threshold', () => {
    const rule: Rule = {
      ...base,
      id: 'struct',
      type: 'structuring',
      typologies: ['structuring'],
      params: {
        direction: 'out',
        window_ms: DAY,
        thresholds_fen: [5000 * YUAN],
        band_ratio: 0.05,
        min_count: 3,
      },
    };
    const s = new Stream();
    s.pay('a', 'b', 4990 * YUAN, 0);
    s.pay('a', 'c', 3000 * YUAN, HOUR);
    s.pay('a', 'd', 5000 * YUAN, 2 * HOUR);
    s.pay('a', 'e', 4800 * YUAN, 3 * HOUR);
    expect(run([rule], s)).toEqual([]);
    s.pay('a', 'f', 4999 * YUAN, 4 * HOUR);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.transfers.map((t) => t.to)).toEqual(['b', 'e', 'f']);
  });

  it('repeated pairs name only the pairs that repeat', () => {
    const rule: Rule = {
      ...base,
      id: 'split',
      type: 'repeated_pair',
      typologies: ['split'],
      params: { direction: 'in', window_ms: DAY, min_count: 3 },
    };
    const s = new Stream();
    s.pay('a', 'z', 100, 0);
    s.pay('b', 'z', 100, MINUTE);
    s.pay('a', 'z', 100, 2 * MINUTE);
    s.pay('a', 'z', 100, 3 * MINUTE);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.transfers.map((t) => t.id)).toEqual(['t1', 't3', 't4']);
  });

  it('new-wallet bursts need a young wallet', () => {
    const rule: Rule = {
      ...base,
      id: 'young',
      type: 'new_wallet_burst',
      typologies: ['new_wallet_burst'],
      params: { direction: 'in', max_wallet_age_ms: 7 * DAY, window_ms: DAY, min_sum_fen: 10_000 * YUAN },
    };
    const s = new Stream();
    s.party('new', { opened_ms: T0 - 2 * DAY });
    s.pay('a', 'new', 6000 * YUAN, 0);
    s.pay('b', 'new', 6000 * YUAN, HOUR);
    s.pay('a', 'old', 6000 * YUAN, 0);
    s.pay('b', 'old', 6000 * YUAN, HOUR);
    const alerts = run([rule], s);
    expect(alerts.map((a) => a.focal_wallet)).toEqual(['new']);
    expect(alerts[0]!.reasons[0]!.crossed[0]).toEqual({
      name: 'wallet_age_ms',
      observed: 2 * DAY + HOUR,
      op: '<=',
      threshold: 7 * DAY,
    });
  });

  it('new-wallet bursts can require distinct counterparties (a mover paying one landlord is not one)', () => {
    const rule: Rule = {
      ...base,
      id: 'young_out',
      type: 'new_wallet_burst',
      typologies: ['new_wallet_burst'],
      params: { direction: 'out', max_wallet_age_ms: 3 * DAY, window_ms: DAY, min_count: 3, min_distinct: 3 },
    };
    const s = new Stream();
    s.party('mover', { opened_ms: T0 - HOUR });
    s.party('mule', { opened_ms: T0 - HOUR });
    for (let i = 0; i < 3; i++) s.pay('mover', 'landlord', 2_300 * YUAN, i * HOUR);
    for (let i = 0; i < 3; i++) s.pay('mule', `m${i}`, 2_300 * YUAN, i * HOUR);
    expect(run([rule], s).map((a) => a.focal_wallet)).toEqual(['mule']);
  });

  it('pass-through needs most of the inflow forwarded within the window', () => {
    const rule: Rule = {
      ...base,
      id: 'pt',
      type: 'pass_through',
      typologies: ['pass_through'],
      params: { window_ms: HOUR, min_in_sum_fen: 10_000 * YUAN, min_out_ratio: 0.8, max_out_ratio: 1.05 },
    };
    const s = new Stream();
    s.pay('src', 'mule', 20_000 * YUAN, 0);
    s.pay('mule', 'x', 5_000 * YUAN, 10 * MINUTE);
    expect(run([rule], s)).toEqual([]);
    s.pay('mule', 'y', 13_000 * YUAN, 20 * MINUTE);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.transfers.map((t) => t.id)).toEqual(['t1', 't2', 't3']);
    const late = new Stream();
    late.pay('src', 'mule', 20_000 * YUAN, 0);
    late.pay('mule', 'y', 19_000 * YUAN, 2 * HOUR);
    expect(run([rule], late)).toEqual([]);
  });

  it('combines rules by weight: an alert needs the typology threshold, not one rule', () => {
    const rules: Rule[] = [
      {
        id: 'fan',
        version: 2,
        weight: 0.5,
        type: 'fan',
        typologies: ['mule'],
        params: { direction: 'in', window_ms: DAY, min_distinct: 3 },
      },
      {
        id: 'young',
        version: 1,
        weight: 0.5,
        type: 'new_wallet_burst',
        typologies: ['mule'],
        params: { direction: 'in', max_wallet_age_ms: 7 * DAY, window_ms: DAY, min_count: 1 },
      },
    ];
    const s = new Stream();
    s.party('fresh', { opened_ms: T0 - DAY });
    for (let i = 0; i < 3; i++) s.pay(`p${i}`, 'old', 100, i * MINUTE);
    for (let i = 0; i < 3; i++) s.pay(`p${i}`, 'fresh', 100, 10 * MINUTE + i * MINUTE);
    const alerts = run(rules, s);
    expect(alerts.map((a) => a.focal_wallet)).toEqual(['fresh']);
    expect(alerts[0]!.score).toBe(1);
    expect(alerts[0]!.reasons.map((r) => `${r.rule_id}@${r.rule_version}`).sort()).toEqual([
      'fan@2',
      'young@1',
    ]);
  });

  it('new_counterparty counts only payees the payer has not paid within the horizon', () => {
    const rule: Rule = {
      ...base,
      id: 'fanout',
      type: 'fan',
      typologies: ['fan_out'],
      params: { direction: 'out', window_ms: DAY, min_distinct: 3, new_counterparty: true },
    };
    const rs = { ...ruleSetOf([rule]), relationship_horizon_ms: 44 * DAY };
    const s = new Stream();
    for (const month of [0, 30])
      for (let i = 0; i < 3; i++) s.pay('boss', `staff${i}`, 5_000 * YUAN, month * DAY + i * MINUTE);
    for (let i = 0; i < 3; i++) s.pay('boss', `mule${i}`, 3_000 * YUAN, 40 * DAY + i * HOUR);
    const m = new Monitor(rs);
    const alerts = s.events.flatMap((e) => [...m.process(e)]);
    // Month 0: everything is new to a monitor that just started; month 30: the payroll is known.
    expect(alerts.map((a) => a.transfers.map((t) => t.to).join(' '))).toEqual([
      'staff0 staff1 staff2',
      'mule0 mule1 mule2',
    ]);
  });

  it('applies_to keeps a rule off other wallet kinds', () => {
    const rule: Rule = {
      ...base,
      id: 'fan',
      type: 'fan',
      typologies: ['fan_in'],
      applies_to: { kinds: ['personal'] },
      params: { direction: 'in', window_ms: DAY, min_distinct: 2 },
    };
    const s = new Stream();
    s.party('shop', { kind: 'merchant' });
    s.pay('a', 'shop', 100, 0);
    s.pay('b', 'shop', 100, MINUTE);
    expect(run([rule], s)).toEqual([]);
  });
});
