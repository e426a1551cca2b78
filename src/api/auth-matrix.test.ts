import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../test/support/api-fixture.ts';
import { STORE_KINDS, testStore } from '../../test/support/stores.ts';
import { isPermission, POLICY, ROLES, type Role, scopeFor } from '../security/index.ts';

/**
 * Every /v1 route x every role: allowed (never 401/403) or refused (403 problem), exactly as the
 * policy table says. Each role acts on resources inside its own scope here (its operator's wallets,
 * its own wallets); acting outside the scope is refused, tested in auth-scope.test.ts.
 */
/** A hard wallet's SM2 public key (a curve point) and a well-formed device number no device has. */
const MATRIX_DEVICE_KEY =
  '0427b43edc1bdf3e48c8ba09ca126ba1f2e32d06f8a7a93137fbf60a715e6a816b4b37ed03c78aaca4dd4215b05af94bb6b04258f8e2b2a4d22900863b771f2e86';
const NO_DEVICE = '0010000000000040';

describe.each(STORE_KINDS)('authorisation matrix on %s', (kind) => {
  let f: ApiFixture;
  const throwaway: string[] = [];
  let reveal = '';

  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind));
    const { keys, wallets, call } = f;
    await call(keys.holder, 'POST', '/v1/transfers', {
      id: 't-a',
      from: wallets.alice,
      to: wallets.shop,
      amount: '1.00',
    });
    await call(keys.holder, 'POST', '/v1/transfers', {
      id: 'p-1',
      from: wallets.alice,
      to: wallets.shop,
      amount: '2.00',
      pending: true,
    });
    for (let i = 0; i < 3; i += 1)
      throwaway.push(
        ((await call(keys.admin, 'POST', '/v1/keys', { role: 'auditor' })).body.key as Json).key_id as string,
      );
    reveal = (
      await call(keys.supervisor, 'POST', '/v1/supervision/reveals', {
        wallet_id: wallets.alice,
        reason: 'matrix',
      })
    ).body.id as string;
  });
  afterAll(async () => f?.close());

  /** The request a role makes on a route, on resources in its own scope. */
  function requestFor(role: Role, method: string, route: string): { url: string; payload?: unknown } {
    const w = f.wallets;
    const mine = role === 'merchant' ? w.shop : w.alice;
    const payee = role === 'merchant' ? w.alice : w.shop;
    const transfer = role === 'central_bank' ? 'iss-icbc' : 't-a';
    const n = Math.floor(Math.random() * 1e9);
    const table: Record<string, { url: string; payload?: unknown }> = {
      'POST /v1/operators': { url: '/v1/operators', payload: { id: 'icbc', name: 'ICBC' } },
      'GET /v1/operators': { url: '/v1/operators' },
      'GET /v1/operators/:id': { url: '/v1/operators/icbc' },
      'POST /v1/issuances': {
        url: '/v1/issuances',
        payload: { id: `mi-${n}`, operator_id: 'icbc', amount: '1.00' },
      },
      'POST /v1/redemptions': {
        url: '/v1/redemptions',
        payload: { id: `mr-${n}`, operator_id: 'icbc', amount: '1.00' },
      },
      'GET /v1/reconciliation': { url: '/v1/reconciliation' },
      // The console's routes (src/api/routes/console-wallets.ts, live.ts).
      'GET /v1/wallets': { url: '/v1/wallets' },
      'GET /v1/live/stats': { url: '/v1/live/stats' },
      'POST /v1/wallets': { url: '/v1/wallets', payload: { operator_id: 'icbc', kind: 'merchant' } },
      'GET /v1/wallets/:id': { url: `/v1/wallets/${mine}` },
      'PATCH /v1/wallets/:id': { url: `/v1/wallets/${w.frosty}`, payload: { category: 3 } },
      'POST /v1/wallets/:id/close': { url: `/v1/wallets/${mine}/close` },
      'POST /v1/wallets/:id/freeze': {
        url: `/v1/wallets/${w.frosty}/freeze`,
        payload: { mode: 'out', reason: 'matrix' },
      },
      'POST /v1/wallets/:id/unfreeze': {
        url: `/v1/wallets/${w.frosty}/unfreeze`,
        payload: { reason: 'matrix' },
      },
      'GET /v1/wallets/:id/freezes': { url: `/v1/wallets/${w.frosty}/freezes` },
      'GET /v1/wallets/:id/holder': { url: `/v1/wallets/${w.alice}/holder` },
      'GET /v1/wallets/:id/transfers': { url: `/v1/wallets/${mine}/transfers` },
      'POST /v1/exchanges': {
        url: '/v1/exchanges',
        payload: { id: `mx-${n}`, wallet_id: mine, direction: 'in', amount: '1.00' },
      },
      'POST /v1/transfers': {
        url: '/v1/transfers',
        payload: { id: `mt-${n}`, from: mine, to: payee, amount: '0.01' },
      },
      'POST /v1/transfers/batch': {
        url: '/v1/transfers/batch',
        payload: { transfers: [{ id: `mb-${n}`, from: mine, to: payee, amount: '0.01' }] },
      },
      'GET /v1/transfers/:id': { url: `/v1/transfers/${transfer}` },
      'GET /v1/transfers/:id/receipt': { url: `/v1/transfers/${transfer}/receipt` },
      'POST /v1/transfers/:id/post': { url: '/v1/transfers/p-1/post', payload: {} },
      'POST /v1/transfers/:id/void': { url: '/v1/transfers/p-1/void' },
      'GET /v1/me': { url: '/v1/me' },
      'POST /v1/sessions': { url: '/v1/sessions', payload: {} },
      'DELETE /v1/sessions/current': { url: '/v1/sessions/current' },
      'POST /v1/keys': { url: '/v1/keys', payload: { role: 'auditor', label: 'matrix' } },
      'GET /v1/keys': { url: '/v1/keys' },
      'POST /v1/keys/:id/revoke': { url: `/v1/keys/${throwaway[0]}/revoke` },
      'POST /v1/keys/:id/rotate': { url: `/v1/keys/${throwaway[1]}/rotate`, payload: { grace_s: 60 } },
      'GET /v1/audit/public-key': { url: '/v1/audit/public-key' },
      'GET /v1/audit/status': { url: '/v1/audit/status' },
      'GET /v1/audit/checkpoints/latest': { url: '/v1/audit/checkpoints/latest' },
      'GET /v1/audit/checkpoints': { url: '/v1/audit/checkpoints' },
      'GET /v1/audit/entries': { url: '/v1/audit/entries?limit=5' },
      'GET /v1/audit/entries/:index/proof': { url: '/v1/audit/entries/0/proof' },
      'GET /v1/audit/consistency': { url: '/v1/audit/consistency?first=0&second=1' },
      'POST /v1/supervision/reveals': {
        url: '/v1/supervision/reveals',
        payload: { wallet_id: w.alice, reason: 'matrix' },
      },
      'GET /v1/supervision/reveals': { url: '/v1/supervision/reveals' },
      'GET /v1/supervision/reveals/:id': { url: `/v1/supervision/reveals/${reveal}` },
      'POST /v1/supervision/reveals/:id/approve': { url: `/v1/supervision/reveals/${reveal}/approve` },
      'POST /v1/supervision/reveals/:id/reject': { url: `/v1/supervision/reveals/${reveal}/reject` },
      'GET /v1/supervision/reveals/:id/identity': { url: `/v1/supervision/reveals/${reveal}/identity` },
      // Payments routes (src/api/routes/payments-*.ts): unknown devices, conditions and schedules answer 404.
      'POST /v1/devices': { url: '/v1/devices', payload: { wallet_id: mine, public_key: MATRIX_DEVICE_KEY } },
      'GET /v1/devices/:id': { url: `/v1/devices/${NO_DEVICE}` },
      'GET /v1/wallets/:id/devices': { url: `/v1/wallets/${mine}/devices` },
      'POST /v1/devices/:id/load': {
        url: `/v1/devices/${NO_DEVICE}/load`,
        payload: { id: `ml-${n}`, amount: '1.00', counter: 0, signature: '00' },
      },
      'POST /v1/devices/:id/unload': {
        url: `/v1/devices/${NO_DEVICE}/unload`,
        payload: { id: `mu-${n}`, amount: '1.00', counter: 0, signature: '00' },
      },
      'POST /v1/devices/:id/sync': {
        url: `/v1/devices/${NO_DEVICE}/sync`,
        payload: { counter: 0, signature: '00' },
      },
      'POST /v1/devices/:id/vouchers': {
        url: `/v1/devices/${NO_DEVICE}/vouchers`,
        payload: {
          vouchers: [
            {
              payer_device: NO_DEVICE,
              payee_device: NO_DEVICE,
              amount: '1.00',
              counter: 1,
              balance_after: '0',
              signature: '00',
            },
          ],
        },
      },
      'POST /v1/devices/:id/block': { url: `/v1/devices/${NO_DEVICE}/block`, payload: { reason: 'matrix' } },
      'POST /v1/devices/:id/unblock': {
        url: `/v1/devices/${NO_DEVICE}/unblock`,
        payload: { reason: 'matrix' },
      },
      'POST /v1/devices/:id/retire': {
        url: `/v1/devices/${NO_DEVICE}/retire`,
        payload: { reason: 'matrix' },
      },
      'POST /v1/conditions': {
        url: '/v1/conditions',
        payload: {
          id: `mc-${n}`,
          kind: 'escrow',
          from: mine,
          to: payee,
          amount: '0.01',
          deadline: '2099-01-01T00:00:00Z',
          release: { approved_by: payee },
        },
      },
      'GET /v1/conditions/:id': { url: '/v1/conditions/none' },
      'GET /v1/wallets/:id/conditions': { url: `/v1/wallets/${mine}/conditions` },
      ...Object.fromEntries(
        ['approve', 'release', 'spend', 'cancel'].map((a) => [
          `POST /v1/conditions/:id/${a}`,
          { url: `/v1/conditions/none/${a}`, payload: { id: `ma-${n}`, by: mine } },
        ]),
      ),
      'POST /v1/schedules': {
        url: '/v1/schedules',
        payload: { id: `ms-${n}`, from: mine, to: payee, amount: '0.01', first_at: '2099-01-01T00:00:00Z' },
      },
      'GET /v1/schedules/:id': { url: '/v1/schedules/none' },
      'GET /v1/wallets/:id/schedules': { url: `/v1/wallets/${mine}/schedules` },
      'POST /v1/schedules/:id/cancel': { url: '/v1/schedules/none/cancel' },
      'PUT /v1/merchants/:id/profile': {
        url: `/v1/merchants/${mine}/profile`,
        payload: { name: 'SHOP', city: 'BEIJING', mcc: '5812', region: '110101' },
      },
      'GET /v1/merchants/:id/profile': { url: `/v1/merchants/${mine}/profile` },
      'POST /v1/wallets/:id/qr': { url: `/v1/wallets/${mine}/qr`, payload: {} },
      'POST /v1/qr/parse': { url: '/v1/qr/parse', payload: { payload: 'not a code' } },
      'POST /v1/qr/pay': {
        url: '/v1/qr/pay',
        payload: { id: `mq-${n}`, from: mine, payload: 'not a code', amount: '0.01' },
      },
      'POST /v1/wallets/:id/sub-wallets': {
        url: `/v1/wallets/${mine}/sub-wallets`,
        payload: { label: 'matrix' },
      },
      'GET /v1/wallets/:id/family': { url: `/v1/wallets/${mine}/family` },
      // Monitoring's routes (src/api/routes/supervision-*.ts): unknown ids answer 404 to allowed roles.
      'GET /v1/supervision/alerts': { url: '/v1/supervision/alerts' },
      'GET /v1/supervision/alerts/:id': { url: '/v1/supervision/alerts/al_none' },
      'GET /v1/supervision/alerts/:id/evidence': { url: '/v1/supervision/alerts/al_none/evidence' },
      'POST /v1/supervision/alerts/:id/assign': {
        url: '/v1/supervision/alerts/al_none/assign',
        payload: { assignee: 'sup' },
      },
      'POST /v1/supervision/alerts/:id/close': {
        url: '/v1/supervision/alerts/al_none/close',
        payload: { disposition: 'false_positive' },
      },
      'POST /v1/supervision/cases': { url: '/v1/supervision/cases', payload: { title: 'matrix' } },
      'GET /v1/supervision/cases': { url: '/v1/supervision/cases' },
      'GET /v1/supervision/cases/:id': { url: '/v1/supervision/cases/case-none' },
      'GET /v1/supervision/cases/:id/history': { url: '/v1/supervision/cases/case-none/history' },
      'POST /v1/supervision/cases/:id/alerts': {
        url: '/v1/supervision/cases/case-none/alerts',
        payload: { alert_ids: ['al_none'] },
      },
      'POST /v1/supervision/cases/:id/assign': {
        url: '/v1/supervision/cases/case-none/assign',
        payload: { assignee: 'sup' },
      },
      'POST /v1/supervision/cases/:id/comments': {
        url: '/v1/supervision/cases/case-none/comments',
        payload: { text: 'matrix' },
      },
      'POST /v1/supervision/cases/:id/attachments': {
        url: '/v1/supervision/cases/case-none/attachments',
        payload: { name: 'a.txt', media_type: 'text/plain', content: 'aGk=' },
      },
      'POST /v1/supervision/cases/:id/escalate': {
        url: '/v1/supervision/cases/case-none/escalate',
        payload: { reason: 'matrix' },
      },
      'POST /v1/supervision/cases/:id/close': {
        url: '/v1/supervision/cases/case-none/close',
        payload: { disposition: 'false_positive', comment: 'matrix' },
      },
      'POST /v1/supervision/cases/:id/reopen': {
        url: '/v1/supervision/cases/case-none/reopen',
        payload: { reason: 'matrix' },
      },
      'GET /v1/supervision/cases/:id/attachments/:attachment': {
        url: '/v1/supervision/cases/case-none/attachments/att-none',
      },
      'GET /v1/supervision/cases/:id/report': { url: '/v1/supervision/cases/case-none/report' },
      'GET /v1/supervision/reports/large-value': {
        url: '/v1/supervision/reports/large-value?date=2026-01-01',
      },
      'GET /v1/supervision/reports/schema': { url: '/v1/supervision/reports/schema' },
      'GET /v1/supervision/rules': { url: '/v1/supervision/rules' },
      'GET /v1/supervision/rules/:rule_set': { url: '/v1/supervision/rules/tongbao-default' },
      'GET /v1/supervision/summary': { url: '/v1/supervision/summary' },
      'GET /v1/supervision/screening/hits': { url: '/v1/supervision/screening/hits' },
      'GET /v1/supervision/screening/hits/:id': { url: '/v1/supervision/screening/hits/sh_none' },
      'POST /v1/supervision/screening/hits/:id/review': {
        url: '/v1/supervision/screening/hits/sh_none/review',
        payload: { decision: 'release', note: 'matrix' },
      },
    };
    const r = table[`${method} ${route}`];
    if (r !== undefined) return r;
    // Routes of other modules (supervision): node-wide permissions, so any well-formed call will do.
    if (!route.startsWith('/v1/supervision/'))
      throw new Error(`no matrix request for ${method} ${route}: add one`);
    return {
      url: route.replace(/:[a-z_]+/g, 'x'),
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    };
  }

  test('every /v1 route declares a permission from the policy table, and every permission is used', () => {
    const routes = f.app.routePermissions.filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD');
    expect(routes.length).toBeGreaterThan(35);
    for (const r of routes)
      expect(r.permission === 'public' || isPermission(r.permission), `${r.method} ${r.url}`).toBe(true);
    const used = new Set(routes.map((r) => r.permission));
    for (const p of Object.keys(POLICY))
      if (!p.startsWith('supervision.'))
        expect(used.has(p as never), `permission ${p} has no route`).toBe(true);
  });

  test('every route x every role: allowed or refused with 403, as the table says', async () => {
    const routes = f.app.routePermissions.filter((r) => r.url.startsWith('/v1/') && r.method !== 'HEAD');
    const seen: string[] = [];
    for (const route of routes) {
      for (const role of ROLES) {
        const { url, payload } = requestFor(role, route.method, route.url);
        const r = await f.call(f.keys[role], route.method, url, payload);
        const label = `${role} ${route.method} ${route.url} -> ${r.status} ${String(r.body.code ?? '')}`;
        expect(r.status, label).not.toBe(500);
        expect(r.status, label).not.toBe(401);
        if (route.permission === 'public') continue;
        const allowed = scopeFor(route.permission as never, role) !== undefined;
        if (allowed) expect(r.status, label).not.toBe(403);
        else {
          expect([r.status, r.body.code], label).toEqual([403, 'forbidden']);
          expect(r.type, label).toContain('application/problem+json');
        }
        seen.push(`${allowed ? 'allow' : 'deny'} ${role} ${route.method} ${route.url}`);
      }
    }
    // The matrix covered every cell, and both answers occur for most routes.
    expect(seen.length).toBe(
      routes.length * ROLES.length - routes.filter((r) => r.permission === 'public').length * ROLES.length,
    );
    expect(seen.filter((s) => s.startsWith('deny')).length).toBeGreaterThan(150);
  });
});
