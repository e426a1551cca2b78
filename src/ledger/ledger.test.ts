import { beforeEach, describe, expect, test } from 'vitest';
import type { TransferRecord } from './commands.ts';
import { hashId } from './id-index.ts';
import { LedgerHarness, transfer } from './testing.ts';
import { checkInvariants, reconcile, walletView } from './views.ts';
import { formatWalletId } from './wallet-id.ts';

const CNY = (yuan: number) => Math.round(yuan * 100);

let h: LedgerHarness;
let alice: string;
let bob: string;
let carol: string;

function setup(): LedgerHarness {
  const h = new LedgerHarness();
  h.operator('icbc');
  h.operator('boc');
  h.issue('icbc', CNY(10_000_000));
  h.issue('boc', CNY(10_000_000));
  alice = h.wallet('icbc', 'personal', 4);
  bob = h.wallet('icbc', 'personal', 2);
  carol = h.wallet('boc', 'personal', 2);
  h.fund(alice, CNY(8_000));
  h.fund(bob, CNY(100_000));
  return h;
}

beforeEach(() => {
  h = setup();
});

function sound() {
  expect(checkInvariants(h.ledger.state)).toEqual([]);
}

describe('two tiers', () => {
  test('issuance moves reserve to vault within the quota; redemption moves it back', () => {
    const books = () => reconcile(h.ledger.state).operators.find((o) => o.operator_id === 'icbc')!;
    const before = books();
    h.ok({ type: 'redeem', id: 'r1', operator_id: 'icbc', amount: CNY(1_000), currency: 'CNY' });
    expect(books().vault).toBe(before.vault - CNY(1_000));
    expect(books().reserve).toBe(before.reserve + CNY(1_000));
    expect(
      h.code({ type: 'issue', id: 'big', operator_id: 'icbc', amount: CNY(500_000_000), currency: 'CNY' }),
    ).toBe('issuance_quota_exceeded');
    expect(h.code({ type: 'issue', id: 'x', operator_id: 'nope', amount: 1, currency: 'CNY' })).toBe(
      'operator_not_found',
    );
    expect(h.code({ type: 'issue', id: 'y', operator_id: 'icbc', amount: 1, currency: 'USD' })).toBe(
      'currency_unknown',
    );
    expect(
      h.code({ type: 'redeem', id: 'z', operator_id: 'icbc', amount: CNY(20_000_000), currency: 'CNY' }),
    ).toBe('vault_insufficient');
    expect(reconcile(h.ledger.state).balanced).toBe(true);
    sound();
  });

  test('an operator cannot issue beyond its reserve', () => {
    h.ok({
      type: 'register_operator',
      id: 'small',
      name: 'Small',
      issuance_quota: CNY(1_000_000),
      reserve: CNY(100),
    });
    expect(h.code({ type: 'issue', id: 'i', operator_id: 'small', amount: CNY(101), currency: 'CNY' })).toBe(
      'reserve_insufficient',
    );
    expect(h.code({ type: 'issue', id: 'j', operator_id: 'small', amount: CNY(100), currency: 'CNY' })).toBe(
      'ok',
    );
  });

  test('registering an operator again is idempotent; a different body is a conflict', () => {
    expect(
      h.code({
        type: 'register_operator',
        id: 'icbc',
        name: 'ICBC',
        issuance_quota: 500_000_000_00,
        reserve: 0,
      }),
    ).toBe('ok');
    expect(
      h.code({ type: 'register_operator', id: 'icbc', name: 'Other', issuance_quota: 1, reserve: 0 }),
    ).toBe('operator_exists');
    expect(
      h.code({ type: 'register_operator', id: 'Bad Id', name: 'x', issuance_quota: 1, reserve: 0 }),
    ).toBe('id_invalid');
  });
});

