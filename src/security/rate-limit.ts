import { RATE_BUCKETS_MAX } from './limits.ts';

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * Token buckets per key: `per_s` requests a second on average, up to `burst` at once. Memory is
 * bounded: past RATE_BUCKETS_MAX keys, the oldest bucket is dropped (a dropped key starts full again,
 * which only ever errs towards letting a request through).
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** 0 when the request may go ahead, else how many ms until it could. */
  take(key: string, per_s: number, burst: number, now: number): number {
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= RATE_BUCKETS_MAX) this.buckets.delete(this.buckets.keys().next().value!);
      b = { tokens: burst, last: now };
      this.buckets.set(key, b);
    } else if (now > b.last) {
      b.tokens = Math.min(burst, b.tokens + ((now - b.last) * per_s) / 1000);
      b.last = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / per_s);
  }
}
