import { describe, expect, test } from 'vitest';
import { EntryKind } from './journal.ts';
import type { PaymentValue } from './payment-commands.ts';
import { device, KEY_A, KEY_B, KEY_C, load, paymentOk, voucher } from './payments-testing.ts';
import { occurrence } from './schedules.ts';
import { LedgerHarness, transfer } from './testing.ts';
import { accountId, checkInvariants, reconcile } from './views.ts';

function world() {
  const h = new LedgerHarness();
  h.operator('a');
  h.operator('b');
  h.issue('a', 10_000_000_00);
  h.issue('b', 10_000_000_00);
  const alice = h.wallet('a', 'personal', 2);
  const bob = h.wallet('b', 'personal', 2);
  const shop = h.wallet('b', 'merchant');
  h.fund(alice, 100_000_00);
  h.fund(bob, 100_000_00);
  return { h, alice, bob, shop };
}

const deviceRow = (h: LedgerHarness) =>
  h.outputs.flatMap((o) => o.rows).filter((r) => r.kind === EntryKind.voucher);

describe('hard wallets and offline vouchers', () => {
  test('loading moves funds into the reserve and the books count it', () => {
    const { h, alice } = world();
    const d = device(h, alice, KEY_A);
    expect(load(h, d, 300_00)).toBe('ok');
    expect(h.balance(alice)).toBe(99_700_00);
    const books = reconcile(h.ledger.state);
    expect(books.balanced).toBe(true);
    expect(books.operators.find((o) => o.operator_id === 'a')!.offline).toBe(300_00);
    expect(load(h, d, 200_01)).toBe('offline_cap_exceeded');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('a voucher settles once whichever side uploads it, across operators', () => {
    const { h, alice, bob } = world();
    const payer = device(h, alice, KEY_A);
    const payee = device(h, bob, KEY_B);
    load(h, payer, 500_00);
    const v = voucher(payer, payee, 120_00, 1, 380_00, payer);
    const first = paymentOk(h, v) as Extract<PaymentValue, { payment: 'voucher' }>;
    expect(first).toMatchObject({ status: 'settled', paid: 120_00, replayed: false, frauds: [] });
    const again = paymentOk(h, { ...v, uploaded_by: payee }) as Extract<PaymentValue, { payment: 'voucher' }>;
    expect(again).toMatchObject({ status: 'settled', replayed: true, row_seq: first.row_seq });
    expect(deviceRow(h)).toHaveLength(1);
    expect(h.balance(bob)).toBe(100_120_00);
    expect(reconcile(h.ledger.state).balanced).toBe(true);
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('a reused counter blocks the payer; both honest payees are paid from the reserve while it lasts', () => {
    const { h, alice, bob, shop } = world();
    const payer = device(h, alice, KEY_A);
    const p1 = device(h, bob, KEY_B);
    const p2 = device(h, shop, KEY_C);
    load(h, payer, 300_00);
    paymentOk(h, voucher(payer, p1, 200_00, 1, 100_00));
    const cheat = paymentOk(h, voucher(payer, p2, 200_00, 1, 100_00)) as Extract<
      PaymentValue,
      { payment: 'voucher' }
    >;
    expect(cheat.frauds).toEqual(['counter_reused', 'overspent']);
    expect(cheat).toMatchObject({ status: 'partially_settled', paid: 100_00, shortfall: 100_00 });
    const d = h.ledger.state.payments.devices.get(`device/${payer}`)!;
    expect(d.status).toBe('blocked');
    expect(d.shortfall).toBe(100_00);
    // The cheat's re-upload is answered, not counted again; the blocked reserve cannot go back to the owner.
    const again = paymentOk(h, voucher(payer, p2, 200_00, 1, 100_00)) as Extract<
      PaymentValue,
      { payment: 'voucher' }
    >;
    expect(again).toMatchObject({ replayed: true, paid: 100_00 });
    expect(h.code({ type: 'device_unload', id: 'u1', device: payer, amount: 1, counter: 1 })).toBe(
      'device_blocked',
    );
    // A later honest voucher with nothing left is recorded as uncovered, once.
    const none = paymentOk(h, voucher(payer, p1, 10_00, 2, 90_00)) as Extract<
      PaymentValue,
      { payment: 'voucher' }
    >;
    expect(none).toMatchObject({ status: 'uncovered', paid: 0, frauds: ['overspent'] });
    expect(paymentOk(h, voucher(payer, p1, 10_00, 2, 90_00))).toMatchObject({
      status: 'uncovered',
      replayed: true,
    });
    expect(h.ledger.state.payments.devices.get(`device/${payer}`)!.shortfall).toBe(110_00);
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('vouchers beyond the cap count and forged uploads block the device', () => {
    const { h, alice, bob } = world();
    const payer = device(h, alice, KEY_A, 500_00, 2);
    const payee = device(h, bob, KEY_B);
    load(h, payer, 100_00, 0);
    const over = paymentOk(h, voucher(payer, payee, 10_00, 3, 90_00)) as Extract<
      PaymentValue,
      { payment: 'voucher' }
    >;
    expect(over.frauds).toEqual(['cap_exceeded']);
    expect(over.status).toBe('settled');
    paymentOk(h, {
      type: 'device_fraud',
      device: payee,
      kind: 'forged_signature',
      voucher: 'ov/x/1',
      detail: 'bad signature',
    });
    expect(h.ledger.state.payments.devices.get(`device/${payee}`)!.status).toBe('blocked');
    expect(h.code(voucher(payer, payee, 10_00, 1, 90_00, alice))).toBe('voucher_invalid');
  });

  test('a balance that goes up without a load is an overspend, even when the reserve covers it', () => {
    const { h, alice, bob } = world();
    const payer = device(h, alice, KEY_A);
    const payee = device(h, bob, KEY_B);
    load(h, payer, 300_00, 0);
    // Honest: 300, v1 -100 = 200, v2 -50 = 150, a load of 100 at counter 2 = 250, v3 -50 = 200, v4 -100 = 100;
    // vouchers reach the node in any order, but those signed after the load after it.
    load(h, payer, 100_00, 2);
    for (const [amount, counter, after] of [
      [100_00, 4, 100_00],
      [100_00, 1, 200_00],
      [50_00, 3, 200_00],
      [50_00, 2, 150_00],
    ] as const)
      expect(paymentOk(h, voucher(payer, payee, amount, counter, after))).toMatchObject({ frauds: [] });
    // A reset element: after spending down to 100 it pays as if it held 300 again.
    const reset = paymentOk(h, voucher(payer, payee, 10_00, 5, 290_00)) as Extract<
      PaymentValue,
      { payment: 'voucher' }
    >;
    expect(reset).toMatchObject({ status: 'settled', frauds: ['balance_inconsistent'] });
    expect(h.ledger.state.payments.devices.get(`device/${payer}`)!.status).toBe('blocked');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('a device counter behind settled vouchers is refused; retiring needs an empty reserve', () => {
    const { h, alice, bob } = world();
    const payer = device(h, alice, KEY_A);
    const payee = device(h, bob, KEY_B);
    load(h, payer, 100_00);
    paymentOk(h, voucher(payer, payee, 100_00, 3, 0));
    expect(h.code({ type: 'device_sync', device: payer, counter: 2 })).toBe('device_counter_stale');
    expect(h.code({ type: 'device_status', device: payee, status: 'retired', reason: 'lost' })).toBe('ok');
    expect(h.code({ type: 'close_wallet', wallet_id: alice })).toBe('wallet_not_empty');
    expect(h.code({ type: 'device_status', device: payer, status: 'retired', reason: 'done' })).toBe('ok');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });
});

describe('conditions', () => {
  const day = 86_400_000;
  const escrow = (h: LedgerHarness, from: string, to: string, release: unknown, id = 'esc-1') =>
    h.code({
      type: 'create_condition',
      id,
      kind: 'escrow',
      from,
      to,
      amount: 1000_00,
      currency: 'CNY',
      deadline: h.now + 10 * day,
      release: release as never,
      unit_amount: 0,
      mcc: [],
      regions: [],
      memo: null,
    });

  test('escrow is released when the payee confirms and the date has passed', () => {
    const { h, alice, bob } = world();
    expect(escrow(h, alice, bob, { all: [{ approved_by: bob }, { after: h.now + day }] })).toBe('ok');
    expect(h.balance(alice)).toBe(99_000_00);
    const act = (id: string, by: string) =>
      h.code({
        type: 'condition_action',
        id,
        condition: 'esc-1',
        action: 'approve',
        by,
        amount: null,
        to: null,
      });
    expect(act('ap-0', alice)).toBe('condition_not_party');
    expect(act('ap-1', bob)).toBe('ok');
    expect(h.balance(bob)).toBe(100_000_00);
    h.now += day;
    h.batch([]);
    expect(h.balance(bob)).toBe(101_000_00);
    expect(h.ledger.state.payments.conditions.get('condition/esc-1')!.status).toBe('released');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('escrow returns to the payer at its deadline, and rules are validated', () => {
    const { h, alice, bob } = world();
    expect(escrow(h, alice, bob, { approved_by: bob, after: 1 })).toBe('condition_rule_invalid');
    expect(escrow(h, alice, bob, { after: h.now + 20 * day })).toBe('condition_rule_invalid');
    expect(escrow(h, alice, bob, { any: [] })).toBe('condition_rule_invalid');
    expect(escrow(h, alice, bob, { approved_by: bob })).toBe('ok');
    expect(escrow(h, alice, bob, { approved_by: bob })).toBe('ok');
    expect(h.ledger.state.nextExpiryAt()).toBe(h.now + 10 * day);
    h.now += 10 * day;
    h.batch([]);
    expect(h.balance(alice)).toBe(100_000_00);
    expect(h.ledger.state.payments.conditions.get('condition/esc-1')!.status).toBe('expired');
    expect(h.ledger.state.nextExpiryAt()).toBe(0);
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('a grant is spent only at allowed merchants; the remainder returns to the issuer at expiry', () => {
    const { h, alice, bob, shop } = world();
    const agency = h.wallet('a', 'corporate');
    h.fund(agency, 5000_00);
    const bus = h.wallet('a', 'merchant');
    expect(
      h.code({
        type: 'merchant_profile',
        wallet_id: bus,
        name: 'CITY BUS',
        name_zh: '公交',
        city: 'BEIJING',
        city_zh: '北京',
        mcc: '4111',
        region: '110105',
      }),
    ).toBe('ok');
    expect(
      h.code({
        type: 'merchant_profile',
        wallet_id: shop,
        name: 'TV SHOP',
        name_zh: null,
        city: 'SHANGHAI',
        city_zh: null,
        mcc: '5732',
        region: '310101',
      }),
    ).toBe('ok');
    const grant = {
      type: 'create_condition',
      id: 'green-1',
      kind: 'grant',
      from: agency,
      to: alice,
      amount: 300_00,
      currency: 'CNY',
      deadline: h.now + 30 * day,
      release: null,
      unit_amount: 0,
      mcc: ['4111'],
      regions: ['11'],
      memo: 'green',
    } as const;
    expect(h.code(grant)).toBe('ok');
    const spend = (id: string, to: string, amount: number) =>
      h.code({ type: 'condition_action', id, condition: 'green-1', action: 'spend', by: alice, amount, to });
    expect(spend('s1', shop, 10_00)).toBe('condition_not_allowed');
    expect(spend('s2', bus, 50_00)).toBe('ok');
    expect(spend('s2', bus, 50_00)).toBe('ok');
    expect(
      h.code({
        type: 'condition_action',
        id: 's3',
        condition: 'green-1',
        action: 'spend',
        by: bob,
        amount: 1,
        to: bus,
      }),
    ).toBe('condition_not_party');
    expect(spend('s4', bus, 300_00)).toBe('condition_funds_insufficient');
    h.now += 30 * day;
    h.batch([]);
    expect(h.balance(agency)).toBe(4950_00);
    expect(h.balance(bus)).toBe(50_00);
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });

  test('prepaid funds are released per service and the rest returns on cancellation', () => {
    const { h, alice, shop } = world();
    expect(
      h.code({
        type: 'create_condition',
        id: 'gym',
        kind: 'prepaid',
        from: alice,
        to: shop,
        amount: 1200_00,
        currency: 'CNY',
        deadline: h.now + 300 * day,
        release: null,
        unit_amount: 100_00,
        mcc: [],
        regions: [],
        memo: null,
      }),
    ).toBe('ok');
    const act = (id: string, action: 'release' | 'cancel', by: string) =>
      h.code({ type: 'condition_action', id, condition: 'gym', action, by, amount: null, to: null });
    expect(act('r1', 'release', shop)).toBe('condition_not_party');
    expect(act('gym', 'release', alice)).toBe('id_conflict');
    expect(act('r2', 'release', alice)).toBe('ok');
    expect(act('r3', 'release', alice)).toBe('ok');
    expect(act('c1', 'cancel', shop)).toBe('ok');
    expect(h.balance(shop)).toBe(200_00);
    expect(h.balance(alice)).toBe(99_800_00);
    expect(act('r4', 'release', alice)).toBe('condition_closed');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });
});

describe('schedules', () => {
  test('monthly runs keep their day, clamped to short months', () => {
    const first = Date.UTC(2026, 0, 31, 1, 0, 0) - 8 * 3600_000;
    const s = { first_at: first, unit: 'month' as const, every: 1 };
    const local = (k: number) => new Date(occurrence(s, k, 480) + 8 * 3600_000).toISOString().slice(0, 10);
    expect([0, 1, 2, 3].map(local)).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
  });

  test('a recurring payment runs at its times and is suspended after three refusals', () => {
    const { h, alice, bob } = world();
    const day = 86_400_000;
    expect(
      h.code({
        type: 'create_schedule',
        id: 'rent',
        from: alice,
        to: bob,
        amount: 30_000_00,
        currency: 'CNY',
        first_at: h.now + day,
        unit: 'day',
        every: 1,
        count: 10,
        until: 0,
        memo: 'rent',
      }),
    ).toBe('ok');
    for (let i = 0; i < 6; i += 1) {
      h.now += day;
      h.batch([]);
    }
    const s = h.ledger.state.payments.schedules.get('schedule/rent')!;
    expect(s.paid).toBe(90_000_00);
    expect(s.status).toBe('suspended');
    expect(s.last_error).toBe('insufficient_funds');
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });
});

describe('sub-wallets', () => {
  test("the parent category's limits hold over the family; moves inside it count for nothing", () => {
    const h = new LedgerHarness();
    h.operator('a');
    h.issue('a', 10_000_000_00);
    const parent = h.wallet('a', 'personal', 4);
    const other = h.wallet('a', 'personal', 2);
    h.fund(parent, 6000_00);
    const open = (limits: Record<string, number | null>) =>
      h.one({
        type: 'open_wallet',
        operator_id: 'a',
        kind: 'personal',
        category: 4,
        currency: 'CNY',
        holder: null,
        sub_wallet: {
          parent,
          label: 'kid',
          limits: {
            balance_cap: null,
            single_payment: null,
            daily_total: null,
            annual_total: null,
            ...limits,
          },
        },
      });
    expect(open({ daily_total: 6000_00 }).ok ? 'ok' : 'refused').toBe('refused');
    const kidNum = (open({ single_payment: 500_00 }) as { ok: true; value: { num: number } }).value.num;
    const kidId = accountId(h.ledger.state, kidNum);
    expect(h.code(transfer('t1', parent, kidId, 3000_00))).toBe('ok');
    expect(h.ledger.state.usedToday(Number(parent.slice(3, 15)), h.now)).toBe(0);
    expect(h.code(transfer('t2', kidId, other, 600_00))).toBe('single_limit_exceeded');
    expect(h.code(transfer('t3', kidId, other, 500_00))).toBe('ok');
    expect(h.code(transfer('t4', parent, other, 2000_00))).toBe('ok');
    expect(h.code(transfer('t5', parent, other, 1000_00))).toBe('ok');
    expect(h.code(transfer('t6', parent, other, 1600_00))).toBe('daily_limit_exceeded');
    expect(h.ledger.state.usedToday(Number(parent.slice(3, 15)), h.now)).toBe(3500_00);
    h.fund(other, 20_000_00);
    h.fund(parent, 7000_00);
    expect(h.code(transfer('t7', other, kidId, 1000_00))).toBe('family_cap_exceeded');
    expect(h.code({ type: 'exchange', id: 'x1', wallet_id: kidId, direction: 'in', amount: 1000_00 })).toBe(
      'family_cap_exceeded',
    );
    expect(checkInvariants(h.ledger.state)).toEqual([]);
  });
});