describe('transfers', () => {
  test('same-operator payment moves money and nothing else', () => {
    const r = h.ok<TransferRecord>(transfer('t1', bob, alice, CNY(100)));
    expect(r.status).toBe('posted');
    expect(h.balance(bob)).toBe(CNY(99_900));
    expect(h.balance(alice)).toBe(CNY(8_100));
    sound();
  });

  test('a cross-operator payment settles between vaults in the same step', () => {
    const books = () =>
      Object.fromEntries(reconcile(h.ledger.state).operators.map((o) => [o.operator_id, o]));
    const before = books();
    h.ok(transfer('x1', bob, carol, CNY(2_500)));
    const after = books();
    expect(after.icbc!.vault - before.icbc!.vault).toBe(CNY(2_500));
    expect(after.boc!.vault - before.boc!.vault).toBe(-CNY(2_500));
    expect(after.icbc!.balanced && after.boc!.balanced).toBe(true);
    const rows = h.outputs.at(-1)!.rows;
    expect(rows.map((r) => r.kind)).toEqual([6, 7]);
    expect([rows[1]!.debit, rows[1]!.credit, rows[1]!.amount]).toEqual([
      h.ledger.state.operators[2]!.vault[0],
      h.ledger.state.operators[1]!.vault[0],
      CNY(2_500),
    ]);
    sound();
  });

  test('the settlement of a batch is one row per pair of vaults, and a vault cannot be overdrawn by it', () => {
    const dave = h.wallet('boc', 'corporate');
    h.fund(dave, CNY(1_000_000));
    const results = h.batch([
      transfer('s1', bob, carol, CNY(100)),
      transfer('s2', bob, carol, CNY(200)),
      transfer('s3', carol, bob, CNY(50)),
      transfer('s4', dave, bob, CNY(300)),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const rows = h.outputs.at(-1)!.rows;
    const settlements = rows.filter((r) => r.kind === 7).map((r) => r.amount);
    expect(settlements.sort((x, y) => x - y)).toEqual([CNY(300), CNY(350)]);
    sound();
    // The payee operator's vault funds the payee: a batch may not take more from it than it holds.
    const vaultBoc = h.ledger.state.operators[2]!.vault[0]!;
    const room = h.ledger.state.accounts.balance[vaultBoc]!;
    const big = h.wallet('icbc', 'corporate');
    h.fund(big, room + CNY(10));
    const tooMuch = h.batch([transfer('v1', big, dave, room - CNY(5)), transfer('v2', big, dave, CNY(10))]);
    expect(tooMuch.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'vault_insufficient']);
    sound();
  });

  test('each refusal has its own code and changes nothing', () => {
    const before = JSON.stringify(reconcile(h.ledger.state));
    const cases: Array<[ReturnType<typeof transfer>, string]> = [
      [transfer('a', alice, bob, CNY(2_000.01)), 'single_limit_exceeded'],
      [transfer('b', bob, bob, CNY(1)), 'same_account'],
      [transfer('c', bob, '0010000000099990', CNY(1)), 'wallet_id_invalid'],
      [transfer('d', bob, `${alice.slice(0, 3)}0000000099990`, CNY(1)), 'wallet_id_invalid'],
      [transfer('e', bob, alice, CNY(1), { currency: 'USD' }), 'currency_unknown'],
      [transfer('f', bob, alice, CNY(1), { timeout_s: 10 }), 'timeout_invalid'],
      [transfer('g', carol, bob, CNY(1)), 'insufficient_funds'],
      [transfer('h', bob, alice, CNY(2_000.01)), 'balance_cap_exceeded'],
    ];
    for (const [cmd, code] of cases) expect(h.code(cmd), code).toBe(code);
    expect(JSON.stringify(reconcile(h.ledger.state))).toBe(before);
    sound();
  });

  test('an unknown but well-formed wallet is wallet_not_found', () => {
    const unknown = h.wallet('icbc');
    const num = Number(unknown.slice(3, 15)) + 50;
    expect(h.code(transfer('u', bob, formatWalletId(1, num), 1))).toBe('wallet_not_found');
    expect(h.code(transfer('v', bob, formatWalletId(2, Number(bob.slice(3, 15))), 1))).toBe(
      'wallet_not_found',
    );
  });

  test('the daily limit says the limit and what is left', () => {
    h.ok(transfer('d1', alice, bob, CNY(2_000)));
    h.ok(transfer('d2', alice, bob, CNY(2_000)));
    const result = h.one(transfer('d3', alice, bob, CNY(1_500)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('daily_limit_exceeded');
    expect(result.error.extra).toEqual({ limit: '5000.00', remaining: '1000.00' });
    expect(h.code(transfer('d4', alice, bob, CNY(1_000)))).toBe('ok');
    // The day turns at midnight in Shanghai (16:00 UTC).
    h.now = Date.UTC(2026, 5, 1, 16, 0, 0);
    expect(h.code(transfer('d5', alice, bob, CNY(1_500)))).toBe('ok');
    const view = walletView(h.ledger.state, Number(alice.slice(3, 15)), h.now);
    expect(view.used_today).toBe(CNY(1_500));
    expect(view.used_this_year).toBe(CNY(6_500));
    expect(view.limits.daily_total).toBe(CNY(5_000));
  });

  test('the annual limit holds across days and resets with the year', () => {
    for (let day = 0; day < 10; day += 1) {
      h.now = Date.UTC(2026, 6, 1 + day, 2);
      const topUp = CNY(10_000) - h.balance(alice);
      if (topUp > 0) h.fund(alice, topUp);
      for (const [k, amount] of [CNY(2_000), CNY(2_000), CNY(1_000)].entries()) {
        expect(h.code(transfer(`y${day}-${k}`, alice, bob, amount))).toBe('ok');
      }
      expect(h.code(transfer(`y${day}-over`, alice, bob, 1))).toBe('daily_limit_exceeded');
    }
    expect(walletView(h.ledger.state, Number(alice.slice(3, 15)), h.now).used_this_year).toBe(CNY(50_000));
    h.now = Date.UTC(2026, 6, 20, 2);
    h.fund(alice, CNY(100));
    expect(h.code(transfer('over-year', alice, bob, 1))).toBe('annual_limit_exceeded');
    h.now = Date.UTC(2027, 0, 1, 2);
    expect(h.code(transfer('new-year', alice, bob, 1))).toBe('ok');
  });
});

describe('idempotency', () => {
  test('the same transfer again returns the first result; a different body is a conflict', () => {
    const first = h.ok<TransferRecord>(transfer('same', bob, alice, CNY(10)));
    const again = h.ok<TransferRecord>(transfer('same', bob, alice, CNY(10)));
    expect(again).toEqual({ ...first, replayed: true });
    expect(h.balance(bob)).toBe(CNY(99_990));
    expect(h.code(transfer('same', bob, alice, CNY(11)))).toBe('id_conflict');
    expect(h.code(transfer('same', bob, carol, CNY(10)))).toBe('id_conflict');
    expect(h.code(transfer('same', bob, alice, CNY(10), { memo: 'x' }))).toBe('id_conflict');
    expect(h.code({ type: 'exchange', id: 'same', wallet_id: bob, direction: 'in', amount: CNY(10) })).toBe(
      'id_conflict',
    );
  });

  test('a refused transfer leaves its id free, so a retry can succeed', () => {
    expect(h.code(transfer('retry', carol, bob, CNY(5)))).toBe('insufficient_funds');
    h.fund(carol, CNY(5));
    expect(h.code(transfer('retry', carol, bob, CNY(5)))).toBe('ok');
  });

  test('duplicates inside one batch are answered like repeats', () => {
    const results = h.batch([
      transfer('dup', bob, alice, 1),
      transfer('dup', bob, alice, 1),
      transfer('dup', bob, alice, 2),
    ]);
    expect(results.map((r) => (r.ok ? (r.value as TransferRecord).replayed : r.error.code))).toEqual([
      false,
      true,
      'id_conflict',
    ]);
  });

  test('ids known only to storage are recognised through `known`', () => {
    const first = h.ok<TransferRecord>(transfer('old', bob, alice, 1));
    const fresh = setup();
    expect(
      fresh.ledger.idsNeedingLookup([{ commands: [transfer('old', bob, alice, 1)], linked: false }]),
    ).toEqual([]);
    expect(fresh.batch([transfer('other', bob, alice, 1)])[0]!.ok).toBe(true);
    expect(
      h.ledger.idsNeedingLookup([{ commands: [transfer('old', bob, alice, 1)], linked: false }]),
    ).toEqual([]);
    // As after a restart: the id index knows the stored id (an old seq), the recent rows do not.
    fresh.ledger.indexId(hashId('old'), first.seq + 1_000_000);
    expect(
      fresh.ledger.idsNeedingLookup([{ commands: [transfer('old', bob, alice, 1)], linked: false }]),
    ).toEqual(['old']);
    const result = fresh.batch([transfer('old', bob, alice, 1)], false, new Map([['old', first]]));
    expect(result[0]!.ok && (result[0]!.value as TransferRecord).replayed).toBe(true);
  });
});

describe('two-phase transfers', () => {
  test('pending holds funds and counts limits; post moves them', () => {
    h.ok(transfer('p1', alice, bob, CNY(1_500), { pending: true }));
    const view = walletView(h.ledger.state, Number(alice.slice(3, 15)), h.now);
    expect(view.available).toBe(CNY(6_500));
    expect(view.balance).toBe(CNY(8_000));
    expect(view.used_today).toBe(CNY(1_500));
    const posted = h.ok<TransferRecord>({ type: 'post', pending_id: 'p1', amount: CNY(1_000) });
    expect(posted.status).toBe('posted');
    expect(posted.posted_amount).toBe(CNY(1_000));
    expect(h.balance(alice)).toBe(CNY(7_000));
    expect(walletView(h.ledger.state, Number(alice.slice(3, 15)), h.now).used_today).toBe(CNY(1_000));
    expect(h.ok<TransferRecord>({ type: 'post', pending_id: 'p1', amount: null }).replayed).toBe(true);
    expect(h.code({ type: 'void', pending_id: 'p1' })).toBe('pending_already_posted');
    sound();
  });

  test('void releases the hold exactly once', () => {
    h.ok(transfer('p2', bob, carol, CNY(500), { pending: true }));
    expect(h.code({ type: 'post', pending_id: 'p2', amount: CNY(501) })).toBe('post_amount_exceeds_pending');
    h.ok({ type: 'void', pending_id: 'p2' });
    expect(h.ok<TransferRecord>({ type: 'void', pending_id: 'p2' }).replayed).toBe(true);
    expect(h.code({ type: 'post', pending_id: 'p2', amount: null })).toBe('pending_already_voided');
    expect(walletView(h.ledger.state, Number(bob.slice(3, 15)), h.now).available).toBe(CNY(100_000));
    expect(h.code({ type: 'post', pending_id: 'nope', amount: null })).toBe('transfer_not_found');
    h.ok(transfer('plain', bob, carol, 1));
    expect(h.code({ type: 'post', pending_id: 'plain', amount: null })).toBe('transfer_not_pending');
    sound();
  });

  test('a pending transfer times out and is voided automatically', () => {
    h.ok(transfer('p3', bob, carol, CNY(700), { pending: true, timeout_s: 60 }));
    h.now += 59_000;
    h.batch([]);
    expect(h.ledger.state.pendingBySeq.size).toBe(2);
    h.now += 1_000;
    h.batch([]);
    expect(h.ledger.state.pendingBySeq.size).toBe(0);
    expect(h.code({ type: 'post', pending_id: 'p3', amount: null })).toBe('pending_expired');
    expect(walletView(h.ledger.state, Number(bob.slice(3, 15)), h.now).available).toBe(CNY(100_000));
    sound();
  });
});

describe('linked batches', () => {
  test('all commit or none does', () => {
    const before = JSON.stringify(reconcile(h.ledger.state));
    const seq = h.ledger.state.lastSeq;
    const results = h.batch(
      [transfer('l1', bob, alice, CNY(10)), transfer('l2', alice, carol, CNY(5_000))],
      true,
    );
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([
      'linked_event_failed',
      'single_limit_exceeded',
    ]);
    expect(JSON.stringify(reconcile(h.ledger.state))).toBe(before);
    expect(h.ledger.state.lastSeq).toBe(seq);
    expect(h.outputs.at(-1)!.rows).toEqual([]);
    expect(h.code(transfer('l1', bob, alice, CNY(10)))).toBe('ok');
    const ok = h.batch([transfer('l3', bob, alice, CNY(10)), transfer('l4', alice, carol, CNY(1_000))], true);
    expect(ok.every((r) => r.ok)).toBe(true);
    sound();
  });
});

describe('wallets', () => {
  test('category changes are refused while the balance exceeds the new cap', () => {
    expect(h.code({ type: 'change_category', wallet_id: bob, category: 4 })).toBe(
      'category_balance_exceeds_cap',
    );
    expect(h.code({ type: 'change_category', wallet_id: alice, category: 2 })).toBe('ok');
    expect(h.code({ type: 'change_category', wallet_id: alice, category: 5 })).toBe('category_invalid');
    const shop = h.wallet('icbc', 'merchant');
    expect(h.code({ type: 'change_category', wallet_id: shop, category: 2 })).toBe('category_invalid');
  });

  test('a wallet closes only when empty, and a closed wallet refuses payments', () => {
    expect(h.code({ type: 'close_wallet', wallet_id: alice })).toBe('wallet_not_empty');
    h.ok({ type: 'exchange', id: 'out', wallet_id: alice, direction: 'out', amount: CNY(8_000) });
    expect(h.code({ type: 'close_wallet', wallet_id: alice })).toBe('ok');
    expect(h.code({ type: 'close_wallet', wallet_id: alice })).toBe('wallet_already_closed');
    expect(h.code(transfer('c1', bob, alice, 1))).toBe('wallet_closed');
    expect(h.code({ type: 'exchange', id: 'in', wallet_id: alice, direction: 'in', amount: 1 })).toBe(
      'wallet_closed',
    );
  });

  test('frozen wallets refuse payments out; frozen-all also refuses payments in', () => {
    h.ok({
      type: 'freeze',
      wallet_id: bob,
      mode: 'out',
      reason: 'court order',
      reference: '(2026) 京01执123号',
    });
    expect(h.code(transfer('f1', bob, alice, 1))).toBe('wallet_frozen');
    expect(h.code(transfer('f2', alice, bob, 1))).toBe('ok');
    h.ok({ type: 'freeze', wallet_id: bob, mode: 'all', reason: 'court order', reference: null });
    expect(h.code(transfer('f3', alice, bob, 1))).toBe('wallet_frozen');
    expect(h.code({ type: 'close_wallet', wallet_id: bob })).toBe('wallet_frozen');
    h.ok({ type: 'unfreeze', wallet_id: bob, reason: 'lifted' });
    expect(h.code({ type: 'unfreeze', wallet_id: bob, reason: 'again' })).toBe('wallet_not_frozen');
    expect(h.code(transfer('f4', bob, alice, 1))).toBe('ok');
  });

  test('personal wallets need a category; others must not have one', () => {
    expect(
      h.code({
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'personal',
        category: 0,
        currency: 'CNY',
        holder: null,
      }),
    ).toBe('category_invalid');
    expect(
      h.code({
        type: 'open_wallet',
        operator_id: 'icbc',
        kind: 'merchant',
        category: 2,
        currency: 'CNY',
        holder: null,
      }),
    ).toBe('category_invalid');
    expect(
      h.code({
        type: 'open_wallet',
        operator_id: 'zz',
        kind: 'merchant',
        category: 0,
        currency: 'CNY',
        holder: null,
      }),
    ).toBe('operator_not_found');
  });
});

describe('currencies', () => {
  test('a transfer moves one currency only', () => {
    const m = LedgerHarness.withCurrencies(['CNY', 'HKD']);
    m.operator('icbc');
    m.issue('icbc', CNY(1_000_000));
    m.ok({ type: 'register_operator', id: 'hk', name: 'HK', issuance_quota: CNY(1_000_000), reserve: 0 });
    const cny = m.wallet('icbc', 'corporate');
    const hkd = m.wallet('icbc', 'corporate', 0, 'HKD');
    m.fund(cny, CNY(100));
    expect(m.code(transfer('m1', cny, hkd, 1))).toBe('currency_mismatch');
    expect(m.code(transfer('m2', cny, hkd, 1, { currency: 'HKD' }))).toBe('currency_mismatch');
    expect(checkInvariants(m.ledger.state)).toEqual([]);
  });
});
