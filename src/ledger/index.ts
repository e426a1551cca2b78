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
export type { PendingRecord } from './pending.ts';
export { currentStatus, type KnownTransfers, recentById } from './resolve.ts';
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
