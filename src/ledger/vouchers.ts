import { TongbaoError } from '../errors/index.ts';
import type { TransferRecord } from './commands.ts';
import { EntryKind } from './journal.ts';
import { deviceOf, recordFraud, reusedVoucherId, VOUCHER_DIGEST, voucherId } from './offline.ts';
import { chainBreak, recordVoucher } from './offline-chain.ts';
import type { PaymentValue, SettleVoucherCommand } from './payment-commands.ts';
import { checkSettlement, emitMove } from './payments-moves.ts';
import { type FraudKind, UNCOVERED_KEPT_MAX } from './payments-state.ts';
import { checkCanReceive, findExisting, type KnownTransfers } from './resolve.ts';
import type { LedgerState } from './state.ts';
import type { Registrar } from './transfers.ts';

/**
 * Settles one offline voucher, exactly once whoever uploads it. The payer's reserve pays the payee as
 * far as it goes; a reused counter, a counter or amount beyond the payer's cap, or a reserve that cannot
 * cover the voucher blocks the payer device and is recorded as fraud. A blocked device's reserve keeps
 * paying payees' vouchers (they accepted a valid signature in good faith) and never returns to its owner.
 */
export function settleVoucher(
  state: LedgerState,
  cmd: SettleVoucherCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): PaymentValue {
  const payer = deviceOf(state, cmd.payer_device, 'payer_device');
  const payee = deviceOf(state, cmd.payee_device, 'payee_device');
  if (payer === payee)
    throw new TongbaoError('voucher_invalid', 'payer and payee are the same device', 'payee_device');
  if (cmd.uploaded_by !== payer.id && cmd.uploaded_by !== payee.id)
    throw new TongbaoError(
      'voucher_invalid',
      'a voucher is uploaded by its payer or its payee device',
      'uploaded_by',
    );
  if (!(Number.isSafeInteger(cmd.counter) && cmd.counter >= 1) || cmd.id !== voucherId(payer.id, cmd.counter))
    throw new TongbaoError('voucher_invalid', 'counter is a whole number from 1', 'counter');
  if (
    !(
      Number.isSafeInteger(cmd.amount) &&
      cmd.amount > 0 &&
      Number.isSafeInteger(cmd.balance_after) &&
      cmd.balance_after >= 0
    )
  )
    throw new TongbaoError(
      'voucher_invalid',
      'amount and balance_after are exact, amount above zero',
      'amount',
    );
  if (!VOUCHER_DIGEST.test(cmd.digest))
    throw new TongbaoError('voucher_invalid', 'digest is 32 hex digits', 'digest');
  const outcome = (
    status: 'settled' | 'partially_settled' | 'uncovered',
    paid: number,
    seq: number | null,
    frauds: FraudKind[],
    replayed: boolean,
  ): PaymentValue => ({
    payment: 'voucher',
    key: payer.key,
    voucher: cmd.id,
    status,
    paid,
    shortfall: cmd.amount - paid,
    row_seq: seq,
    frauds,
    replayed,
  });
  const replay = (r: TransferRecord) =>
    outcome(r.amount === cmd.amount ? 'settled' : 'partially_settled', r.amount, r.seq, [], true);
  // Has a voucher with this counter been seen, and was it this one?
  const first = findExisting(state, cmd.id, known);
  const unpaid = payer.uncovered.find((u) => u.counter === cmd.counter);
  let reused = false;
  if (first !== undefined || unpaid !== undefined) {
    if (first?.memo === cmd.digest) return replay(first);
    if (unpaid?.digest === cmd.digest) return outcome('uncovered', 0, null, [], true);
    const second = findExisting(state, reusedVoucherId(payer.id, cmd.counter, cmd.digest), known);
    if (second !== undefined) return replay(second);
    if (payer.uncovered.some((u) => u.counter === -cmd.counter && u.digest === cmd.digest))
      return outcome('uncovered', 0, null, [], true);
    reused = true;
  }
  checkCanReceive(state, payee.wallet, 'payee_device');
  const a = state.accounts;
  if (!Number.isSafeInteger(a.balance[payee.wallet]! + cmd.amount))
    throw new TongbaoError('balance_overflow', undefined, 'amount');
  checkSettlement(state, payer.num, payee.wallet, cmd.amount, 'payee_device');
  const frauds: FraudKind[] = [];
  if (reused) frauds.push('counter_reused');
  if (
    cmd.counter > payer.counter_base + payer.cap_count ||
    cmd.amount > payer.cap_amount ||
    cmd.balance_after + cmd.amount > payer.cap_amount
  )
    frauds.push('cap_exceeded');
  const broken = reused ? null : chainBreak(payer, cmd.counter, cmd.amount, cmd.balance_after);
  if (broken !== null) frauds.push('balance_inconsistent');
  const paid = Math.min(cmd.amount, a.balance[payer.num]!);
  if (paid < cmd.amount) frauds.push('overspent');
  let seq: number | null = null;
  if (paid > 0) {
    const id = reused ? reusedVoucherId(payer.id, cmd.counter, cmd.digest) : cmd.id;
    seq = emitMove(state, EntryKind.voucher, id, payer.num, payee.wallet, paid, cmd.digest, ts, registrar);
  } else {
    // Nothing could be paid, so no row remembers it: the device does, so a re-upload is answered.
    // A reused counter is kept negated, so the first voucher under the counter stays the one found by it.
    payer.uncovered.push({
      counter: reused ? -cmd.counter : cmd.counter,
      digest: cmd.digest,
      amount: cmd.amount,
      payee: payee.wallet,
    });
    if (payer.uncovered.length > UNCOVERED_KEPT_MAX) payer.uncovered.shift();
  }
  if (!reused) recordVoucher(payer, cmd.counter, cmd.amount, cmd.balance_after);
  payer.counter_max = Math.max(payer.counter_max, cmd.counter);
  payer.settled += paid;
  payer.vouchers += 1;
  payer.shortfall += cmd.amount - paid;
  state.payments.touch({ kind: 'device', value: payer });
  for (const kind of frauds) {
    const detail =
      kind === 'counter_reused'
        ? `counter ${cmd.counter} signed again for a different voucher`
        : kind === 'overspent'
          ? `the reserve covered ${(paid / 100).toFixed(2)} of ${(cmd.amount / 100).toFixed(2)}`
          : kind === 'balance_inconsistent'
            ? `${broken}: the element spent more than it held`
            : `counter ${cmd.counter} or amount beyond the cap (${payer.cap_count} payments, ${(payer.cap_amount / 100).toFixed(2)})`;
    recordFraud(state, payer, kind, ts, cmd.id, detail, kind === 'overspent' ? cmd.amount - paid : 0);
  }
  return outcome(
    paid === cmd.amount ? 'settled' : paid > 0 ? 'partially_settled' : 'uncovered',
    paid,
    seq,
    frauds,
    false,
  );
}
