import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CompiledWrite } from './compiled-write.ts';
import type { CommitPayload } from './payload.ts';
import { idPageOf, ROW_WIDTH } from './payload.ts';
import { prepareWrites, tunePragmas } from './sqlite-statements.ts';

/**
 * The SQLite writer thread: applies commits in arrival order, one transaction each, so that parsing
 * and applying the next batch on the main thread overlaps with this batch's inserts and fsync.
 */
export type WriterRequest =
  | { readonly type: 'commit'; readonly id: number; readonly payload: CommitPayload }
  | { readonly type: 'write'; readonly id: number; readonly queries: readonly CompiledWrite[] }
  | { readonly type: 'close'; readonly id: number };

export type WriterReply = { readonly id: number; readonly error: string | null };

const port = parentPort;
if (port === null) throw new Error('sqlite-writer must run in a worker thread');
const db = new Database((workerData as { path: string }).path);
tunePragmas(db);
const s = prepareWrites(db);
const statements = new Map<string, Database.Statement>();

function commit(p: CommitPayload): void {
  const x = p.numbers;
  for (let i = 0; i < p.count; i += 1) {
    const o = i * ROW_WIDTH;
    s.transfer.run(
      x[o],
      p.ids[i],
      x[o + 1],
      x[o + 2],
      x[o + 3],
      x[o + 4],
      x[o + 5],
      x[o + 6],
      p.currencies[i],
      x[o + 7],
      x[o + 8],
      x[o + 9],
      p.memos[i],
      x[o + 10],
      x[o + 11],
    );
  }
  if (p.count > 0) s.idPage.run(x[0], idPageOf(p));
  for (const op of p.new_operators)
    s.operator.run(
      op.num,
      op.id,
      op.name,
      op.issuance_quota,
      op.opened_ts,
      op.reserve_nums,
      op.vault_nums,
      op.issued,
      op.redeemed,
    );
  for (const a of p.new_accounts)
    s.account.run(
      a.num,
      a.kind,
      a.category,
      a.status,
      a.operator,
      a.currency,
      a.opened_ts,
      a.holder,
      a.owner,
    );
  for (const u of p.account_updates) s.accountMeta.run(u.status, u.category, u.num);
  for (const e of p.events) s.event.run(e.num, e.ts, e.type, e.details);
  for (const o of p.objects) s.object.run(o.key, o.kind, o.body, p.object_seq);
  const c = p.checkpoint;
  if (c !== null) {
    for (const a of c.accounts)
      s.accountSnapshot.run(
        a.balance,
        a.day_key,
        a.day_out,
        a.year_key,
        a.year_out,
        a.last_seq,
        a.status,
        a.category,
        a.num,
      );
    for (const o of c.operators)
      s.operatorCounters.run(JSON.stringify(o.issued), JSON.stringify(o.redeemed), o.num);
    for (const seq of c.pending_removed) s.pendingDelete.run(seq);
    for (const h of c.pending_added) {
      s.pendingInsert.run(
        h.seq,
        h.id,
        h.kind,
        h.debit,
        h.credit,
        h.amount,
        h.currency,
        h.ts,
        h.expires_at,
        h.settle_seq,
        h.parent_seq,
      );
    }
    s.meta.run('checkpoint_seq', String(c.seq));
    s.meta.run('checkpoint_ts', String(c.ts));
  }
}

function write(queries: readonly CompiledWrite[]): void {
  for (const q of queries) {
    let stmt = statements.get(q.sql);
    if (stmt === undefined) {
      stmt = db.prepare(q.sql);
      statements.set(q.sql, stmt);
    }
    stmt.run(...(q.parameters as unknown[]));
  }
}

const commitTx = db.transaction(commit);
const writeTx = db.transaction(write);

port.on('message', (request: WriterRequest) => {
  let error: string | null = null;
  try {
    if (request.type === 'commit') commitTx(request.payload);
    else if (request.type === 'write') writeTx(request.queries);
    else db.close();
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  port.postMessage({ id: request.id, error } satisfies WriterReply);
  if (request.type === 'close') port.close();
});
