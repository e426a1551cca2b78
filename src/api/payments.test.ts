import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../test/support/api-fixture.ts';
import { STORE_KINDS, testStore } from '../../test/support/stores.ts';
import { bytesToHex, generateSm2KeyPair, type Sm2KeyPair } from '../crypto/index.ts';
import { signStatement, signVoucher } from '../payments/voucher.ts';

/** The payments routes end to end, through authentication, the engine and the store. */
describe.each(STORE_KINDS)('payments API on %s', (kind) => {
  let f: ApiFixture;
  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind));
  });
  afterAll(async () => f?.close());

  async function device(key: string, wallet: string, pair: Sm2KeyPair): Promise<string> {
    const r = await f.call(key, 'POST', '/v1/devices', {
      wallet_id: wallet,
      public_key: bytesToHex(pair.publicKey.toBytes()),
      cap_amount: '500.00',
      cap_payments: 5,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.id as string;
  }

  test('hard wallets: load with a signed statement, pay offline, settle once, catch a reused counter', async () => {
    const { keys, wallets, call } = f;
    const a = generateSm2KeyPair();
    const b = generateSm2KeyPair();
    const payer = await device(keys.holder, wallets.alice, a);
    const payee = await device(keys.merchant, wallets.shop, b);
    const sig = signStatement(a.privateKey, {
      device: payer,
      purpose: 'load',
      counter: 0,
      amount: 300_00,
      request_id: 'load-1',
    });
    const bad = await call(keys.holder, 'POST', `/v1/devices/${payer}/load`, {
      id: 'load-1',
      amount: '300.00',
      counter: 0,
      signature: signStatement(b.privateKey, {
        device: payer,
        purpose: 'load',
        counter: 0,
        amount: 300_00,
        request_id: 'load-1',
      }),
    });
    expect(bad.body.code).toBe('device_statement_invalid');
    const loaded = await call(keys.holder, 'POST', `/v1/devices/${payer}/load`, {
      id: 'load-1',
      amount: '300.00',
      counter: 0,
      signature: sig,
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body.offline_balance).toBe('300.00');
    const v1 = signVoucher(a.privateKey, {
      payer_device: payer,
      payee_device: payee,
      amount: 120_00,
      counter: 1,
      balance_after: 180_00,
      currency: 'CNY',
    });
    const wire = (v: typeof v1) => ({
      payer_device: v.payer_device,
      payee_device: v.payee_device,
      amount: (v.amount / 100).toFixed(2),
      counter: v.counter,
      balance_after: (v.balance_after / 100).toFixed(2),
      signature: v.signature,
    });
    const up = await call(keys.merchant, 'POST', `/v1/devices/${payee}/vouchers`, { vouchers: [wire(v1)] });
    expect((up.body.results as Json[])[0]).toMatchObject({
      status: 'settled',
      paid: '120.00',
      replayed: false,
    });
    const again = await call(keys.holder, 'POST', `/v1/devices/${payer}/vouchers`, { vouchers: [wire(v1)] });
    expect((again.body.results as Json[])[0]).toMatchObject({ status: 'settled', replayed: true });
    // The same counter signed over for another amount: the payer device is blocked and supervisors alerted.
    const v2 = signVoucher(a.privateKey, { ...v1, amount: 200_00, balance_after: 100_00 });
    const cheat = await call(keys.merchant, 'POST', `/v1/devices/${payee}/vouchers`, {
      vouchers: [wire(v2)],
    });
    expect((cheat.body.results as Json[])[0]).toMatchObject({
      status: 'partially_settled',
      paid: '180.00',
      frauds: ['counter_reused', 'overspent'],
    });
    const view = await call(keys.supervisor, 'GET', `/v1/devices/${payer}`);
    expect(view.body).toMatchObject({ status: 'blocked', shortfall: '20.00', offline_balance: '0.00' });
    const alerts = await call(keys.supervisor, 'GET', '/v1/supervision/alerts?limit=50');
    expect(JSON.stringify(alerts.body)).toContain('offline_fraud');
    // A forged voucher blocks the device that uploaded it.
    const forged = { ...wire(v1), counter: 2, signature: wire(v1).signature };
    const f2 = await call(keys.merchant, 'POST', `/v1/devices/${payee}/vouchers`, { vouchers: [forged] });
    expect((f2.body.results as Json[])[0]).toMatchObject({ code: 'voucher_forged' });
    expect((await call(keys.merchant, 'GET', `/v1/devices/${payee}`)).body.status).toBe('blocked');
    const books = await call(keys.central_bank, 'GET', '/v1/reconciliation');
    expect(books.body.balanced).toBe(true);
  });

  test('escrow, grants and schedules through the API, audited and visible per wallet', async () => {
    const { keys, wallets, call } = f;
    const deadline = new Date(Date.now() + 5 * 86_400_000).toISOString();
    const created = await call(keys.holder, 'POST', '/v1/conditions', {
      id: 'esc-api',
      kind: 'escrow',
      from: wallets.alice,
      to: wallets.shop,
      amount: '50.00',
      deadline,
      release: { approved_by: wallets.shop },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'open',
      held: '50.00',
      release: { approved_by: wallets.shop },
    });
    const badRule = await call(keys.holder, 'POST', '/v1/conditions', {
      id: 'esc-bad',
      kind: 'escrow',
      from: wallets.alice,
      to: wallets.shop,
      amount: '1.00',
      deadline,
      release: { after: '2000-01-01T00:00:00Z' },
    });
    expect([badRule.status, badRule.body.code, badRule.body.field]).toEqual([
      422,
      'condition_rule_invalid',
      'release/after',
    ]);
    const approved = await call(keys.merchant, 'POST', '/v1/conditions/esc-api/approve', {
      id: 'esc-api-ok',
      by: wallets.shop,
    });
    expect(approved.body).toMatchObject({ status: 'released', released: '50.00' });
    const listed = await call(keys.holder, 'GET', `/v1/wallets/${wallets.alice}/conditions`);
    expect((listed.body.conditions as Json[]).map((c) => c.id)).toContain('esc-api');
    const sched = await call(keys.holder, 'POST', '/v1/schedules', {
      id: 'rent-api',
      from: wallets.alice,
      to: wallets.shop,
      amount: '1.00',
      first_at: deadline,
      every: { unit: 'month', n: 1 },
      count: 3,
    });
    expect(sched.status).toBe(201);
    expect(sched.body).toMatchObject({ status: 'active', runs: 0, every: { unit: 'month', n: 1 } });
    expect((await call(keys.holder, 'POST', '/v1/schedules/rent-api/cancel')).body.status).toBe('cancelled');
    const entries = await call(keys.auditor, 'GET', '/v1/audit/entries?limit=200');
    expect(JSON.stringify(entries.body)).toContain('condition.approve');
  });

  test('QR codes: a merchant code, parsed with the registered profile, paid; a sub-wallet family', async () => {
    const { keys, wallets, call } = f;
    const profile = await call(keys.merchant, 'PUT', `/v1/merchants/${wallets.shop}/profile`, {
      name: 'LAO ZHANG NOODLES',
      name_zh: '老张面馆',
      city: 'BEIJING',
      city_zh: '北京',
      mcc: '5812',
      region: '110105',
    });
    expect(profile.status, JSON.stringify(profile.body)).toBe(200);
    const code = await call(keys.merchant, 'POST', `/v1/wallets/${wallets.shop}/qr`, {
      amount: '23.72',
      bill_number: 'T-0007',
    });
    expect(code.body).toMatchObject({ kind: 'merchant', dynamic: true });
    const parsed = await call(keys.holder, 'POST', '/v1/qr/parse', { payload: code.body.payload });
    expect(parsed.body).toMatchObject({
      wallet_id: wallets.shop,
      amount: '23.72',
      merchant_name_local: '老张面馆',
      registered: { name: 'LAO ZHANG NOODLES', mcc: '5812' },
    });
    const paid = await call(keys.holder, 'POST', '/v1/qr/pay', {
      id: 'qr-pay-1',
      from: wallets.alice,
      payload: code.body.payload,
    });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body).toMatchObject({ amount: '23.72', to: wallets.shop, memo: 'T-0007' });
    const wrong = await call(keys.holder, 'POST', '/v1/qr/pay', {
      id: 'qr-pay-2',
      from: wallets.alice,
      payload: code.body.payload,
      amount: '1.00',
    });
    expect(wrong.body.code).toBe('qr_invalid');
    const damaged = await call(keys.holder, 'POST', '/v1/qr/parse', {
      payload: `${(code.body.payload as string).slice(0, -1)}0`,
    });
    expect(damaged.body.code).toBe('qr_invalid');
    const sub = await call(keys.holder, 'POST', `/v1/wallets/${wallets.alice}/sub-wallets`, {
      label: 'kid',
      limits: { single_payment: '10.00' },
    });
    expect(sub.status, JSON.stringify(sub.body)).toBe(201);
    const family = await call(keys.holder, 'GET', `/v1/wallets/${wallets.alice}/family`);
    expect((family.body.members as Json[]).map((m) => m.role)).toEqual(['parent', 'sub_wallet']);
    const doc = await call(null, 'GET', '/openapi.json');
    for (const path of [
      '/v1/devices/{id}/vouchers',
      '/v1/conditions',
      '/v1/schedules',
      '/v1/qr/pay',
      '/v1/wallets/{id}/sub-wallets',
    ])
      expect(Object.keys(doc.body.paths as Json), path).toContain(path);
  });
});
