export { type BooksFigures, booksFigures, HOLDING_KINDS, type HoldingKind } from './books.ts';
export { isPayment, STATS_FOLLOWER_NAME, StatsFollower } from './follower.ts';
export { type LiveStats, StatsHub, type StatsSubscriber, type SupervisionFigures, statsFor } from './hub.ts';
export * from './limits.ts';
export { RateSeries, recentRate, type SeriesWindow } from './series.ts';
