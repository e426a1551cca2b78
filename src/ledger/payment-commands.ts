import type { RuleSpec } from './condition-rule.ts';
import type { ConditionKind, FraudKind, ScheduleUnit } from './payments-state.ts';

/**
 * Commands of hard wallets, conditions, schedules and merchant profiles, as the ledger receives them:
 * amounts in fen, times in ms, signatures already checked by src/payments (the ledger does no crypto:
 * it is told a device statement was verified, as it is told an amount was parsed).
 */
export interface RegisterDeviceCommand {
  readonly type: 'register_device';
  readonly wallet_id: string;
  /** SM2 public key, uncompressed hex; checked to be a curve point before it gets here. */
  readonly public_key: string;
  readonly label: string | null;
  readonly cap_amount: number;
  readonly cap_count: number;
}

/** Loading (wallet -> reserve) or unloading (reserve -> wallet); `counter` is from a verified device statement. */
export interface DeviceMoveCommand {
  readonly type: 'device_load' | 'device_unload';
  readonly id: string;
  readonly device: string;
  readonly amount: number;
  readonly counter: number;
}

/** An online sync with no money moved: the device's counter, from a verified statement. */
export interface DeviceSyncCommand {
  readonly type: 'device_sync';
  readonly device: string;
  readonly counter: number;
}

export interface DeviceStatusCommand {
  readonly type: 'device_status';
  readonly device: string;
  /** retired: the device is handed back (its reserve must be empty); final. */
  readonly status: 'active' | 'blocked' | 'retired';
  readonly reason: string;
}

/** A cheat found outside the ledger (a voucher whose signature does not verify): block the uploader. */
export interface DeviceFraudCommand {
  readonly type: 'device_fraud';
  readonly device: string;
  readonly kind: Extract<FraudKind, 'forged_signature'>;
  readonly voucher: string;
  readonly detail: string;
}

/** An offline voucher whose payer signature was verified, uploaded by either device. */
export interface SettleVoucherCommand {
  readonly type: 'settle_voucher';
  /** `ov/<payer device>/<counter>`: the journal id of the first voucher with this counter. */
  readonly id: string;
  readonly payer_device: string;
  readonly payee_device: string;
  readonly amount: number;
  readonly counter: number;
  /** What the payer device said it held after paying. */
  readonly balance_after: number;
  /** SM3 of the voucher's signed bytes (hex, 32 characters kept): tells a re-upload from a reused counter. */
  readonly digest: string;
  readonly uploaded_by: string;
}

export interface CreateConditionCommand {
  readonly type: 'create_condition';
  /** The client's id: the condition's id and the id of the row that locks its funds. */
  readonly id: string;
  readonly kind: ConditionKind;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly currency: string;
  readonly deadline: number;
  readonly release: RuleSpec | null;
  readonly unit_amount: number;
  readonly mcc: readonly string[];
  readonly regions: readonly string[];
  readonly memo: string | null;
}

export interface ConditionActionCommand {
  readonly type: 'condition_action';
  /** The client's id for money-moving actions (release, spend, cancel); sending it again returns the first result. */
  readonly id: string;
  readonly condition: string;
  readonly action: 'approve' | 'release' | 'spend' | 'cancel';
  /** The wallet acting (the API has checked the caller may act for it). */
  readonly by: string;
  readonly amount: number | null;
  /** spend: the merchant paid. */
  readonly to: string | null;
}

export interface CreateScheduleCommand {
  readonly type: 'create_schedule';
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly currency: string;
  readonly first_at: number;
  readonly unit: ScheduleUnit | null;
  readonly every: number;
  readonly count: number;
  readonly until: number;
  readonly memo: string | null;
}

export interface CancelScheduleCommand {
  readonly type: 'cancel_schedule';
  readonly schedule: string;
}

export interface MerchantProfileCommand {
  readonly type: 'merchant_profile';
  readonly wallet_id: string;
  readonly name: string;
  readonly name_zh: string | null;
  readonly city: string;
  readonly city_zh: string | null;
  readonly mcc: string;
  readonly region: string;
}

export type VoucherStatus = 'settled' | 'partially_settled' | 'uncovered';

/** What a payments command answers: the key of the object it acted on, and for vouchers the outcome. */
export type PaymentValue =
  | {
      readonly payment: 'device';
      readonly key: string;
      readonly row_seq: number | null;
      readonly replayed: boolean;
    }
  | {
      readonly payment: 'condition';
      readonly key: string;
      readonly row_seq: number | null;
      readonly replayed: boolean;
    }
  | { readonly payment: 'schedule'; readonly key: string; readonly replayed: boolean }
  | { readonly payment: 'merchant'; readonly key: string }
  | {
      readonly payment: 'voucher';
      readonly key: string;
      readonly voucher: string;
      readonly status: VoucherStatus;
      readonly paid: number;
      readonly shortfall: number;
      readonly row_seq: number | null;
      /** Cheats this voucher revealed (the payer device is then blocked). */
      readonly frauds: readonly FraudKind[];
      readonly replayed: boolean;
    }
  | { readonly payment: 'fraud'; readonly key: string; readonly n: number };

export function isPaymentValue(value: unknown): value is PaymentValue {
  return typeof value === 'object' && value !== null && 'payment' in value;
}
