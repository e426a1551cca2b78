import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../../test/support/api-fixture.ts';
import { STORE_KINDS, testStore } from '../../../test/support/stores.ts';
import { CONSOLE_DIR } from './console.ts';

type WalletRow = { id: string; kind: string; category: number | null; status: string };
const ids = (body: Json) => (body.items as WalletRow[]).map((w) => w.id);

describe.each(STORE_KINDS)('console routes on %s', (kind) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind));
  });
  afterAll(async () => f?.close());

  test('the console is served at its pages, with its assets; unknown routes stay 404 problems', async () => {
    for (const page of [
      '/',
      '/sign-in',
      '/dashboard',
      '/cases/case-1',
      '/alerts/al-1',
      '/wallet/pay',
      '/operator',
    ]) {
      const r = await f.app.inject({ method: 'GET', url: page });
      expect([page, r.statusCode, r.headers['content-type']]).toEqual([
        page,
        200,
        'text/html; charset=utf-8',
      ]);
      expect(r.body).toContain('<div id="root"></div>');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['x-frame-options']).toBe('DENY');
    }
    const script = readdirSync(`${CONSOLE_DIR}assets`).find((n) => /^index-.*\.js$/.test(n))!;
    const asset = await f.app.inject({
      method: 'GET',
      url: `/assets/${script}`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect([asset.statusCode, asset.headers['content-encoding'], asset.headers['cache-control']]).toEqual([
      200,
      'gzip',
      'public, max-age=31536000, immutable',
    ]);
    for (const [url, key] of [
      ['/v1/nope', f.keys.auditor],
      ['/nope', null],
      ['/assets/nope.js', null],
      ['/dashboard/x/y', null],
    ] as const) {
      const r = await f.call(key, 'GET', url);
      expect([url, r.status, r.body.code]).toEqual([url, 404, 'route_not_found']);
      expect(r.type).toContain('application/problem+json');
    }
  });

  test('GET /v1/wallets: an operator finds its own wallets by the start of their id, kind, category, status', async () => {
    const { alice, shop, frosty, carol, dave } = f.wallets;
    const op = f.keys.operator;
    expect(ids(await f.call(op, 'GET', '/v1/wallets').then((r) => r.body))).toEqual([alice, shop, frosty]);
    expect(ids((await f.call(op, 'GET', '/v1/wallets?kind=merchant')).body)).toEqual([shop]);
    expect(ids((await f.call(op, 'GET', '/v1/wallets?category=3')).body)).toEqual([frosty]);
    expect(ids((await f.call(op, 'GET', `/v1/wallets?q=${alice.slice(0, 15)}`)).body)).toEqual([alice]);
    expect(ids((await f.call(op, 'GET', `/v1/wallets?q=${shop}`)).body)).toEqual([shop]);
    expect(ids((await f.call(op, 'GET', `/v1/wallets?q=${alice.slice(0, 13)}`)).body)).toEqual([
      alice,
      shop,
      frosty,
    ]);
    expect(ids((await f.call(op, 'GET', '/v1/wallets?status=closed')).body)).toEqual([]);
    const first = (await f.call(op, 'GET', '/v1/wallets?limit=2')).body;
    expect(ids(first)).toEqual([alice, shop]);
    const second = (await f.call(op, 'GET', `/v1/wallets?limit=2&cursor=${first.next_cursor as string}`))
      .body;
    expect([ids(second), second.next_cursor]).toEqual([[frosty], null]);
    expect((await f.call(op, 'GET', '/v1/wallets?operator_id=boc')).status).toBe(403);
    expect(ids((await f.call(f.keys.operator2, 'GET', '/v1/wallets')).body)).toEqual([carol, dave]);
    // A holder sees the wallets its key names; supervisors see all, and the read is logged.
    expect(ids((await f.call(f.keys.holder, 'GET', '/v1/wallets')).body)).toEqual([alice]);
    expect(
      ids((await f.call(f.keys.supervisor, 'GET', '/v1/wallets?kind=personal&operator_id=boc')).body),
    ).toEqual([carol, dave]);
    const audit = (await f.call(f.keys.auditor, 'GET', '/v1/audit/entries?limit=500')).body;
    expect((audit.items as { action: string }[]).some((e) => e.action === 'wallet.list')).toBe(true);
    expect((await f.call(f.keys.central_bank, 'GET', '/v1/wallets')).status).toBe(403);
    const bad = `${alice.slice(0, 15)}${(Number(alice[15]) + 1) % 10}`;
    expect((await f.call(op, 'GET', `/v1/wallets?q=${bad}`)).body.code).toBe('wallet_id_invalid');
    expect((await f.call(op, 'GET', '/v1/wallets?limit=0')).body.code).toBe('page_limit_invalid');
    expect((await f.call(op, 'GET', '/v1/wallets?operator_id=nobody')).body.code).toBe('operator_not_found');
    expect((await f.call(op, 'GET', '/v1/wallets?colour=red')).body.code).toBe('validation_failed');
  });

  test('GET /v1/live/stats: the figures as JSON, alert counts only for supervision roles, or a stream', async () => {
    const aud = (await f.call(f.keys.auditor, 'GET', '/v1/live/stats')).body;
    expect(aud).toMatchObject({
      books: { balanced: true, currency: 'CNY' },
      supervision: { open_alerts: 0 },
    });
    expect((aud.books as { in_circulation: string }).in_circulation).toBe('20000.00');
    const cb = (await f.call(f.keys.central_bank, 'GET', '/v1/live/stats')).body;
    expect(cb.supervision).toBeNull();
    expect((await f.call(f.keys.holder, 'GET', '/v1/live/stats')).status).toBe(403);

    const address = await f.app.listen({ host: '127.0.0.1', port: 0 });
    const stream = await fetch(`${address}/v1/live/stats?max_events=2`, {
      headers: { authorization: `Bearer ${f.keys.supervisor}`, accept: 'text/event-stream' },
    });
    expect([stream.status, stream.headers.get('content-type')]).toEqual([
      200,
      'text/event-stream; charset=utf-8',
    ]);
    const text = await stream.text();
    expect(text.startsWith('retry: 1000\n\n')).toBe(true);
    const events = text.split('\n\n').filter((e) => e.startsWith('event: stats\ndata: '));
    expect(events).toHaveLength(2);
    const data = JSON.parse(events[1]!.slice('event: stats\ndata: '.length)) as Json;
    expect(data).toMatchObject({ books: { balanced: true }, supervision: { open_alerts: 0 } });
    const refused = await fetch(`${address}/v1/live/stats?max_events=0`, {
      headers: { authorization: `Bearer ${f.keys.supervisor}`, accept: 'text/event-stream' },
    });
    expect([refused.status, ((await refused.json()) as Json).code]).toEqual([400, 'validation_failed']);
  });
});
