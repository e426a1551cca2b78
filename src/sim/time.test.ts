import { describe, expect, it } from 'vitest';
import {
  civilDate,
  DEFAULT_START_MS,
  dayInfo,
  dayStartMs,
  shanghaiDay,
  shanghaiYear,
  weekdayOf,
} from './time.ts';

const day = (iso: string): number => shanghaiDay(Date.parse(`${iso}T12:00:00+08:00`));

describe('Shanghai calendar', () => {
  it('starts days and years at midnight UTC+8', () => {
    expect(DEFAULT_START_MS).toBe(Date.parse('2024-01-01T00:00:00+08:00'));
    expect(shanghaiDay(DEFAULT_START_MS)).toBe(shanghaiDay(DEFAULT_START_MS - 1) + 1);
    expect(dayStartMs(shanghaiDay(DEFAULT_START_MS + 5_000))).toBe(DEFAULT_START_MS);
    expect(shanghaiYear(DEFAULT_START_MS)).toBe(2024);
    expect(shanghaiYear(DEFAULT_START_MS - 1)).toBe(2023);
  });

  it('knows weekdays and month lengths', () => {
    expect(weekdayOf(day('2024-01-01'))).toBe(1);
    expect(weekdayOf(day('2024-02-10'))).toBe(6);
    expect(civilDate(day('2024-02-10'))).toEqual({ year: 2024, month: 2, dayOfMonth: 10, daysInMonth: 29 });
  });

  it('marks festivals: red packets at the new year, shopping before it and on Double 11', () => {
    const newYear = dayInfo(day('2024-02-10'));
    expect(newYear.restDay && newYear.redPackets > 5).toBe(true);
    expect(dayInfo(day('2024-02-04')).shopping).toBeGreaterThan(1);
    expect(dayInfo(day('2024-02-04')).travel).toBeGreaterThan(1);
    expect(dayInfo(day('2024-11-11')).shopping).toBeGreaterThan(1);
    expect(dayInfo(day('2024-05-20')).loveDay).toBe(true);
    expect(dayInfo(day('2024-10-03')).restDay).toBe(true);
    expect(dayInfo(day('2024-09-17')).redPackets).toBeGreaterThan(1);
    const ordinary = dayInfo(day('2024-03-12'));
    expect([ordinary.restDay, ordinary.redPackets, ordinary.shopping, ordinary.travel]).toEqual([
      false,
      1,
      1,
      1,
    ]);
    expect(dayInfo(day('2024-03-16')).restDay).toBe(true);
  });
});
