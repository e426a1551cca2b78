/**
 * Errors raised by the monitoring library. The catalogue in src/errors is shared and frozen for this
 * folder, so monitoring carries its own codes; the integrator maps them to problem+json with `status`.
 */
export const MONITORING_ERRORS = {
  /** A rule file does not match the rule-set schema; `rule` and `field` name the offending spot. */
  rule_set_invalid: 422,
  /** A rule file could not be read or is not JSON. */
  rule_set_unreadable: 422,
  /** A backtest data folder is missing a file or holds a malformed row. */
  dataset_invalid: 422,
  /** A transfer event handed to the monitor is malformed (amount, time, parties). */
  event_invalid: 422,
} as const;

export type MonitoringErrorCode = keyof typeof MONITORING_ERRORS;

export class MonitoringError extends Error {
  readonly code: MonitoringErrorCode;
  readonly status: number;
  /** The rule at fault (rule id), when the error is about one rule. */
  readonly rule: string | undefined;
  /** JSON-pointer-like path of the field at fault, e.g. `rules[3].params.window_ms`. */
  readonly field: string | undefined;

  constructor(code: MonitoringErrorCode, message: string, field?: string, rule?: string) {
    super(message);
    this.name = 'MonitoringError';
    this.code = code;
    this.status = MONITORING_ERRORS[code];
    this.field = field;
    this.rule = rule;
  }
}
