import { describe, expect, test } from 'vitest';
import { RateSeries, recentRate } from './series.ts';

describe('rate series', () => {
  test('counts per second of commit time, ending with the last complete second', () => {
    const s = new RateSeries(5);
    const t0 = 1_000_000_000;
    s.add(t0 + 100, 150);
    s.add(t0 + 900, 50);
    s.add(t0 + 1_200, 7);
    s.add(t0 + 2_500, 1); // the current second: not shown yet
    const w = s.window(t0 + 2_600);
    expect(w.start_s).toBe(t0 / 1000 - 3);
    expect(w.count).toEqual([0, 0, 0, 2, 1]);
    expect(w.value_fen).toEqual([0, 0, 0, 200, 7]);
  });

  test('memory is the ring: a slot is reused when its second comes round, older rows are dropped', () => {
    const s = new RateSeries(3);
    s.add(10_000, 1);
    s.add(13_000, 5); // same slot as second 10: replaces it
    s.add(10_500, 9); // older than the slot's second: dropped
    const w = s.window(14_000);
    expect(w.count).toEqual([0, 0, 1]);
    expect(w.value_fen).toEqual([0, 0, 5]);
    expect(w.count).toHaveLength(3);
  });

  test('a million rows over an hour keep the window at its size', () => {
    const s = new RateSeries(300);
    const start = 2_000_000_000;
    // 300 rows a second for an hour: the window holds the last 300 seconds of them, nothing else.
    for (let i = 0; i < 1_080_000; i += 1) s.add(start + Math.floor(i / 300) * 1000, 100);
    const w = s.window(start + 3_600_000);
    expect(w.count).toHaveLength(300);
    expect(new Set(w.count)).toEqual(new Set([300]));
    expect(w.value_fen.reduce((a, b) => a + b, 0)).toBe(300 * 300 * 100);
  });

  test('recent rate averages the last complete seconds', () => {
    expect(recentRate([9, 9, 1, 2, 3, 4, 5], 5)).toBe(3);
    expect(recentRate([], 5)).toBe(0);
    expect(recentRate([4, 6], 5)).toBe(5);
    expect(() => new RateSeries(1)).toThrow();
  });
});
