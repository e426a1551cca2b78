import { beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInstance, Typology } from './dataset-format.ts';
import { createEconomy, type SimTransfer, type SimWallet } from './economy.ts';

const DAY = 86_400_000;
const transfers: SimTransfer[] = [];
const byInstance = new Map<string, SimTransfer[]>();
const byWallet = new Map<string, SimTransfer[]>();
let instances: readonly DatasetInstance[] = [];
let wallets = new Map<string, SimWallet>();
let startMs = 0;

beforeAll(() => {
  // A high laundering rate gives every typology dozens of instances to check.
  const economy = createEconomy({ seed: 2024, transfers: 150_000, laundering_rate: 0.03 });
  startMs = economy.startMs;
  wallets = new Map(economy.wallets().map((w) => [w.wallet, w]));
  const gen = economy.events();
  for (;;) {
    const next = gen.next();
    if (next.done === true) {
      instances = next.value.instances;
      break;
    }
    const e = next.value;
    if (e.kind !== 'transfer') continue;
    transfers.push(e);
    for (const w of [e.from, e.to]) {
      const list = byWallet.get(w);
      if (list === undefined) byWallet.set(w, [e]);
      else list.push(e);
    }
    if (e.instance !== null) {
      const list = byInstance.get(e.instance);
      if (list === undefined) byInstance.set(e.instance, [e]);
      else list.push(e);
    }
  }
});

function ofType(typology: Typology): { instance: DatasetInstance; ts: SimTransfer[] }[] {
  const list = instances
    .filter((i) => i.typology === typology)
    .map((instance) => ({ instance, ts: byInstance.get(instance.instance)! }));
  expect(list.length).toBeGreaterThan(3);
  return list;
}

const sum = (ts: readonly SimTransfer[]): number => ts.reduce((s, t) => s + t.amount_fen, 0);

