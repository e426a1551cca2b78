import { type Kysely, sql } from 'kysely';
import {
  type AuditStorage,
  type AuditWriteBatch,
  MAX_READ_CHECKPOINTS,
  MAX_READ_ENTRIES,
  type NodeCoord,
  type StoredCheckpoint,
  type StoredEntry,
} from '../audit/index.ts';
import type { CompiledWrite } from './compiled-write.ts';
import type { SecurityDatabase } from './security-schema.ts';

/** Rows per multi-row insert, largest first: a few statement shapes cover any batch (prepared once each). */
const INSERT_CHUNKS = [256, 32, 4, 1] as const;
/** Indices per `in (...)` list when reading nodes. */
const NODE_READ_CHUNK = 500;

export type SqlWriter = (queries: readonly CompiledWrite[]) => Promise<void>;

function isCompiledWrite(value: unknown): value is CompiledWrite {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CompiledWrite).sql === 'string' &&
    Array.isArray((value as CompiledWrite).parameters)
  );
}

const asBuffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The audit log's storage in the node's database (SQLite or PostgreSQL), behind src/audit's interface.
 * A write is one transaction through the store's writer (ordered with ledger commits); the contract's
 * checks are made by the database itself, inside that transaction: a guard row set to null (NOT NULL
 * violation) unless the entries continue the stored log and the checkpoint grows it, primary keys
 * refusing any node or entry written twice.
 */
export class SqlAuditStorage implements AuditStorage {
  constructor(
    private readonly db: Kysely<SecurityDatabase>,
    private readonly writer: SqlWriter | null,
  ) {}

  compile(batch: AuditWriteBatch): CompiledWrite[] {
    const db = this.db;
    const out: CompiledWrite[] = [];
    const first = batch.entries[0];
    if (first !== undefined) {
      out.push(
        sql`insert into audit_guard (id, ok) values (1, (select case when coalesce(max(idx), -1) = ${first.index - 1} then 1 end from audit_entries))
            on conflict (id) do update set ok = excluded.ok`.compile(db),
      );
      batch.entries.forEach((e, i) => {
        if (e.index !== first.index + i) throw new Error('audit entries in a write must be consecutive');
      });
      const rows = batch.entries.map((e) => ({ idx: e.index, bytes: asBuffer(e.bytes) }));
      for (const chunk of chunks(rows)) out.push(db.insertInto('audit_entries').values(chunk).compile());
    }
    const nodes = batch.nodes.map((n) => ({ level: n.level, idx: n.index, hash: asBuffer(n.hash) }));
    for (const chunk of chunks(nodes)) out.push(db.insertInto('audit_nodes').values(chunk).compile());
    const c = batch.checkpoint;
    if (c !== undefined) {
      out.push(
        sql`insert into audit_guard (id, ok) values (2, (select case when ${c.tree_size} > coalesce((select max(tree_size) from audit_checkpoints), 0)
              and ${c.tree_size} <= coalesce((select max(idx) from audit_entries), -1) + 1 then 1 end))
            on conflict (id) do update set ok = excluded.ok`.compile(db),
      );
      out.push(
        db
          .insertInto('audit_checkpoints')
          .values({ tree_size: c.tree_size, timestamp_ms: c.timestamp_ms, note: c.note })
          .compile(),
      );
    }
    for (const w of batch.attached ?? []) {
      if (!isCompiledWrite(w)) throw new Error('attached audit writes must be compiled queries');
      out.push(w);
    }
    return out;
  }

  async write(batch: AuditWriteBatch): Promise<void> {
    if (this.writer === null) throw new Error('this audit storage is open for reading only');
    await this.writer(this.compile(batch));
  }

  async size(): Promise<number> {
    const row = await this.db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.max('idx').as('m'))
      .executeTakeFirst();
    return row?.m === null || row?.m === undefined ? 0 : Number(row.m) + 1;
  }

  async readEntries(start: number, limit: number): Promise<StoredEntry[]> {
    const rows = await this.db
      .selectFrom('audit_entries')
      .select(['idx', 'bytes'])
      .where('idx', '>=', start)
      .orderBy('idx')
      .limit(Math.max(0, Math.min(limit, MAX_READ_ENTRIES)))
      .execute();
    return rows.map((r) => ({ index: Number(r.idx), bytes: bytesOf(r.bytes) }));
  }

  async readNodes(coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]> {
    const byLevel = new Map<number, number[]>();
    for (const c of coords) {
      const list = byLevel.get(c.level) ?? [];
      list.push(c.index);
      byLevel.set(c.level, list);
    }
    const found = new Map<string, Uint8Array>();
    for (const [level, indices] of byLevel) {
      for (let i = 0; i < indices.length; i += NODE_READ_CHUNK) {
        const rows = await this.db
          .selectFrom('audit_nodes')
          .select(['idx', 'hash'])
          .where('level', '=', level)
          .where('idx', 'in', indices.slice(i, i + NODE_READ_CHUNK))
          .execute();
        for (const r of rows) found.set(`${level}:${Number(r.idx)}`, bytesOf(r.hash));
      }
    }
    return coords.map((c) => found.get(`${c.level}:${c.index}`));
  }

  async readCheckpoints(min_tree_size: number, limit: number): Promise<StoredCheckpoint[]> {
    const rows = await this.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .where('tree_size', '>=', min_tree_size)
      .orderBy('tree_size')
      .limit(Math.max(0, Math.min(limit, MAX_READ_CHECKPOINTS)))
      .execute();
    return rows.map((r) => ({
      tree_size: Number(r.tree_size),
      timestamp_ms: Number(r.timestamp_ms),
      note: r.note,
    }));
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    const r = await this.db
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('tree_size', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r === undefined
      ? undefined
      : { tree_size: Number(r.tree_size), timestamp_ms: Number(r.timestamp_ms), note: r.note };
  }
}

function bytesOf(value: Uint8Array): Uint8Array {
  return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
}

function* chunks<T>(rows: readonly T[]): Generator<T[]> {
  let at = 0;
  while (at < rows.length) {
    const left = rows.length - at;
    const size = INSERT_CHUNKS.find((n) => n <= left)!;
    yield rows.slice(at, at + size);
    at += size;
  }
}
