/** Supervision inside the node: the monitoring follower, screening of wallets, their configuration. */
export { AccountDirectory } from './account-directory.ts';
export {
  COUNTERPARTY_TYPOLOGY,
  CounterpartyAlerts,
  type WatchedWallet,
  WatchedWallets,
} from './counterparty-alerts.ts';
export { type HitDecision, REVIEW_NOTE_MAX_LENGTH, reviewHit } from './hit-review.ts';
export { JournalEvents } from './journal-events.ts';
export * from './limits.ts';
export { type FollowerStatus, MONITORING_FOLLOWER, MonitorFollower } from './monitor-follower.ts';
export { startSupervision, supervisionNotice } from './node.ts';
export {
  HOLDER_WAIT_MS,
  type HolderNames,
  OPENING_CURSOR,
  ScreeningService,
  type ScreeningStatus,
  type WalletActions,
} from './screening-service.ts';
export {
  engineActions,
  Supervision,
  type SupervisionOptions,
  type SupervisionStatus,
  supervisionOf,
} from './supervision.ts';
export {
  DEFAULT_RULES_PATH,
  loadSupervisionConfig,
  parseSupervisionConfig,
  type SupervisionConfig,
} from './supervision-config.ts';
