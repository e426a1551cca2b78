import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/index.ts';

/**
 * Every store test runs against each store: SQLite always, PostgreSQL when TONGBAO_TEST_DATABASE_URL
 * names a server (CI starts one; see .ci/run). Each test gets a fresh database.
 */
export const TEST_PG_URL = process.env.TONGBAO_TEST_DATABASE_URL ?? '';
export const STORE_KINDS: ReadonlyArray<'sqlite' | 'postgres'> =
  TEST_PG_URL === '' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The data folder (SQLite) used by this test. */
  readonly dir: string;
  /** The database URL (PostgreSQL) used by this test, or undefined. */
  readonly url: string | undefined;
  open(): Promise<Store>;
  cleanup(): Promise<void>;
}

let counter = 0;

export async function testStore(kind: 'sqlite' | 'postgres'): Promise<TestStore> {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-test-'));
  let url: string | undefined;
  let dbName = '';
  if (kind === 'postgres') {
    dbName = `tongbao_t_${process.pid}_${Date.now()}_${counter++}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(TEST_PG_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  return {
    kind,
    dir,
    url,
    open: () => openStore({ dataDir: dir, databaseUrl: url }),
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
      if (kind === 'postgres') {
        const admin = new pg.Client({ connectionString: TEST_PG_URL });
        await admin.connect();
        await admin.query(`drop database if exists ${dbName} with (force)`);
        await admin.end();
      }
    },
  };
}
