import Type, { type Static, type TSchema } from 'typebox';
import {
  ASSIGNEE_PATTERN,
  ATTACHMENT_NAME_MAX_LENGTH,
  CASE_ALERTS_PER_REQUEST_MAX,
  CASE_TEXT_MAX_LENGTH,
  CASE_TITLE_MAX_LENGTH,
  DISPOSITIONS,
  PRIORITIES,
} from '../../monitoring/cases/limits.ts';
import { REVIEW_NOTE_MAX_LENGTH } from '../../monitoring/live/index.ts';

/** Schemas of /v1/supervision: strict requests (unknown fields refused), complete responses. */
const strict = { additionalProperties: false } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time' });
const Amount = Type.String({ description: 'Decimal string in CNY, e.g. "1200.00"' });
const Limit = Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$', description: 'Page size' }));
const Cursor = Type.Optional(
  Type.String({ pattern: '^[A-Za-z0-9_-]{1,400}$', description: 'next_cursor of the previous page' }),
);
const WalletId = Type.String({ pattern: '^[0-9]{16}$' });
const Assignee = Type.String({ pattern: ASSIGNEE_PATTERN, description: 'Who works it (a key id or a name)' });
const Disposition = Type.Union(
  DISPOSITIONS.map((d) => Type.Literal(d)),
  { description: 'How it ended' },
);
const Priority = Type.Union(PRIORITIES.map((p) => Type.Literal(p)));
const Text = Type.String({ minLength: 1, maxLength: CASE_TEXT_MAX_LENGTH });

export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }, strict);
export type IdParams = Static<typeof IdParams>;

// ---------------------------------------------------------------- alerts

export const AlertListQuery = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('suspicious'), Type.Literal('large_value_report')])),
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('in_case'), Type.Literal('closed')]),
    ),
    typology: Type.Optional(Type.String({ pattern: '^[a-z_]{1,64}$' })),
    wallet: Type.Optional(WalletId),
    focal_wallet: Type.Optional(WalletId),
    case_id: Type.Optional(Type.String({ maxLength: 100 })),
    assignee: Type.Optional(Assignee),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'Last transfer at or after (ISO 8601)' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'Last transfer before (ISO 8601)' })),
    min_score: Type.Optional(Type.String({ pattern: '^[0-9]{1,12}(\\.[0-9]{1,6})?$' })),
    sort: Type.Optional(
      Type.Union(['-last_at', 'last_at', '-raised_at', '-score', '-transfers'].map((s) => Type.Literal(s))),
    ),
    limit: Limit,
    cursor: Cursor,
  },
  strict,
);
export type AlertListQuery = Static<typeof AlertListQuery>;

const AlertSummaryFields = {
  id: Type.String(),
  kind: Type.String(),
  typology: Type.String(),
  status: Type.String(),
  revision: Type.Integer(),
  focal_wallet: Type.String(),
  score: Type.Number(),
  threshold: Type.Number(),
  rule_set: Type.String(),
  rule_set_version: Type.Integer(),
  period_start: Time,
  first_at: Time,
  last_at: Time,
  raised_at: Time,
  updated_at: Time,
  transfer_count: Type.Integer(),
  transfers_truncated: Type.Boolean(),
  wallet_count: Type.Integer(),
  amount: Amount,
  case_id: Nullable(Type.String()),
  assignee: Nullable(Type.String()),
  disposition: Nullable(Type.String()),
};
export const AlertSummary = Type.Object(AlertSummaryFields);
export const AlertPage = Type.Object({
  items: Type.Array(AlertSummary),
  next_cursor: Nullable(Type.String()),
});

const Crossed = Type.Object({
  name: Type.String(),
  observed: Type.Number(),
  op: Type.String(),
  threshold: Type.Number(),
});
export const AlertView = Type.Object({
  ...AlertSummaryFields,
  trigger_seq: Type.Integer(),
  reasons: Type.Array(
    Type.Object({
      rule_id: Type.String(),
      rule_version: Type.Integer(),
      rule_type: Type.String(),
      weight: Type.Number(),
      crossed: Type.Array(Crossed),
    }),
  ),
  transfers: Type.Array(
    Type.Object({
      id: Type.String(),
      seq: Type.Integer(),
      at: Time,
      from: Type.String(),
      to: Type.String(),
      amount: Amount,
    }),
  ),
  wallets: Type.Array(Type.String()),
});

