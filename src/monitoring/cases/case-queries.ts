import { TongbaoError } from '../../errors/index.ts';
import type { SupCaseEventsTable, SupCasesTable, SupervisionDb } from '../store/schema.ts';
import {
  CASE_ALERTS_MAX,
  CASE_HISTORY_PAGE_MAX,
  CASES_PAGE_MAX,
  type CaseStatus,
  type Priority,
} from './limits.ts';
import { decodeCursor, decodeNumericCursor, encodeCursor, keysetPage, pageLimitOf } from './paging.ts';
import { iso, isoOrNull, presentAlertSummary } from './present.ts';

export function presentCaseSummary(c: SupCasesTable) {
  return {
    id: c.id,
    title: c.title,
    status: c.status,
    priority: c.priority,
    assignee: c.assignee,
    escalation_level: Number(c.escalation_level),
    disposition: c.disposition,
    alert_count: Number(c.alert_count),
    created_at: iso(Number(c.created_ts)),
    created_by: c.created_by,
    updated_at: iso(Number(c.updated_ts)),
    closed_at: isoOrNull(Number(c.closed_ts)),
  };
}

export function presentEvent(e: Omit<SupCaseEventsTable, 'event_id'> & { event_id: number }) {
  return {
    id: Number(e.event_id),
    at: iso(Number(e.ts)),
    actor: e.actor,
    type: e.type,
    details: JSON.parse(e.details) as Record<string, unknown>,
  };
}

export async function getCaseRow(db: SupervisionDb, id: string): Promise<SupCasesTable> {
  const row = await db.selectFrom('sup_cases').selectAll().where('id', '=', id).executeTakeFirst();
  if (row === undefined) throw new TongbaoError('case_not_found', `no case ${id}`, 'id');
  return row;
}

/** A case's history, oldest first, paged by event id (nothing is ever removed from it). */
export async function caseHistory(db: SupervisionDb, id: string, cursor?: string, limit?: number) {
  const n = pageLimitOf(limit, CASE_HISTORY_PAGE_MAX, CASE_HISTORY_PAGE_MAX);
  let after = 0;
  if (cursor !== undefined) {
    const c = decodeCursor(cursor);
    if (typeof c.value !== 'number' || c.id !== id)
      throw new TongbaoError('cursor_invalid', 'the cursor is not one this history returned', 'cursor');
    after = c.value;
  }
  const rows = await db
    .selectFrom('sup_case_events')
    .selectAll()
    .where('case_id', '=', id)
    .where('event_id', '>', after)
    .orderBy('event_id')
    .limit(n + 1)
    .execute();
  const page = rows.slice(0, n).map(presentEvent);
  const last = page[page.length - 1];
  return {
    items: page,
    next_cursor: rows.length > n && last !== undefined ? encodeCursor(last.id, id) : null,
  };
}

/** A case with its alerts, attachments (without content) and the first page of its history. */
export async function caseView(db: SupervisionDb, id: string) {
  const c = await getCaseRow(db, id);
  const alerts = await db
    .selectFrom('sup_alerts')
    .selectAll()
    .where('case_id', '=', id)
    .orderBy('first_ts_ms')
    .limit(CASE_ALERTS_MAX)
    .execute();
  const attachments = await db
    .selectFrom('sup_case_attachments')
    .select(['id', 'name', 'media_type', 'size_bytes', 'sha256', 'created_ts', 'created_by'])
    .where('case_id', '=', id)
    .orderBy('created_ts')
    .execute();
  const history = await caseHistory(db, id);
  return {
    ...presentCaseSummary(c),
    description: c.description,
    alerts: alerts.map(presentAlertSummary),
    attachments: attachments.map((a) => ({
      id: a.id,
      name: a.name,
      media_type: a.media_type,
      size_bytes: Number(a.size_bytes),
      sha256: a.sha256,
      created_at: iso(Number(a.created_ts)),
      created_by: a.created_by,
    })),
    history: history.items,
    history_next_cursor: history.next_cursor,
  };
}

export type CaseView = Awaited<ReturnType<typeof caseView>>;

export interface CaseFilter {
  readonly status?: CaseStatus;
  readonly assignee?: string;
  readonly priority?: Priority;
  readonly limit?: number;
  readonly cursor?: string;
}

/** Cases, most recently updated first, paged by keyset. */
export async function listCases(db: SupervisionDb, f: CaseFilter) {
  const limit = pageLimitOf(f.limit, CASES_PAGE_MAX);
  let q = db.selectFrom('sup_cases').selectAll();
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee);
  if (f.priority !== undefined) q = q.where('priority', '=', f.priority);
  if (f.cursor !== undefined) {
    const c = decodeNumericCursor(f.cursor);
    const v = c.value;
    q = q.where((eb) =>
      eb.or([eb('updated_ts', '<', v), eb.and([eb('updated_ts', '=', v), eb('id', '<', c.id)])]),
    );
  }
  const rows = await q
    .orderBy('updated_ts', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  return keysetPage(rows, limit, presentCaseSummary, (c) => Number(c.updated_ts));
}

export async function caseCounts(db: SupervisionDb): Promise<Record<CaseStatus, number>> {
  const rows = await db
    .selectFrom('sup_cases')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<CaseStatus, number> = { open: 0, escalated: 0, closed: 0 };
  for (const r of rows) if (r.status in out) out[r.status as CaseStatus] = Number(r.n);
  return out;
}
