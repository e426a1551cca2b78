import { Worker } from 'node:worker_threads';
import type { MonitorStats } from '../monitor.ts';
import type { WatchedWallet } from './counterparty-alerts.ts';
import type { FromMonitorWorker, MonitorWorkerData, ToMonitorWorker } from './monitor-worker-protocol.ts';
import type { RangeResult, ReplayStatus } from './range-evaluator.ts';

/** How long stopping waits for a range in progress, then for the worker to close its reader. */
export const MONITOR_WORKER_CLOSE_WAIT_MS = 5_000;

export interface MonitorWorkerEvents {
  /** The replay after the start is done: monitoring is live. */
  onRebuilt(replay: ReplayStatus, stats: MonitorStats): void;
  /** Once, when the worker fails (crash, exit, a read or evaluation error), even between ranges. */
  onFailure(error: Error): void;
}

interface Waiter {
  readonly resolve: (result: RangeResult | null) => void;
  readonly reject: (error: Error) => void;
  readonly settled: Promise<unknown>;
}

/**
 * The main thread's handle on the monitoring worker. Requests go out on one port and are answered in
 * order. Any failure is final: pending and later ranges are refused with it, the thread is terminated
 * (its monitor holds hundreds of megabytes) and `onFailure` is told, so monitoring stops and says why
 * while payments go on. The thread keeps the process alive only while a request is outstanding, so it
 * never outlives a node that stopped without closing it.
 */
export class MonitorWorker {
  readonly thread: Worker;
  /** Resolves with the monitor's first stats once the worker has opened its reader. */
  readonly ready: Promise<MonitorStats>;
  private readonly waiting = new Map<number, Waiter>();
  private nextId = 1;
  private failure: Error | null = null;
  private closing: Promise<void> | null = null;
  private readyFailed: (error: Error) => void = () => {};

  constructor(
    data: MonitorWorkerData,
    private readonly events: MonitorWorkerEvents,
  ) {
    this.thread = new Worker(new URL('./monitor-worker-boot.mjs', import.meta.url), { workerData: data });
    let readyDone: (stats: MonitorStats) => void = () => {};
    this.ready = new Promise<MonitorStats>((resolve, reject) => {
      readyDone = resolve;
      this.readyFailed = reject;
    });
    // Whoever boots the worker awaits `ready`; a failure after that must not be an unhandled rejection.
    this.ready.catch(() => undefined);
    this.thread.on('message', (m: FromMonitorWorker) => {
      if (m.type === 'ready') {
        if (this.waiting.size === 0) this.thread.unref();
        readyDone(m.stats);
      } else if (m.type === 'rebuilt') this.events.onRebuilt(m.replay, m.stats);
      else if (m.type === 'failed') this.fail(new Error(`monitoring replay failed: ${m.error}`));
      else this.settle(m.id, m.result, m.error);
    });
    this.thread.on('error', (error) => this.fail(new Error(`monitoring worker crashed: ${error.message}`)));
    this.thread.on('messageerror', (error) =>
      this.fail(new Error(`monitoring worker message unreadable: ${error.message}`)),
    );
    this.thread.on('exit', (code) => {
      const stopped = new Error(`monitoring worker exited (code ${code})`);
      if (this.closing === null) this.fail(stopped);
      else this.rejectAll(stopped);
    });
  }

  /** The failure that stopped the worker, or null. */
  get failed(): Error | null {
    return this.failure;
  }

  /** Starts the replay that rebuilds the windows up to the resumed cursor; ranges queue behind it. */
  start(resumeAfter: number): void {
    this.post({ type: 'start', resume_after: resumeAfter });
  }

  /** Evaluates committed rows first..last; resolves with what they raised. */
  async range(first: number, last: number): Promise<RangeResult> {
    if (this.closing !== null) throw new Error('monitoring stopped with the node');
    const result = await this.request((id) => ({ type: 'range', id, first, last }));
    if (result === null) throw new Error('monitoring worker answered a range with nothing');
    return result;
  }

  /** A watched wallet changed on the main thread (null: it left the set). */
  watch(wallet: string, entry: WatchedWallet | null): void {
    this.post({ type: 'watch', wallet, entry });
  }

  /**
   * Lets a range in progress finish (bounded), has the worker close its reader, ends the thread. Ranges
   * asked for after this are refused: their rows stay after the durable cursor for the next start.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await within([...this.waiting.values()].map((w) => w.settled));
      if (this.failure === null) await within([this.request((id) => ({ type: 'close', id }))]);
      this.rejectAll(new Error('monitoring stopped with the node'));
      await this.thread.terminate();
    })();
    return this.closing;
  }

  private post(m: ToMonitorWorker): void {
    if (this.failure === null) this.thread.postMessage(m);
  }

  private request(message: (id: number) => ToMonitorWorker): Promise<RangeResult | null> {
    if (this.failure !== null) return Promise.reject(this.failure);
    const id = this.nextId++;
    let resolve: Waiter['resolve'] = () => {};
    let reject: Waiter['reject'] = () => {};
    const promise = new Promise<RangeResult | null>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    this.waiting.set(id, { resolve, reject, settled: promise.catch(() => undefined) });
    if (this.waiting.size === 1) this.thread.ref();
    this.thread.postMessage(message(id));
    return promise;
  }

  private settle(id: number, result: RangeResult | null, error: string | null): void {
    const waiter = this.waiting.get(id);
    if (waiter === undefined) return;
    this.forget(id);
    if (error === null) waiter.resolve(result);
    else {
      const failure = new Error(`monitoring failed: ${error}`);
      waiter.reject(failure);
      this.fail(failure);
    }
  }

  private forget(id: number): void {
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.thread.unref();
  }

  private rejectAll(error: Error): void {
    for (const [id, waiter] of this.waiting) {
      this.forget(id);
      waiter.reject(error);
    }
  }

  private fail(error: Error): void {
    if (this.failure !== null) return;
    this.failure = error;
    this.readyFailed(error);
    this.rejectAll(error);
    if (this.closing === null) this.events.onFailure(error);
    void this.thread.terminate();
  }
}

/** Waits for the promises to settle, at most MONITOR_WORKER_CLOSE_WAIT_MS. */
async function within(promises: ReadonlyArray<Promise<unknown>>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(promises),
    new Promise((resolve) => {
      timer = setTimeout(resolve, MONITOR_WORKER_CLOSE_WAIT_MS);
    }),
  ]);
  clearTimeout(timer);
}
