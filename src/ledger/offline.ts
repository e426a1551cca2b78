import { TongbaoError } from '../errors/index.ts';
import { AccountKind } from './accounts.ts';
import type { TransferRecord } from './commands.ts';
import { checkOutflow } from './family.ts';
import { EntryKind } from './journal.ts';
import type {
  DeviceFraudCommand,
  DeviceMoveCommand,
  DeviceStatusCommand,
  DeviceSyncCommand,
  PaymentValue,
  RegisterDeviceCommand,
  SettleVoucherCommand,
} from './payment-commands.ts';
import { checkSettlement, emitMove } from './payments-moves.ts';
import {
  DEVICE_FRAUDS_KEPT_MAX,
  DEVICES_MAX,
  type DeviceRecord,
  type FraudKind,
  UNCOVERED_KEPT_MAX,
} from './payments-state.ts';
import {
  checkCanPay,
  checkCanReceive,
  checkFunds,
  findExisting,
  type KnownTransfers,
  walletNum,
} from './resolve.ts';
import type { LedgerState } from './state.ts';
import { makeRow, type Registrar, recordOf } from './transfers.ts';
import { formatWalletId, parseWalletId } from './wallet-id.ts';

/** Largest offline cap a device may be given (a hard wallet is cash-like: small amounts). */
export const DEVICE_CAP_AMOUNT_MAX = 10_000_00;
export const DEVICE_CAP_COUNT_MAX = 1000;
/** Defaults when registration names none: CNY 500 and 10 payments between online syncs. */
export const DEVICE_CAP_AMOUNT_DEFAULT = 500_00;
export const DEVICE_CAP_COUNT_DEFAULT = 10;
export const DEVICE_LABEL_MAX_LENGTH = 64;
const PUBLIC_KEY = /^04[0-9a-f]{128}$/;
export const VOUCHER_DIGEST = /^[0-9a-f]{32}$/;

export const deviceKey = (id: string) => `device/${id}`;

/** The journal id of the first voucher a device signed with a counter (not a client id: `/` is refused there). */
export function voucherId(device: string, counter: number): string {
  return `ov/${device}/${counter}`;
}

/** The journal id of a second, different voucher under a counter already used (a reused counter). */
export function reusedVoucherId(device: string, counter: number, digest: string): string {
  return `${voucherId(device, counter)}/${digest.slice(0, 16)}`;
}

export function deviceOf(state: LedgerState, id: string, field: string): DeviceRecord {
  const device = parseWalletId(id) === null ? undefined : state.payments.devices.get(deviceKey(id));
  if (device === undefined) throw new TongbaoError('device_not_found', `${field} names no device`, field);
  return device;
}

export function registerDevice(state: LedgerState, cmd: RegisterDeviceCommand, ts: number): PaymentValue {
  const p = state.payments;
  const wallet = walletNum(state, cmd.wallet_id, 'wallet_id');
  checkCanPay(state, wallet, 'wallet_id');
  if (!PUBLIC_KEY.test(cmd.public_key))
    throw new TongbaoError(
      'device_key_invalid',
      'public_key is an uncompressed SM2 point in hex',
      'public_key',
    );
  for (const key of p.devicesByWallet.get(wallet) ?? []) {
    if (p.devices.get(key)!.public_key === cmd.public_key)
      return { payment: 'device', key, row_seq: null, replayed: true };
  }
  if (
    !(Number.isSafeInteger(cmd.cap_amount) && cmd.cap_amount > 0 && cmd.cap_amount <= DEVICE_CAP_AMOUNT_MAX)
  )
    throw new TongbaoError(
      'device_cap_invalid',
      `cap_amount is 0.01 to ${DEVICE_CAP_AMOUNT_MAX / 100}`,
      'cap_amount',
    );
  if (!(Number.isSafeInteger(cmd.cap_count) && cmd.cap_count > 0 && cmd.cap_count <= DEVICE_CAP_COUNT_MAX))
    throw new TongbaoError('device_cap_invalid', `cap_count is 1 to ${DEVICE_CAP_COUNT_MAX}`, 'cap_count');
  if (p.devices.size >= DEVICES_MAX)
    throw new TongbaoError('payments_limit_reached', `at most ${DEVICES_MAX} devices`);
  const a = state.accounts;
  const num = a.add(AccountKind.offline, 0, a.operator[wallet]!, a.currency[wallet]!, ts);
  const id = formatWalletId(a.operator[wallet]!, num);
  const device: DeviceRecord = {
    key: deviceKey(id),
    id,
    num,
    wallet,
    public_key: cmd.public_key,
    label: cmd.label,
    cap_amount: cmd.cap_amount,
    cap_count: cmd.cap_count,
    registered_ts: ts,
    status: 'active',
    blocked_ts: 0,
    block_reason: null,
    counter_base: 0,
    counter_max: 0,
    loaded: 0,
    unloaded: 0,
    settled: 0,
    vouchers: 0,
    shortfall: 0,
    frauds: [],
    fraud_count: 0,
    uncovered: [],
  };
  indexDevice(state, device);
  p.adjustOpen(wallet, 1);
  p.touch({ kind: 'device', value: device });
  return { payment: 'device', key: device.key, row_seq: null, replayed: false };
}

/** Adds a device to the indexes (registration and restore). */
export function indexDevice(state: LedgerState, device: DeviceRecord): void {
  state.payments.devices.set(device.key, device);
  state.payments.addIndex(state.payments.devicesByWallet, device.wallet, device.key);
}

