import type { SupervisionDb } from '../store/schema.ts';
import { alertCounts } from './alert-queries.ts';
import { caseCounts } from './case-queries.ts';

/** Days of large-value report counts the summary gives, today included. */
export const SUMMARY_DAYS = 7;
const DAY_MS = 86_400_000;

/** The local day (YYYY-MM-DD) a period start falls on, at the given offset from UTC. */
export function localDate(ms: number, tzOffsetMs: number): string {
  return new Date(ms + tzOffsetMs).toISOString().slice(0, 10);
}

/** Start (UTC ms) of the local day holding `ms`. */
export function localDayStart(ms: number, tzOffsetMs: number): number {
  return Math.floor((ms + tzOffsetMs) / DAY_MS) * DAY_MS - tzOffsetMs;
}

/**
 * What the supervisor dashboard shows at a glance: open alerts by typology, alerts in cases, cases by
 * status, screening hits awaiting review and large-value reports per local day (this week).
 */
export async function supervisionSummary(db: SupervisionDb, now: number, tzOffsetMs: number) {
  const alerts = await alertCounts(db);
  const cases = await caseCounts(db);
  const today = localDayStart(now, tzOffsetMs);
  const since = today - (SUMMARY_DAYS - 1) * DAY_MS;
  const rows = await db
    .selectFrom('sup_alerts')
    .select((eb) => ['period_start_ms', 'typology', eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'large_value_report')
    .where('period_start_ms', '>=', since)
    .groupBy(['period_start_ms', 'typology'])
    .execute();
  const days = new Map<number, { date: string; in: number; out: number; total: number }>();
  for (let d = since; d <= today; d += DAY_MS)
    days.set(d, { date: localDate(d, tzOffsetMs), in: 0, out: 0, total: 0 });
  for (const r of rows) {
    const day = days.get(Number(r.period_start_ms));
    if (day === undefined) continue;
    const n = Number(r.n);
    if (r.typology === 'large_value_in') day.in += n;
    else day.out += n;
    day.total += n;
  }
  const pending = await db
    .selectFrom('sup_screening_hits')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending_review')
    .executeTakeFirst();
  const daily = [...days.values()];
  return {
    at: new Date(now).toISOString(),
    alerts: { open: alerts.open, in_case: alerts.in_case, open_by_typology: alerts.open_by_typology },
    cases,
    screening: { pending_review: Number(pending?.n ?? 0) },
    large_value_reports: { today: daily[daily.length - 1]!.total, days: daily },
  };
}
