import { describe, expect, it } from 'vitest';
import type { Alert } from '../alerts/alert.ts';
import { Monitor } from '../monitor.ts';
import type { Rule } from '../rules/types.ts';
import { DAY, HOUR, MINUTE, ruleSetOf, Stream, YUAN } from '../testing/fixtures.ts';

function run(rules: Rule[], s: Stream): Alert[] {
  const m = new Monitor(ruleSetOf(rules), { max_tracked_wallets: 1024, max_edges: 4096 });
  return s.events.flatMap((e) => [...m.process(e)]);
}

const graph = { window_ms: DAY, min_amount_fen: 1000 * YUAN, max_branch: 32 } as const;
const cycle: Rule = {
  id: 'cyc',
  version: 1,
  weight: 1,
  type: 'cycle',
  typologies: ['cycle'],
  params: { ...graph, min_length: 3, max_length: 5, min_hop_ratio: 0.8, max_visits: 500 },
};

describe('cycle', () => {
  it('finds money returning to its origin through later and later hops', () => {
    const s = new Stream();
    s.pay('a', 'b', 10_000 * YUAN, 0);
    s.pay('noise', 'b', 3_000 * YUAN, MINUTE);
    s.pay('b', 'c', 9_800 * YUAN, HOUR);
    s.pay('c', 'd', 9_600 * YUAN, 2 * HOUR);
    s.pay('d', 'a', 9_500 * YUAN, 3 * HOUR);
    const alerts = run([cycle], s);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.focal_wallet).toBe('a');
    expect(a.transfers.map((t) => `${t.from}>${t.to}`)).toEqual(['a>b', 'b>c', 'c>d', 'd>a']);
    expect(a.reasons[0]!.crossed).toEqual([{ name: 'cycle_length', observed: 4, op: '>=', threshold: 3 }]);
  });

  it('ignores paths whose hops run backwards in time, shrink too much, or leave the window', () => {
    const order = new Stream();
    order.pay('b', 'c', 9_800 * YUAN, 0);
    order.pay('a', 'b', 10_000 * YUAN, HOUR);
    order.pay('c', 'a', 9_600 * YUAN, 2 * HOUR);
    expect(run([cycle], order)).toEqual([]);
    const shrink = new Stream();
    shrink.pay('a', 'b', 10_000 * YUAN, 0);
    shrink.pay('b', 'c', 2_000 * YUAN, HOUR);
    shrink.pay('c', 'a', 2_000 * YUAN, 2 * HOUR);
    expect(run([cycle], shrink)).toEqual([]);
    const slow = new Stream();
    slow.pay('a', 'b', 10_000 * YUAN, 0);
    slow.pay('b', 'c', 9_900 * YUAN, HOUR);
    slow.pay('c', 'a', 9_800 * YUAN, DAY + HOUR);
    expect(run([cycle], slow)).toEqual([]);
  });

  it('respects min_length: a two-wallet round trip is not a three-wallet cycle', () => {
    const s = new Stream();
    s.pay('a', 'b', 10_000 * YUAN, 0);
    s.pay('b', 'a', 10_000 * YUAN, HOUR);
    expect(run([cycle], s)).toEqual([]);
  });
});

describe('multi-party patterns', () => {
  it('scatter-gather: one source, several intermediates, one sink', () => {
    const rule: Rule = {
      id: 'sg',
      version: 1,
      weight: 1,
      type: 'scatter_gather',
      typologies: ['scatter_gather'],
      params: { ...graph, min_intermediates: 3 },
    };
    const s = new Stream();
    for (let i = 0; i < 3; i++) s.pay('src', `m${i}`, 5_000 * YUAN, i * MINUTE);
    s.pay('other', 'sink', 5_000 * YUAN, 5 * MINUTE);
    for (let i = 0; i < 3; i++) s.pay(`m${i}`, 'sink', 4_900 * YUAN, HOUR + i * MINUTE);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.focal_wallet).toBe('sink');
    expect(alerts[0]!.wallets).toEqual(['sink', 'm0', 'm1', 'm2', 'src']);
    expect(alerts[0]!.transfers).toHaveLength(6);
  });

  it('gather-scatter: a hub with many payers and many payees', () => {
    const rule: Rule = {
      id: 'gs',
      version: 1,
      weight: 1,
      type: 'gather_scatter',
      typologies: ['gather_scatter'],
      params: { ...graph, min_sources: 3, min_sinks: 3 },
    };
    const s = new Stream();
    for (let i = 0; i < 3; i++) s.pay(`in${i}`, 'hub', 5_000 * YUAN, i * MINUTE);
    for (let i = 0; i < 2; i++) s.pay('hub', `out${i}`, 5_000 * YUAN, HOUR + i * MINUTE);
    expect(run([rule], s)).toEqual([]);
    s.pay('hub', 'out2', 5_000 * YUAN, 2 * HOUR);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.transfers).toHaveLength(6);
  });

  it('bipartite: several sources each paying the same set of sinks', () => {
    const rule: Rule = {
      id: 'bp',
      version: 1,
      weight: 1,
      type: 'bipartite',
      typologies: ['bipartite'],
      params: { ...graph, min_sources: 3, min_sinks: 2 },
    };
    const s = new Stream();
    for (const x of ['x0', 'x1', 'x2']) for (const y of ['y0', 'y1']) s.payAfter(x, y, 3_000 * YUAN);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(new Set(alerts[0]!.wallets)).toEqual(new Set(['x0', 'x1', 'x2', 'y0', 'y1']));
    expect(alerts[0]!.transfers).toHaveLength(6);
  });

  it('stack: layers of wallets each paying into the next', () => {
    const rule: Rule = {
      id: 'st',
      version: 1,
      weight: 1,
      type: 'stack',
      typologies: ['stack'],
      params: { ...graph, min_layers: 3, min_width: 2 },
    };
    const s = new Stream();
    for (const a of ['a0', 'a1']) for (const b of ['b0', 'b1']) s.payAfter(a, b, 4_000 * YUAN);
    s.payAfter('b0', 'z', 7_900 * YUAN);
    expect(run([rule], s)).toEqual([]);
    s.payAfter('b1', 'z', 7_900 * YUAN);
    const alerts = run([rule], s);
    expect(alerts).toHaveLength(1);
    expect(new Set(alerts[0]!.wallets)).toEqual(new Set(['z', 'a0', 'a1', 'b0', 'b1']));
  });
});
