import { CandidateIndex } from './candidate-index.ts';
import { compareNames, scoreNames } from './compare.ts';
import { ScreeningError } from './errors.ts';
import {
  DEFAULT_ALERT_THRESHOLD,
  MAX_CANDIDATES_SCORED,
  MAX_HITS_PER_QUERY,
  MAX_NAME_LENGTH_CHARS,
  MAX_NAMES_PER_ENTITY,
  MAX_WATCHLIST_ENTITIES,
} from './limits.ts';
import { type PreparedName, prepareName, type TokenCache } from './prepare.ts';
import type { ScreeningHit, WatchlistEntity } from './types.ts';

export interface ScreenerOptions {
  /** Hits below this score are not returned; default 0.7. */
  readonly threshold?: number;
  /** At most this many hits per name; default and ceiling MAX_HITS_PER_QUERY. */
  readonly maxHits?: number;
}

interface Loaded {
  readonly entities: readonly WatchlistEntity[];
  /** Parallel arrays over every usable list name. */
  readonly names: readonly PreparedName[];
  readonly entityOfName: Int32Array;
  readonly index: CandidateIndex;
}

export function checkThreshold(threshold: unknown, field = 'threshold'): number {
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new ScreeningError('screening_threshold_invalid', 'threshold must be a number from 0 to 1', field);
  }
  return threshold;
}

function build(entities: readonly WatchlistEntity[]): Loaded {
  if (entities.length > MAX_WATCHLIST_ENTITIES) {
    throw new ScreeningError(
      'watchlist_too_large',
      `a list may hold at most ${MAX_WATCHLIST_ENTITIES} entities`,
    );
  }
  const names: PreparedName[] = [];
  const owners: number[] = [];
  const tokens: TokenCache = new Map();
  entities.forEach((entity, entityIndex) => {
    for (const name of entity.names.slice(0, MAX_NAMES_PER_ENTITY)) {
      if (name.length > MAX_NAME_LENGTH_CHARS) continue;
      const prepared = prepareName(name, entity.kind, tokens);
      if (prepared === null) continue;
      names.push(prepared);
      owners.push(entityIndex);
    }
  });
  return { entities, names, entityOfName: Int32Array.from(owners), index: new CandidateIndex(names) };
}

/**
 * Screens names against one watch list held in memory. `reload` builds the new index before swapping it
 * in, so a screening in progress never sees half a list.
 */
export class Screener {
  private loaded: Loaded;
  private readonly threshold: number;
  private readonly maxHits: number;

  constructor(entities: readonly WatchlistEntity[], options: ScreenerOptions = {}) {
    this.threshold = checkThreshold(options.threshold ?? DEFAULT_ALERT_THRESHOLD);
    this.maxHits = Math.max(
      1,
      Math.min(MAX_HITS_PER_QUERY, Math.floor(options.maxHits ?? MAX_HITS_PER_QUERY)),
    );
    this.loaded = build(entities);
  }

  reload(entities: readonly WatchlistEntity[]): void {
    this.loaded = build(entities);
  }

  /** Entities and searchable names currently loaded. */
  get size(): { entities: number; names: number } {
    return { entities: this.loaded.entities.length, names: this.loaded.names.length };
  }

  /** Hits at or above the threshold, best first (ties by entity id), one per entity. */
  screen(name: string, threshold: number = this.threshold): ScreeningHit[] {
    checkThreshold(threshold);
    if (typeof name !== 'string' || name.trim().length === 0) {
      throw new ScreeningError('screening_name_invalid', 'the name to screen is empty', 'name');
    }
    if (name.length > MAX_NAME_LENGTH_CHARS) {
      throw new ScreeningError(
        'screening_name_invalid',
        `names are at most ${MAX_NAME_LENGTH_CHARS} characters`,
        'name',
      );
    }
    const query = prepareName(name);
    if (query === null) {
      throw new ScreeningError('screening_name_invalid', 'the name has no letters or digits', 'name');
    }
    const { entities, names, entityOfName, index } = this.loaded;
    // Best name per entity; on equal scores the literal match explains itself best.
    const best = new Map<number, { name: number; score: number }>();
    for (const candidate of index.candidates(query, MAX_CANDIDATES_SCORED)) {
      const score = scoreNames(query, names[candidate]!);
      if (score < threshold) continue;
      const entityIndex = entityOfName[candidate]!;
      const previous = best.get(entityIndex);
      if (previous === undefined || score > previous.score) best.set(entityIndex, { name: candidate, score });
    }
    const hits = [...best.entries()].map(([entityIndex, { name }]): ScreeningHit => {
      const entity = entities[entityIndex]!;
      const match = compareNames(query, names[name]!);
      return { ...match, entity_id: entity.id, source: entity.source, kind: entity.kind };
    });
    return hits
      .sort(
        (a, b) => b.score - a.score || (a.entity_id < b.entity_id ? -1 : a.entity_id > b.entity_id ? 1 : 0),
      )
      .slice(0, this.maxHits);
  }
}
