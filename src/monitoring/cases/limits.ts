/** Named limits of the supervision workflow (alerts, cases, attachments) and its pages. */
export const ALERTS_PAGE_MAX = 200;
export const CASES_PAGE_MAX = 200;
export const HITS_PAGE_MAX = 200;
/** History events returned with a case; older ones are paged with the history cursor. */
export const CASE_HISTORY_PAGE_MAX = 200;
/** Alerts one case may gather. */
export const CASE_ALERTS_MAX = 1_000;
/** Alerts named in one request that adds alerts to a case. */
export const CASE_ALERTS_PER_REQUEST_MAX = 200;
export const CASE_ATTACHMENTS_MAX = 50;
/** One attachment's decoded size. */
export const ATTACHMENT_BYTES_MAX = 1 << 20;
/** Body limit of the attachment route: the base64 of the largest attachment plus its fields. */
export const ATTACHMENT_BODY_BYTES_MAX = Math.ceil(ATTACHMENT_BYTES_MAX / 3) * 4 + 4_096;
export const CASE_TITLE_MAX_LENGTH = 200;
export const CASE_TEXT_MAX_LENGTH = 4_000;
export const ASSIGNEE_MAX_LENGTH = 64;
export const ASSIGNEE_PATTERN = '^[A-Za-z0-9._:@-]{1,64}$';
export const ATTACHMENT_NAME_MAX_LENGTH = 200;
/** Transfers an alert's evidence and a report list, per alert (the monitor keeps at most 256). */
export const EVIDENCE_TRANSFERS_MAX = 256;
/** Alerts one large-value day report lists; beyond it the report says it was cut. */
export const DAILY_REPORT_ALERTS_MAX = 100_000;

export const DISPOSITIONS = [
  'false_positive',
  'no_further_action',
  'reported',
  'referred',
  'duplicate',
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const CASE_STATUSES = ['open', 'escalated', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
