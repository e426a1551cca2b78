import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../config/index.ts';
import type { AccountKindCode } from './accounts.ts';
import { restoreState } from './checkpoint.ts';
import type { Command } from './commands.ts';
import { EntryKind, type JournalRow } from './journal.ts';
import { Ledger } from './ledger.ts';
import type { StoredObject } from './payments-state.ts';
import { device, KEY_A, KEY_B, KEY_C, voucher } from './payments-testing.ts';
import type { LedgerState } from './state.ts';
import { LedgerHarness, transfer } from './testing.ts';
import { accountId, checkInvariants } from './views.ts';

/**
 * Random mixes of hard-wallet loads and vouchers (honest, re-uploaded, reused counters, overspends),
 * conditions (escrow, prepaid, grants: created, acted on, expired by time), schedules and sub-wallet
 * payments. After every batch the books balance counting offline reserves and conditional funds, every
 * object agrees with the balances (checkInvariants), and at the end no voucher was paid twice, no device
 * paid more than it was loaded, and rebuilding from the rows and the stored objects gives the same state.
 */
const config = loadConfig();
const DAY = 86_400_000;

function world() {
  const h = new LedgerHarness(config);
  h.operator('a');
  h.operator('b');
  h.issue('a', 100_000_000_00);
  h.issue('b', 100_000_000_00);
  const w = [
    h.wallet('a', 'personal', 2),
    h.wallet('b', 'personal', 3),
    h.wallet('b', 'merchant'),
    h.wallet('a', 'corporate'),
  ];
  for (const x of w) h.fund(x, 20_000_00);
  const { num } = h.ok<{ num: number }>({
    type: 'open_wallet',
    operator_id: 'a',
    kind: 'personal',
    category: 2,
    currency: 'CNY',
    holder: null,
    sub_wallet: {
      parent: w[0]!,
      label: null,
      limits: { balance_cap: null, single_payment: 1000_00, daily_total: null, annual_total: null },
    },
  });
  w.push(accountId(h.ledger.state, num));
  h.ok({
    type: 'merchant_profile',
    wallet_id: w[2]!,
    name: 'SHOP',
    name_zh: null,
    city: 'BEIJING',
    city_zh: null,
    mcc: '4111',
    region: '110101',
  });
  const devices = [
    device(h, w[0]!, KEY_A, 500_00, 5),
    device(h, w[1]!, KEY_B, 500_00, 5),
    device(h, w[2]!, KEY_C, 500_00, 5),
  ];
  return { h, w, devices };
}

type Make = (w: string[], d: string[], now: number, n: number) => Command;
const pick = (max: number) => fc.integer({ min: 0, max });
const amount = fc.oneof(fc.integer({ min: 1, max: 300_00 }), fc.constantFrom(500_00, 1000_00, 5000_00));

const commandGen: fc.Arbitrary<Make> = fc.oneof(
  fc.record({ d: pick(2), amount, counter: pick(12) }).map(
    (x): Make =>
      (_w, d, _now, n) => ({
        type: 'device_load',
        id: `ld-${n}`,
        device: d[x.d]!,
        amount: x.amount,
        counter: x.counter,
      }),
  ),
  fc.record({ d: pick(2), amount }).map(
    (x): Make =>
      (_w, d, _now, n) => ({
        type: 'device_unload',
        id: `ul-${n}`,
        device: d[x.d]!,
        amount: x.amount,
        counter: 0,
      }),
  ),
  fc
    .record({
      p: pick(2),
      q: pick(2),
      amount,
      counter: fc.integer({ min: 1, max: 14 }),
      after: pick(500_00),
      salt: fc.constantFrom('', '', 'x'),
      byPayer: fc.boolean(),
    })
    .map(
      (x): Make =>
        (_w, d) => {
          const payer = d[x.p]!;
          const payee = d[x.q === x.p ? (x.q + 1) % 3 : x.q]!;
          return voucher(payer, payee, x.amount, x.counter, x.after, x.byPayer ? payer : payee, x.salt);
        },
    ),
  fc
    .record({
      kind: fc.constantFrom('escrow', 'prepaid', 'grant'),
      f: pick(4),
      t: pick(4),
      amount,
      days: fc.integer({ min: 1, max: 20 }),
      id: pick(5),
    })
    .map(
      (x): Make =>
        (w, _d, now) => ({
          type: 'create_condition',
          id: `c-${x.id}`,
          kind: x.kind as 'escrow' | 'prepaid' | 'grant',
          from: w[x.f]!,
          to: x.kind === 'prepaid' ? w[2]! : w[x.t]!,
          amount: x.amount,
          currency: 'CNY',
          deadline: now + x.days * DAY,
          release: x.kind === 'escrow' ? { any: [{ approved_by: w[x.t]! }, { after: now + DAY }] } : null,
          unit_amount: 0,
          mcc: x.kind === 'grant' ? ['4111'] : [],
          regions: [],
          memo: null,
        }),
    ),
  fc
    .record({
      id: pick(5),
      action: fc.constantFrom('approve', 'release', 'spend', 'cancel'),
      by: pick(4),
      amount: fc.option(amount, { nil: null }),
    })
    .map(
      (x): Make =>
        (w, _d, _now, n) => ({
          type: 'condition_action',
          id: `act-${n}`,
          condition: `c-${x.id}`,
          action: x.action as 'approve',
          by: w[x.by]!,
          amount: x.amount,
          to: w[2]!,
        }),
    ),
  fc.record({ f: pick(4), t: pick(4), amount, id: pick(3) }).map(
    (x): Make =>
      (w, _d, now) => ({
        type: 'create_schedule',
        id: `s-${x.id}`,
        from: w[x.f]!,
        to: w[x.t]!,
        amount: x.amount,
        currency: 'CNY',
        first_at: now + DAY / 2,
        unit: 'day',
        every: 1,
        count: 4,
        until: 0,
        memo: null,
      }),
  ),
  fc.record({ f: pick(4), t: pick(4), amount }).map(
    (x): Make =>
      (w, _d, _now, n) =>
        transfer(`t-${n}`, w[x.f]!, w[x.t]!, x.amount),
  ),
);

