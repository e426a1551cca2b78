import { createHash } from 'node:crypto';
import type { Command } from './commands.ts';
import { voucherId } from './offline.ts';
import type { PaymentValue, SettleVoucherCommand } from './payment-commands.ts';
import type { LedgerHarness } from './testing.ts';

/** Test helpers for the payments commands on a LedgerHarness. */
export const KEY_A = `04${'a1'.repeat(64)}`;
export const KEY_B = `04${'b2'.repeat(64)}`;
export const KEY_C = `04${'c3'.repeat(64)}`;

export function paymentOk(h: LedgerHarness, cmd: Command): PaymentValue {
  return h.ok<PaymentValue>(cmd);
}

export function device(h: LedgerHarness, wallet: string, key: string, cap = 500_00, count = 10): string {
  const v = paymentOk(h, {
    type: 'register_device',
    wallet_id: wallet,
    public_key: key,
    label: null,
    cap_amount: cap,
    cap_count: count,
  });
  return v.key.slice('device/'.length);
}

let loads = 0;
export function load(h: LedgerHarness, dev: string, amount: number, counter = 0): string {
  loads += 1;
  return h.code({ type: 'device_load', id: `load-${loads}`, device: dev, amount, counter });
}

/** A voucher command with a digest that identifies its content (as src/payments computes it). */
export function voucher(
  payer: string,
  payee: string,
  amount: number,
  counter: number,
  balanceAfter: number,
  by = payee,
  salt = '',
): SettleVoucherCommand {
  const digest = createHash('sha256')
    .update(`${payer}|${payee}|${amount}|${counter}|${balanceAfter}|${salt}`)
    .digest('hex')
    .slice(0, 32);
  return {
    type: 'settle_voucher',
    id: voucherId(payer, counter),
    payer_device: payer,
    payee_device: payee,
    amount,
    counter,
    balance_after: balanceAfter,
    digest,
    uploaded_by: by,
  };
}
