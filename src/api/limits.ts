/** Request bodies: most routes take small documents; a batch of 8,190 transfers needs about 1.5 MiB. */
export const BODY_BYTES_MAX = 64 * 1024;
export const BATCH_BODY_BYTES_MAX = 4 * 1024 * 1024;
/** Request line and headers together (Node's own default, stated so it is a named limit). */
export const HEADER_BYTES_MAX = 16 * 1024;
/** Page sizes for lists. */
export const PAGE_LIMIT_DEFAULT = 50;
export const PAGE_LIMIT_MAX = 200;
/** Client ids (transfers, issuances, exchanges): long enough for a UUID or a bank reference. */
export const CLIENT_ID_MAX_LENGTH = 64;
export const CLIENT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$';
export const MEMO_MAX_LENGTH = 140;
export const NAME_MAX_LENGTH = 120;
/** Idle and whole-request timeouts, so a slow client cannot hold a connection forever. */
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
