import { TongbaoError } from '../errors/index.ts';
import { AccountKind } from './accounts.ts';
import type { Command } from './commands.ts';
import { conditionAction, conditionDue, createCondition, indexCondition } from './conditions.ts';
import { joinFamily } from './family.ts';
import {
  indexDevice,
  moveDevice,
  registerDevice,
  reportFraud,
  setDeviceStatus,
  syncDevice,
} from './offline.ts';
import type { MerchantProfileCommand, PaymentValue } from './payment-commands.ts';
import {
  type ConditionRecord,
  type DeviceRecord,
  DUE_PER_BATCH_MAX,
  type MerchantProfile,
  type ScheduleRecord,
  type StoredObject,
  type SubWalletRecord,
} from './payments-state.ts';
import { type KnownTransfers, walletNum } from './resolve.ts';
import { cancelSchedule, createSchedule, indexSchedule, scheduleDue } from './schedules.ts';
import type { LedgerState } from './state.ts';
import type { Registrar } from './transfers.ts';
import { settleVoucher } from './vouchers.ts';

/** EMV limits the merchant name and city to printable ASCII of 25 and 15 characters (template 64 carries Chinese). */
const ASCII_NAME = /^[\x20-\x7e]{1,25}$/;
const ASCII_CITY = /^[\x20-\x7e]{1,15}$/;
const LOCAL_TEXT = /^[^\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,25}$/u;
const MCC = /^[0-9]{4}$/;
const REGION = /^[0-9]{6}$/;

export const merchantKey = (num: number) => `merchant/${num}`;

export type PaymentCommand = Extract<
  Command,
  {
    type:
      | 'register_device'
      | 'device_load'
      | 'device_unload'
      | 'device_sync'
      | 'device_status'
      | 'device_fraud'
      | 'settle_voucher'
      | 'create_condition'
      | 'condition_action'
      | 'create_schedule'
      | 'cancel_schedule'
      | 'merchant_profile';
  }
>;

export function applyPayment(
  state: LedgerState,
  cmd: PaymentCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): PaymentValue {
  switch (cmd.type) {
    case 'register_device':
      return registerDevice(state, cmd, ts);
    case 'device_load':
    case 'device_unload':
      return moveDevice(state, cmd, ts, known, registrar);
    case 'device_sync':
      return syncDevice(state, cmd);
    case 'device_status':
      return setDeviceStatus(state, cmd, ts);
    case 'device_fraud':
      return reportFraud(state, cmd, ts);
    case 'settle_voucher':
      return settleVoucher(state, cmd, ts, known, registrar);
    case 'create_condition':
      return createCondition(state, cmd, ts, known, registrar);
    case 'condition_action':
      return conditionAction(state, cmd, ts, known, registrar);
    case 'create_schedule':
      return createSchedule(state, cmd, ts);
    case 'cancel_schedule':
      return cancelSchedule(state, cmd);
    case 'merchant_profile':
      return setMerchantProfile(state, cmd, ts);
  }
}

/** A merchant's name, city, category and region: what its QR codes show and what grants are checked against. */
export function setMerchantProfile(
  state: LedgerState,
  cmd: MerchantProfileCommand,
  ts: number,
): PaymentValue {
  const num = walletNum(state, cmd.wallet_id, 'wallet_id');
  const kind = state.accounts.kind[num];
  if (kind !== AccountKind.merchant && kind !== AccountKind.corporate)
    throw new TongbaoError(
      'wallet_kind_invalid',
      'merchant profiles are for merchant and corporate wallets',
      'wallet_id',
    );
  const bad = (field: string, detail: string) => new TongbaoError('merchant_profile_invalid', detail, field);
  if (!ASCII_NAME.test(cmd.name))
    throw bad('name', 'name is 1-25 printable ASCII characters (put Chinese in name_zh)');
  if (!ASCII_CITY.test(cmd.city))
    throw bad('city', 'city is 1-15 printable ASCII characters (put Chinese in city_zh)');
  if (cmd.name_zh !== null && !LOCAL_TEXT.test(cmd.name_zh))
    throw bad('name_zh', 'name_zh is 1-25 characters, no control characters');
  if (cmd.city_zh !== null && (!LOCAL_TEXT.test(cmd.city_zh) || [...cmd.city_zh].length > 15))
    throw bad('city_zh', 'city_zh is 1-15 characters, no control characters');
  if (cmd.city_zh !== null && cmd.name_zh === null)
    throw bad('name_zh', 'a Chinese city needs a Chinese name');
  if (!MCC.test(cmd.mcc)) throw bad('mcc', 'mcc is a four-digit merchant category code');
  if (!REGION.test(cmd.region)) throw bad('region', 'region is a six-digit GB/T 2260 division code');
  const profile: MerchantProfile = {
    key: merchantKey(num),
    wallet: num,
    name: cmd.name,
    name_zh: cmd.name_zh,
    city: cmd.city,
    city_zh: cmd.city_zh,
    mcc: cmd.mcc,
    region: cmd.region,
    updated_ts: ts,
  };
  state.payments.merchants.set(num, profile);
  state.payments.touch({ kind: 'merchant', value: profile });
  return { payment: 'merchant', key: profile.key };
}

/** Does the timed work that is due (condition deadlines and dates, schedule runs), at most `max` items. */
export function runDue(
  state: LedgerState,
  ts: number,
  registrar: Registrar,
  max = DUE_PER_BATCH_MAX,
): number {
  let done = 0;
  while (done < max) {
    const item = state.payments.popDue(ts);
    if (item === undefined) break;
    if (item.key.startsWith('condition/')) conditionDue(state, item.key, ts, registrar);
    else scheduleDue(state, item.key, ts, registrar);
    done += 1;
  }
  return done;
}

/**
 * Loads one stored object on restart (or for an offline verification), before the journal tail is
 * replayed: sub-wallet families must be known for usage to replay as it was counted.
 */
export function restoreObject(state: LedgerState, stored: StoredObject): void {
  const body: unknown = JSON.parse(stored.body);
  switch (stored.kind) {
    case 'device':
      indexDevice(state, body as DeviceRecord);
      if ((body as DeviceRecord).status !== 'retired')
        state.payments.adjustOpen((body as DeviceRecord).wallet, 1);
      return;
    case 'condition':
      indexCondition(state, body as ConditionRecord);
      return;
    case 'schedule':
      indexSchedule(state, body as ScheduleRecord);
      return;
    case 'merchant':
      state.payments.merchants.set((body as MerchantProfile).wallet, body as MerchantProfile);
      return;
    case 'sub_wallet':
      joinFamily(state, body as SubWalletRecord);
      return;
  }
  throw new Error(`stored payments object ${stored.key} has an unknown kind ${String(stored.kind)}`);
}
