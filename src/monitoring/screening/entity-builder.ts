import { ScreeningError } from './errors.ts';
import {
  MAX_FACTS_PER_ENTITY,
  MAX_NAME_LENGTH_CHARS,
  MAX_NAMES_PER_ENTITY,
  MAX_WATCHLIST_ENTITIES,
} from './limits.ts';
import type { EntityKind, WatchlistEntity } from './types.ts';

/** What loading a list did, for the operator: how much was kept and how much was left out and why. */
export interface LoadReport {
  readonly format: 'ftm' | 'un-xml';
  readonly entities: readonly WatchlistEntity[];
  /** Records read, including those skipped. */
  readonly records: number;
  /** Records of other schemas (sanctions, addresses, vessels) or without any usable name. */
  readonly skipped: number;
  /** Names dropped for length or past MAX_NAMES_PER_ENTITY. */
  readonly dropped_names: number;
}

const MAX_ENTITY_ID_CHARS = 256;

/** Collects entities from either loader with the same limits, de-duplication and id checks. */
export class EntityCollector {
  private readonly entities: WatchlistEntity[] = [];
  private readonly ids = new Set<string>();
  records = 0;
  skipped = 0;
  droppedNames = 0;

  constructor(readonly format: 'ftm' | 'un-xml') {}

  add(
    at: string,
    fields: {
      id: string;
      source: string;
      kind: EntityKind;
      names: string[];
      birthDates: string[];
      countries: string[];
    },
  ): void {
    const id = fields.id.trim();
    if (id.length === 0 || id.length > MAX_ENTITY_ID_CHARS) {
      throw new ScreeningError(
        'watchlist_invalid',
        `entity id must be 1 to ${MAX_ENTITY_ID_CHARS} characters`,
        at,
      );
    }
    if (this.ids.has(id)) throw new ScreeningError('watchlist_invalid', `duplicate entity id ${id}`, at);
    const names: string[] = [];
    for (const raw of fields.names) {
      const name = raw.replace(/\s+/g, ' ').trim();
      if (name.length === 0 || names.includes(name)) continue;
      if (name.length > MAX_NAME_LENGTH_CHARS || names.length >= MAX_NAMES_PER_ENTITY) this.droppedNames++;
      else names.push(name);
    }
    if (names.length === 0) {
      this.skipped++;
      return;
    }
    if (this.entities.length >= MAX_WATCHLIST_ENTITIES) {
      throw new ScreeningError(
        'watchlist_too_large',
        `a list may hold at most ${MAX_WATCHLIST_ENTITIES} entities`,
        at,
      );
    }
    this.ids.add(id);
    const birthDates = facts(fields.birthDates);
    const countries = facts(fields.countries);
    this.entities.push({
      id,
      source: fields.source,
      kind: fields.kind,
      names,
      ...(birthDates.length > 0 ? { birth_dates: birthDates } : {}),
      ...(countries.length > 0 ? { countries } : {}),
    });
  }

  report(): LoadReport {
    return {
      format: this.format,
      entities: this.entities,
      records: this.records,
      skipped: this.skipped,
      dropped_names: this.droppedNames,
    };
  }
}

function facts(values: readonly string[]): string[] {
  const kept = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed.length > 0 && trimmed.length <= MAX_NAME_LENGTH_CHARS) kept.add(trimmed);
  }
  return [...kept].slice(0, MAX_FACTS_PER_ENTITY);
}
