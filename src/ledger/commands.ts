import type { TongbaoError } from '../errors/index.ts';
import type { WalletKindName } from './accounts.ts';
import type {
  CancelScheduleCommand,
  ConditionActionCommand,
  CreateConditionCommand,
  CreateScheduleCommand,
  DeviceFraudCommand,
  DeviceMoveCommand,
  DeviceStatusCommand,
  DeviceSyncCommand,
  MerchantProfileCommand,
  PaymentValue,
  RegisterDeviceCommand,
  SettleVoucherCommand,
} from './payment-commands.ts';

/** Commands as the ledger receives them: amounts already parsed to minor units, ids still as text. */
export interface TransferCommand {
  readonly type: 'transfer';
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: number;
  readonly currency: string;
  readonly pending: boolean;
  /** 0 = no timeout. Only pending transfers may have one. */
  readonly timeout_s: number;
  readonly memo: string | null;
}

export interface PostCommand {
  readonly type: 'post';
  readonly pending_id: string;
  /** null posts the full pending amount. */
  readonly amount: number | null;
}

export interface VoidCommand {
  readonly type: 'void';
  readonly pending_id: string;
}

export interface IssueCommand {
  readonly type: 'issue' | 'redeem';
  readonly id: string;
  readonly operator_id: string;
  readonly amount: number;
  readonly currency: string;
}

export interface ExchangeCommand {
  readonly type: 'exchange';
  readonly id: string;
  readonly wallet_id: string;
  readonly direction: 'in' | 'out';
  readonly amount: number;
}

export interface RegisterOperatorCommand {
  readonly type: 'register_operator';
  readonly id: string;
  readonly name: string;
  readonly issuance_quota: number;
  readonly reserve: number;
}

export interface OpenWalletCommand {
  readonly type: 'open_wallet';
  readonly operator_id: string;
  readonly kind: WalletKindName;
  /** 1-4 for personal wallets, 0 otherwise. */
  readonly category: number;
  readonly currency: string;
  /** Holder details as the API stored them (opaque to the ledger; sealed by the security layer). */
  readonly holder: string | null;
  /** A sub-wallet: its parent wallet id, its own limits (fen, null = the parent's) and a label. */
  readonly sub_wallet?: {
    readonly parent: string;
    readonly label: string | null;
    readonly limits: {
      readonly balance_cap: number | null;
      readonly single_payment: number | null;
      readonly daily_total: number | null;
      readonly annual_total: number | null;
    };
  };
}

export interface ChangeCategoryCommand {
  readonly type: 'change_category';
  readonly wallet_id: string;
  readonly category: number;
}

export interface CloseWalletCommand {
  readonly type: 'close_wallet';
  readonly wallet_id: string;
}

export interface FreezeCommand {
  readonly type: 'freeze';
  readonly wallet_id: string;
  readonly mode: 'out' | 'all';
  readonly reason: string;
  readonly reference: string | null;
}

export interface UnfreezeCommand {
  readonly type: 'unfreeze';
  readonly wallet_id: string;
  readonly reason: string;
}

export type Command =
  | TransferCommand
  | PostCommand
  | VoidCommand
  | IssueCommand
  | ExchangeCommand
  | RegisterOperatorCommand
  | OpenWalletCommand
  | ChangeCategoryCommand
  | CloseWalletCommand
  | FreezeCommand
  | UnfreezeCommand
  | RegisterDeviceCommand
  | DeviceMoveCommand
  | DeviceSyncCommand
  | DeviceStatusCommand
  | DeviceFraudCommand
  | SettleVoucherCommand
  | CreateConditionCommand
  | ConditionActionCommand
  | CreateScheduleCommand
  | CancelScheduleCommand
  | MerchantProfileCommand;

export type TransferStatus = 'posted' | 'pending' | 'voided' | 'expired';

/** A money movement as clients see it: the row that created it plus its current resolution. */
export interface TransferRecord {
  readonly seq: number;
  readonly id: string;
  readonly kind: number;
  readonly debit: number;
  readonly credit: number;
  readonly amount: number;
  readonly currency: string;
  readonly ts: number;
  readonly pending: boolean;
  readonly expires_at: number;
  readonly memo: string | null;
  readonly status: TransferStatus;
  /** For a posted pending transfer: the amount actually moved. */
  readonly posted_amount: number | null;
  readonly resolved_ts: number | null;
  /** True when this is the first result returned again for a repeated id. */
  readonly replayed: boolean;
}

export interface AccountRef {
  readonly num: number;
}

export interface OperatorRef {
  readonly operator: number;
}

export type CommandValue = TransferRecord | AccountRef | OperatorRef | PaymentValue;

export type CommandResult =
  | { readonly ok: true; readonly value: CommandValue }
  | { readonly ok: false; readonly error: TongbaoError };
