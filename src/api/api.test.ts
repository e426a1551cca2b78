import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bearer, createKey, openTestSecurity } from '../../test/support/security.ts';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { loadConfig } from '../config/index.ts';
import { Engine } from '../engine/index.ts';
import { formatWalletId } from '../ledger/index.ts';
import type { Security } from '../security/index.ts';
import type { Store } from '../store/index.ts';
import { buildApp } from './app.ts';

type Json = Record<string, unknown> & { id?: string };

describe.each(STORE_KINDS)('HTTP API on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let engine: Engine;
  let app: FastifyInstance;
  let security: Security;
  let alice = '';
  let bob = '';
  let shop = '';
  let carol = '';
  let ed = '';
  const keys = { central_bank: '', icbc: '', boc: '' };

  /**
   * Every call is authenticated as the principal the route is for: the central bank for its routes,
   * otherwise the operator of the wallet (or payer) the request names, by the id's operator digits.
   * The authorisation matrix itself is tested in auth.test.ts.
   */
  function keyFor(method: string, url: string, payload: unknown): string {
    const body = (typeof payload === 'object' && payload !== null ? payload : {}) as Json & {
      transfers?: Json[];
    };
    if (/^\/v1\/(operators|issuances|redemptions|reconciliation)/.test(url)) return keys.central_bank;
    if (method === 'POST' && url === '/v1/wallets') return body.operator_id === 'boc' ? keys.boc : keys.icbc;
    const wallet =
      /^\/v1\/wallets\/([0-9]+)/.exec(url)?.[1] ??
      (body.wallet_id as string | undefined) ??
      (body.from as string | undefined) ??
      (body.transfers?.[0]?.from as string | undefined) ??
      '';
    if (wallet.startsWith('002')) return keys.boc;
    if (/^\/v1\/transfers\/([^/]+)/.test(url) && url !== '/v1/transfers/batch') {
      const id = /^\/v1\/transfers\/([^/]+)/.exec(url)![1]!;
      return id.startsWith('x-') ? keys.boc : keys.icbc;
    }
    return keys.icbc;
  }

  async function call(method: string, url: string, payload?: unknown, headers: Record<string, string> = {}) {
    const r = await app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: { ...bearer(keyFor(method, url, payload)), ...headers },
    });
    const body = r.body === '' ? {} : (r.json() as Json);
    return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body, headers: r.headers };
  }

  async function expectProblem(
    p: Promise<{ status: number; type: string; body: Json }>,
    status: number,
    code: string,
    field?: string,
  ) {
    const r = await p;
    expect(r.type).toContain('application/problem+json');
    expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    if (field !== undefined) expect(r.body.field).toBe(field);
    expect(typeof r.body.detail).toBe('string');
    expect(r.body.type).toBe(`https://tongbao.dev/problems/${code}`);
  }

  beforeAll(async () => {
    ts = await testStore(kind);
    store = await ts.open();
    engine = await Engine.open({ store, config: loadConfig() });
    security = await openTestSecurity(engine, ts.dir, ts.url);
    app = await buildApp({ engine, security });
    keys.central_bank = await createKey(security, { role: 'central_bank' });
    await call('POST', '/v1/operators', { id: 'icbc', name: 'ICBC' });
    await call('POST', '/v1/operators', {
      id: 'boc',
      name: 'BOC',
      issuance_quota: '1000000.00',
      reserve: '2000000.00',
    });
    keys.icbc = await createKey(security, { role: 'operator', operator_id: 'icbc' });
    keys.boc = await createKey(security, { role: 'operator', operator_id: 'boc' });
    await call('POST', '/v1/issuances', { id: 'iss-1', operator_id: 'icbc', amount: '5000000.00' });
    await call('POST', '/v1/issuances', { id: 'iss-2', operator_id: 'boc', amount: '1000000.00' });
    alice = (
      await call('POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 4,
        holder: { phone: '13800000000' },
      })
    ).body.id!;
    bob = (await call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'personal', category: 2 })).body
      .id!;
    carol = (await call('POST', '/v1/wallets', { operator_id: 'boc', kind: 'personal', category: 2 })).body
      .id!;
    shop = (await call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'merchant' })).body.id!;
    ed = (await call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'personal', category: 2 })).body.id!;
    await call('POST', '/v1/exchanges', { id: 'ex-a', wallet_id: alice, direction: 'in', amount: '3000.00' });
    await call('POST', '/v1/exchanges', { id: 'ex-b', wallet_id: bob, direction: 'in', amount: '100000.00' });
  });

  afterAll(async () => {
    await app?.close();
    await engine?.stop();
    await security?.close();
    await store?.close();
    await ts?.cleanup();
  });

  test('operators: register, read, refuse duplicates and unknowns', async () => {
    const r = await call('GET', '/v1/operators/boc');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: 'boc', name: 'BOC', issuance_quota: '1000000.00' });
    expect((r.body.currencies as Json[])[0]).toMatchObject({
      currency: 'CNY',
      reserve: '1000000.00',
      vault: '1000000.00',
      issued: '1000000.00',
      balanced: true,
    });
    expect(
      (
        await call('POST', '/v1/operators', {
          id: 'boc',
          name: 'BOC',
          issuance_quota: '1000000.00',
          reserve: '2000000.00',
        })
      ).status,
    ).toBe(200);
    await expectProblem(
      call('POST', '/v1/operators', { id: 'boc', name: 'Other' }),
      409,
      'operator_exists',
      'id',
    );
    await expectProblem(call('GET', '/v1/operators/nope'), 404, 'operator_not_found');
    await expectProblem(
      call('POST', '/v1/operators', { id: 'Bad Id', name: 'x' }),
      400,
      'validation_failed',
      'id',
    );
    await expectProblem(
      call('POST', '/v1/issuances', { id: 'iss-3', operator_id: 'boc', amount: '0.01' }),
      422,
      'issuance_quota_exceeded',
      'amount',
    );
    await expectProblem(
      call('POST', '/v1/redemptions', { id: 'red-1', operator_id: 'boc', amount: '1000000.01' }),
      422,
      'vault_insufficient',
    );
    const list = await call('GET', '/v1/operators');
    expect((list.body.items as Json[]).map((o) => o.id)).toEqual(['icbc', 'boc']);
  });

  test('wallets: open, read limits and usage, change category, refuse bad input', async () => {
    const w = await call('GET', `/v1/wallets/${alice}`);
    expect(w.body).toMatchObject({
      id: alice,
      kind: 'personal',
      category: 4,
      status: 'active',
      balance: '3000.00',
      limits: {
        balance_cap: '10000.00',
        single_payment: '2000.00',
        daily_total: '5000.00',
        annual_total: '50000.00',
      },
      used: { today: '0.00', this_year: '0.00' },
      remaining: { today: '5000.00', this_year: '50000.00', balance_room: '7000.00' },
    });
    expect(JSON.stringify(w.body)).not.toContain('13800000000');
    await expectProblem(
      call('PATCH', `/v1/wallets/${bob}`, { category: 4 }),
      422,
      'category_balance_exceeds_cap',
      'category',
    );
    await expectProblem(
      call('PATCH', `/v1/wallets/${shop}`, { category: 2 }),
      422,
      'category_invalid',
      'category',
    );
    await expectProblem(
      call('PATCH', `/v1/wallets/${alice}`, { category: 7 }),
      400,
      'validation_failed',
      'category',
    );
    await expectProblem(
      call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'personal' }),
      422,
      'category_invalid',
      'category',
    );
    await expectProblem(
      call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'merchant', category: 2 }),
      422,
      'category_invalid',
    );
    // An operator key opens wallets for its own operator only: another (or none) is refused unread.
    await expectProblem(
      call('POST', '/v1/wallets', { operator_id: 'zz', kind: 'merchant' }),
      403,
      'forbidden',
      'operator_id',
    );
    await expectProblem(
      call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'robot' }),
      400,
      'validation_failed',
      'kind',
    );
    await expectProblem(
      call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'merchant', currency: 'USD' }),
      422,
      'currency_unknown',
      'currency',
    );
    await expectProblem(call('GET', '/v1/wallets/0010000000000001'), 422, 'wallet_id_invalid');
    await expectProblem(call('GET', `/v1/wallets/${formatWalletId(1, 9999)}`), 404, 'wallet_not_found');
    const upgraded = await call('PATCH', `/v1/wallets/${alice}`, { category: 3 });
    expect(upgraded.body).toMatchObject({ category: 3, limits: { balance_cap: '20000.00' } });
    await call('PATCH', `/v1/wallets/${alice}`, { category: 4 });
  });

  test('transfers: pay, repeat, conflict and every refusal with its code', async () => {
    const first = await call('POST', '/v1/transfers', {
      id: 'pay-1',
      from: alice,
      to: shop,
      amount: '12.34',
      memo: '早餐',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      id: 'pay-1',
      from: alice,
      to: shop,
      amount: '12.34',
      currency: 'CNY',
      status: 'posted',
      memo: '早餐',
      cross_operator: false,
    });
    const again = await call('POST', '/v1/transfers', {
      id: 'pay-1',
      from: alice,
      to: shop,
      amount: '12.34',
      memo: '早餐',
    });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await expectProblem(
      call('POST', '/v1/transfers', { id: 'pay-1', from: alice, to: shop, amount: '12.35', memo: '早餐' }),
      409,
      'id_conflict',
      'id',
    );
    const refusals: Array<[Json, number, string, string?]> = [
      [{ id: 'r1', from: alice, to: shop, amount: '0' }, 422, 'amount_zero', 'amount'],
      [{ id: 'r2', from: alice, to: shop, amount: '-1.00' }, 422, 'amount_negative', 'amount'],
      [{ id: 'r3', from: alice, to: shop, amount: '1.001' }, 422, 'amount_precision', 'amount'],
      [{ id: 'r4', from: alice, to: shop, amount: '99999999999999999' }, 422, 'amount_overflow', 'amount'],
      [{ id: 'r5', from: alice, to: shop, amount: '1e3' }, 422, 'amount_invalid', 'amount'],
      [{ id: 'r6', from: alice, to: shop, amount: 5 }, 400, 'validation_failed', 'amount'],
      [{ id: 'r7', from: alice, to: shop, amount: '2000.01' }, 422, 'single_limit_exceeded', 'amount'],
      [{ id: 'r8', from: alice, to: alice, amount: '1' }, 422, 'same_account', 'to'],
      [{ id: 'r9', from: alice, to: '0010000000000001', amount: '1' }, 422, 'wallet_id_invalid', 'to'],
      [
        { id: 'r10', from: alice, to: shop, amount: '1', currency: 'USD' },
        422,
        'currency_unknown',
        'currency',
      ],
      [{ id: 'r11', from: carol, to: shop, amount: '1' }, 422, 'insufficient_funds', 'from'],
      [{ id: 'r12', from: bob, to: alice, amount: '7012.35' }, 422, 'balance_cap_exceeded', 'to'],
      [{ id: 'r13', from: alice, to: shop, amount: '1', timeout_s: 5 }, 422, 'timeout_invalid', 'timeout_s'],
      [{ id: 'bad id!', from: alice, to: shop, amount: '1' }, 400, 'validation_failed', 'id'],
      [{ id: 'r14', from: alice, amount: '1' }, 400, 'validation_failed', 'to'],
      [{ id: 'r15', from: alice, to: shop, amount: '1', ammount: '1' }, 400, 'validation_failed', 'ammount'],
      [
        { id: 'r16', from: alice, to: shop, amount: '1', memo: 'x'.repeat(141) },
        400,
        'validation_failed',
        'memo',
      ],
    ];
    const before = (await call('GET', '/v1/reconciliation')).body;
    for (const [body, status, code, field] of refusals) {
      const r = await call('POST', '/v1/transfers', body);
      expect([r.status, r.body.code, r.body.field], JSON.stringify(body)).toEqual([status, code, field]);
      expect(r.type).toContain('application/problem+json');
    }
    expect((await call('GET', '/v1/reconciliation')).body).toEqual(before);
  });

  test('the daily limit refusal says the limit and what is left', async () => {
    expect(
      (await call('POST', '/v1/transfers', { id: 'd-1', from: alice, to: shop, amount: '2000.00' })).status,
    ).toBe(201);
    await call('POST', '/v1/exchanges', {
      id: 'ex-a2',
      wallet_id: alice,
      direction: 'in',
      amount: '4000.00',
    });
    expect(
      (await call('POST', '/v1/transfers', { id: 'd-2', from: alice, to: shop, amount: '2000.00' })).status,
    ).toBe(201);
    const refused = await call('POST', '/v1/transfers', {
      id: 'd-3',
      from: alice,
      to: shop,
      amount: '1500.00',
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'daily_limit_exceeded',
      limit: '5000.00',
      remaining: '987.66',
    });
    const w = await call('GET', `/v1/wallets/${alice}`);
    expect(w.body).toMatchObject({ used: { today: '4012.34' }, remaining: { today: '987.66' } });
  });

  test('cross-operator payments keep every operator balanced', async () => {
    const r = await call('POST', '/v1/transfers', { id: 'x-1', from: bob, to: carol, amount: '250.00' });
    expect(r.body).toMatchObject({ cross_operator: true, status: 'posted' });
    const books = (await call('GET', '/v1/reconciliation')).body;
    expect(books.balanced).toBe(true);
    expect((books.operators as Json[]).every((o) => o.balanced === true)).toBe(true);
  });

  test('two-phase: hold, partial post, void refused after post, expiry', async () => {
    const held = await call('POST', '/v1/transfers', {
      id: 'hold-1',
      from: bob,
      to: shop,
      amount: '100.00',
      pending: true,
      timeout_s: 3600,
    });
    expect(held.body).toMatchObject({ status: 'pending', pending: true, timeout_s: 3600 });
    expect((await call('GET', `/v1/wallets/${bob}`)).body).toMatchObject({ pending_out: '100.00' });
    await expectProblem(
      call('POST', '/v1/transfers/hold-1/post', { amount: '100.01' }),
      422,
      'post_amount_exceeds_pending',
      'amount',
    );
    const posted = await call('POST', '/v1/transfers/hold-1/post', { amount: '60.00' });
    expect(posted.body).toMatchObject({ status: 'posted', posted_amount: '60.00' });
    expect((await call('POST', '/v1/transfers/hold-1/post', {})).status).toBe(200);
    await expectProblem(call('POST', '/v1/transfers/hold-1/void'), 409, 'pending_already_posted');
    await expectProblem(call('POST', '/v1/transfers/nope/void'), 404, 'transfer_not_found');
    await expectProblem(call('POST', '/v1/transfers/pay-1/void'), 409, 'transfer_not_pending');
    expect((await call('GET', '/v1/transfers/hold-1')).body).toMatchObject({
      status: 'posted',
      posted_amount: '60.00',
    });
    await expectProblem(call('GET', '/v1/transfers/never-sent'), 404, 'transfer_not_found');
  });

  test('batches: independent results, linked all-or-nothing, size limits', async () => {
    const r = await call('POST', '/v1/transfers/batch', {
      transfers: [
        { id: 'b-1', from: bob, to: shop, amount: '1.00' },
        { id: 'b-2', from: bob, to: shop, amount: '0.00' },
        { id: 'b-3', from: ed, to: shop, amount: '49999.00' },
        { id: 'b-1', from: bob, to: shop, amount: '1.00' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.results).toEqual([
      { index: 0, id: 'b-1', status: 'posted' },
      { index: 1, id: 'b-2', code: 'amount_zero', detail: expect.any(String), field: 'transfers/1/amount' },
      { index: 2, id: 'b-3', code: 'insufficient_funds', detail: expect.any(String), field: 'from' },
      { index: 3, id: 'b-1', status: 'posted', replayed: true },
    ]);
    const before = (await call('GET', '/v1/reconciliation')).body;
    const linked = await call('POST', '/v1/transfers/batch', {
      linked: true,
      transfers: [
        { id: 'l-1', from: bob, to: shop, amount: '1.00' },
        { id: 'l-2', from: ed, to: shop, amount: '49999.00' },
      ],
    });
    expect((linked.body.results as Json[]).map((x) => x.code)).toEqual([
      'linked_event_failed',
      'insufficient_funds',
    ]);
    const linkedBad = await call('POST', '/v1/transfers/batch', {
      linked: true,
      transfers: [
        { id: 'l-3', from: bob, to: shop, amount: '1.00' },
        { id: 'l-4', from: bob, to: shop, amount: '1.001' },
      ],
    });
    expect((linkedBad.body.results as Json[]).map((x) => x.code)).toEqual([
      'linked_event_failed',
      'amount_precision',
    ]);
    expect((await call('GET', '/v1/reconciliation')).body).toEqual(before);
    const tooMany = Array.from({ length: 8191 }, (_, i) => ({
      id: `big-${i}`,
      from: bob,
      to: shop,
      amount: '0.01',
    }));
    await expectProblem(
      call('POST', '/v1/transfers/batch', { transfers: tooMany }),
      413,
      'batch_too_large',
      'transfers',
    );
    await expectProblem(
      call('POST', '/v1/transfers/batch', { transfers: [] }),
      400,
      'validation_failed',
      'transfers',
    );
  });

  test('history pages newest first through a cursor', async () => {
    const page1 = await call('GET', `/v1/wallets/${bob}/transfers?limit=2`);
    expect((page1.body.items as Json[]).length).toBe(2);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Json } = await call(
        'GET',
        `/v1/wallets/${bob}/transfers?limit=3${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      for (const item of page.body.items as Json[]) all.push(item.id as string);
      cursor = page.body.next_cursor as string | null;
    } while (cursor !== null);
    expect(all[all.length - 1]).toBe('ex-b');
    expect(new Set(all).size).toBe(all.length);
    const seqs = (await call('GET', `/v1/wallets/${bob}/transfers?limit=200`)).body.items as Json[];
    expect(seqs.map((x) => x.seq)).toEqual([...seqs.map((x) => x.seq as number)].sort((a, b) => b - a));
    await expectProblem(
      call('GET', `/v1/wallets/${bob}/transfers?limit=0`),
      400,
      'page_limit_invalid',
      'limit',
    );
    await expectProblem(
      call('GET', `/v1/wallets/${bob}/transfers?limit=500`),
      400,
      'page_limit_invalid',
      'limit',
    );
    await expectProblem(call('GET', `/v1/wallets/${bob}/transfers?cursor=abc`), 400, 'validation_failed');
    await expectProblem(call('GET', `/v1/wallets/${bob}/transfers?page=2`), 400, 'validation_failed', 'page');
  });

  test('freeze, unfreeze and close with their own codes', async () => {
    const w = (await call('POST', '/v1/wallets', { operator_id: 'icbc', kind: 'personal', category: 3 })).body
      .id!;
    await call('POST', '/v1/exchanges', { id: 'ex-f', wallet_id: w, direction: 'in', amount: '10.00' });
    expect(
      (
        await call('POST', `/v1/wallets/${w}/freeze`, {
          mode: 'out',
          reason: '法院冻结',
          reference: '(2026)京01执123号',
        })
      ).body.status,
    ).toBe('frozen_out');
    await expectProblem(
      call('POST', '/v1/transfers', { id: 'fz-1', from: w, to: shop, amount: '1.00' }),
      422,
      'wallet_frozen',
      'from',
    );
    await expectProblem(call('POST', `/v1/wallets/${w}/close`), 422, 'wallet_frozen');
    expect((await call('POST', `/v1/wallets/${w}/unfreeze`, { reason: 'lifted' })).body.status).toBe(
      'active',
    );
    await expectProblem(
      call('POST', `/v1/wallets/${w}/unfreeze`, { reason: 'again' }),
      409,
      'wallet_not_frozen',
    );
    await expectProblem(call('POST', `/v1/wallets/${w}/close`), 422, 'wallet_not_empty');
    await call('POST', '/v1/exchanges', { id: 'ex-f2', wallet_id: w, direction: 'out', amount: '10.00' });
    expect((await call('POST', `/v1/wallets/${w}/close`)).body.status).toBe('closed');
    await expectProblem(call('POST', `/v1/wallets/${w}/close`), 409, 'wallet_already_closed');
    await expectProblem(
      call('POST', '/v1/transfers', { id: 'fz-2', from: bob, to: w, amount: '1.00' }),
      422,
      'wallet_closed',
      'to',
    );
  });
});
