import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { CompiledWrite } from './compiled-write.ts';
import type { Dialect } from './dialect.ts';
import { DataDirLock } from './lock.ts';
import { migrateToLatest } from './migrate.ts';
import { PG_WRITER_LOCK_KEY } from './pg-store.ts';
import type { Database as Schema } from './schema.ts';
import { type SecurityDatabase, securityDb } from './security-schema.ts';
import { tunePragmas } from './sqlite-statements.ts';
import { SQLITE_FILE } from './sqlite-store.ts';

/**
 * A connection for the command line's security work (keys, audit verification, keyring rotation) that
 * works whether or not a node is running on the same data:
 *
 * - no node running: it takes the node's lock (data-folder lock file, or PostgreSQL's writer advisory
 *   lock) for as long as it is open, so no node starts half-way, and brings the schema up to date;
 * - a node running: it leaves the lock alone and only touches the security tables, each write one
 *   short transaction (SQLite `BEGIN IMMEDIATE`, waiting on the busy timeout behind the node's commits;
 *   WAL lets it read beside the node). The node never caches anything it writes here for longer than
 *   its key cache lifetime, and picks up logged actions from the outbox table.
 */
export interface SecurityDb {
  readonly dialect: Dialect;
  readonly db: Kysely<SecurityDatabase>;
  /** True when a node holds the data (so offline-only commands must refuse). */
  readonly nodeRunning: boolean;
  write(queries: readonly CompiledWrite[]): Promise<void>;
  /** Runs fn on one connection in a read snapshot: what a running node writes meanwhile is not seen. */
  snapshot<T>(fn: (db: Kysely<SecurityDatabase>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openSecurityDb(options: {
  readonly dataDir: string;
  readonly databaseUrl?: string | undefined;
  /** Refuse (throw) instead of opening beside a running node. */
  readonly requireStopped?: boolean;
  /** Create an empty embedded database when there is none (else a missing one is an error). */
  readonly create?: boolean;
}): Promise<SecurityDb> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '')
    return openPg(options.databaseUrl, options.requireStopped ?? false);
  return openSqlite(options.dataDir, options.requireStopped ?? false, options.create ?? false);
}

function stoppedOnly(): never {
  throw new Error('a node is running on this data; stop it first');
}

async function openSqlite(dir: string, requireStopped: boolean, create: boolean): Promise<SecurityDb> {
  const path = join(dir, SQLITE_FILE);
  if (!existsSync(path)) {
    if (!create) throw new Error(`no Tongbao database at ${path}`);
    mkdirSync(dir, { recursive: true });
  }
  let lock: DataDirLock | null = null;
  try {
    lock = DataDirLock.acquire(dir);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes('another Tongbao node')) throw error;
    if (requireStopped) stoppedOnly();
  }
  const connection = new Database(path);
  try {
    tunePragmas(connection);
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: connection }) });
    if (lock !== null) await migrateToLatest(db as Kysely<unknown>, 'sqlite');
    const sdb = securityDb(db);
    const held = lock;
    return {
      dialect: 'sqlite',
      db: sdb,
      nodeRunning: held === null,
      async write(queries) {
        const run = connection.transaction(() => {
          for (const q of queries) connection.prepare(q.sql).run(...(q.parameters as unknown[]));
        });
        run.immediate();
      },
      async snapshot(fn) {
        connection.exec('begin');
        try {
          return await fn(sdb);
        } finally {
          connection.exec('commit');
        }
      },
      async close() {
        await db.destroy();
        held?.release();
      },
    };
  } catch (error) {
    connection.close();
    lock?.release();
    throw error;
  }
}

async function openPg(url: string, requireStopped: boolean): Promise<SecurityDb> {
  const locker = new pg.Client({ connectionString: url });
  locker.on('error', () => undefined);
  await locker.connect();
  const { rows } = await locker.query<{ locked: boolean }>('select pg_try_advisory_lock($1) as locked', [
    PG_WRITER_LOCK_KEY,
  ]);
  const held = rows[0]?.locked === true;
  if (!held && requireStopped) {
    await locker.end();
    stoppedOnly();
  }
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  try {
    if (held) await migrateToLatest(db as Kysely<unknown>, 'postgres');
  } catch (error) {
    await db.destroy();
    await locker.end();
    throw error;
  }
  const sdb = securityDb(db);
  return {
    dialect: 'postgres',
    db: sdb,
    nodeRunning: !held,
    async write(queries) {
      const c = await pool.connect();
      try {
        await c.query('begin');
        for (const q of queries) await c.query(q.sql, q.parameters as unknown[]);
        await c.query('commit');
      } catch (error) {
        await c.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        c.release();
      }
    },
    async snapshot(fn) {
      return sdb
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute((trx) => fn(trx));
    },
    async close() {
      await db.destroy();
      await locker.end();
    },
  };
}
