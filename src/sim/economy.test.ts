import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TYPOLOGIES } from './dataset-format.ts';
import { createEconomy, type Economy } from './economy.ts';
import { replayAndCheck } from './limit-checker.test-support.ts';

function digest(economy: Economy): string {
  const hash = createHash('sha256');
  for (const w of economy.wallets()) hash.update(JSON.stringify(w));
  for (const e of economy.events()) hash.update(JSON.stringify(e));
  return hash.digest('hex');
}

describe('createEconomy', () => {
  it('is deterministic: the same seed replays the same run, another seed does not', () => {
    const a = createEconomy({ seed: 11, transfers: 20_000 });
    const first = digest(a);
    expect(digest(a)).toBe(first);
    expect(digest(createEconomy({ seed: 11, transfers: 20_000 }))).toBe(first);
    expect(digest(createEconomy({ seed: 12, transfers: 20_000 }))).not.toBe(first);
  });

  it('never breaks a limit, never overdraws and hits the count and laundering share exactly', () => {
    const economy = createEconomy({ seed: 42, transfers: 120_000, laundering_rate: 0.005 });
    const run = replayAndCheck(economy);
    expect(run.violation).toBeNull();
    expect(run.transfers).toBe(120_000);
    expect(run.summary.laundering_transfers).toBe(economy.launderingTransfers);
    expect(run.summary.laundering_transfers / run.transfers).toBeLessThanOrEqual(0.005);
    // Instances are whole, so the share can fall short of the rate by less than one instance.
    expect(run.summary.laundering_transfers / run.transfers).toBeGreaterThan(0.0045);
    expect(run.summary.degraded_instances).toBe(0);
    expect(run.exchanges).toBeGreaterThan(0);
  });

  it('keeps its guarantees for any seed, size, rate and mix', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.integer({ min: 5_000, max: 25_000 }),
        fc.double({ min: 0, max: 0.05, noNaN: true }),
        fc.subarray([...TYPOLOGIES], { minLength: 1 }),
        (seed, transfers, rate, typologies) => {
          const mix = Object.fromEntries(TYPOLOGIES.map((t) => [t, typologies.includes(t) ? 1 : 0]));
          const economy = createEconomy({ seed, transfers, laundering_rate: rate, mix, days: 60 });
          const run = replayAndCheck(economy);
          expect(run.violation).toBeNull();
          expect(run.transfers).toBe(transfers);
          expect(run.summary.laundering_transfers).toBeLessThanOrEqual(Math.floor(rate * transfers));
          for (const i of run.summary.instances) expect(typologies).toContain(i.typology);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('spreads wallets over operators, kinds and KYC categories like a real population', () => {
    const wallets = createEconomy({ seed: 3, transfers: 100_000 }).wallets();
    const personal = wallets.filter((w) => w.kind === 'personal');
    const share = (c: number): number => personal.filter((w) => w.category === c).length / personal.length;
    expect(share(1)).toBeLessThan(0.08);
    expect(share(2) + share(3) + share(4)).toBeGreaterThan(0.9);
    expect(share(4)).toBeGreaterThan(share(2));
    expect(new Set(wallets.map((w) => w.operator)).size).toBe(8);
    const merchants = wallets.filter((w) => w.kind === 'merchant');
    for (const mcc of ['5411', '5812', '4111', '4121', '4900', '5541', '5912', '5732', '5651', '6513']) {
      expect(merchants.some((m) => m.mcc === mcc)).toBe(true);
    }
    expect(wallets.some((w) => w.kind === 'corporate')).toBe(true);
    expect(new Set(wallets.map((w) => w.wallet)).size).toBe(wallets.length);
  });

  it('follows daily rhythms: evenings busy, 3am almost empty, weekends busier for shopping', () => {
    const economy = createEconomy({ seed: 5, transfers: 60_000, laundering_rate: 0 });
    const byHour = new Array<number>(24).fill(0);
    for (const e of economy.events()) {
      if (e.kind === 'transfer') byHour[new Date(e.ts_ms + 8 * 3_600_000).getUTCHours()]! += 1;
    }
    expect(byHour[3]! * 20).toBeLessThan(byHour[19]!);
    expect(byHour[18]! + byHour[19]!).toBeGreaterThan(byHour[9]! + byHour[10]!);
  });

  it('rejects options it cannot honour', () => {
    expect(() => createEconomy({ seed: -1, transfers: 10 })).toThrow(/seed/);
    expect(() => createEconomy({ seed: 1, transfers: 0 })).toThrow(/transfers/);
    expect(() => createEconomy({ seed: 1, transfers: 10, laundering_rate: 0.5 })).toThrow(/laundering_rate/);
    expect(() => createEconomy({ seed: 1, transfers: 10, mix: { smurfing: 1 } as never })).toThrow(
      /unknown typology/,
    );
  });
});
