import { afterEach, describe, expect, test } from 'vitest';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { loadConfig } from '../config/index.ts';
import { Engine, verifyStore } from '../engine/index.ts';
import { accountId, type Command, checkInvariants, type LedgerState } from '../ledger/index.ts';
import { KEY_A, KEY_B, voucher } from '../ledger/payments-testing.ts';

const config = loadConfig();
const DAY = 86_400_000;
let ts: TestStore | undefined;
afterEach(async () => {
  await ts?.cleanup();
  ts = undefined;
});

async function run(engine: Engine, cmd: Command): Promise<unknown> {
  const [r] = await engine.submit([cmd]);
  if (!r!.ok) throw new Error(`${cmd.type}: ${r!.error.code}`);
  return r!.value;
}

function fingerprint(state: LedgerState): string {
  const a = state.accounts;
  const parts: unknown[] = [state.lastSeq];
  for (let n = 1; n <= a.count; n += 1) parts.push([a.kind[n], a.balance[n], a.day_out[n], a.family[n]]);
  const p = state.payments;
  parts.push(
    [...p.devices.values()],
    [...p.conditions.values()],
    [...p.schedules.values()],
    [...p.merchants.values()],
    [...p.subWallets.values()],
    [...p.openByWallet],
  );
  return JSON.stringify(parts);
}

describe.each(STORE_KINDS)('payments objects on %s', (kind) => {
  test('devices, conditions, schedules and families survive a restart and verify offline', async () => {
    ts = await testStore(kind);
    const clock = { now: Date.UTC(2026, 10, 23, 2, 0, 0) };
    const open = async () => Engine.open({ store: await ts!.open(), config, clock: () => clock.now });
    let engine = await open();
    await run(engine, { type: 'register_operator', id: 'a', name: 'A', issuance_quota: 1e12, reserve: 1e12 });
    await run(engine, { type: 'issue', id: 'i', operator_id: 'a', amount: 1e10, currency: 'CNY' });
    const wallet = async (category: number, sub?: string) =>
      accountId(
        engine.state,
        (
          (await run(engine, {
            type: 'open_wallet',
            operator_id: 'a',
            kind: 'personal',
            category,
            currency: 'CNY',
            holder: null,
            ...(sub === undefined
              ? {}
              : {
                  sub_wallet: {
                    parent: sub,
                    label: 'kid',
                    limits: {
                      balance_cap: null,
                      single_payment: 100_00,
                      daily_total: null,
                      annual_total: null,
                    },
                  },
                }),
          })) as { num: number }
        ).num,
      );
    const alice = await wallet(2);
    const bob = await wallet(2);
    const kid = await wallet(2, alice);
    for (const [i, w] of [alice, bob].entries())
      await run(engine, { type: 'exchange', id: `x${i}`, wallet_id: w, direction: 'in', amount: 10_000_00 });
    const h = { ok: (cmd: Command) => run(engine, cmd) };
    const payer = (
      (await h.ok({
        type: 'register_device',
        wallet_id: alice,
        public_key: KEY_A,
        label: null,
        cap_amount: 500_00,
        cap_count: 10,
      })) as { key: string }
    ).key.slice(7);
    const payee = (
      (await h.ok({
        type: 'register_device',
        wallet_id: bob,
        public_key: KEY_B,
        label: null,
        cap_amount: 500_00,
        cap_count: 10,
      })) as { key: string }
    ).key.slice(7);
    await h.ok({ type: 'device_load', id: 'l1', device: payer, amount: 300_00, counter: 0 });
    await h.ok(voucher(payer, payee, 100_00, 1, 200_00));
    await h.ok({
      type: 'create_condition',
      id: 'esc',
      kind: 'escrow',
      from: alice,
      to: bob,
      amount: 50_00,
      currency: 'CNY',
      deadline: clock.now + 5 * DAY,
      release: { approved_by: bob },
      unit_amount: 0,
      mcc: [],
      regions: [],
      memo: null,
    });
    await h.ok({
      type: 'create_schedule',
      id: 'pocket',
      from: alice,
      to: kid,
      amount: 20_00,
      currency: 'CNY',
      first_at: clock.now + DAY,
      unit: 'week',
      every: 1,
      count: 0,
      until: 0,
      memo: null,
    });
    clock.now += DAY;
    await engine.read(() => 0);
    await run(engine, {
      type: 'transfer',
      id: 't2',
      from: kid,
      to: bob,
      amount: 10_00,
      currency: 'CNY',
      pending: false,
      timeout_s: 0,
      memo: null,
    });
    expect(engine.state.payments.schedules.get('schedule/pocket')!.runs).toBe(1);
    const before = fingerprint(engine.state);
    await engine.stop();
    await engine.store.close();
    engine = await open();
    expect(fingerprint(engine.state)).toBe(before);
    expect(checkInvariants(engine.state)).toEqual([]);
    // What was settled stays settled: the same voucher again is answered, not paid again.
    expect(await h.ok(voucher(payer, payee, 100_00, 1, 200_00))).toMatchObject({
      replayed: true,
      status: 'settled',
    });
    await engine.stop();
    const report = await verifyStore(engine.store, config);
    expect(report.problems).toEqual([]);
    await engine.store.close();
  }, 60_000);
});
