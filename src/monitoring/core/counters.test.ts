import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PartyInfo } from '../transfer-event.ts';
import { type CounterSpec, Counters } from './counters.ts';
import { EdgeWindow } from './edge-window.ts';
import { WalletTable } from './wallet-table.ts';

const party = (i: number): PartyInfo => ({
  wallet: `w${i}`,
  operator: 'op',
  kind: 'personal',
  category: 2,
  opened_ms: 0,
});

const SPECS: CounterSpec[] = [
  { window_ms: 50, ranges: [[0, Number.POSITIVE_INFINITY]], pairs: true, fresh: false },
  { window_ms: 200, ranges: [[100, 500]], pairs: true, fresh: false },
  {
    window_ms: 200,
    ranges: [
      [0, 50],
      [900, 1000],
    ],
    pairs: false,
    fresh: false,
  },
  { window_ms: 50, ranges: [[0, Number.POSITIVE_INFINITY]], pairs: true, fresh: true },
];

interface Logged {
  ts: number;
  amount: number;
  fromUid: number;
  toUid: number;
}

/** Replays random traffic and checks every counter against a brute-force recount of the log. */
function check(
  events: { from: number; to: number; amount: number; dt: number }[],
  wallets: number,
  edges: number,
) {
  const table = new WalletTable(wallets);
  const ring = new EdgeWindow(edges, table);
  const counters = new Counters(SPECS, table, ring);
  const log: Logged[] = [];
  let now = 0;
  for (const ev of events) {
    now += ev.dt;
    counters.expire(now);
    while (ring.size > 0 && ring.ts[ring.pos(ring.oldest)]! <= now - 200) ring.dropOldest();
    if (ring.full) {
      counters.forceExpire(ring.oldest);
      ring.dropOldest();
    }
    const f = table.intern(party(ev.from), now);
    const t = table.intern(party(ev.to), now);
    const n = ring.append(
      log.length,
      `e${log.length}`,
      now,
      ev.amount,
      f,
      t,
      counters.maskFor(ev.amount, ev.amount % 2 === 0),
    );
    counters.add(n);
    log.push({ ts: now, amount: ev.amount, fromUid: table.uid[f]!, toUid: table.uid[t]! });
    const live = log.slice(Math.max(0, log.length - (ring.next - ring.oldest)));
    for (const c of counters.list) {
      const inWindow = live.filter(
        (l) => l.ts > now - c.spec.window_ms && c.accepts(l.amount, l.amount % 2 === 0),
      );
      for (let slot = 0; slot < Math.min(table.size, wallets); slot++) {
        const u = table.uid[slot]!;
        const ins = inWindow.filter((l) => l.toUid === u);
        const outs = inWindow.filter((l) => l.fromUid === u);
        expect(c.cntIn[slot]).toBe(ins.length);
        expect(c.cntOut[slot]).toBe(outs.length);
        expect(c.sumIn[slot]).toBe(ins.reduce((s, l) => s + l.amount, 0));
        expect(c.sumOut[slot]).toBe(outs.reduce((s, l) => s + l.amount, 0));
        if (c.pairs) {
          expect(c.distIn[slot]).toBe(new Set(ins.map((l) => l.fromUid)).size);
          expect(c.distOut[slot]).toBe(new Set(outs.map((l) => l.toUid)).size);
        }
      }
    }
  }
}

const traffic = (maxWallet: number, maxDt: number) =>
  fc.array(
    fc.record({
      from: fc.integer({ min: 0, max: maxWallet }),
      to: fc.integer({ min: 0, max: maxWallet }),
      amount: fc.integer({ min: 1, max: 1000 }),
      dt: fc.integer({ min: 0, max: maxDt }),
    }),
    { maxLength: 120 },
  );

describe('Counters', () => {
  it('equal a brute-force recount of the window for every wallet', () => {
    fc.assert(
      fc.property(traffic(12, 30), (evs) => check(evs, 64, 1024)),
      { numRuns: 60 },
    );
  });

  it('stay exact for current wallets when LRU eviction reuses slots and the ring is full', () => {
    fc.assert(
      fc.property(traffic(60, 2), (evs) => check(evs, 16, 64)),
      { numRuns: 60 },
    );
  });
});
