import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fixedOffsetMinutes, localDay, localYear } from './timezone.ts';

describe('time zone', () => {
  test('Asia/Shanghai is a fixed UTC+8 zone', () => {
    expect(fixedOffsetMinutes('Asia/Shanghai')).toBe(480);
    expect(fixedOffsetMinutes('UTC')).toBe(0);
  });

  test('zones with daylight saving and unknown zones are refused', () => {
    expect(() => fixedOffsetMinutes('Europe/Berlin')).toThrow(/fixed UTC offset/);
    expect(() => fixedOffsetMinutes('Mars/Olympus')).toThrow(/unknown time zone/);
  });

  test('local day and year agree with Intl for any instant', () => {
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2090, 0, 1) }), (ts) => {
        const [y, m, d] = format.format(new Date(ts)).split('-').map(Number);
        expect(localYear(ts, 480)).toBe(y);
        expect(localDay(ts, 480)).toBe(Date.UTC(y!, m! - 1, d!) / 86_400_000);
      }),
      { numRuns: 2000 },
    );
  });

  test('a day turns at midnight in Shanghai, which is 16:00 UTC', () => {
    const before = Date.UTC(2025, 11, 31, 15, 59, 59, 999);
    expect(localDay(before + 1, 480) - localDay(before, 480)).toBe(1);
    expect(localYear(before, 480)).toBe(2025);
    expect(localYear(before + 1, 480)).toBe(2026);
  });
});
