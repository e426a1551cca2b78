/** Named limits of the security layer; every one has a unit in its name or its comment. */

/** Verified keys kept in memory; beyond it the least recently used is dropped (and re-read when seen). */
export const KEY_CACHE_ENTRIES_MAX = 10_000;
/**
 * How long a cached key is trusted before it is read again: the longest a key revoked by the command
 * line (in another process) keeps working. Revocation through the API takes effect at once.
 */
export const KEY_CACHE_TTL_MS = 5_000;
/** Database look-ups of keys the cache does not know, per second, node-wide (guards against floods). */
export const KEY_LOOKUPS_PER_S_MAX = 500;
/** The Authorization header value (or session cookie) is never longer; longer is refused unread. */
export const CREDENTIAL_LENGTH_MAX = 256;

/** Requests per second and burst per key, by role, unless the key carries its own rate. */
export const RATE_LIMITS: Readonly<Record<string, { readonly per_s: number; readonly burst: number }>> = {
  // Operators submit their customers' payments: batch and single requests at full node speed.
  operator: { per_s: 20_000, burst: 40_000 },
  central_bank: { per_s: 1_000, burst: 2_000 },
  supervisor: { per_s: 200, burst: 400 },
  auditor: { per_s: 200, burst: 400 },
  admin: { per_s: 50, burst: 100 },
  merchant: { per_s: 50, burst: 100 },
  holder: { per_s: 20, burst: 40 },
};
/** A key's own rate, when set, is within this range (requests per second). */
export const KEY_RATE_PER_S_MAX = 100_000;
/** Rate-limit buckets kept (one per key recently seen); idle ones are dropped first. */
export const RATE_BUCKETS_MAX = 10_000;

/** Wallets one holder or merchant key may name. */
export const KEY_WALLETS_MAX = 100;
export const KEY_LABEL_MAX_LENGTH = 120;
/** Sessions last this long unless asked for less. */
export const SESSION_TTL_S_DEFAULT = 8 * 3600;
export const SESSION_TTL_S_MAX = 12 * 3600;
/** Rotation may keep the old key working for at most this long. */
export const ROTATE_GRACE_S_MAX = 24 * 3600;
/** Keys listed per page. */
export const KEYS_PAGE_MAX = 500;

/** A reveal request must be approved within this long... */
export const REVEAL_APPROVAL_TTL_MS = 24 * 3600 * 1000;
/** ...and the identity may then be read for this long. */
export const REVEAL_ACCESS_TTL_MS = 3600 * 1000;
export const REVEAL_REASON_MAX_LENGTH = 500;
export const REVEALS_PAGE_MAX = 200;

/** Audit entries (or journal rows) behind one group-committed append. */
export const AUDIT_GROUP_ENTRIES_MAX = 1_000;
/** Drafts waiting for the audit log; beyond it callers get 503 queue_full. */
export const AUDIT_QUEUE_ENTRIES_MAX = 20_000;
/** Journal rows under one logged batch root: bounds the work of one receipt proof. */
export const JOURNAL_BATCH_ROWS_MAX = 16_384;
/**
 * Hashing the journal costs a few microseconds of CPU per row (SM3 of the row, one tree node), as much
 * as a quarter of what the payment path spends on it. While the node commits more than this many rows a
 * second the hasher waits, so a burst at full speed is not slowed; it catches up when the burst ends...
 */
export const JOURNAL_DEFER_ABOVE_ROWS_PER_S = 20_000;
/** ...unless this many committed rows wait unlogged: then it hashes regardless (the log's maximum lag). */
export const JOURNAL_BACKLOG_ROWS_MAX = 4_000_000;
/**
 * A batch smaller than JOURNAL_BATCH_ROWS_MAX waits this long for more rows before it is logged, so a
 * light stream of payments makes about one entry a second rather than one per engine batch.
 */
export const JOURNAL_BATCH_LINGER_MS = 1_000;
/** How often a waiting hasher looks at the commit rate again. */
export const JOURNAL_DEFER_POLL_MS = 100;
/** How often a waiting checkpoint and the command line's outbox are looked at. */
export const AUDIT_TICK_MS = 1_000;
/** Outbox rows logged per tick. */
export const OUTBOX_ROWS_PER_TICK_MAX = 1_000;
/** At a clean stop, how long the journal auditor may take to catch up before the node stops anyway. */
export const AUDIT_STOP_CATCH_UP_MS_MAX = 60_000;
/** Audit entries served per page. */
export const AUDIT_ENTRIES_PAGE_MAX = 1_000;
export const AUDIT_CHECKPOINTS_PAGE_MAX = 1_000;
/** Freeze events listed per page. */
export const FREEZES_PAGE_MAX = 200;
