import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { Latencies } from './stats.ts';

/** HTTP load from this process: keep-alive connections, bodies built as strings, latencies per request. */
export interface LoadResult {
  readonly transfers: number;
  readonly refused: number;
  readonly seconds: number;
  readonly latencies: Latencies;
}

function postJson(
  agent: Agent,
  url: URL,
  path: string,
  body: string,
  key: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${key}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Random payer/payee pairs over the wallets, with amounts small enough never to run a wallet dry.
 * Payments are sent with the key of the payer's operator (an operator may pay only from its own
 * wallets), so every batch draws its payers from one operator, in turn; payees are anyone.
 */
export class TransferSource {
  private n = 0;
  private state: number;
  private turn = 0;
  private readonly byOperator: string[][];

  constructor(
    private readonly wallets: readonly string[],
    private readonly prefix: string,
    /** API key of each operator, in operator-number order (wallet ids start with that number). */
    readonly keys: readonly string[],
    seed = 42,
  ) {
    this.state = seed;
    this.byOperator = keys.map(() => []);
    for (const w of wallets) this.byOperator[Number(w.slice(0, 3)) - 1]!.push(w);
  }

  private next(): number {
    this.state = (Math.imul(this.state, 1_103_515_245) + 12_345) >>> 0;
    return this.state;
  }

  /** One payment from a wallet of operator `op` (0-based), as JSON. */
  private transfer(op: number): string {
    const payers = this.byOperator[op]!;
    const w = this.wallets;
    const from = payers[this.next() % payers.length]!;
    let to = w[this.next() % w.length]!;
    if (to === from) to = w[(this.next() + 1) % w.length]!;
    const cents = 1 + (this.next() % 999);
    return `{"id":"${this.prefix}${this.n++}","from":"${from}","to":"${to}","amount":"${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}"}`;
  }

  /** A single payment and the key to send it with. */
  one(): { body: string; key: string } {
    const op = this.next() % this.keys.length;
    return { body: this.transfer(op), key: this.keys[op]! };
  }

  /** A batch body of `size` payments from one operator's wallets, and that operator's key. */
  batch(size: number): { body: string; key: string } {
    const op = this.turn++ % this.keys.length;
    const parts = new Array<string>(size);
    for (let i = 0; i < size; i += 1) parts[i] = this.transfer(op);
    return { body: `{"transfers":[${parts.join(',')}]}`, key: this.keys[op]! };
  }
}

/** Keeps `inFlight` batch requests going for `seconds`, after `warmup_s` not counted. */
export async function batchLoad(
  base: string,
  source: TransferSource,
  size: number,
  inFlight: number,
  seconds: number,
  warmup_s: number,
): Promise<LoadResult> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const latencies = new Latencies();
  let transfers = 0;
  let refused = 0;
  const start = performance.now();
  const measureFrom = start + warmup_s * 1000;
  const end = measureFrom + seconds * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const { body, key } = source.batch(size);
      const t0 = performance.now();
      const r = await postJson(agent, url, '/v1/transfers/batch', body, key);
      const t1 = performance.now();
      if (r.status !== 200) throw new Error(`batch refused with ${r.status}: ${r.body.slice(0, 300)}`);
      if (t0 >= measureFrom && t1 <= end) {
        latencies.add(t1 - t0);
        const ok = (r.body.match(/"status":"posted"/g) ?? []).length;
        transfers += ok;
        refused += size - ok;
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  agent.destroy();
  return { transfers, refused, seconds, latencies };
}

/**
 * `connections` clients each sending one transfer per request, back to back, over raw keep-alive
 * sockets: node's http client spends more CPU per request than the server does, and on a two-core
 * machine every microsecond the load generator uses is taken from the node being measured.
 */
export async function singleLoad(
  base: string,
  source: TransferSource,
  connections: number,
  seconds: number,
  warmup_s: number,
): Promise<LoadResult> {
  const url = new URL(base);
  const latencies = new Latencies();
  let transfers = 0;
  let refused = 0;
  const start = performance.now();
  const measureFrom = start + warmup_s * 1000;
  const end = measureFrom + seconds * 1000;
  const head = `POST /v1/transfers HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nAuthorization: Bearer `;
  const worker = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) });
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      let t0 = 0;
      const send = () => {
        if (performance.now() >= end) {
          socket.end();
          resolve();
          return;
        }
        const { body, key } = source.one();
        t0 = performance.now();
        socket.write(`${head}${key}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        for (;;) {
          const headerEnd = pending.indexOf('\r\n\r\n');
          if (headerEnd < 0) return;
          const header = pending.toString('latin1', 0, headerEnd);
          const match = /content-length: (\d+)/i.exec(header);
          const length = match === null ? 0 : Number(match[1]);
          if (pending.length < headerEnd + 4 + length) return;
          const status = Number(header.slice(9, 12));
          pending = pending.subarray(headerEnd + 4 + length);
          const t1 = performance.now();
          if (t0 >= measureFrom && t1 <= end) {
            latencies.add(t1 - t0);
            if (status === 201) transfers += 1;
            else refused += 1;
          }
          send();
        }
      });
    });
  await Promise.all(Array.from({ length: connections }, worker));
  return { transfers, refused, seconds, latencies };
}
