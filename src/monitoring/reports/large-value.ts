import { create } from 'xmlbuilder2';
import { TongbaoError } from '../../errors/index.ts';
import type { Alert } from '../alerts/alert.ts';
import { DAILY_REPORT_ALERTS_MAX } from '../cases/limits.ts';
import { iso, walletFacts, yuan } from '../cases/present.ts';
import type { SupervisionDb } from '../store/schema.ts';
import type { ReportContext } from './str.ts';
import { REPORTS_NAMESPACE, REPORTS_VERSION } from './xml.ts';

const DAY_MS = 86_400_000;

/** The local day `date` (YYYY-MM-DD) as the UTC time its report period starts. */
export function dayStartOf(date: string, tzOffsetMs: number): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const ms = m === null ? Number.NaN : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new TongbaoError('report_date_invalid', `${date} is not a YYYY-MM-DD date`, 'date');
  return ms - tzOffsetMs;
}

function offsetText(tzOffsetMs: number): string {
  const minutes = Math.round(tzOffsetMs / 60_000);
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/**
 * The daily large-value transaction report (supervision-reports.xsd, LargeValueTransactionReport): one
 * entry per wallet and direction whose local-day total reached the PBOC threshold of its kind, with the
 * day total, the threshold and the transfers that made it (up to what the alert keeps). The large-value
 * rule accumulates these through the day; the report of a day is complete once the day has ended.
 */
export async function largeValueReport(
  db: SupervisionDb,
  date: string,
  tzOffsetMs: number,
  ctx: ReportContext,
): Promise<string> {
  const start = dayStartOf(date, tzOffsetMs);
  const rows = await db
    .selectFrom('sup_alerts')
    .select(['body'])
    .where('kind', '=', 'large_value_report')
    .where('period_start_ms', '>=', start)
    .where('period_start_ms', '<', start + DAY_MS)
    .orderBy('focal_wallet')
    .orderBy('typology')
    .limit(DAILY_REPORT_ALERTS_MAX + 1)
    .execute();
  const truncated = rows.length > DAILY_REPORT_ALERTS_MAX;
  const alerts = rows.slice(0, DAILY_REPORT_ALERTS_MAX).map((r) => JSON.parse(r.body) as Alert);
  const facts = await walletFacts(
    db,
    alerts.map((a) => a.focal_wallet),
  );
  let total = 0;
  let incoming = 0;
  for (const a of alerts) {
    total += a.score;
    if (a.typology === 'large_value_in') incoming += 1;
  }
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    REPORTS_NAMESPACE,
    'LargeValueTransactionReport',
    {
      version: REPORTS_VERSION,
    },
  );
  const header = doc.ele('Header');
  header.ele('ReportId').txt(`LVTR-${date}-${ctx.now}`);
  header.ele('GeneratedAt').txt(iso(ctx.now));
  header.ele('ReportingNode').txt(ctx.node);
  header.ele('Currency').txt(ctx.currency);
  doc.ele('ReportDate').txt(date);
  doc.ele('TimeZoneOffset').txt(offsetText(tzOffsetMs));
  doc.ele('Summary', {
    reports: String(alerts.length),
    wallets: String(new Set(alerts.map((a) => a.focal_wallet)).size),
    incoming: String(incoming),
    outgoing: String(alerts.length - incoming),
    totalAmount: yuan(total),
    truncated: String(truncated),
  });
  for (const a of alerts) {
    const f = facts.get(a.focal_wallet);
    const el = doc.ele('Report', {
      alertId: a.id,
      direction: a.typology === 'large_value_in' ? 'in' : 'out',
      wallet: a.focal_wallet,
      kind: f?.kind ?? 'unknown',
      ...(f?.category == null ? {} : { category: String(f.category) }),
      ...(f === undefined ? {} : { operator: f.operator_id }),
      dayTotal: yuan(a.score),
      threshold: yuan(a.threshold),
      transfers: String(a.transfers.length),
      transfersTruncated: String(a.transfers_truncated),
      ruleSet: a.rule_set,
      ruleSetVersion: String(a.rule_set_version),
    });
    for (const t of a.transfers)
      el.ele('Transaction', {
        id: t.id,
        seq: String(t.seq),
        at: iso(t.ts_ms),
        from: t.from,
        to: t.to,
        amount: yuan(t.amount_fen),
      });
  }
  return doc.end({ prettyPrint: true });
}
