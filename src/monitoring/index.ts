/**
 * Monitoring: AML rules over the committed journal. Public surface for the node (a journal follower
 * feeds `Monitor.process` and persists the alerts it returns) and for `tongbao backtest`.
 * (Name screening lives in ./screening and has its own index.)
 */
export type { Alert, AlertKind, AlertReason, AlertTransfer } from './alerts/alert.ts';
export { alertId } from './alerts/alert.ts';
export type { BacktestOptions, BacktestResult } from './backtest/run.ts';
export { runBacktest } from './backtest/run.ts';
export type { Crossed } from './detectors/detector.ts';
export { MONITORING_ERRORS, MonitoringError, type MonitoringErrorCode } from './errors.ts';
export { DEFAULT_LIMITS, Monitor, type MonitorLimits, type MonitorStats } from './monitor.ts';
export { loadRuleSet, parseRuleSet } from './rules/load.ts';
export type { Rule, RuleSet, RuleType, TypologyDef } from './rules/types.ts';
export { validateRuleSet } from './rules/validate.ts';
export type { PartyInfo, TransferEvent, WalletKind } from './transfer-event.ts';
