import { execFile } from 'node:child_process';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { accountId } from '../src/ledger/index.ts';
import { isPermission, ROLES, type Role, revokeKeyWrite, scopeFor } from '../src/security/index.ts';
import { openSecurityDb } from '../src/store/security-db.ts';
import { NASTY_STRINGS, nastyBody, RAW_BODIES } from './support/hostile.ts';
import { type Got, httpClient, type Sent, tableCounts } from './support/hostile-client.ts';
import { offlineKeys } from './support/keys.ts';
import { type NodeProcess, spawnNode, TONGBAO_BIN } from './support/node-process.ts';
import { seedWallets } from './support/seed.ts';
import { STORE_KINDS, type TestStore, testStore } from './support/stores.ts';

/**
 * Thousands of malformed, oversized, wrongly typed, boundary-valued and unauthorised requests at every
 * route of a real node over HTTP on 127.0.0.1: never a 500, never a crash, and the refused ones change
 * nothing (every table's row count, the books and the audit log compared before and after).
 */
const REFUSED_REQUESTS = 4_000;
const MIXED_REQUESTS = 4_000;
const CONCURRENCY = 8;
type Json = Record<string, unknown>;
/** Bodies no JSON parser accepts (or over the size limit): refused before any handler runs. */
const NOT_JSON = ['{', '{"a":', '[', '\u0000\u0001\u0002', '{"a":1', `{"x":"${'y'.repeat(70_000)}"}`];

