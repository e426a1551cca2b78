import type { Generated, Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';

/** The supervision tables (migration 003-supervision), typed for the query builder. */
export interface SupAlertsTable {
  id: string;
  kind: string;
  typology: string;
  revision: number;
  rule_set: string;
  rule_set_version: number;
  focal_wallet: string;
  period_start_ms: number;
  score: number;
  threshold: number;
  first_seq: number;
  last_seq: number;
  first_ts_ms: number;
  last_ts_ms: number;
  trigger_seq: number;
  transfer_count: number;
  wallet_count: number;
  /** Wall-clock time the follower first raised the alert, and of its latest revision. */
  raised_ts: number;
  updated_ts: number;
  /** open | in_case | closed (workflow; never touched by later revisions). */
  status: string;
  case_id: string | null;
  assignee: string | null;
  disposition: string | null;
  /** The whole Alert as the monitor emitted it (JSON). */
  body: string;
}

export interface SupAlertWalletsTable {
  alert_id: string;
  wallet: string;
}

export interface SupCasesTable {
  id: string;
  title: string;
  description: string;
  /** open | escalated | closed */
  status: string;
  priority: string;
  assignee: string | null;
  escalation_level: number;
  disposition: string | null;
  alert_count: number;
  created_ts: number;
  created_by: string;
  updated_ts: number;
  /** 0 while open. */
  closed_ts: number;
}

export interface SupCaseEventsTable {
  event_id: Generated<number>;
  case_id: string;
  ts: number;
  actor: string;
  type: string;
  details: string;
}

export interface SupCaseAttachmentsTable {
  id: string;
  case_id: string;
  name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  content: Uint8Array;
  created_ts: number;
  created_by: string;
}

export interface SupScreeningHitsTable {
  id: string;
  num: number;
  wallet_id: string;
  /** opening (screened when the wallet was opened) | rescreen (an existing wallet against a new list). */
  source: string;
  list_version: string;
  entity_id: string;
  entity_source: string;
  entity_kind: string;
  /** The list's name that matched (public list data; the holder's own name is never stored here). */
  matched_name: string;
  score: number;
  method: string;
  /** JSON array of the other entities above the threshold: {entity_id, score, matched_name}. */
  candidates: string;
  /** pending_review | released | confirmed */
  status: string;
  /** 1 when the wallet was frozen because of this hit. */
  frozen: number;
  created_ts: number;
  reviewed_by: string | null;
  /** 0 until reviewed. */
  reviewed_ts: number;
  review_note: string | null;
}

// A type alias, not an interface: Kysely's withTables wants an indexable record.
export type SupervisionTables = {
  sup_alerts: SupAlertsTable;
  sup_alert_wallets: SupAlertWalletsTable;
  sup_cases: SupCasesTable;
  sup_case_events: SupCaseEventsTable;
  sup_case_attachments: SupCaseAttachmentsTable;
  sup_screening_hits: SupScreeningHitsTable;
};

export type SupervisionDatabase = Database & SupervisionTables;
export type SupervisionDb = Kysely<SupervisionDatabase>;

/** The store's query builder, seeing the supervision tables too. */
export function supervisionDb(db: Kysely<Database>): SupervisionDb {
  return db.withTables<SupervisionTables>() as unknown as SupervisionDb;
}
