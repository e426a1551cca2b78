/**
 * Screening's own refusals. The shared catalogue (src/errors/catalog.ts) does not list these codes yet,
 * so they travel on a local Error subclass with the HTTP status the integrator should map them to.
 */
export const SCREENING_ERROR_STATUS = {
  /** A list file breaks its format: bad JSON line, missing id, bad XML, duplicate id. */
  watchlist_invalid: 422,
  /** A list file is neither FollowTheMoney JSON lines nor a UN consolidated list. */
  watchlist_format_unknown: 415,
  /** A list holds more entities, or a larger file or line, than the limits allow. */
  watchlist_too_large: 413,
  /** A list or input file cannot be opened or read. */
  screening_file_unreadable: 400,
  /** The CSV of names to screen is malformed (header, quoting, empty id, duplicate id). */
  screening_input_invalid: 422,
  /** The CSV of names to screen holds more rows or longer fields than the limits allow. */
  screening_input_too_large: 413,
  /** A name to screen is empty, too long or has no letters. */
  screening_name_invalid: 422,
  /** The threshold is not a number in [0, 1]. */
  screening_threshold_invalid: 422,
} as const;

export type ScreeningErrorCode = keyof typeof SCREENING_ERROR_STATUS;

export class ScreeningError extends Error {
  readonly code: ScreeningErrorCode;
  readonly status: number;
  /** Where the fault is: a file path with line number, a CSV row, or an argument name. */
  readonly at: string | undefined;

  constructor(code: ScreeningErrorCode, detail: string, at?: string) {
    super(at === undefined ? detail : `${detail} (at ${at})`);
    this.name = 'ScreeningError';
    this.code = code;
    this.status = SCREENING_ERROR_STATUS[code];
    this.at = at;
  }
}

export function isScreeningError(value: unknown): value is ScreeningError {
  return value instanceof ScreeningError;
}
