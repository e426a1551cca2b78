import { create } from 'xmlbuilder2';
import type { Alert, AlertTransfer } from '../alerts/alert.ts';
import { getCaseRow } from '../cases/case-queries.ts';
import { CASE_ALERTS_MAX } from '../cases/limits.ts';
import { iso, walletFacts, yuan } from '../cases/present.ts';
import type { SupervisionDb } from '../store/schema.ts';
import { decimal, REPORTS_NAMESPACE, REPORTS_VERSION, xmlText } from './xml.ts';

/** History events an STR lists (the case's full history stays in the node). */
export const STR_EVENTS_MAX = 1_000;

export interface ReportContext {
  /** Who produced it, e.g. "tongbao 0.1.0". */
  readonly node: string;
  readonly currency: string;
  readonly now: number;
}

/**
 * The suspicious-transaction report of a case (supervision-reports.xsd, SuspiciousTransactionReport):
 * the case and its narrative (the description), the wallets involved (id, kind, category, operator:
 * never who holds them), every alert with the rules that fired and the thresholds crossed, the
 * transactions the alerts name (each once) and the case's history (who did what, when; comments stay
 * in the node). Works on any case; closing with the disposition `reported` is what files it.
 */
export async function suspiciousTransactionReport(
  db: SupervisionDb,
  caseId: string,
  ctx: ReportContext,
): Promise<string> {
  const c = await getCaseRow(db, caseId);
  const alertRows = await db
    .selectFrom('sup_alerts')
    .select(['body'])
    .where('case_id', '=', caseId)
    .orderBy('first_ts_ms')
    .orderBy('id')
    .limit(CASE_ALERTS_MAX)
    .execute();
  const alerts = alertRows.map((r) => JSON.parse(r.body) as Alert);
  const events = await db
    .selectFrom('sup_case_events')
    .select(['ts', 'actor', 'type'])
    .where('case_id', '=', caseId)
    .orderBy('event_id')
    .limit(STR_EVENTS_MAX)
    .execute();
  const transfers = new Map<string, AlertTransfer>();
  const focal = new Set<string>();
  const involved = new Set<string>();
  for (const a of alerts) {
    focal.add(a.focal_wallet);
    for (const w of a.wallets) involved.add(w);
    for (const t of a.transfers) transfers.set(t.id, t);
  }
  const facts = await walletFacts(db, [...involved]);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(
    REPORTS_NAMESPACE,
    'SuspiciousTransactionReport',
    {
      version: REPORTS_VERSION,
    },
  );
  const header = doc.ele('Header');
  header.ele('ReportId').txt(`STR-${caseId}-${ctx.now}`);
  header.ele('GeneratedAt').txt(iso(ctx.now));
  header.ele('ReportingNode').txt(xmlText(ctx.node, 200));
  header.ele('Currency').txt(ctx.currency);
  const ce = doc.ele('Case', {
    id: caseId,
    status: c.status,
    priority: c.priority,
    escalationLevel: String(Number(c.escalation_level)),
  });
  ce.ele('Title').txt(xmlText(c.title));
  if (c.disposition !== null) ce.ele('Disposition').txt(c.disposition);
  if (c.assignee !== null) ce.ele('Assignee').txt(xmlText(c.assignee, 64));
  ce.ele('OpenedAt').txt(iso(Number(c.created_ts)));
  if (Number(c.closed_ts) > 0) ce.ele('ClosedAt').txt(iso(Number(c.closed_ts)));
  ce.ele('Narrative').txt(xmlText(c.description));
  const subjects = doc.ele('Subjects');
  for (const id of [...involved].sort(
    (a, b) => Number(focal.has(b)) - Number(focal.has(a)) || a.localeCompare(b),
  )) {
    const f = facts.get(id);
    subjects.ele('Wallet', {
      id,
      role: focal.has(id) ? 'focal' : 'involved',
      kind: f?.kind ?? 'unknown',
      ...(f?.category == null ? {} : { category: String(f.category) }),
      ...(f === undefined ? {} : { operator: f.operator_id, openedAt: f.opened_at, status: f.status }),
    });
  }
  const ae = doc.ele('Alerts');
  for (const a of alerts) {
    const el = ae.ele('Alert', {
      id: a.id,
      typology: a.typology,
      revision: String(a.revision),
      score: decimal(a.score),
      threshold: decimal(a.threshold),
      ruleSet: a.rule_set,
      ruleSetVersion: String(a.rule_set_version),
      focalWallet: a.focal_wallet,
      firstAt: iso(a.first_ts_ms),
      lastAt: iso(a.last_ts_ms),
      transfersTruncated: String(a.transfers_truncated),
    });
    for (const r of a.reasons) {
      const re = el.ele('Reason', {
        ruleId: r.rule_id,
        ruleVersion: String(r.rule_version),
        ruleType: r.rule_type,
        weight: decimal(r.weight),
      });
      for (const x of r.crossed)
        re.ele('Crossed', {
          name: x.name,
          observed: decimal(x.observed),
          op: x.op,
          threshold: decimal(x.threshold),
        });
    }
    for (const t of a.transfers) el.ele('TransferRef', { id: t.id });
  }
  const list = [...transfers.values()].sort((a, b) => a.seq - b.seq);
  let total = 0;
  for (const t of list) total += t.amount_fen;
  const te = doc.ele('Transactions', { count: String(list.length), totalAmount: yuan(total) });
  for (const t of list)
    te.ele('Transaction', {
      id: t.id,
      seq: String(t.seq),
      at: iso(t.ts_ms),
      from: t.from,
      to: t.to,
      amount: yuan(t.amount_fen),
    });
  const he = doc.ele('History');
  for (const e of events)
    he.ele('Event', { at: iso(Number(e.ts)), actor: xmlText(e.actor, 200), type: e.type });
  return doc.end({ prettyPrint: true });
}
