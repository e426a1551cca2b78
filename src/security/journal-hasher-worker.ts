import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import pg from 'pg';
import { inclusionProofToJson } from '../audit/proof-json.ts';
import type { JournalRow } from '../ledger/index.ts';
import { TRANSFER_COLUMNS } from '../store/schema.ts';
import { batchProof, batchRoot } from './journal-leaf.ts';

/**
 * The journal hasher thread: reads committed journal rows from the database itself (its own
 * connection; the main thread passes only seq ranges) and computes batch roots and receipt proofs.
 * It runs at the lowest CPU priority, so under full load it yields to the payment path and catches up
 * when load drops (the audit log trails the journal; it never slows it).
 */
export type HasherSource =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };
export type HasherRequest =
  | { readonly id: number; readonly type: 'root'; readonly first: number; readonly last: number }
  | {
      readonly id: number;
      readonly type: 'proof';
      readonly first: number;
      readonly last: number;
      readonly seq: number;
    }
  | { readonly id: number; readonly type: 'close' };
export type HasherReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly root: string;
      readonly rows: number;
      readonly proof?: ReturnType<typeof inclusionProofToJson>;
      readonly row?: string;
    }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** Lowest priority (a nice value applies to the calling thread on Linux); refusal is harmless. */
const HASHER_NICE = 19;
const SELECT = `select ${TRANSFER_COLUMNS.join(', ')} from transfers where seq >= $1 and seq <= $2 order by seq`;

const port = parentPort;
if (port === null) throw new Error('the journal hasher must run in a worker thread');
try {
  setPriority(0, HASHER_NICE);
} catch {
  // Not permitted here (some containers): the hasher then competes at normal priority.
}

function sqliteReader(path: string): (first: number, last: number) => Promise<JournalRow[]> {
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  db.pragma('query_only = true');
  const stmt = db.prepare(SELECT.replace('$1', '?').replace('$2', '?'));
  return async (first, last) => stmt.all(first, last) as JournalRow[];
}

function pgReader(url: string): (first: number, last: number) => Promise<JournalRow[]> {
  pg.types.setTypeParser(20, (text: string) => {
    const value = Number(text);
    if (!Number.isSafeInteger(value)) throw new RangeError(`int8 ${text} is outside the exact range`);
    return value;
  });
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  const connected = client.connect();
  return async (first, last) => {
    await connected;
    return (await client.query<JournalRow>(SELECT, [first, last])).rows;
  };
}

const source = workerData as HasherSource;
const read = source.kind === 'sqlite' ? sqliteReader(source.path) : pgReader(source.url);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

async function answer(request: HasherRequest): Promise<HasherReply> {
  if (request.type === 'close') return { id: request.id, ok: true, root: '', rows: 0 };
  const rows = await read(request.first, request.last);
  if (request.type === 'root') {
    return {
      id: request.id,
      ok: true,
      root: b64(batchRoot(rows, request.first, request.last)),
      rows: rows.length,
    };
  }
  const { proof, root, row } = await batchProof(rows, request.first, request.last, request.seq);
  return {
    id: request.id,
    ok: true,
    root: b64(root),
    rows: rows.length,
    proof: inclusionProofToJson(proof),
    row: b64(row),
  };
}

let chain: Promise<void> = Promise.resolve();
port.on('message', (request: HasherRequest) => {
  chain = chain.then(async () => {
    let reply: HasherReply;
    try {
      reply = await answer(request);
    } catch (error) {
      reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(reply);
    if (request.type === 'close') port.close();
  });
});
