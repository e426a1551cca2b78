import type { CompiledWrite } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import type { SupervisionDb } from './schema.ts';

/** Workflow state of an alert; revisions from the monitor never change it. */
export const ALERT_STATUSES = ['open', 'in_case', 'closed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * The writes that persist one alert revision: an upsert by id that only replaces what is stored when
 * the revision is higher (a replay or a retried flush can hand an older revision; it changes nothing),
 * leaving the workflow columns (status, case, assignee, disposition) and the first time it was raised
 * as they are, plus the wallets it names (added, never removed: revisions only grow).
 */
export function alertWrites(db: SupervisionDb, alert: Alert, now: number): CompiledWrite[] {
  const values = {
    id: alert.id,
    kind: alert.kind,
    typology: alert.typology,
    revision: alert.revision,
    rule_set: alert.rule_set,
    rule_set_version: alert.rule_set_version,
    focal_wallet: alert.focal_wallet,
    period_start_ms: alert.period_start_ms,
    score: alert.score,
    threshold: alert.threshold,
    first_seq: alert.first_seq,
    last_seq: alert.last_seq,
    first_ts_ms: alert.first_ts_ms,
    last_ts_ms: alert.last_ts_ms,
    trigger_seq: alert.trigger_seq,
    transfer_count: alert.transfers.length,
    wallet_count: alert.wallets.length,
    raised_ts: now,
    updated_ts: now,
    status: 'open' satisfies AlertStatus,
    case_id: null,
    assignee: null,
    disposition: null,
    body: JSON.stringify(alert),
  };
  const upsert = db
    .insertInto('sup_alerts')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('id')
        .doUpdateSet((eb) => ({
          revision: eb.ref('excluded.revision'),
          score: eb.ref('excluded.score'),
          threshold: eb.ref('excluded.threshold'),
          first_seq: eb.ref('excluded.first_seq'),
          last_seq: eb.ref('excluded.last_seq'),
          first_ts_ms: eb.ref('excluded.first_ts_ms'),
          last_ts_ms: eb.ref('excluded.last_ts_ms'),
          trigger_seq: eb.ref('excluded.trigger_seq'),
          transfer_count: eb.ref('excluded.transfer_count'),
          wallet_count: eb.ref('excluded.wallet_count'),
          updated_ts: eb.ref('excluded.updated_ts'),
          body: eb.ref('excluded.body'),
        }))
        .where('sup_alerts.revision', '<', (eb) => eb.ref('excluded.revision')),
    )
    .compile();
  const wallets = db
    .insertInto('sup_alert_wallets')
    .values(alert.wallets.map((wallet) => ({ alert_id: alert.id, wallet })))
    .onConflict((oc) => oc.doNothing())
    .compile();
  return [upsert, wallets];
}
