import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../test/support/api-fixture.ts';
import { createKey } from '../../test/support/security.ts';
import { STORE_KINDS, testStore } from '../../test/support/stores.ts';
import { formatWalletId } from '../ledger/index.ts';
import { installAuth } from './auth.ts';
import { installErrorHandling } from './errors.ts';

describe.each(STORE_KINDS)('authentication and scopes on %s', (kind) => {
  let f: ApiFixture;

  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind));
    const { keys, wallets, call } = f;
    await call(keys.holder, 'POST', '/v1/transfers', {
      id: 't-a',
      from: wallets.alice,
      to: wallets.shop,
      amount: '1.00',
    });
    await call(keys.operator2, 'POST', '/v1/transfers', {
      id: 't-c',
      from: wallets.carol,
      to: wallets.dave,
      amount: '1.00',
    });
    await call(keys.holder2, 'POST', '/v1/transfers', {
      id: 'p-d',
      from: wallets.dave,
      to: wallets.carol,
      amount: '1.00',
      pending: true,
    });
  });
  afterAll(async () => f?.close());

  const forbidden = async (p: Promise<{ status: number; body: Json }>, field?: string) => {
    const r = await p;
    expect([r.status, r.body.code]).toEqual([403, 'forbidden']);
    if (field !== undefined) expect(r.body.field).toBe(field);
  };

  test('every /v1 route needs credentials; public routes do not; unknown routes reveal nothing', async () => {
    for (const r of f.app.routePermissions.filter((x) => x.url.startsWith('/v1/') && x.method !== 'HEAD')) {
      const res = await f.call(null, r.method, r.url.replace(/:[a-z_]+/g, 'x'));
      if (r.permission === 'public') expect(res.status, r.url).not.toBe(401);
      else {
        expect([res.status, res.body.code], `${r.method} ${r.url}`).toEqual([401, 'unauthenticated']);
        expect(res.headers['www-authenticate']).toBe('Bearer realm="tongbao"');
      }
    }
    for (const url of ['/health', '/openapi.json', '/docs/', '/v1/audit/public-key'])
      expect((await f.call(null, 'GET', url)).status, url).toBe(200);
    expect((await f.call(null, 'GET', '/v1/nothing')).status).toBe(401);
    expect((await f.call(f.keys.auditor, 'GET', '/v1/nothing')).body.code).toBe('route_not_found');
    for (const header of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer tongbao_kxx_yy',
      `Bearer ${'a'.repeat(300)}`,
    ])
      expect((await f.call(null, 'GET', '/v1/me', undefined, { authorization: header })).body.code).toBe(
        'unauthenticated',
      );
  });

  test("another operator's wallets and transfers are refused, before anything is looked up", async () => {
    const { keys, wallets, call } = f;
    await forbidden(call(keys.operator, 'GET', `/v1/wallets/${wallets.carol}`), 'id');
    await forbidden(call(keys.operator, 'GET', `/v1/wallets/${wallets.carol}/transfers`), 'id');
    await forbidden(
      call(keys.operator, 'POST', `/v1/wallets/${wallets.carol}/freeze`, { mode: 'all', reason: 'x' }),
      'id',
    );
    await forbidden(call(keys.operator, 'GET', `/v1/wallets/${wallets.carol}/holder`), 'id');
    await forbidden(
      call(keys.operator, 'POST', '/v1/wallets', { operator_id: 'boc', kind: 'merchant' }),
      'operator_id',
    );
    await forbidden(call(keys.operator, 'GET', '/v1/transfers/t-c'), 'id');
    await forbidden(call(keys.operator, 'POST', '/v1/transfers/p-d/void'), 'id');
    await forbidden(call(keys.operator, 'GET', '/v1/operators/boc'), 'id');
    expect(
      ((await call(keys.operator, 'GET', '/v1/operators')).body.items as Json[]).map((o) => o.id),
    ).toEqual(['icbc']);
    // a well-formed id that names no wallet is refused the same way as a foreign one: no existence oracle
    await forbidden(call(keys.operator, 'GET', `/v1/wallets/${formatWalletId(2, 99_999)}`), 'id');
    expect((await call(keys.operator, 'GET', `/v1/wallets/${formatWalletId(1, 99_999)}`)).body.code).toBe(
      'wallet_not_found',
    );
    expect((await call(keys.operator2, 'GET', '/v1/transfers/t-c')).status).toBe(200);
  });

  test("a holder sees and pays from their own wallets only; another holder's history is refused", async () => {
    const { keys, wallets, call } = f;
    expect((await call(keys.holder, 'GET', `/v1/wallets/${wallets.alice}/transfers`)).status).toBe(200);
    await forbidden(call(keys.holder, 'GET', `/v1/wallets/${wallets.dave}/transfers`), 'id');
    await forbidden(call(keys.holder, 'GET', `/v1/wallets/${wallets.shop}`), 'id');
    await forbidden(
      call(keys.holder, 'POST', '/v1/transfers', {
        id: 'h-1',
        from: wallets.dave,
        to: wallets.alice,
        amount: '1.00',
      }),
      'from',
    );
    await forbidden(
      call(keys.holder, 'POST', '/v1/exchanges', {
        id: 'h-2',
        wallet_id: wallets.dave,
        direction: 'out',
        amount: '1.00',
      }),
      'wallet_id',
    );
    await forbidden(call(keys.holder, 'GET', '/v1/transfers/t-c'), 'id');
    await forbidden(call(keys.holder, 'POST', '/v1/transfers/p-d/post', {}), 'id');
    // a batch with one foreign payer is refused whole, and nothing in it is applied
    const books = (await call(keys.central_bank, 'GET', '/v1/reconciliation')).body;
    await forbidden(
      call(keys.holder, 'POST', '/v1/transfers/batch', {
        transfers: [
          { id: 'hb-1', from: wallets.alice, to: wallets.shop, amount: '1.00' },
          { id: 'hb-2', from: wallets.dave, to: wallets.shop, amount: '1.00' },
        ],
      }),
      'transfers/1/from',
    );
    expect((await call(keys.central_bank, 'GET', '/v1/reconciliation')).body).toEqual(books);
    expect((await call(keys.holder, 'GET', '/v1/transfers/hb-1')).body.code).toBe('transfer_not_found');
    // the payee of a transfer may read it; the payee may resolve a hold made to it
    expect((await call(keys.merchant, 'GET', '/v1/transfers/t-a')).status).toBe(200);
    expect((await call(keys.holder2, 'GET', '/v1/transfers/p-d')).status).toBe(200);
  });

  test('the central bank sees the books and its own movements, not wallets', async () => {
    const { keys, wallets, call } = f;
    await forbidden(call(keys.central_bank, 'GET', `/v1/wallets/${wallets.alice}`));
    await forbidden(call(keys.central_bank, 'GET', '/v1/transfers/t-a'), 'id');
    expect((await call(keys.central_bank, 'GET', '/v1/transfers/iss-icbc')).status).toBe(200);
    expect((await call(keys.central_bank, 'GET', '/v1/reconciliation')).status).toBe(200);
    await forbidden(
      call(keys.auditor, 'POST', `/v1/wallets/${wallets.alice}/freeze`, { mode: 'all', reason: 'x' }),
    );
    await forbidden(
      call(keys.supervisor, 'POST', '/v1/transfers', {
        id: 's-1',
        from: wallets.alice,
        to: wallets.shop,
        amount: '1.00',
      }),
    );
    await forbidden(call(keys.admin, 'GET', `/v1/wallets/${wallets.alice}`));
  });

  test('per-key rate limits answer 429 with Retry-After', async () => {
    const slow = await createKey(f.security, { role: 'auditor', rate_per_s: 1 });
    const codes: number[] = [];
    for (let i = 0; i < 4; i += 1) codes.push((await f.call(slow, 'GET', '/v1/me')).status);
    expect(codes.slice(0, 2)).toEqual([200, 200]);
    const limited = await f.call(slow, 'GET', '/v1/me');
    expect([limited.status, limited.body.code]).toEqual([429, 'rate_limited']);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // a session draws on its key's bucket: more sessions buy no more requests
    const slow2 = await createKey(f.security, { role: 'auditor', rate_per_s: 1 });
    const session = (await f.call(slow2, 'POST', '/v1/sessions', {})).body.token as string;
    expect((await f.call(session, 'GET', '/v1/me')).status).toBe(200);
    expect((await f.call(session, 'GET', '/v1/me')).body.code).toBe('rate_limited');
  });

  test('sessions: opened with a key, carried by cookie or bearer, closed, never opened by a session', async () => {
    const { keys, call } = f;
    const opened = await call(keys.holder, 'POST', '/v1/sessions', { ttl_s: 600 });
    expect(opened.status).toBe(201);
    const token = opened.body.token as string;
    const cookie = String(opened.headers['set-cookie']);
    expect(cookie).toMatch(
      /^tongbao_session=tongbao_s[0-9a-f]{16}_[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=600$/,
    );
    const me = await call(null, 'GET', '/v1/me', undefined, { cookie: cookie.split(';')[0]! });
    expect(me.body).toMatchObject({ kind: 'session', role: 'holder', wallets: [f.wallets.alice] });
    expect((await call(token, 'POST', '/v1/sessions', {})).body.code).toBe('session_key_required');
    expect((await call(keys.holder, 'DELETE', '/v1/sessions/current')).body.code).toBe(
      'session_key_required',
    );
    expect((await call(token, 'DELETE', '/v1/sessions/current')).status).toBe(204);
    expect((await call(token, 'GET', '/v1/me')).body.code).toBe('credentials_revoked');
  });

  test('keys: created and rotated through the API are shown once; revoked and rotated-out keys stop at once', async () => {
    const { keys, call } = f;
    const created = await call(keys.admin, 'POST', '/v1/keys', {
      role: 'holder',
      wallets: [f.wallets.dave],
      label: 'app',
    });
    expect(created.status).toBe(201);
    const token = created.body.token as string;
    const id = (created.body.key as Json).key_id as string;
    expect((await call(token, 'GET', '/v1/me')).body.role).toBe('holder');
    const listed = JSON.stringify((await call(keys.admin, 'GET', '/v1/keys?limit=500')).body);
    expect(listed).toContain(id);
    expect(listed).not.toContain(token.slice(-43));
    expect(listed).not.toContain('secret');
    const rotated = await call(keys.admin, 'POST', `/v1/keys/${id}/rotate`, {});
    expect(rotated.status).toBe(201);
    expect((await call(token, 'GET', '/v1/me')).body.code).toBe('credentials_revoked');
    const next = rotated.body.token as string;
    expect((await call(next, 'GET', '/v1/me')).body).toMatchObject({
      role: 'holder',
      wallets: [f.wallets.dave],
    });
    const nextId = (rotated.body.key as Json).key_id as string;
    expect((await call(keys.admin, 'POST', `/v1/keys/${nextId}/revoke`)).body.status).toBe('revoked');
    expect((await call(next, 'GET', '/v1/me')).body.code).toBe('credentials_revoked');
    // a scope that does not fit the role is refused with its own code
    for (const body of [
      { role: 'operator' },
      { role: 'operator', operator_id: 'nope' },
      { role: 'holder', wallets: [f.wallets.shop] },
      { role: 'merchant', wallets: [f.wallets.alice] },
      { role: 'auditor', operator_id: 'icbc' },
    ])
      expect((await call(keys.admin, 'POST', '/v1/keys', body)).body.code, JSON.stringify(body)).toBe(
        'key_scope_invalid',
      );
    expect((await call(keys.admin, 'POST', '/v1/keys/k0000000000000000/revoke')).body.code).toBe(
      'key_not_found',
    );
  });

  test('a /v1 route without a permission stops the node from starting; an unchecked scope is never answered', async () => {
    const app = Fastify();
    installErrorHandling(app);
    installAuth(app, f.security);
    expect(() => app.get('/v1/oops', async () => ({}))).toThrow(/declares no permission/);
    app.get('/v1/leaky/:id', { config: { permission: 'wallets.read' } }, async () => ({ secret: 'data' }));
    const holder = await app.inject({
      method: 'GET',
      url: '/v1/leaky/1',
      headers: { authorization: `Bearer ${f.keys.holder}` },
    });
    expect(holder.statusCode).toBe(500);
    expect(holder.body).not.toContain('data');
    const supervisor = await app.inject({
      method: 'GET',
      url: '/v1/leaky/1',
      headers: { authorization: `Bearer ${f.keys.supervisor}` },
    });
    expect(supervisor.statusCode).toBe(200);
    await app.close();
  });
});