const stepGen = fc.record({
  commands: fc.array(commandGen, { maxLength: 5 }),
  advance: fc.constantFrom(0, 0, 60_000, DAY / 2, DAY, 3 * DAY),
});

function fingerprint(state: LedgerState): string {
  const a = state.accounts;
  const parts: unknown[] = [state.lastSeq];
  for (let n = 1; n <= a.count; n += 1)
    parts.push([a.balance[n], a.day_out[n], a.year_out[n], a.last_seq[n], a.family[n]]);
  return JSON.stringify(parts);
}

/** A restart from nothing: the accounts as stored, the objects as stored, then every row replayed. */
function rebuild(original: LedgerState, objects: Map<string, StoredObject>, rows: JournalRow[]): LedgerState {
  const fresh = new Ledger(config);
  const a = original.accounts;
  const accounts = [];
  for (let num = 1; num <= a.count; num += 1)
    accounts.push({
      num,
      kind: a.kind[num] as AccountKindCode,
      category: a.category[num]!,
      status: a.status[num]!,
      operator: a.operator[num]!,
      currency: a.currency[num]!,
      opened_ts: a.opened_ts[num]!,
      owner: a.owner[num]!,
      balance: 0,
      day_key: 0,
      day_out: 0,
      year_key: 0,
      year_out: 0,
      last_seq: 0,
    });
  const operators = original.operators.flatMap((op) =>
    op === undefined ? [] : [{ ...op, issued: op.issued.map(() => 0), redeemed: op.redeemed.map(() => 0) }],
  );
  restoreState(fresh.state, 0, 0, operators, accounts, []);
  for (const o of [...objects.values()].sort((x, y) => (x.key < y.key ? -1 : 1))) fresh.restoreObject(o);
  for (const row of rows) fresh.replayRow(row);
  return fresh.state;
}

describe('payments properties', () => {
  test('money is conserved with offline reserves and conditions, and nothing settles twice', () => {
    fc.assert(
      fc.property(fc.array(stepGen, { minLength: 1, maxLength: 40 }), (steps) => {
        const { h, w, devices } = world();
        const state = h.ledger.state;
        let n = 0;
        for (const step of steps) {
          h.now += step.advance;
          h.batch(step.commands.map((make) => make(w, devices, h.now, n++)));
          expect(checkInvariants(state)).toEqual([]);
        }
        const rows = h.outputs.flatMap((o) => o.rows);
        const objects = new Map<string, StoredObject>();
        for (const o of h.outputs) for (const obj of o.objects) objects.set(obj.key, obj);
        // Every voucher row is one voucher: ids are unique, and a voucher's digest is paid at most once.
        const vouchers = rows.filter((r) => r.kind === EntryKind.voucher);
        expect(new Set(vouchers.map((r) => r.id)).size).toBe(vouchers.length);
        expect(new Set(vouchers.map((r) => `${r.debit}|${r.memo}`)).size).toBe(vouchers.length);
        for (const d of state.payments.devices.values()) {
          const paid = vouchers.filter((r) => r.debit === d.num).reduce((s, r) => s + r.amount, 0);
          expect(paid).toBe(d.settled);
          expect(d.settled + d.unloaded).toBeLessThanOrEqual(d.loaded);
        }
        expect(fingerprint(rebuild(state, objects, rows))).toBe(fingerprint(state));
        expect(checkInvariants(rebuild(state, objects, rows))).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
