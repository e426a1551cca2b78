import { describe, expect, test } from 'vitest';
import { STORE_KINDS } from '../../../test/support/stores.ts';
import { engineFixture, must, payment, seedPeople } from '../../../test/support/supervision.ts';
import type { Engine } from '../../engine/index.ts';
import { EntryKind, parseWalletId } from '../../ledger/index.ts';
import { KEY_A, KEY_B, voucher } from '../../ledger/payments-testing.ts';
import { AccountDirectory } from './account-directory.ts';
import { JournalEvents } from './journal-events.ts';

const DAY = 86_400_000;

describe.each(STORE_KINDS)('payments monitoring sees on %s', (kind) => {
  const fixture = engineFixture(kind);

  async function deviceOf(e: Engine, wallet: string, key: string): Promise<string> {
    const [r] = await must(e, [
      {
        type: 'register_device',
        wallet_id: wallet,
        public_key: key,
        label: null,
        cap_amount: 500_00,
        cap_count: 10,
      },
    ]);
    return (r as { ok: true; value: { key: string } }).value.key.slice('device/'.length);
  }

  test('a settled voucher and a released condition are payments by the wallet the funds came from; loading and locking are not', async () => {
    const { engine, clock, reader } = await fixture.open();
    const [alice, bob, carol] = await seedPeople(engine, 3);
    const payer = await deviceOf(engine, alice!, KEY_A);
    const payee = await deviceOf(engine, bob!, KEY_B);
    const settle = voucher(payer, payee, 120_00, 1, 180_00, payer);
    await must(engine, [
      { type: 'device_load', id: 'load-1', device: payer, amount: 300_00, counter: 0 },
      settle,
      {
        type: 'create_condition',
        id: 'escrow-1',
        kind: 'escrow',
        from: alice!,
        to: carol!,
        amount: 1_000_00,
        currency: 'CNY',
        deadline: clock.now + 10 * DAY,
        release: { approved_by: carol! },
        unit_amount: 0,
        mcc: [],
        regions: [],
        memo: null,
      },
    ]);
    await must(engine, [
      {
        type: 'condition_action',
        id: 'approve-1',
        condition: 'escrow-1',
        action: 'approve',
        by: carol!,
        amount: null,
        to: null,
      },
      payment('plain-1', bob!, carol!, 5),
    ]);

    const rows = await reader.readRows(0, engine.committed, 10_000);
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of [EntryKind.offline_load, EntryKind.voucher, EntryKind.condition_lock]) {
      expect(kinds.has(k)).toBe(true);
    }
    const directory = new AccountDirectory(reader, 64);
    await directory.init();
    const events = await new JournalEvents(reader, directory).events(rows);
    expect(events.map((e) => [e.id, e.from.wallet, e.to.wallet, e.amount_fen])).toEqual([
      [settle.id, alice, bob, 120_00],
      ['approve-1', alice, carol, 1_000_00],
      ['plain-1', bob, carol, 500],
    ]);

    // Written and read back: the reserve and the conditional account name their owner in storage.
    const reserve = rows.find((r) => r.kind === EntryKind.voucher)!.debit;
    const held = rows.find((r) => r.kind === EntryKind.condition_lock)!.credit;
    const stored = await reader.accounts([reserve, held]);
    const aliceNum = parseWalletId(alice!)!.account;
    expect(stored.map((a) => a.owner).sort()).toEqual([aliceNum, aliceNum]);
    expect(engine.state.accounts.owner[reserve]).toBe(aliceNum);

    // A fresh directory asked for the reserve alone loads its owner too.
    const fresh = new AccountDirectory(reader, 64);
    await fresh.init();
    await fresh.load([reserve]);
    expect(fresh.get(reserve)).toMatchObject({ wallet: alice, kind: 'personal' });
  });
});
