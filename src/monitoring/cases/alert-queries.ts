import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { TongbaoError } from '../../errors/index.ts';
import type { AlertStatus } from '../store/alert-writes.ts';
import type { SupAlertsTable, SupervisionDatabase, SupervisionDb } from '../store/schema.ts';
import { ALERTS_PAGE_MAX } from './limits.ts';
import { decodeNumericCursor, keysetPage, pageLimitOf, timeParam } from './paging.ts';
import { type AlertSummary, presentAlertSummary } from './present.ts';

export const ALERT_SORTS = {
  '-last_at': { column: 'last_ts_ms', dir: 'desc' },
  last_at: { column: 'last_ts_ms', dir: 'asc' },
  '-raised_at': { column: 'raised_ts', dir: 'desc' },
  '-score': { column: 'score', dir: 'desc' },
  '-transfers': { column: 'transfer_count', dir: 'desc' },
} as const;
export type AlertSort = keyof typeof ALERT_SORTS;

export interface AlertFilter {
  readonly kind?: 'suspicious' | 'large_value_report';
  readonly status?: AlertStatus;
  readonly typology?: string;
  /** Any wallet the alert names. */
  readonly wallet?: string;
  readonly focal_wallet?: string;
  readonly case_id?: string;
  readonly assignee?: string;
  /** Last transfer at or after / before (ISO 8601). */
  readonly from?: string;
  readonly to?: string;
  readonly min_score?: number;
  readonly sort?: AlertSort;
  readonly limit?: number;
  readonly cursor?: string;
}

type Eb = ExpressionBuilder<SupervisionDatabase, 'sup_alerts'>;

/** The alert queue: filtered, sorted, paged by keyset. Kind defaults to suspicious. */
export async function listAlerts(
  db: SupervisionDb,
  f: AlertFilter,
): Promise<{ items: AlertSummary[]; next_cursor: string | null }> {
  const limit = pageLimitOf(f.limit, ALERTS_PAGE_MAX);
  const sort = ALERT_SORTS[f.sort ?? '-last_at'];
  const from = timeParam(f.from, 'from');
  const to = timeParam(f.to, 'to');
  let q = db
    .selectFrom('sup_alerts')
    .selectAll()
    .where('kind', '=', f.kind ?? 'suspicious');
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.typology !== undefined) q = q.where('typology', '=', f.typology);
  if (f.focal_wallet !== undefined) q = q.where('focal_wallet', '=', f.focal_wallet);
  if (f.case_id !== undefined) q = q.where('case_id', '=', f.case_id);
  if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee);
  if (from !== undefined) q = q.where('last_ts_ms', '>=', from);
  if (to !== undefined) q = q.where('last_ts_ms', '<', to);
  if (f.min_score !== undefined) q = q.where('score', '>=', f.min_score);
  if (f.wallet !== undefined) {
    const wallet = f.wallet;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('sup_alert_wallets').select('alert_id').where('wallet', '=', wallet),
    );
  }
  if (f.cursor !== undefined) {
    const c = decodeNumericCursor(f.cursor);
    const v = c.value;
    const op = sort.dir === 'desc' ? '<' : '>';
    q = q.where(
      (eb: Eb): Expression<SqlBool> =>
        eb.or([eb(sort.column, op, v), eb.and([eb(sort.column, '=', v), eb('id', op, c.id)])]),
    );
  }
  const rows = await q
    .orderBy(sort.column, sort.dir)
    .orderBy('id', sort.dir)
    .limit(limit + 1)
    .execute();
  return keysetPage(rows, limit, presentAlertSummary, (a) => Number(a[sort.column]));
}

export async function getAlertRow(db: SupervisionDb, id: string): Promise<SupAlertsTable> {
  const row = await db.selectFrom('sup_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new TongbaoError('alert_not_found', `no alert ${id}`, 'id');
  return row;
}

/** Open suspicious alerts by typology, and how many are in cases; what the dashboard shows. */
export async function alertCounts(db: SupervisionDb): Promise<{
  open_by_typology: Record<string, number>;
  open: number;
  in_case: number;
}> {
  const rows = await db
    .selectFrom('sup_alerts')
    .select((eb) => ['typology', 'status', eb.fn.countAll<number>().as('n')])
    .where('kind', '=', 'suspicious')
    .where('status', 'in', ['open', 'in_case'])
    .groupBy(['typology', 'status'])
    .execute();
  const open_by_typology: Record<string, number> = {};
  let open = 0;
  let in_case = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.status === 'open') {
      open_by_typology[r.typology] = (open_by_typology[r.typology] ?? 0) + n;
      open += n;
    } else in_case += n;
  }
  return { open_by_typology, open, in_case };
}