describe('laundering labels', () => {
  it('label only transfers of listed instances, between the instance wallets, within its seq range', () => {
    expect(new Set(instances.map((i) => i.typology)).size).toBe(11);
    expect([...byInstance.keys()].sort()).toEqual(instances.map((i) => i.instance).sort());
    for (const inst of instances) {
      const ts = byInstance.get(inst.instance)!;
      const members = new Set(inst.wallets);
      expect(ts[0]!.seq).toBe(inst.first_seq);
      expect(ts.at(-1)!.seq).toBe(inst.last_seq);
      for (const t of ts) {
        expect(members.has(t.from) && members.has(t.to)).toBe(true);
      }
    }
  });

  it('hide laundering among the mules own ordinary lives', () => {
    // Only the wallets opened for a burst, or woken for one, have no life of their own.
    const dedicated = new Set(
      instances
        .filter((i) => i.typology === 'new_wallet_burst' || i.typology === 'dormant_wakeup')
        .map((i) => i.wallets[0]),
    );
    const mules = new Set(instances.flatMap((i) => i.wallets).filter((w) => !dedicated.has(w)));
    const withOwnLife = [...mules].filter((w) => (byWallet.get(w) ?? []).some((t) => t.instance === null));
    expect(withOwnLife.length / mules.size).toBeGreaterThan(0.98);
    const categories = [...mules].map((w) => wallets.get(w)!.category);
    expect(categories.filter((c) => c === 2 || c === 3).length / categories.length).toBeGreaterThan(0.6);
  });

  it('fan-in: 10+ distinct payers into the collector', () => {
    for (const { instance, ts } of ofType('fan_in')) {
      expect(ts.every((t) => t.to === instance.wallets[0])).toBe(true);
      expect(new Set(ts.map((t) => t.from)).size).toBe(ts.length);
      expect(ts.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('fan-out: the origin pays 10+ distinct wallets', () => {
    for (const { instance, ts } of ofType('fan_out')) {
      expect(ts.every((t) => t.from === instance.wallets[0])).toBe(true);
      expect(new Set(ts.map((t) => t.to)).size).toBe(ts.length);
      expect(ts.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('scatter-gather: each mule is paid by the origin, then pays the sink less than it got', () => {
    for (const { instance, ts } of ofType('scatter_gather')) {
      const [origin, sink] = instance.wallets as [string, string];
      for (const mule of instance.wallets.slice(2)) {
        const inn = ts.filter((t) => t.to === mule);
        const out = ts.filter((t) => t.from === mule);
        expect(inn.length === 1 && out.length === 1).toBe(true);
        expect(inn[0]!.from).toBe(origin);
        expect(out[0]!.to).toBe(sink);
        expect(out[0]!.seq).toBeGreaterThan(inn[0]!.seq);
        expect(out[0]!.amount_fen).toBeLessThan(inn[0]!.amount_fen);
      }
    }
  });

  it('gather-scatter: the hub pays out only after all has arrived, and less than it got', () => {
    for (const { instance, ts } of ofType('gather_scatter')) {
      const hub = instance.wallets[0]!;
      const ins = ts.filter((t) => t.to === hub);
      const outs = ts.filter((t) => t.from === hub);
      expect(ins.length + outs.length).toBe(ts.length);
      expect(Math.min(...outs.map((t) => t.seq))).toBeGreaterThan(Math.max(...ins.map((t) => t.seq)));
      expect(sum(outs)).toBeLessThan(sum(ins));
      expect(new Set(ins.map((t) => t.from)).size).toBeGreaterThanOrEqual(6);
    }
  });

  it('cycle: each payment starts where the last ended and the money comes back to its start, shrinking', () => {
    for (const { ts } of ofType('cycle')) {
      for (let k = 1; k < ts.length; k += 1) {
        expect(ts[k]!.from).toBe(ts[k - 1]!.to);
        expect(ts[k]!.amount_fen).toBeLessThanOrEqual(ts[k - 1]!.amount_fen);
      }
      expect(ts.at(-1)!.to).toBe(ts[0]!.from);
      expect(ts.length).toBeGreaterThanOrEqual(3);
    }
  });

  it('bipartite: senders and receivers are apart and each pays, or hears from, three or more', () => {
    for (const { ts } of ofType('bipartite')) {
      const senders = new Set(ts.map((t) => t.from));
      const receivers = new Set(ts.map((t) => t.to));
      expect([...senders].some((s) => receivers.has(s))).toBe(false);
      for (const s of senders)
        expect(new Set(ts.filter((t) => t.from === s).map((t) => t.to)).size).toBeGreaterThanOrEqual(3);
      for (const r of receivers)
        expect(new Set(ts.filter((t) => t.to === r).map((t) => t.from)).size).toBeGreaterThanOrEqual(3);
    }
  });

  it('stack: money moves down layers, every path from an origin to a sink has three hops', () => {
    for (const { ts } of ofType('stack')) {
      const payers = new Set(ts.map((t) => t.from));
      const payees = new Set(ts.map((t) => t.to));
      const level = new Map<string, number>();
      for (const w of payers) if (!payees.has(w)) level.set(w, 0);
      for (let round = 0; round < 3; round += 1) {
        for (const t of ts) if (level.get(t.from) === round) level.set(t.to, round + 1);
      }
      for (const t of ts) expect(level.get(t.to)).toBe(level.get(t.from)! + 1);
      for (const w of payees) if (!payers.has(w)) expect(level.get(w)).toBe(3);
      for (const w of payers) {
        const lastIn = Math.max(0, ...ts.filter((t) => t.to === w).map((t) => t.seq));
        expect(Math.min(...ts.filter((t) => t.from === w).map((t) => t.seq))).toBeGreaterThan(lastIn);
      }
    }
  });

  it('structuring: five or more payments just under one threshold', () => {
    for (const { ts } of ofType('structuring')) {
      const threshold = ts[0]!.amount_fen < 500_000 ? 500_000 : 5_000_000;
      for (const t of ts) {
        expect(t.amount_fen).toBeLessThan(threshold);
        expect(t.amount_fen).toBeGreaterThanOrEqual(0.96 * threshold);
      }
      expect(ts.length).toBeGreaterThanOrEqual(5);
    }
  });

  it('pass-through: the mule sends most of each payment on within the hour', () => {
    for (const { instance, ts } of ofType('pass_through')) {
      const mule = instance.wallets[0]!;
      const ins = ts.filter((t) => t.to === mule);
      expect(ins.length).toBeGreaterThanOrEqual(2);
      for (const i of ins) {
        const outs = ts.filter((t) => t.from === mule && t.seq > i.seq && t.ts_ms - i.ts_ms <= 3_600_000);
        const share = sum(outs) / i.amount_fen;
        expect(share).toBeGreaterThanOrEqual(0.84); // 85% before rounding down
        expect(share).toBeLessThanOrEqual(0.99);
      }
    }
  });

  it('dormant wake-up: a wallet silent for 100+ days moves 30,000+ CNY in and most of it out', () => {
    for (const { instance, ts } of ofType('dormant_wakeup')) {
      const w = instance.wallets[0]!;
      const first = byWallet.get(w)![0]!;
      expect(first.seq).toBe(ts[0]!.seq);
      expect(first.ts_ms - startMs).toBeGreaterThanOrEqual(100 * DAY);
      expect(wallets.get(w)!.opened_ms).toBeLessThan(startMs);
      const ins = sum(ts.filter((t) => t.to === w));
      expect(ins).toBeGreaterThanOrEqual(3_000_000);
      expect(sum(ts.filter((t) => t.from === w)) / ins).toBeGreaterThanOrEqual(0.84);
    }
  });

  it('new-wallet burst: a wallet opened during the run moves money in and out within three days', () => {
    for (const { instance, ts } of ofType('new_wallet_burst')) {
      const w = instance.wallets[0]!;
      const opened = wallets.get(w)!.opened_ms;
      expect(opened).toBeGreaterThan(startMs);
      expect(byWallet.get(w)![0]!.seq).toBe(ts[0]!.seq);
      for (const t of ts) expect(t.ts_ms - opened).toBeLessThanOrEqual(3 * DAY);
      expect(ts.some((t) => t.to === w) && ts.some((t) => t.from === w)).toBe(true);
    }
  });

  it('honours the mix: only the typologies asked for appear', () => {
    const run = createEconomy({
      seed: 9,
      transfers: 40_000,
      laundering_rate: 0.02,
      mix: {
        cycle: 1,
        fan_in: 0,
        fan_out: 0,
        scatter_gather: 0,
        gather_scatter: 0,
        bipartite: 0,
        stack: 0,
        structuring: 0,
        pass_through: 0,
        dormant_wakeup: 0,
        new_wallet_burst: 0,
      },
    });
    const gen = run.events();
    let next = gen.next();
    while (next.done !== true) next = gen.next();
    expect(next.value.instances.length).toBeGreaterThan(0);
    expect(new Set(next.value.instances.map((i) => i.typology))).toEqual(new Set(['cycle']));
  });
});
