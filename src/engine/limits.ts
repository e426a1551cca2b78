import { BATCH_COMMANDS_MAX, RECENT_TRANSFERS_MAX } from '../ledger/index.ts';

/** Commands waiting to be applied; beyond it callers get 503 queue_full with Retry-After. */
export const QUEUE_COMMANDS_MAX = 8 * BATCH_COMMANDS_MAX;
/** Batches applied but not yet durable: one being written while the next is applied. */
export const PIPELINE_DEPTH_MAX = 2;
/** A checkpoint is written after this long or this many rows, whichever comes first, bounding replay. */
export const CHECKPOINT_INTERVAL_MS = 5_000;
export const CHECKPOINT_ROWS_MAX = 1_000_000;
/** Suggested wait for a caller refused with queue_full. */
export const RETRY_AFTER_S = 1;
/** Rows a follower reads from storage at once while catching up. */
export const FOLLOWER_PAGE_ROWS = 8_192;

// Transfers applied but not yet committed must still be in the ledger's recent map, so that a repeat
// arriving in the next batch is recognised before storage has it.
// Up to PIPELINE_DEPTH_MAX batches are uncommitted while one more is being applied, each with up to
// 4 rows per command (a cross-operator transfer with its settlement, plus expiries resolving two legs).
if ((PIPELINE_DEPTH_MAX + 1) * BATCH_COMMANDS_MAX * 4 >= RECENT_TRANSFERS_MAX) {
  throw new Error('RECENT_TRANSFERS_MAX must exceed what the pipeline can hold uncommitted');
}
