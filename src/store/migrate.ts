import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Dialect } from './dialect.ts';
import * as core from './migrations/001-core.ts';
import * as security from './migrations/002-security.ts';
import * as supervision from './migrations/003-supervision.ts';
import * as payments from './migrations/004-payments.ts';
import * as owners from './migrations/005-owners.ts';

/** Migrations in order. Each is written once for both dialects; never edit one that has shipped. */
const MIGRATIONS: ReadonlyArray<[string, { up(db: Kysely<unknown>, dialect: Dialect): Promise<void> }]> = [
  ['001-core', core],
  ['002-security', security],
  ['003-supervision', supervision],
  ['004-payments', payments],
  ['005-owners', owners],
];

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      MIGRATIONS.map(([name, m]) => [name, { up: (db: Kysely<unknown>) => m.up(db, this.dialect) }]),
    );
  }
}

export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const migrator = new Migrator({ db, provider: new StaticProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed !== undefined) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
