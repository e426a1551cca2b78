import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, describe, expect, test } from 'vitest';
import { buildApp } from '../src/api/index.ts';
import { decodeAuditEntry } from '../src/audit/index.ts';
import { ensureDemoKeys } from '../src/cli/demo-keys.ts';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { readHolder, Security } from '../src/security/index.ts';
import { openSecurityDb } from '../src/store/security-db.ts';
import { type NodeProcess, spawnNode, TONGBAO_BIN } from './support/node-process.ts';
import { seedWallets } from './support/seed.ts';
import { STORE_KINDS, type TestStore, testStore } from './support/stores.ts';

type Run = { code: number; stdout: string; stderr: string };

describe.each(STORE_KINDS)('the keys, keyring and audit commands on %s', (kind) => {
  let ts: TestStore;
  let node: NodeProcess | null = null;
  afterAll(async () => {
    await node?.kill('SIGKILL');
    await ts?.cleanup();
  });
  const env = () => ({ ...process.env, TONGBAO_DATABASE_URL: ts.url ?? '' });
  const tongbao = (...args: string[]): Promise<Run> =>
    promisify(execFile)(process.execPath, [TONGBAO_BIN, ...args, '--data', ts.dir], { env: env() }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({
        code: e.code,
        stdout: e.stdout,
        stderr: e.stderr,
      }),
    );
  /** An in-process node on the data folder's own key files (a log signed by one key refuses others). */
  const withNode = async (fn: (security: Security, app: FastifyInstance) => Promise<void>) => {
    const store = await ts.open();
    const engine = await Engine.open({ store, config: loadConfig() });
    const security = await Security.open({ engine, dataDir: ts.dir, databaseUrl: ts.url });
    const app = await buildApp({ engine, security });
    try {
      await fn(security, app);
    } finally {
      await app.close();
      await engine.stop();
      await security.close();
      await store.close();
    }
  };
  const me = async (token: string) =>
    (await fetch(`${node!.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;

  test('keys made, revoked and rotated from the command line take effect in a running node', async () => {
    ts = await testStore(kind);
    const store = await ts.open();
    const engine = await Engine.open({ store, config: loadConfig() });
    await seedWallets(engine, { operators: ['icbc'], wallets: 3, fund_fen: 100 });
    await engine.stop();
    await store.close();
    const refused = await tongbao('keys', 'create', '--role', 'operator', '--operator', 'nope');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('key_scope_invalid');
    node = await spawnNode(['serve', '--data', ts.dir], { TONGBAO_DATABASE_URL: ts.url ?? '' });
    const created = await tongbao(
      'keys',
      'create',
      '--role',
      'operator',
      '--operator',
      'icbc',
      '--label',
      'gateway',
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^tongbao_k[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('the running node accepts it now');
    expect(await me(token)).toBe(200);
    const id = token.split('_')[1]!;
    expect((await tongbao('keys', 'list')).stdout).toMatch(
      new RegExp(`${id}\\s+operator\\s+active\\s+icbc\\s+gateway`),
    );
    const rotated = await tongbao('keys', 'rotate', id);
    const next = rotated.stdout.trim();
    // the outbox is drained every second; the node then drops the cached key
    for (let i = 0; i < 40 && (await me(token)) === 200; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await me(token)).toBe(401);
    expect(await me(next)).toBe(200);
    await tongbao('keys', 'revoke', next.split('_')[1]!);
    for (let i = 0; i < 40 && (await me(next)) === 200; i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(await me(next)).toBe(401);
    // give the node a tick to log what the command line did (read from the log once it stops)
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await tongbao('keyring', 'rotate')).stderr).toContain('a node is running');
    await node.kill('SIGTERM');
    node = null;
    const verified = await tongbao('audit', 'verify');
    expect(verified.stdout, verified.stderr).toContain('VERIFIED');
    expect(verified.stderr).toMatch(/public key SM3 [0-9a-f]{64}/);
    const db = await openSecurityDb({ dataDir: ts.dir, databaseUrl: ts.url });
    const entries = await db.db.selectFrom('audit_entries').select('bytes').orderBy('idx').execute();
    await db.close();
    const cli = entries.map((e) => decodeAuditEntry(e.bytes)).filter((e) => e.actor.startsWith('cli:'));
    expect(cli.map((e) => e.action)).toEqual(['key.create', 'key.rotate', 'key.revoke']);
  }, 120_000);

  test('audit verify fails on a tampered log; the keyring rotates and the sealed data still opens', async () => {
    if (kind === 'sqlite') {
      const db = new Database(join(ts.dir, 'tongbao.db'));
      const row = db.prepare('select bytes from audit_entries where idx = 3').get() as { bytes: Buffer };
      db.prepare('update audit_entries set bytes = ? where idx = 3').run(
        Buffer.from(row.bytes.toString().replace('"actor":"', '"actor":"x')),
      );
      const failed = await tongbao('audit', 'verify');
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('FAILED');
      expect(failed.stderr).toContain('entry_changed');
      db.prepare('update audit_entries set bytes = ? where idx = 3').run(row.bytes);
      db.close();
    }
    // a customer with sealed personal data, opened through the API of an in-process node
    const person = { name: '孙丽', id_number: '120101199505055555', phone: '13500001111', address: '天津' };
    let wallet = '';
    await withNode(async (security, app) => {
      const key = (await security.keys.create('test', { role: 'operator', operator_id: 'icbc' })).token;
      const r = await app.inject({
        method: 'POST',
        url: '/v1/wallets',
        headers: { authorization: `Bearer ${key}` },
        payload: { operator_id: 'icbc', kind: 'personal', category: 1, holder: person },
      });
      wallet = (r.json() as { id: string }).id;
      const shop = await app.inject({
        method: 'POST',
        url: '/v1/wallets',
        headers: { authorization: `Bearer ${key}` },
        payload: { operator_id: 'icbc', kind: 'merchant' },
      });
      expect(shop.statusCode).toBe(201);
    });
    const before = JSON.parse(readFileSync(join(ts.dir, 'keyring.json'), 'utf8')) as { current: string };
    const rotated = await tongbao('keyring', 'rotate');
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stderr).toContain('re-sealed 1 of 1 holder records');
    const after = JSON.parse(readFileSync(join(ts.dir, 'keyring.json'), 'utf8')) as {
      current: string;
      seal_keys: object;
    };
    expect(after.current).not.toBe(before.current);
    expect(Object.keys(after.seal_keys)).toContain(before.current);
    expect(statSync(join(ts.dir, 'keyring.json')).mode & 0o777).toBe(0o600);
    await withNode(async (security) => {
      const row = await security.db
        .selectFrom('holders')
        .selectAll()
        .where('wallet_id', '=', wallet)
        .executeTakeFirstOrThrow();
      expect(row.sealed!.startsWith(`tbs1.${after.current}.`)).toBe(true);
      expect((await readHolder(security.db, security.keyring, Number(row.num))).holder).toEqual(person);
    });
    expect((await tongbao('audit', 'verify')).stdout).toContain('VERIFIED');
  }, 60_000);

  test('the demo writes one key per role to keys.json, readable by its owner only, once', async () => {
    await withNode(async (security) => {
      const first = await ensureDemoKeys(security, ts.dir);
      expect(first.created).toBe(true);
      expect(statSync(first.path).mode & 0o777).toBe(0o600);
      const doc = JSON.parse(readFileSync(first.path, 'utf8')) as {
        keys: Array<{ role: string; token: string }>;
      };
      expect(doc.keys.map((k) => k.role).sort()).toEqual(
        [
          'admin',
          'auditor',
          'central_bank',
          'holder',
          'merchant',
          'operator',
          'supervisor',
          'supervisor',
        ].sort(),
      );
      for (const k of doc.keys)
        expect((await security.authenticator.authenticate(k.token)).role).toBe(k.role);
      expect((await ensureDemoKeys(security, ts.dir)).created).toBe(false);
    });
  });
});