const WalletFacts = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  category: Nullable(Type.Integer()),
  operator_id: Type.String(),
  opened_at: Nullable(Time),
  status: Type.String(),
  focal: Type.Boolean(),
});
export const AlertEvidence = Type.Object({
  alert: AlertView,
  wallets: Type.Array(WalletFacts),
  graph: Type.Object({
    nodes: Type.Array(Type.Object({ id: Type.String(), focal: Type.Boolean(), kind: Type.String() })),
    edges: Type.Array(
      Type.Object({
        from: Type.String(),
        to: Type.String(),
        count: Type.Integer(),
        amount: Amount,
        first_at: Time,
        last_at: Time,
      }),
    ),
  }),
});

export const AssignBody = Type.Object({ assignee: Nullable(Assignee) }, strict);
export type AssignBody = Static<typeof AssignBody>;
export const CloseAlertBody = Type.Object({ disposition: Disposition }, strict);
export type CloseAlertBody = Static<typeof CloseAlertBody>;

// ---------------------------------------------------------------- cases

export const CaseCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: CASE_TITLE_MAX_LENGTH }),
    description: Type.Optional(Type.String({ maxLength: CASE_TEXT_MAX_LENGTH })),
    priority: Type.Optional(Priority),
    assignee: Type.Optional(Assignee),
    alert_ids: Type.Optional(
      Type.Array(Type.String({ maxLength: 100 }), { maxItems: CASE_ALERTS_PER_REQUEST_MAX }),
    ),
  },
  strict,
);
export type CaseCreateBody = Static<typeof CaseCreateBody>;
export const CaseAlertsBody = Type.Object(
  {
    alert_ids: Type.Array(Type.String({ maxLength: 100 }), {
      minItems: 1,
      maxItems: CASE_ALERTS_PER_REQUEST_MAX,
    }),
  },
  strict,
);
export type CaseAlertsBody = Static<typeof CaseAlertsBody>;
export const CommentBody = Type.Object({ text: Text }, strict);
export type CommentBody = Static<typeof CommentBody>;
export const AttachBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: ATTACHMENT_NAME_MAX_LENGTH }),
    media_type: Type.String({ pattern: '^[a-z]+/[A-Za-z0-9.+-]{1,100}$' }),
    content: Type.String({
      minLength: 4,
      description: 'The file, base64 (RFC 4648, padded), at most 1 MiB decoded',
    }),
  },
  strict,
);
export type AttachBody = Static<typeof AttachBody>;
export const EscalateBody = Type.Object({ reason: Text, assignee: Type.Optional(Assignee) }, strict);
export type EscalateBody = Static<typeof EscalateBody>;
export const CloseCaseBody = Type.Object(
  { disposition: Disposition, comment: Type.String({ maxLength: CASE_TEXT_MAX_LENGTH }) },
  strict,
);
export type CloseCaseBody = Static<typeof CloseCaseBody>;
export const ReopenBody = Type.Object({ reason: Text }, strict);
export type ReopenBody = Static<typeof ReopenBody>;

export const CaseListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('open'), Type.Literal('escalated'), Type.Literal('closed')]),
    ),
    assignee: Type.Optional(Assignee),
    priority: Type.Optional(Priority),
    limit: Limit,
    cursor: Cursor,
  },
  strict,
);
export type CaseListQuery = Static<typeof CaseListQuery>;
export const HistoryQuery = Type.Object({ limit: Limit, cursor: Cursor }, strict);
export type HistoryQuery = Static<typeof HistoryQuery>;

const CaseSummaryFields = {
  id: Type.String(),
  title: Type.String(),
  status: Type.String(),
  priority: Type.String(),
  assignee: Nullable(Type.String()),
  escalation_level: Type.Integer(),
  disposition: Nullable(Type.String()),
  alert_count: Type.Integer(),
  created_at: Time,
  created_by: Type.String(),
  updated_at: Time,
  closed_at: Nullable(Time),
};
export const CasePage = Type.Object({
  items: Type.Array(Type.Object(CaseSummaryFields)),
  next_cursor: Nullable(Type.String()),
});
export const CaseEvent = Type.Object({
  id: Type.Integer(),
  at: Time,
  actor: Type.String(),
  type: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export const HistoryPage = Type.Object({
  items: Type.Array(CaseEvent),
  next_cursor: Nullable(Type.String()),
});
export const CaseView = Type.Object({
  ...CaseSummaryFields,
  description: Type.String(),
  alerts: Type.Array(AlertSummary),
  attachments: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      media_type: Type.String(),
      size_bytes: Type.Integer(),
      sha256: Type.String(),
      created_at: Time,
      created_by: Type.String(),
    }),
  ),
  history: Type.Array(CaseEvent),
  history_next_cursor: Nullable(Type.String()),
});
export const AttachmentParams = Type.Object(
  { id: Type.String({ maxLength: 100 }), attachment: Type.String({ maxLength: 100 }) },
  strict,
);
export type AttachmentParams = Static<typeof AttachmentParams>;

