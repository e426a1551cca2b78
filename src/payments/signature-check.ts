import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TongbaoError } from '../errors/index.ts';
import { KeyCache, verifyHex } from './voucher.ts';

/** One SM2 signature to check: the signer's public key (hex), the signed bytes and the signature (hex). */
export interface SignatureItem {
  readonly public_key: string;
  readonly bytes: Uint8Array;
  readonly signature: string;
}

/** Checks signatures; answers one boolean per item, in order. */
export interface SignatureChecker {
  check(items: readonly SignatureItem[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Checks in the calling thread: for tools that run no server (the device simulator, the demo seed). */
export function inlineSignatureChecker(): SignatureChecker {
  const keys = new KeyCache();
  return {
    async check(items) {
      return items.map((i) => verifyHex(keys.get(i.public_key), i.bytes, i.signature));
    },
    async close() {},
  };
}

/** Worker threads checking signatures at most (one per core on smaller machines). */
export const SIGNATURE_WORKERS_MAX = 4;
/** Signatures queued or being checked across the pool; more is refused as queue_full (503). */
export const SIGNATURE_QUEUE_ITEMS_MAX = 4_096;

type Pending = { resolve: (ok: boolean[]) => void; reject: (error: Error) => void };
export type CheckRequest = { readonly id: number; readonly items: readonly SignatureItem[] };
export type CheckReply =
  | { readonly id: number; readonly ok: boolean[] }
  | { readonly id: number; readonly error: string };

/**
 * SM2 verification (about 1.2 ms a signature in sm-crypto-v2) off the main thread, on a small pool:
 * an upload of 512 vouchers would otherwise hold the event loop, and every other request with it, for
 * more than half a second. Items are split evenly over the workers. Workers are unref'd, so an idle
 * pool never keeps a process alive; a worker that fails fails what it was checking and the pool.
 */
export class SignatureCheckPool implements SignatureChecker {
  private readonly workers: Worker[] = [];
  /** Requests in flight per worker. */
  private readonly busy: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private queued = 0;
  private failed: Error | null = null;

  /** Workers start with the first check: a node whose devices never upload runs none. */
  constructor(private readonly workerCount = Math.min(SIGNATURE_WORKERS_MAX, availableParallelism())) {
    if (!(Number.isInteger(workerCount) && workerCount >= 1 && workerCount <= SIGNATURE_WORKERS_MAX))
      throw new RangeError(`a signature pool has 1 to ${SIGNATURE_WORKERS_MAX} workers`);
  }

  private start(): void {
    for (let i = 0; i < this.workerCount; i += 1) {
      const worker = new Worker(new URL('./signature-worker-boot.mjs', import.meta.url));
      worker.on('message', (reply: CheckReply) => {
        const p = this.pending.get(reply.id);
        if (p === undefined) return;
        this.pending.delete(reply.id);
        if ('ok' in reply) p.resolve(reply.ok);
        else p.reject(new Error(`signature check: ${reply.error}`));
      });
      worker.on('error', (error) => this.failAll(error));
      worker.on('exit', (code) => this.failAll(new Error(`signature worker exited with code ${code}`)));
      worker.unref();
      this.workers.push(worker);
      this.busy.push(0);
    }
  }

  get size(): number {
    return this.workerCount;
  }

  async check(items: readonly SignatureItem[]): Promise<boolean[]> {
    if (this.failed !== null) throw this.failed;
    if (items.length === 0) return [];
    if (this.workers.length === 0) this.start();
    if (this.queued + items.length > SIGNATURE_QUEUE_ITEMS_MAX)
      throw new TongbaoError(
        'queue_full',
        `more than ${SIGNATURE_QUEUE_ITEMS_MAX} signatures are waiting to be checked`,
      );
    this.queued += items.length;
    try {
      const n = Math.min(this.workers.length, items.length);
      const size = Math.ceil(items.length / n);
      const parts = await Promise.all(
        Array.from({ length: n }, (_, w) => this.send(w, items.slice(w * size, (w + 1) * size))),
      );
      const out = parts.flat();
      if (out.length !== items.length) throw new Error('signature check answered for a different count');
      return out;
    } finally {
      this.queued -= items.length;
    }
  }

  async close(): Promise<void> {
    this.failAll(new Error('the signature pool is closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(worker: number, items: readonly SignatureItem[]): Promise<boolean[]> {
    if (items.length === 0) return Promise.resolve([]);
    const w = this.workers[worker]!;
    // A worker with work holds the process open (a pending check must be answered); an idle one not.
    this.busy[worker] = this.busy[worker]! + 1;
    if (this.busy[worker] === 1) w.ref();
    return new Promise<boolean[]>((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      const request: CheckRequest = { id, items };
      w.postMessage(request);
    }).finally(() => {
      this.busy[worker] = this.busy[worker]! - 1;
      if (this.busy[worker] === 0) w.unref();
    });
  }

  private failAll(error: Error): void {
    this.failed ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
