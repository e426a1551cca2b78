/**
 * Simulated time. Timestamps are ms since the epoch (UTC); the rhythms people follow (hours, days,
 * limits' daily and annual totals, holidays) are those of Asia/Shanghai, which is UTC+8 all year.
 */
export const MS_PER_SECOND = 1_000;
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const SHANGHAI_OFFSET_MS = 8 * MS_PER_HOUR;

/** 2024-01-01T00:00:00+08:00. */
export const DEFAULT_START_MS = Date.UTC(2024, 0, 1) - SHANGHAI_OFFSET_MS;

/** Days since 1970-01-01 on the Shanghai calendar. */
export function shanghaiDay(tsMs: number): number {
  return Math.floor((tsMs + SHANGHAI_OFFSET_MS) / MS_PER_DAY);
}

/** The instant a Shanghai day begins. */
export function dayStartMs(day: number): number {
  return day * MS_PER_DAY - SHANGHAI_OFFSET_MS;
}

export function shanghaiYear(tsMs: number): number {
  return new Date(tsMs + SHANGHAI_OFFSET_MS).getUTCFullYear();
}

/** 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly dayOfMonth: number;
  readonly daysInMonth: number;
}

export function civilDate(day: number): CivilDate {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return {
    year,
    month,
    dayOfMonth: d.getUTCDate(),
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

function dayOfDate(year: number, month: number, dayOfMonth: number): number {
  return Math.floor(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

/**
 * Lunar festivals move; these are their Gregorian dates for the years a simulation is likely to
 * cover. Outside these years only the fixed-date holidays apply (documented in docs/simulator.md).
 */
const LUNAR_NEW_YEAR: Readonly<Record<number, readonly [number, number]>> = {
  2023: [1, 22],
  2024: [2, 10],
  2025: [1, 29],
  2026: [2, 17],
  2027: [2, 6],
};
const MID_AUTUMN: Readonly<Record<number, readonly [number, number]>> = {
  2023: [9, 29],
  2024: [9, 17],
  2025: [10, 6],
  2026: [9, 25],
  2027: [9, 15],
};
const DRAGON_BOAT: Readonly<Record<number, readonly [number, number]>> = {
  2023: [6, 22],
  2024: [6, 10],
  2025: [5, 31],
  2026: [6, 19],
  2027: [6, 9],
};

/** How one day differs from an ordinary day of its weekday. */
export interface DayInfo {
  readonly day: number;
  readonly weekday: number;
  readonly weekend: boolean;
  readonly date: CivilDate;
  /** A day off work (weekend or public holiday): commuting falls, leisure rises. */
  readonly restDay: boolean;
  /** Multiplier on person-to-person transfers, with red packets instead of ordinary amounts. */
  readonly redPackets: number;
  /** Multiplier on shopping (groceries before the new year, Double 11, golden weeks). */
  readonly shopping: number;
  /** Multiplier on travel (the Spring Festival rush home and back). */
  readonly travel: number;
  /** 20 May, "520" (I love you): partners send 520 or 1314. */
  readonly loveDay: boolean;
}

function offsetFrom(day: number, table: Readonly<Record<number, readonly [number, number]>>): number | null {
  const year = civilDate(day).year;
  let best: number | null = null;
  for (const y of [year - 1, year, year + 1]) {
    const md = table[y];
    if (md === undefined) continue;
    const offset = day - dayOfDate(y, md[0], md[1]);
    if (best === null || Math.abs(offset) < Math.abs(best)) best = offset;
  }
  return best;
}

export function dayInfo(day: number): DayInfo {
  const weekday = weekdayOf(day);
  const weekend = weekday === 0 || weekday === 6;
  const date = civilDate(day);
  let restDay = weekend;
  let redPackets = 1;
  let shopping = 1;
  let travel = 1;
  const newYear = offsetFrom(day, LUNAR_NEW_YEAR);
  if (newYear !== null) {
    if (newYear >= -1 && newYear <= 7) {
      restDay = true;
      redPackets = newYear <= 1 ? 9 : newYear <= 4 ? 4 : 2;
    }
    if (newYear >= -10 && newYear <= -2) {
      shopping = 1.5;
      travel = 1.8;
    }
    if (newYear >= 5 && newYear <= 10) travel = 1.6;
    if (newYear === 15) redPackets = 2;
  }
  const fixed = [date.month, date.dayOfMonth] as const;
  if (fixed[0] === 1 && fixed[1] === 1) restDay = true;
  if (fixed[0] === 5 && fixed[1] <= 5) restDay = true;
  if (fixed[0] === 10 && fixed[1] <= 7) {
    restDay = true;
    shopping = 1.3;
  }
  if (fixed[0] === 11 && fixed[1] === 11) shopping = 1.6;
  for (const table of [MID_AUTUMN, DRAGON_BOAT]) {
    const offset = offsetFrom(day, table);
    if (offset === 0) {
      restDay = true;
      redPackets = Math.max(redPackets, 1.8);
    }
  }
  return {
    day,
    weekday,
    weekend,
    date,
    restDay,
    redPackets,
    shopping,
    travel,
    loveDay: fixed[0] === 5 && fixed[1] === 20,
  };
}
