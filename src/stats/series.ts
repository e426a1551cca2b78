import { STATS_RATE_WINDOW_S, STATS_SERIES_POINTS_MAX } from './limits.ts';

/** The last `points` seconds of a series, oldest first, ending with the last complete second. */
export interface SeriesWindow {
  /** The second (Unix time) of the first point. */
  readonly start_s: number;
  readonly count: number[];
  /** Value per second in minor units (fen), exact integers. */
  readonly value_fen: number[];
}

/**
 * Payments and value per second in a ring of one slot per second: a slot is reused when its second
 * comes round again, so memory is `points` slots whatever the rate. Rows are placed by their commit
 * time; a row older than the ring (a follower catching up after a restart) is dropped.
 */
export class RateSeries {
  private readonly second: Float64Array;
  private readonly count: Float64Array;
  private readonly value: Float64Array;

  constructor(readonly points: number = STATS_SERIES_POINTS_MAX) {
    if (!(Number.isInteger(points) && points >= 2)) throw new Error('a series needs at least 2 points');
    this.second = new Float64Array(points).fill(-1);
    this.count = new Float64Array(points);
    this.value = new Float64Array(points);
  }

  add(tsMs: number, amountFen: number): void {
    const s = Math.floor(tsMs / 1000);
    const i = s % this.points;
    const held = this.second[i]!;
    if (held !== s) {
      if (held > s) return;
      this.second[i] = s;
      this.count[i] = 0;
      this.value[i] = 0;
    }
    this.count[i]! += 1;
    this.value[i]! += amountFen;
  }

  /** The window ending with the second before `nowMs` (the current second is still filling). */
  window(nowMs: number): SeriesWindow {
    const last = Math.floor(nowMs / 1000) - 1;
    const start = last - this.points + 1;
    const count: number[] = new Array(this.points);
    const value: number[] = new Array(this.points);
    for (let k = 0; k < this.points; k += 1) {
      const s = start + k;
      const i = ((s % this.points) + this.points) % this.points;
      const hit = this.second[i] === s;
      count[k] = hit ? this.count[i]! : 0;
      value[k] = hit ? this.value[i]! : 0;
    }
    return { start_s: start, count, value_fen: value };
  }
}

/** Average per second over the last `seconds` complete seconds of a window. */
export function recentRate(values: readonly number[], seconds: number = STATS_RATE_WINDOW_S): number {
  const n = Math.min(seconds, values.length);
  if (n === 0) return 0;
  let sum = 0;
  for (let k = values.length - n; k < values.length; k += 1) sum += values[k]!;
  return sum / n;
}
