import type { ReaderOptions } from '../../store/index.ts';
import type { MonitorLimits, MonitorStats } from '../monitor.ts';
import type { RuleSet } from '../rules/types.ts';
import type { WatchedWallet } from './counterparty-alerts.ts';
import type { RangeResult, ReplayStatus } from './range-evaluator.ts';

/** What the monitoring worker starts with (structured-cloned into the thread). */
export interface MonitorWorkerData {
  readonly reader: ReaderOptions;
  /** Validated on the main thread, so a bad file stops the node with its code before any thread starts. */
  readonly ruleSet: RuleSet;
  readonly limits: Partial<MonitorLimits>;
  /** The watched wallets when the worker was created; later changes follow as `watch` messages. */
  readonly watched: ReadonlyArray<readonly [string, WatchedWallet]>;
}

/**
 * Main thread to worker. One port, so the worker sees them in the order they were sent: a watched
 * wallet changed before a range was asked for is in effect for that range.
 */
export type ToMonitorWorker =
  | { readonly type: 'start'; readonly resume_after: number }
  | { readonly type: 'range'; readonly id: number; readonly first: number; readonly last: number }
  | { readonly type: 'watch'; readonly wallet: string; readonly entry: WatchedWallet | null }
  | { readonly type: 'close'; readonly id: number };

/** Worker to main thread. */
export type FromMonitorWorker =
  | { readonly type: 'ready'; readonly stats: MonitorStats }
  | { readonly type: 'rebuilt'; readonly replay: ReplayStatus; readonly stats: MonitorStats }
  /** The worker cannot go on (a failed replay): every later range would be wrong. */
  | { readonly type: 'failed'; readonly error: string }
  | {
      readonly type: 'reply';
      readonly id: number;
      readonly result: RangeResult | null;
      readonly error: string | null;
    };

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
