import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { openReader } from '../../store/index.ts';
import { WatchedWallets } from './counterparty-alerts.ts';
import {
  errorText,
  type FromMonitorWorker,
  type MonitorWorkerData,
  type ToMonitorWorker,
} from './monitor-worker-protocol.ts';
import { RangeEvaluator } from './range-evaluator.ts';

/**
 * The monitoring worker thread (booted by monitor-worker-boot.mjs): live monitoring's per-row work, off
 * the node's main thread. It reads committed ranges on its own read connection and answers each with
 * the alerts it raised; the main thread writes them with the follower's cursor. A failure to start
 * (the store cannot be opened) ends the thread, which the main thread sees as its error.
 */
if (parentPort === null) throw new Error('monitor-worker must run in a worker thread');
const port = parentPort;
/**
 * Below the payment path (nice 0) and above the audit hasher (19): when both cores are saturated the
 * payments go first and monitoring trails, reading its backlog from storage (bounded by the journal,
 * not by memory), and catches up as load drops. Below saturation the priority changes nothing.
 */
const MONITOR_NICE = 10;
try {
  setPriority(0, MONITOR_NICE);
} catch {
  // Not permitted here (some containers): monitoring then competes at normal priority.
}
const data = workerData as MonitorWorkerData;
const watched = new WatchedWallets(data.watched);
const reader = await openReader(data.reader);
const evaluator = await RangeEvaluator.open({
  reader,
  ruleSet: data.ruleSet,
  limits: data.limits,
  watched,
});
/** Requests run one after another in arrival order: a range needs the replay and every range before it. */
let chain: Promise<void> = Promise.resolve();
/** After a failed replay or range the monitor's windows are unknown: nothing more is evaluated. */
let broken: string | null = null;

function post(m: FromMonitorWorker): void {
  port.postMessage(m);
}

function fail(error: unknown): string {
  broken = errorText(error);
  return broken;
}

async function handle(m: ToMonitorWorker): Promise<void> {
  if (m.type === 'watch') {
    if (m.entry === null) watched.delete(m.wallet);
    else watched.add(m.wallet, m.entry);
  } else if (m.type === 'start') {
    try {
      post({ type: 'rebuilt', replay: await evaluator.rebuild(m.resume_after), stats: evaluator.stats() });
    } catch (error) {
      post({ type: 'failed', error: fail(error) });
    }
  } else if (m.type === 'range') {
    if (broken !== null) {
      post({ type: 'reply', id: m.id, result: null, error: broken });
      return;
    }
    try {
      post({ type: 'reply', id: m.id, result: await evaluator.range(m.first, m.last), error: null });
    } catch (error) {
      post({ type: 'reply', id: m.id, result: null, error: fail(error) });
    }
  } else {
    let error: string | null = null;
    await reader.close().catch((e: unknown) => {
      error = errorText(e);
    });
    post({ type: 'reply', id: m.id, result: null, error });
    port.close();
  }
}

port.on('message', (m: ToMonitorWorker) => {
  // A rejection here is a bug in this file: left unhandled, it ends the thread, which reports it.
  chain = chain.then(() => handle(m));
});
post({ type: 'ready', stats: evaluator.stats() });
