import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openApiFixture } from '../../test/support/api-fixture.ts';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { type AuditFindingKind, encodeAuditEntry } from '../audit/index.ts';
import type { Sm2PublicKey } from '../crypto/index.ts';
import { openSecurityDb, type SecurityDb } from '../store/security-db.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import { type AuditCheckReport, verifyAudit } from './verify-audit.ts';

class Rollback extends Error {}

/**
 * A real log, written by a node through its API (admin actions, freezes, reveals, payments in batches),
 * then tampered with in the database in every way the issue names. Each tamper runs in a transaction
 * that is rolled back, so every case starts from the same genuine log.
 */
describe.each(STORE_KINDS)('audit verification catches tampering on %s', (kind) => {
  let ts: TestStore;
  let db: SecurityDb;
  let key: Sm2PublicKey;
  let entries = 0;
  let rows = 0;

  beforeAll(async () => {
    ts = await testStore(kind);
    const f = await openApiFixture({ ...ts, cleanup: async () => {} }, { checkpoint_every_entries: 4 });
    const { keys, wallets, call } = f;
    for (let i = 0; i < 6; i += 1) {
      await call(keys.holder, 'POST', '/v1/transfers/batch', {
        transfers: Array.from({ length: 20 }, (_, j) => ({
          id: `v-${i}-${j}`,
          from: wallets.alice,
          to: wallets.shop,
          amount: '0.01',
        })),
      });
      await call(keys.supervisor, 'GET', `/v1/wallets/${wallets.carol}`);
    }
    await call(keys.supervisor, 'POST', `/v1/wallets/${wallets.frosty}/freeze`, { mode: 'out', reason: 'r' });
    key = f.security.publicKey;
    await f.app.close();
    await f.engine.stop();
    await f.security.close();
    await f.store.close();
    db = await openSecurityDb({ dataDir: ts.dir, databaseUrl: ts.url });
    entries = Number(
      (
        await db.db
          .selectFrom('audit_entries')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst()
      )?.n,
    );
    rows = Number(
      (
        await db.db
          .selectFrom('transfers')
          .select((eb) => eb.fn.max('seq').as('m'))
          .executeTakeFirst()
      )?.m,
    );
  });
  afterAll(async () => {
    await db?.close();
    await ts?.cleanup();
  });

  async function tampered(
    change: (trx: Kysely<SecurityDatabase>) => Promise<unknown>,
  ): Promise<AuditCheckReport> {
    let report: AuditCheckReport | undefined;
    await db.db
      .transaction()
      .execute(async (trx) => {
        await change(trx);
        report = await verifyAudit(trx, key);
        throw new Rollback();
      })
      .catch((error: unknown) => {
        if (!(error instanceof Rollback)) throw error;
      });
    return report!;
  }
  const kinds = (r: AuditCheckReport) => r.log.findings.map((x) => x.kind);
  const bytesAt = async (trx: Kysely<SecurityDatabase>, idx: number) =>
    Buffer.from(
      (await trx.selectFrom('audit_entries').select('bytes').where('idx', '=', idx).executeTakeFirstOrThrow())
        .bytes,
    );
  /** Moves entries at or after `from` by `by` positions (through negative keys, so no key collides). */
  const shift = async (trx: Kysely<SecurityDatabase>, from: number, by: number) => {
    await sql`update audit_entries set idx = -idx - 1 where idx >= ${from}`.execute(trx);
    await sql`update audit_entries set idx = -idx - 1 + ${by} where idx < 0`.execute(trx);
  };

  test('the genuine log verifies: every entry signed, every journal row under a logged root', async () => {
    const r = await verifyAudit(db.db, key);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.journal_covered).toBe(rows);
    expect(r.log.verified_size).toBe(entries);
    expect(entries).toBeGreaterThan(25);
  });

  test.each<[string, AuditFindingKind, (trx: Kysely<SecurityDatabase>) => Promise<unknown>]>([
    [
      'a changed entry',
      'entry_changed',
      async (trx) => {
        const b = await bytesAt(trx, 10);
        const changed = Buffer.from(b.toString('utf8').replace('"actor":"', '"actor":"x'));
        await trx.updateTable('audit_entries').set({ bytes: changed }).where('idx', '=', 10).execute();
      },
    ],
    [
      'a removed entry',
      'entries_removed',
      (trx) => trx.deleteFrom('audit_entries').where('idx', '=', 12).execute(),
    ],
    [
      'a removed entry, the rest moved up to hide the gap',
      'entries_removed',
      async (trx) => {
        await trx.deleteFrom('audit_entries').where('idx', '=', 12).execute();
        await shift(trx, 13, -1);
      },
    ],
    [
      'an inserted entry',
      'entries_inserted',
      async (trx) => {
        await shift(trx, 15, 1);
        const forged = encodeAuditEntry({
          index: 15,
          ts_ms: 1,
          actor: 'system',
          action: 'wallet.freeze',
          subject: '',
          details: {},
        });
        await trx
          .insertInto('audit_entries')
          .values({ idx: 15, bytes: Buffer.from(forged) })
          .execute();
      },
    ],
    [
      'two entries swapped',
      'entries_reordered',
      async (trx) => {
        const a = await bytesAt(trx, 5);
        const b = await bytesAt(trx, 20);
        await trx.updateTable('audit_entries').set({ bytes: b }).where('idx', '=', 5).execute();
        await trx.updateTable('audit_entries').set({ bytes: a }).where('idx', '=', 20).execute();
      },
    ],
    [
      'an altered checkpoint',
      'checkpoint_bad_signature',
      (trx) =>
        sql`update audit_checkpoints set note = replace(note, 'tongbao.audit', 'tongbao.audjt') where tree_size = (select min(tree_size) from audit_checkpoints)`.execute(
          trx,
        ),
    ],
  ])('%s is caught', async (_name, finding, change) => {
    const r = await tampered(change);
    expect(r.ok).toBe(false);
    expect(kinds(r)).toContain(finding);
  });

  test.each<[string, RegExp, (trx: Kysely<SecurityDatabase>) => Promise<unknown>]>([
    [
      'a changed journal row',
      /do not hash to their logged root/,
      (trx) => sql`update transfers set amount = amount + 1 where seq = ${Math.floor(rows / 2)}`.execute(trx),
    ],
    [
      'a removed journal row',
      /missing|rows stored/,
      (trx) => trx.deleteFrom('transfers').where('seq', '=', 7).execute(),
    ],
    [
      'a journal row added after the log',
      /not logged yet/,
      (trx) =>
        sql`insert into transfers select seq + 1000000, id, id_hash, kind, flags, debit, credit, amount, currency, ts, ref_seq, expires_at, memo, debit_prev, credit_prev from transfers where seq = 3`.execute(
          trx,
        ),
    ],
    [
      'a freeze that was never logged',
      /wallet\.freeze:wallet:.* 2 in the wallet's history, 1 logged/,
      (trx) =>
        sql`insert into account_events (num, ts, type, details) select num, ts, type, details from account_events where type = 'frozen'`.execute(
          trx,
        ),
    ],
  ])('%s is caught', async (_name, message, change) => {
    const r = await tampered(change);
    expect(r.ok).toBe(false);
    expect(r.problems.join('\n')).toMatch(message);
  });

  test('a command-line action waiting in the outbox is reported, not a failure', async () => {
    const r = await tampered((trx) =>
      trx
        .insertInto('security_outbox')
        .values({ ts_ms: 1, actor: 'cli:x', action: 'key.revoke', subject: 'key:k', details: '{}' })
        .execute(),
    );
    expect(r.outbox_waiting).toBe(1);
    expect(r.ok).toBe(true);
  });
});
