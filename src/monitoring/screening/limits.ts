/**
 * Every bound the screening module enforces, in one place, with its unit in the name.
 * A list or input past one of these is refused with a coded error rather than allowed to grow memory.
 */

/** Entities kept from one watch list (OpenSanctions' sanctions collection holds well under this). */
export const MAX_WATCHLIST_ENTITIES = 500_000;
/** Names (primary, aliases, original script) kept per entity; extra aliases are dropped and counted. */
export const MAX_NAMES_PER_ENTITY = 64;
/** A name longer than this is not a personal or company name; list names past it are skipped. */
export const MAX_NAME_LENGTH_CHARS = 300;
/** Tokens of one name that take part in matching; the rest are ignored (names this long are noise). */
export const MAX_TOKENS_PER_NAME = 12;
/** Birth dates and countries kept per entity. */
export const MAX_FACTS_PER_ENTITY = 16;
/** Length of one FollowTheMoney JSON line (OpenSanctions' largest entities are a few hundred KiB). */
export const MAX_FTM_LINE_CHARS = 4 * 1024 * 1024;
/** Size of a UN consolidated list XML file, read whole (the real list is about 2 MiB). */
export const MAX_UN_XML_BYTES = 64 * 1024 * 1024;
/** Bytes read from the head of a list file to recognise its format. */
export const FORMAT_SNIFF_BYTES = 4096;

/** Candidate names scored in full per query after blocking; bounds the cost of one screening. */
export const MAX_CANDIDATES_SCORED = 64;
/** A blocking key shared by more list names than this carries no signal and is not scanned. */
export const MAX_POSTING_SCAN_NAMES = 20_000;
/** Hits returned for one screened name. */
export const MAX_HITS_PER_QUERY = 50;

/** Rows of one screening CSV. */
export const MAX_SCREEN_CSV_ROWS = 5_000_000;
/** One CSV field (a name or an id). */
export const MAX_CSV_FIELD_CHARS = 4096;
/** Length of a name id in the CSV. */
export const MAX_NAME_ID_CHARS = 256;

/** The default alert threshold on the [0, 1] score. */
export const DEFAULT_ALERT_THRESHOLD = 0.7;