// ---------------------------------------------------------------- reports, rules, summary, screening

export const LargeValueQuery = Type.Object(
  { date: Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Local day (YYYY-MM-DD)' }) },
  strict,
);
export type LargeValueQuery = Static<typeof LargeValueQuery>;
export const XmlDocument = Type.String({ description: 'An XML document (supervision-reports.xsd)' });

export const RuleSetSummary = Type.Object({
  rule_set: Type.String(),
  version: Type.Integer(),
  description: Nullable(Type.String()),
  file: Type.String(),
  active: Type.Boolean(),
  valid: Type.Boolean(),
  error: Nullable(Type.String()),
  rules: Type.Integer(),
  typologies: Type.Array(Type.String()),
});
export const RuleSetList = Type.Object({ items: Type.Array(RuleSetSummary) });
export const RuleSetParams = Type.Object(
  { rule_set: Type.String({ pattern: '^[A-Za-z0-9._-]{1,100}$' }) },
  strict,
);
export type RuleSetParams = Static<typeof RuleSetParams>;
export const RuleSetDocument = Type.Object({
  summary: RuleSetSummary,
  document: Type.Record(Type.String(), Type.Unknown(), { description: 'The rule file as stored' }),
});

export const Summary = Type.Object({
  at: Time,
  alerts: Type.Object({
    open: Type.Integer(),
    in_case: Type.Integer(),
    open_by_typology: Type.Record(Type.String(), Type.Integer()),
  }),
  cases: Type.Object({ open: Type.Integer(), escalated: Type.Integer(), closed: Type.Integer() }),
  screening: Type.Object({ pending_review: Type.Integer() }),
  large_value_reports: Type.Object({
    today: Type.Integer(),
    days: Type.Array(
      Type.Object({ date: Type.String(), in: Type.Integer(), out: Type.Integer(), total: Type.Integer() }),
    ),
  }),
  monitoring: Type.Union([
    Type.Object({
      state: Type.String(),
      rule_set: Type.String(),
      rule_set_version: Type.Integer(),
      evaluated_seq: Type.Integer(),
      committed_seq: Type.Integer(),
      lag_rows: Type.Integer(),
      payments: Type.Integer(),
      failed: Nullable(Type.String()),
      screening_lists: Type.Integer(),
      watched_wallets: Type.Integer(),
    }),
    Type.Null(),
  ]),
});

export const HitListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending_review'), Type.Literal('released'), Type.Literal('confirmed')]),
    ),
    limit: Limit,
    cursor: Cursor,
  },
  strict,
);
export type HitListQuery = Static<typeof HitListQuery>;
export const HitView = Type.Object({
  id: Type.String(),
  wallet_id: Type.String(),
  source: Type.String(),
  list_version: Type.String(),
  entity_id: Type.String(),
  entity_source: Type.String(),
  entity_kind: Type.String(),
  matched_name: Type.String({ description: "The list's name that matched (never the holder's own)" }),
  score: Type.Number(),
  method: Type.String(),
  candidates: Type.Array(
    Type.Object({
      entity_id: Type.String(),
      source: Type.String(),
      score: Type.Number(),
      matched_name: Type.String(),
    }),
  ),
  status: Type.String(),
  frozen: Type.Boolean(),
  created_at: Time,
  reviewed_by: Nullable(Type.String()),
  reviewed_at: Nullable(Time),
  review_note: Nullable(Type.String()),
});
export const HitPage = Type.Object({ items: Type.Array(HitView), next_cursor: Nullable(Type.String()) });
export const ReviewBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('release'), Type.Literal('confirm')], {
      description: 'release: a false match, the freeze is lifted; confirm: the freeze stays',
    }),
    note: Type.String({ minLength: 1, maxLength: REVIEW_NOTE_MAX_LENGTH }),
  },
  strict,
);
export type ReviewBody = Static<typeof ReviewBody>;
