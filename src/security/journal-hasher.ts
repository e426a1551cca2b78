import { Worker } from 'node:worker_threads';
import type { InclusionProofJson } from '../audit/index.ts';
import type { HasherReply, HasherRequest, HasherSource } from './journal-hasher-worker.ts';

export type { HasherSource };

export interface BatchRoot {
  readonly root: string;
  readonly rows: number;
}

export interface RowProof extends BatchRoot {
  readonly proof: InclusionProofJson;
  /** The row's bytes, base64. */
  readonly row: string;
}

type Pending = { resolve: (reply: HasherReply & { ok: true }) => void; reject: (error: Error) => void };

/** The main thread's handle on the hasher thread: seq ranges in, roots and proofs out. */
export class JournalHasher {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(source: HasherSource) {
    this.worker = new Worker(new URL('./journal-hasher-boot.mjs', import.meta.url), { workerData: source });
    this.worker.on('message', (reply: HasherReply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve(reply);
      else p.reject(new Error(`journal hasher: ${reply.error}`));
    });
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`journal hasher exited with code ${code}`)));
    // The hasher must never keep a finished process alive.
    this.worker.unref();
  }

  async root(first: number, last: number): Promise<BatchRoot> {
    const r = await this.send({ id: this.nextId++, type: 'root', first, last });
    return { root: r.root, rows: r.rows };
  }

  async proof(first: number, last: number, seq: number): Promise<RowProof> {
    const r = await this.send({ id: this.nextId++, type: 'proof', first, last, seq });
    if (r.proof === undefined || r.row === undefined) throw new Error('journal hasher returned no proof');
    return { root: r.root, rows: r.rows, proof: r.proof, row: r.row };
  }

  async close(): Promise<void> {
    if (this.failed === null) await this.send({ id: this.nextId++, type: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private send(request: HasherRequest): Promise<HasherReply & { ok: true }> {
    if (this.failed !== null) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending.set(request.id, { resolve, reject });
      this.worker.postMessage(request);
    });
  }

  private failAll(error: Error): void {
    this.failed ??= error;
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }
}
