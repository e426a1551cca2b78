import { beforeAll, describe, expect, it } from 'vitest';
import { TYPOLOGIES } from './dataset-format.ts';
import { createEconomy } from './economy.ts';
import { evaluateReferenceRules } from './reference-eval.ts';
import { indexTable, inOf, outOf, slidingDistinct } from './reference-index.ts';
import { FAN_MIN_DISTINCT, FAN_WINDOW_MS, MID_FEN } from './reference-rules.ts';
import { type TransferTable, tableFromEconomy } from './table.ts';

let table: TransferTable;

beforeAll(() => {
  table = tableFromEconomy(createEconomy({ seed: 42, transfers: 250_000, laundering_rate: 0.005 }));
});

/** Precision of a rule that flags transfers through `flag`, after the same warm-up. */
function precisionOf(run: (flag: (i: number) => void) => void): number {
  const flags = new Uint8Array(table.n);
  run((i) => {
    flags[i] = 1;
  });
  let flagged = 0;
  let hits = 0;
  for (let i = 0; i < table.n; i += 1) {
    if (flags[i] === 0 || table.ts[i]! < table.startMs + 21 * 86_400_000) continue;
    flagged += 1;
    if (table.instance[i]! >= 0) hits += 1;
  }
  return hits / flagged;
}

describe('separability', () => {
  it('plain supervisor rules find every typology (recall >= 0.95) at transfer precision >= 0.80', () => {
    const e = evaluateReferenceRules(table);
    expect(e.laundering / e.transfers).toBeLessThanOrEqual(0.005);
    expect(e.precision).toBeGreaterThanOrEqual(0.8);
    for (const typology of TYPOLOGIES) {
      const score = e.by_typology[typology];
      expect(score, typology).toBeDefined();
      expect(score!.recall, typology).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('has honest look-alikes: fan rules blind to who is paying whom drown in false alarms', () => {
    const ix = indexTable(table);
    const fan = (list: (w: number) => Int32Array, other: Int32Array) => (flag: (i: number) => void) => {
      for (let w = 0; w < table.walletIds.length; w += 1) {
        const mid = [...list(w)].filter((i) => table.amount[i]! >= MID_FEN);
        slidingDistinct(
          mid,
          table.ts,
          (i) => other[i]!,
          FAN_WINDOW_MS,
          FAN_MIN_DISTINCT,
          (lo, hi) => {
            for (let k = lo; k <= hi; k += 1) flag(mid[k]!);
          },
        );
      }
    };
    // Payroll runs, suppliers, landlords and wedding gifts all look like fans.
    expect(precisionOf(fan((w) => inOf(ix, w), table.from))).toBeLessThan(0.5);
    expect(precisionOf(fan((w) => outOf(ix, w), table.to))).toBeLessThan(0.5);
  });
});
