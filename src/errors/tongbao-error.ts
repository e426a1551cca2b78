import { ERROR_CATALOG, type ErrorCode } from './catalog.ts';

/** A refusal a client can act on: a stable code, the field at fault and a detail in plain words. */
export class TongbaoError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly extra: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, detail?: string, field?: string, extra?: Record<string, unknown>) {
    super(detail ?? ERROR_CATALOG[code].title);
    this.name = 'TongbaoError';
    this.code = code;
    this.status = ERROR_CATALOG[code].status;
    this.field = field;
    this.extra = extra;
  }
}

export function isTongbaoError(value: unknown): value is TongbaoError {
  return value instanceof TongbaoError;
}
