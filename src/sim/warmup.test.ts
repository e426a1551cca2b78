import { describe, expect, test } from 'vitest';
import { createEconomy } from './economy.ts';

const HOUR = 3_600_000;

function firstLaundering(warmup_days?: number): { hours: number; share: number } {
  const economy = createEconomy({
    seed: 11,
    transfers: 40_000,
    days: 14,
    operators: 3,
    ...(warmup_days === undefined ? {} : { warmup_days }),
  });
  let n = 0;
  for (const e of economy.events()) {
    if (e.kind !== 'transfer') continue;
    n += 1;
    if (e.instance !== null) return { hours: (e.ts_ms - economy.startMs) / HOUR, share: n / 40_000 };
  }
  throw new Error('no laundering at all');
}

describe('laundering warm-up', () => {
  test('by default no instance starts in the first fifth of a short span; warmup_days moves the first one forward', () => {
    const standard = firstLaundering();
    expect(standard.hours).toBeGreaterThanOrEqual(0.2 * 14 * 24);
    const early = firstLaundering(0.05);
    expect(early.hours).toBeGreaterThanOrEqual(0.05 * 24);
    expect(early.hours).toBeLessThan(standard.hours);
    expect(early.share).toBeLessThan(0.05);
  });

  test('warmup_days must fit in the span', () => {
    expect(() => createEconomy({ seed: 1, transfers: 1000, days: 14, warmup_days: 14 })).toThrow(
      /warmup_days/,
    );
    expect(() => createEconomy({ seed: 1, transfers: 1000, warmup_days: -1 })).toThrow(/warmup_days/);
  });
});
