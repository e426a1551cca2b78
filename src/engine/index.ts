export { ACCOUNT_WALK_ROWS_MAX, Engine, type EngineOptions, type EngineStats } from './engine.ts';
export {
  FOLLOWER_BUFFER_BATCHES_MAX,
  FOLLOWER_FLUSH_INTERVAL_MS,
  type JournalFollower,
} from './followers.ts';
export * from './limits.ts';
export { type LoadReport, loadLedger } from './loader.ts';
export { fetchByIds, recordFromRows } from './lookup.ts';
export { VERIFY_PROBLEMS_MAX, type VerifyReport, verifyStore } from './verify.ts';
