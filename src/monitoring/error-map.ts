import { TongbaoError } from '../errors/index.ts';
import { MonitoringError } from './errors.ts';
import { ScreeningError } from './screening/errors.ts';

/**
 * The monitoring and screening libraries raise their own errors (they are usable without the node);
 * the node and the command line answer them as catalogue errors under the same codes.
 */
export function toTongbaoError(error: unknown): TongbaoError | null {
  if (error instanceof TongbaoError) return error;
  if (error instanceof MonitoringError) return new TongbaoError(error.code, error.message, error.field);
  if (error instanceof ScreeningError) return new TongbaoError(error.code, error.message, error.at);
  return null;
}
