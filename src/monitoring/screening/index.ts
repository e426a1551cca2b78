export { blockingKeys, CandidateIndex } from './candidate-index.ts';
export { compareNames } from './compare.ts';
export type { LoadReport } from './entity-builder.ts';
export {
  isScreeningError,
  SCREENING_ERROR_STATUS,
  ScreeningError,
  type ScreeningErrorCode,
} from './errors.ts';
export {
  type LabelledPair,
  loadPairs,
  type Metrics,
  metricsAt,
  parsePairs,
  type ScoredPair,
  scorePairs,
  splitOf,
} from './evaluate.ts';
export { FTM_SOURCE, parseFtm, readFtmFile } from './ftm.ts';
export * from './limits.ts';
export { detectFormat, loadWatchlist, loadWatchlistReport, type WatchlistFormat } from './load.ts';
export { type PreparedName, prepareName } from './prepare.ts';
export { type RunScreenOptions, type RunScreenResult, runScreen } from './run-screen.ts';
export { Screener, type ScreenerOptions } from './screener.ts';
export type { EntityKind, MatchMethod, NameMatch, ScreeningHit, WatchlistEntity } from './types.ts';
export { parseUnXml, UN_SOURCE } from './un-xml.ts';
