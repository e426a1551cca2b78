/**
 * Named limits of the live statistics (src/stats): what they keep, how often they push, and how many
 * clients they serve. Memory is fixed by these numbers, whatever the traffic.
 */

/** Seconds of payments/s and value/s history kept (one slot per second, a ring). */
export const STATS_SERIES_POINTS_MAX = 300;
/** The "now" rates are averaged over this many complete seconds. */
export const STATS_RATE_WINDOW_S = 5;
/** Live clients are sent an update at most this often (2 updates per second). */
export const STATS_PUSH_INTERVAL_MS = 500;
/** Circulation and reconciliation are recomputed at most this often... */
export const STATS_BOOKS_INTERVAL_MS = 1_000;
/** ...and never more often than this many times the last pass took (at most ~5% of one core). */
export const STATS_BOOKS_CPU_FACTOR = 20;
/** Alert and report counts (supervision summary) are re-read at most this often. */
export const STATS_SUMMARY_INTERVAL_MS = 2_000;
/** Live streams open at once on a node; one more is refused with 503 and Retry-After. */
export const STATS_SSE_CLIENTS_MAX = 64;
/** A client whose socket holds more unsent bytes than this skips updates until it drains. */
export const STATS_CLIENT_BUFFER_BYTES_MAX = 256 * 1024;
/**
 * A stream closes after this long; the browser's EventSource reconnects at once (with its cookie), so
 * a revoked or expired session stops receiving within this time.
 */
export const STATS_STREAM_MAX_AGE_MS = 5 * 60_000;
/** What `max_events` may ask for on one stream. */
export const STATS_STREAM_EVENTS_MAX = 10_000;
/** How long a client waits before reconnecting (the SSE `retry` field). */
export const STATS_RECONNECT_MS = 1_000;
/** Retry-After (seconds) when the stream limit is reached. */
export const STATS_BUSY_RETRY_S = 5;
