/**
 * Limits count days and years in the node's time zone (Asia/Shanghai by default). China has kept a fixed
 * UTC+08:00 offset without daylight saving since 1991, so a fixed offset is exact for every timestamp this
 * system will see; `fixedOffsetMinutes` refuses a zone whose offset changes within the years we check.
 */
const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

export function fixedOffsetMinutes(timeZone: string): number {
  const offsets = new Set<number>();
  // Both solstices of a span of recent and future years catch any daylight-saving rule.
  for (let year = 2000; year <= 2040; year += 1) {
    for (const month of [0, 6]) offsets.add(offsetAt(timeZone, Date.UTC(year, month, 15, 12)));
  }
  if (offsets.size !== 1) {
    throw new Error(`time zone ${timeZone} does not have a fixed UTC offset; limits need one`);
  }
  return [...offsets][0]!;
}

function offsetAt(timeZone: string, utcMs: number): number {
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
  } catch {
    throw new Error(`unknown time zone ${timeZone}`);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]));
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
  );
  return Math.round((local - utcMs) / MS_PER_MINUTE);
}

/** Local calendar day number (days since 1970-01-01 in the zone) of an instant. */
export function localDay(ts_ms: number, offset_minutes: number): number {
  return Math.floor((ts_ms + offset_minutes * MS_PER_MINUTE) / MS_PER_DAY);
}

/** Local calendar year of an instant. */
export function localYear(ts_ms: number, offset_minutes: number): number {
  return new Date(ts_ms + offset_minutes * MS_PER_MINUTE).getUTCFullYear();
}