interface Route {
  readonly method: string;
  readonly path: string;
  readonly permission: string;
  readonly fields: readonly string[];
}
describe.each(STORE_KINDS)('hostile input against a running node on %s', (kind) => {
  let ts: TestStore;
  let node: NodeProcess | null = null;
  let client: ReturnType<typeof httpClient>;
  const routes: Route[] = [];
  const keys: Partial<Record<Role | 'revoked', string>> = {};
  let wallets: string[] = [];
  const seed = Number(process.env.TONGBAO_FUZZ_SEED ?? Date.now() % 1_000_000);
  const env = () => ({ TONGBAO_DATABASE_URL: ts.url ?? '' });

  beforeAll(async () => {
    ts = await testStore(kind);
    const store = await ts.open();
    const engine = await Engine.open({ store, config: loadConfig() });
    wallets = await seedWallets(engine, { operators: ['icbc', 'boc'], wallets: 20, fund_fen: 1_000_000 });
    const [opened] = await engine.submit([
      {
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'merchant',
        category: 0,
        currency: 'CNY',
        holder: null,
      },
    ]);
    const merchant = accountId(engine.state, (opened as { value: { num: number } }).value.num);
    await engine.stop();
    await store.close();
    const specs = [
      { role: 'central_bank' },
      { role: 'operator', operator_id: 'icbc' },
      { role: 'merchant', wallets: [merchant] },
      { role: 'holder', wallets: [wallets[0]!] },
      { role: 'supervisor' },
      { role: 'auditor' },
      { role: 'admin' },
      { role: 'auditor' },
    ].map((s) => ({ ...s, rate_per_s: 100_000 }));
    const tokens = await offlineKeys(ts.dir, ts.url, specs);
    ROLES.forEach((role, i) => {
      keys[role] = tokens[i]!;
    });
    keys.revoked = tokens[7]!;
    const db = await openSecurityDb({ dataDir: ts.dir, databaseUrl: ts.url });
    const revokedId = tokens[7]!.split('_')[1]!;
    await db.write([revokeKeyWrite(db.db, revokedId, Date.now())]);
    await db.close();
    node = await spawnNode(['serve', '--data', ts.dir], env());
    client = httpClient(node.url, CONCURRENCY);
    const doc = JSON.parse(
      (await client.send({ method: 'GET', path: '/openapi.json', headers: {} })).body,
    ) as {
      paths: Record<
        string,
        Record<
          string,
          {
            'x-permission'?: string;
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
          }
        >
      >;
    };
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const schema = op.requestBody?.content['application/json']?.schema;
        routes.push({
          method: method.toUpperCase(),
          path,
          permission: op['x-permission'] ?? 'public',
          fields: Object.keys(schema?.properties ?? {}),
        });
      }
  }, 180_000);

  afterAll(async () => {
    client?.destroy();
    await node?.kill('SIGKILL');
    await ts?.cleanup();
  });

  /** Fills a route's path parameters with hostile values (URL-encoded, so the request line stays valid). */
  const pathArb = (route: Route) =>
    fc
      .array(fc.constantFrom(...NASTY_STRINGS, ...wallets.slice(0, 3), 'seed-fund-1', 'seed-issue-0'), {
        minLength: 4,
        maxLength: 4,
      })
      .chain((values) =>
        fc
          .option(
            fc.dictionary(
              fc.constantFrom(
                'limit',
                'cursor',
                'start',
                'first',
                'second',
                'tree_size',
                'x',
                'include_revoked',
              ),
              fc.constantFrom(...NASTY_STRINGS),
            ),
            { nil: undefined },
          )
          .map((query) => {
            let i = 0;
            const path = route.path.replace(/\{[a-z_]+\}/g, () => encodeURIComponent(values[i++]!));
            return query === undefined
              ? path
              : `${path}?${new URLSearchParams(query as Record<string, string>).toString()}`;
          }),
      );

  const bodyArb = (route: Route): fc.Arbitrary<string | undefined> =>
    route.method === 'GET' || route.method === 'DELETE'
      ? fc.constant(undefined)
      : fc.oneof(
          { weight: 4, arbitrary: nastyBody(route.fields).map((b) => JSON.stringify(b)) },
          { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
        );

  /** A request that must be refused: no or bad credentials, a role without the permission, or a body that is not JSON. */
  function refusedArb(): fc.Arbitrary<Sent> {
    return fc.constantFrom(...routes.filter((r) => r.permission !== 'public')).chain((route) => {
      const denied = ROLES.filter(
        (role) => isPermission(route.permission) && scopeFor(route.permission, role) === undefined,
      );
      const allowed = ROLES.filter((role) => !denied.includes(role));
      const credential = fc.oneof(
        fc.constant<string | undefined>(undefined),
        fc.constantFrom(
          `Bearer ${keys.revoked!}`,
          'Bearer tongbao_k0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
          'Basic YWRtaW46YWRtaW4=',
          'Bearer',
          `Bearer ${'x'.repeat(400)}`,
        ),
        ...(denied.length === 0 ? [] : [fc.constantFrom(...denied).map((role) => `Bearer ${keys[role]!}`)]),
      );
      const notJson = fc.tuple(fc.constantFrom(...allowed), fc.constantFrom(...NOT_JSON));
      return fc.oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(credential, pathArb(route), bodyArb(route)).map(
            ([auth, path, body]): Sent => ({
              method: route.method,
              path,
              headers: {
                'content-type': 'application/json',
                ...(auth === undefined ? {} : { authorization: auth }),
              },
              ...(body === undefined ? {} : { body }),
            }),
          ),
        },
        ...(route.method === 'GET' || route.method === 'DELETE' || allowed.length === 0
          ? []
          : [
              {
                weight: 1,
                arbitrary: fc.tuple(notJson, pathArb(route)).map(
                  ([[role, body], path]): Sent => ({
                    method: route.method,
                    path,
                    headers: { 'content-type': 'application/json', authorization: `Bearer ${keys[role]!}` },
                    body,
                  }),
                ),
              },
            ]),
      );
    });
  }

  /** Anything at all, valid keys included: some of these succeed and change state. */
  function mixedArb(): fc.Arbitrary<Sent> {
    return fc.constantFrom(...routes).chain((route) =>
      fc
        .tuple(
          fc.constantFrom(...ROLES),
          pathArb(route),
          bodyArb(route),
          fc.constantFrom(
            'application/json',
            'application/json',
            'text/plain',
            'application/json; charset=latin1',
          ),
        )
        .map(
          ([role, path, body, type]): Sent => ({
            method: route.method,
            path,
            headers: { 'content-type': type, authorization: `Bearer ${keys[role]!}` },
            ...(body === undefined ? {} : { body }),
          }),
        ),
    );
  }

  const noServerErrors = (results: Array<{ sent: Sent; got: Got }>) => {
    for (const { sent, got } of results) {
      const label = `seed ${seed}: ${sent.method} ${sent.path.slice(0, 120)} ${sent.body?.slice(0, 120) ?? ''} -> ${got.status} ${got.body.slice(0, 200)}`;
      expect(got.status, label).toBeLessThan(500);
      if (got.status >= 400) expect(got.type, label).toContain('application/problem+json');
    }
  };

  /** Every table's row count and the books. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const counts = await tableCounts(ts.dir, ts.url);
    const headers = { authorization: `Bearer ${keys.central_bank!}` };
    const books = JSON.parse(
      (await client.send({ method: 'GET', path: '/v1/reconciliation', headers })).body,
    ) as Json;
    return { counts, books };
  }

  test(`${REFUSED_REQUESTS} refused requests change nothing and get problems, never a 500`, async () => {
    // The node logs the seeded journal in the background after it starts: let it finish first.
    for (;;) {
      const auditor = { authorization: `Bearer ${keys.auditor!}` };
      const s = JSON.parse(
        (await client.send({ method: 'GET', path: '/v1/audit/status', headers: auditor })).body,
      ) as Record<string, number>;
      if (s.journal_logged_seq === s.journal_committed_seq) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await snapshot();
    const requests = fc.sample(refusedArb(), { numRuns: REFUSED_REQUESTS, seed });
    const results = await client.fire(requests);
    noServerErrors(results);
    for (const { sent, got } of results)
      expect(got.status, `${sent.method} ${sent.path}`).toBeGreaterThanOrEqual(400);
    const codes = new Set(results.map((r) => r.got.status));
    expect([...codes].sort()).toEqual(expect.arrayContaining([401, 403]));
    expect(await snapshot()).toEqual(before);
  }, 180_000);

  test('broken HTTP on raw sockets gets a problem or a closed connection, and the node lives on', async () => {
    const url = new URL(node!.url);
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: url.hostname, port: Number(url.port) });
        let got = '';
        socket.setTimeout(5_000, () => socket.destroy());
        socket.on('data', (c: Buffer) => {
          got += c.toString('latin1');
        });
        socket.on('close', () => resolve(got));
        socket.on('error', () => resolve(got));
        socket.write(text, 'latin1', () => socket.end());
      });
    const cases = [
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      'GARBAGE\r\n\r\n',
      'GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00ff\u00fe\r\n\r\n',
      'POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n{}',
      'POST /v1/transfers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      `GET /${'a/'.repeat(4_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GET http://evil.example/v1/me HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET /v1/me HTTP/1.0\r\n\r\n',
      `GET /v1/me HTTP/1.1\r\nHost: x\r\nCookie: tongbao_session=${'s'.repeat(10_000)}\r\n\r\n`,
    ];
    for (const c of cases) {
      const answer = await raw(c);
      if (answer !== '') expect(answer, c.slice(0, 60)).toMatch(/^HTTP\/1\.[01] [1-4]\d\d /);
    }
    expect((await client.send({ method: 'GET', path: '/health', headers: {} })).status).toBe(200);
  });

  test(`${MIXED_REQUESTS} mixed requests, valid keys included: no 500, books balance, journal and audit log verify`, async () => {
    const results = await client.fire(fc.sample(mixedArb(), { numRuns: MIXED_REQUESTS, seed: seed + 1 }));
    noServerErrors(results);
    const books = JSON.parse(
      (
        await client.send({
          method: 'GET',
          path: '/v1/reconciliation',
          headers: { authorization: `Bearer ${keys.central_bank!}` },
        })
      ).body,
    ) as { balanced: boolean };
    expect(books.balanced).toBe(true);
    await node!.kill('SIGTERM');
    node = null;
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [TONGBAO_BIN, ...args, '--data', ts.dir], {
        env: { ...process.env, ...env() },
      }).catch((error: { stdout: string; stderr: string }) => error);
    const verify = await run(['verify']);
    expect(verify.stdout).toContain('VERIFIED');
    const audit = await run(['audit', 'verify']);
    expect(audit.stdout, audit.stderr).toContain('VERIFIED');
  }, 300_000);
});
