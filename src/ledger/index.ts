export {
  ACCOUNT_KIND_NAMES,
  ACCOUNT_STATUS_NAMES,
  ACCOUNTS_MAX,
  AccountKind,
  type AccountKindCode,
  AccountStatus,
  isWalletKind,
  type WalletKindName,
} from './accounts.ts';
export {
  type AccountSnapshot,
  beginRestore,
  type CheckpointData,
  CheckpointTracker,
  finishRestore,
  type OperatorCounters,
  type RestoredAccount,
  type RestoredOperator,
  restoreAccount,
  restoreState,
} from './checkpoint.ts';
export type {
  AccountRef,
  Command,
  CommandResult,
  CommandValue,
  ExchangeCommand,
  IssueCommand,
  OpenWalletCommand,
  OperatorRef,
  PostCommand,
  RegisterOperatorCommand,
  TransferCommand,
  TransferRecord,
  TransferStatus,
  VoidCommand,
} from './commands.ts';
export {
  type ConditionRule,
  compileRule,
  evaluateRule,
  RULE_DEPTH_MAX,
  RULE_LEAVES_MAX,
  RULE_TERMS_MAX,
  type RuleSpec,
  ruleSpecOf,
} from './condition-rule.ts';
export { CONDITION_CODES_MAX, CONDITION_TERM_MS_MAX, conditionKey } from './conditions.ts';
export { familyHolding, familyOf, SUB_LABEL_MAX_LENGTH, subWalletKey } from './family.ts';
export { hashId, IdIndex } from './id-index.ts';
export {
  ENTRY_KIND_NAMES,
  EntryFlag,
  EntryKind,
  type EntryKindName,
  isPendingRow,
  type JournalRow,
} from './journal.ts';
export {
  BATCH_COMMANDS_MAX,
  type BatchOutput,
  EXPIRIES_PER_BATCH_MAX,
  Ledger,
  type Submission,
} from './ledger.ts';
export {
  DEVICE_CAP_AMOUNT_DEFAULT,
  DEVICE_CAP_AMOUNT_MAX,
  DEVICE_CAP_COUNT_DEFAULT,
  DEVICE_CAP_COUNT_MAX,
  DEVICE_LABEL_MAX_LENGTH,
  deviceKey,
  reusedVoucherId,
  voucherId,
} from './offline.ts';
export * from './payment-commands.ts';
export { merchantKey, runDue } from './payments.ts';
export {
  CONDITION_HISTORY_MAX,
  CONDITIONS_MAX,
  type ConditionKind,
  type ConditionRecord,
  DEVICES_MAX,
  type DeviceRecord,
  DUE_PER_BATCH_MAX,
  type FraudEvent,
  type FraudKind,
  type MerchantProfile,
  SCHEDULES_MAX,
  type ScheduleRecord,
  type ScheduleUnit,
  type StoredObject,
  SUB_WALLETS_MAX,
  type SubWalletRecord,
} from './payments-state.ts';
export { checkPaymentObjects } from './payments-views.ts';
export type { PendingRecord } from './pending.ts';
export { currentStatus, type KnownTransfers, recentById } from './resolve.ts';
export {
  occurrence,
  SCHEDULE_FAILURES_MAX,
  SCHEDULE_HORIZON_MS_MAX,
  SCHEDULE_RUNS_MAX,
  scheduleKey,
} from './schedules.ts';
export { type LedgerState, type OperatorState, PENDING_MAX, RECENT_TRANSFERS_MAX } from './state.ts';
export { PENDING_TIMEOUT_S_MAX } from './transfers.ts';
export { OPERATOR_ID_PATTERN, OPERATOR_NAME_MAX_LENGTH } from './treasury.ts';
export {
  accountId,
  checkInvariants,
  type OperatorBooks,
  type Reconciliation,
  reconcile,
  type WalletView,
  walletView,
} from './views.ts';
export { formatWalletId, parseWalletId, WALLET_ID_LENGTH } from './wallet-id.ts';
export { type AccountEvent, type AccountEventType, FREEZE_REASON_MAX_LENGTH } from './wallets.ts';