function checkCounter(device: DeviceRecord, counter: number): void {
  if (!(Number.isSafeInteger(counter) && counter >= 0))
    throw new TongbaoError('device_statement_invalid', 'counter is a whole number', 'counter');
  if (counter < device.counter_max)
    throw new TongbaoError(
      'device_counter_stale',
      `the device counter ${counter} is behind voucher ${device.counter_max}, already settled`,
      'counter',
    );
}

function checkActive(device: DeviceRecord): void {
  if (device.status === 'retired')
    throw new TongbaoError('device_retired', `device ${device.id} is retired`, 'device');
  if (device.status === 'blocked')
    throw new TongbaoError(
      'device_blocked',
      `device ${device.id} is blocked: ${device.block_reason ?? ''}`,
      'device',
    );
}

/** Loading moves funds from the wallet into the reserve; unloading moves what the device still holds back. */
export function moveDevice(
  state: LedgerState,
  cmd: DeviceMoveCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): PaymentValue {
  const device = deviceOf(state, cmd.device, 'device');
  const load = cmd.type === 'device_load';
  const [debit, credit] = load ? [device.wallet, device.num] : [device.num, device.wallet];
  const kind = load ? EntryKind.offline_load : EntryKind.offline_unload;
  const existing = findExisting(state, cmd.id, known);
  if (existing !== undefined) {
    if (
      existing.kind !== kind ||
      existing.debit !== debit ||
      existing.credit !== credit ||
      existing.amount !== cmd.amount
    )
      throw new TongbaoError('id_conflict', `id ${cmd.id} was already used with a different body`, 'id');
    return { payment: 'device', key: device.key, row_seq: existing.seq, replayed: true };
  }
  checkActive(device);
  checkCounter(device, cmd.counter);
  const a = state.accounts;
  if (load) {
    checkCanPay(state, device.wallet, 'device');
    if (a.balance[device.num]! + cmd.amount > device.cap_amount)
      throw new TongbaoError(
        'offline_cap_exceeded',
        `the device may hold at most ${(device.cap_amount / 100).toFixed(2)} offline`,
        'amount',
      );
    checkOutflow(state, device.wallet, device.num, cmd.amount, ts);
    checkFunds(state, device.wallet, cmd.amount, 'amount');
  } else {
    checkCanReceive(state, device.wallet, 'device');
    checkFunds(state, device.num, cmd.amount, 'amount');
  }
  const row = makeRow(
    state.nextSeq(),
    cmd.id,
    kind,
    0,
    debit,
    credit,
    cmd.amount,
    currencyOf(state, device.num),
    ts,
    0,
    0,
    null,
    state,
  );
  state.emit(row);
  registrar.register(recordOf(row, cmd.id), row.id_hash);
  if (load) device.loaded += cmd.amount;
  else device.unloaded += cmd.amount;
  device.counter_base = Math.max(device.counter_base, cmd.counter);
  state.payments.touch({ kind: 'device', value: device });
  return { payment: 'device', key: device.key, row_seq: row.seq, replayed: false };
}

export function syncDevice(state: LedgerState, cmd: DeviceSyncCommand): PaymentValue {
  const device = deviceOf(state, cmd.device, 'device');
  checkActive(device);
  checkCounter(device, cmd.counter);
  if (cmd.counter > device.counter_base) {
    device.counter_base = cmd.counter;
    state.payments.touch({ kind: 'device', value: device });
  }
  return { payment: 'device', key: device.key, row_seq: null, replayed: false };
}

export function setDeviceStatus(state: LedgerState, cmd: DeviceStatusCommand, ts: number): PaymentValue {
  const device = deviceOf(state, cmd.device, 'device');
  if (device.status === 'retired' && cmd.status !== 'retired')
    throw new TongbaoError('device_retired', `device ${device.id} is retired`, 'device');
  if (cmd.status === 'retired' && device.status !== 'retired') {
    if (state.accounts.balance[device.num] !== 0)
      throw new TongbaoError(
        'device_not_empty',
        'unload the device (or let its vouchers settle) first',
        'device',
      );
    state.payments.adjustOpen(device.wallet, -1);
  }
  if (device.status !== cmd.status) {
    device.status = cmd.status;
    device.blocked_ts = cmd.status === 'blocked' ? ts : 0;
    device.block_reason = cmd.status === 'blocked' ? cmd.reason : null;
    state.payments.touch({ kind: 'device', value: device });
  }
  return { payment: 'device', key: device.key, row_seq: null, replayed: false };
}

/** Records a cheat and blocks the device: its reserve then pays only payees' vouchers, never its owner. */
function recordFraud(
  state: LedgerState,
  device: DeviceRecord,
  kind: FraudKind,
  ts: number,
  voucher: string,
  detail: string,
  uncovered: number,
): number {
  device.fraud_count += 1;
  device.frauds.push({ n: device.fraud_count, kind, ts, voucher, detail, uncovered });
  if (device.frauds.length > DEVICE_FRAUDS_KEPT_MAX) device.frauds.shift();
  if (device.status === 'active') {
    device.status = 'blocked';
    device.blocked_ts = ts;
    device.block_reason = kind;
  }
  state.payments.touch({ kind: 'device', value: device });
  return device.fraud_count;
}

export function reportFraud(state: LedgerState, cmd: DeviceFraudCommand, ts: number): PaymentValue {
  const device = deviceOf(state, cmd.device, 'device');
  const n = recordFraud(state, device, cmd.kind, ts, cmd.voucher, cmd.detail, 0);
  return { payment: 'fraud', key: device.key, n };
}

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

function currencyOf(state: LedgerState, num: number): string {
  return state.config.currencies[state.accounts.currency[num]!]!.code;
}
