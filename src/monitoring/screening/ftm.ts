import { EntityCollector, type LoadReport } from './entity-builder.ts';
import { ScreeningError } from './errors.ts';
import { MAX_FTM_LINE_CHARS } from './limits.ts';
import { readLines } from './read-file.ts';
import type { EntityKind } from './types.ts';

/**
 * FollowTheMoney entities as OpenSanctions publishes them (entities.ftm.json, targets.nested.json):
 * one JSON object per line, `{"id", "schema", "properties": {"name": [...], ...}}`, every property a
 * list of strings (nested exports put objects in relationship properties, which are not read here).
 */
export const FTM_SOURCE = 'opensanctions';

/** Screenable schemata; Sanction, Address, Vessel and the rest are skipped. */
const SCHEMA_KIND: ReadonlyMap<string, EntityKind> = new Map([
  ['Person', 'person'],
  ['Company', 'organization'],
  ['Organization', 'organization'],
  ['LegalEntity', 'organization'],
  ['PublicBody', 'organization'],
]);

/** Full names. weakAlias ("Abu Ahmed", nicknames) is left out: it matches too many people. */
const NAME_PROPERTIES = ['name', 'alias', 'previousName'];
const NAME_PART_PROPERTIES = ['firstName', 'secondName', 'middleName', 'fatherName', 'lastName'];
const COUNTRY_PROPERTIES = ['nationality', 'citizenship', 'country', 'jurisdiction'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(properties: Record<string, unknown>, property: string, at: string): string[] {
  const value = properties[property];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ScreeningError('watchlist_invalid', `property ${property} must be a list of strings`, at);
  }
  return value;
}

/** Adds one FollowTheMoney line to the collector (or counts it as skipped). */
export function addFtmLine(collector: EntityCollector, text: string, at: string): void {
  if (text.trim().length === 0) return;
  collector.records++;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ScreeningError('watchlist_invalid', 'line is not valid JSON', at);
  }
  if (!isRecord(parsed)) throw new ScreeningError('watchlist_invalid', 'line is not a JSON object', at);
  const { id, schema, properties = {} } = parsed;
  if (typeof id !== 'string') throw new ScreeningError('watchlist_invalid', 'entity has no string id', at);
  if (typeof schema !== 'string')
    throw new ScreeningError('watchlist_invalid', 'entity has no string schema', at);
  if (!isRecord(properties))
    throw new ScreeningError('watchlist_invalid', 'properties must be an object', at);
  const kind = SCHEMA_KIND.get(schema);
  if (kind === undefined) {
    collector.skipped++;
    return;
  }
  const names = NAME_PROPERTIES.flatMap((property) => strings(properties, property, at));
  if (kind === 'person') {
    const parts = NAME_PART_PROPERTIES.map((property) => strings(properties, property, at)[0] ?? '');
    const composed = parts.filter((part) => part.trim().length > 0).join(' ');
    if (composed.length > 0) names.push(composed);
  }
  collector.add(at, {
    id,
    source: FTM_SOURCE,
    kind,
    names,
    birthDates: kind === 'person' ? strings(properties, 'birthDate', at) : [],
    countries: COUNTRY_PROPERTIES.flatMap((property) => strings(properties, property, at)),
  });
}

/** Parses FollowTheMoney JSON lines held in memory (tests, small lists). */
export function parseFtm(text: string, path = 'ftm'): LoadReport {
  const collector = new EntityCollector('ftm');
  text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .forEach((line, index) => {
      if (line.length > MAX_FTM_LINE_CHARS) {
        throw new ScreeningError(
          'watchlist_too_large',
          'line is longer than the limit',
          `${path}:${index + 1}`,
        );
      }
      addFtmLine(collector, line.replace(/\r$/, ''), `${path}:${index + 1}`);
    });
  return collector.report();
}

/** Streams a FollowTheMoney JSON lines file; memory holds one line and the kept entities. */
export async function readFtmFile(path: string): Promise<LoadReport> {
  const collector = new EntityCollector('ftm');
  const tooLong = (line: number) =>
    new ScreeningError('watchlist_too_large', 'line is longer than the limit', `${path}:${line}`);
  for await (const { line, text } of readLines(path, MAX_FTM_LINE_CHARS, tooLong)) {
    addFtmLine(collector, text, `${path}:${line}`);
  }
  return collector.report();
}
