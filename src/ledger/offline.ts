import { TongbaoError } from '../errors/index.ts';
import { AccountKind } from './accounts.ts';
import { checkOutflow } from './family.ts';
import { EntryKind } from './journal.ts';
import { recordMove } from './offline-chain.ts';
import type {
  DeviceFraudCommand,
  DeviceMoveCommand,
  DeviceStatusCommand,
  DeviceSyncCommand,
  PaymentValue,
  RegisterDeviceCommand,
} from './payment-commands.ts';
import { DEVICE_FRAUDS_KEPT_MAX, DEVICES_MAX, type DeviceRecord, type FraudKind } from './payments-state.ts';
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
    chain: [],
    moves: [],
    moves_floor: 0,
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
  // On restore the stored owner is already set: it is kept, so checkInvariants compares the two.
  if (state.accounts.owner[device.num] === 0) state.accounts.owner[device.num] = device.wallet;
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
  recordMove(device, cmd.counter, load ? cmd.amount : -cmd.amount);
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
export function recordFraud(
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

export function currencyOf(state: LedgerState, num: number): string {
  return state.config.currencies[state.accounts.currency[num]!]!.code;
}
