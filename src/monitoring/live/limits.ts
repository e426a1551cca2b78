/**
 * Named limits of the node's supervision: everything it holds in memory or reads at once is bounded
 * here, whatever the traffic or the size of the stored history.
 */

/** Wallets whose metadata (kind, category, operator, opening time) is cached; about 200 bytes each. */
export const ACCOUNT_CACHE_ENTRIES_MAX = 262_144;
/** Accounts looked up per query when filling the cache. */
export const ACCOUNT_LOOKUP_CHUNK = 500;
/** Account events (category changes) read per poll; more wait for the next batch of rows. */
export const ACCOUNT_EVENTS_PAGE = 10_000;
/**
 * Journal rows replayed at most to rebuild the monitor's windows after a restart. The rules' span
 * (96 days with the default set, dominated by dormancy) can hold far more at high volume; beyond this
 * many rows the replay starts later, and the long-memory rules (dormancy, new counterparties) judge
 * conservatively from the replay's start, as the monitor does after evicting a wallet.
 */
export const REPLAY_ROWS_MAX = 2_000_000;
/** Rows read from storage per page while replaying or catching up. */
export const REPLAY_PAGE_ROWS = 8_192;
/** Wallets under a live screening hit that counterparty alerts watch for. */
export const WATCHED_WALLETS_MAX = 65_536;
/** Open counterparty alerts (one per listed wallet and day), oldest closed beyond it. */
export const WATCH_OPEN_ALERTS_MAX = 4_096;
