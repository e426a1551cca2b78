import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { CsvReader } from './csv.ts';
import { isScreeningError, ScreeningError } from './errors.ts';
import { DEFAULT_ALERT_THRESHOLD, MAX_NAME_ID_CHARS, MAX_SCREEN_CSV_ROWS } from './limits.ts';
import { loadWatchlist } from './load.ts';
import { readChunks, unreadable } from './read-file.ts';
import { checkThreshold, Screener } from './screener.ts';

export interface RunScreenOptions {
  /** Watch list file: FollowTheMoney JSON lines or UN consolidated list XML. */
  readonly list: string;
  /** CSV with a header naming `id` and `name` columns (others are ignored). */
  readonly names: string;
  /** Output file: one JSON line per candidate {"name_id", "entity_id", "score"}. */
  readonly out: string;
  /** Candidates at or above this score are written; default 0.7 (the alert threshold). */
  readonly threshold?: number;
}

export interface RunScreenResult {
  /** Names screened. */
  readonly names: number;
  /** Candidate lines written. */
  readonly candidates: number;
}

/** Scores go out floored to 4 decimals, so a written score is never above the computed one. */
function outputScore(score: number): number {
  return Math.floor(score * 10_000) / 10_000;
}

function columns(header: readonly string[], source: string): { id: number; name: number } {
  const lower = header.map((cell) => cell.trim().toLowerCase());
  const id = lower.indexOf('id');
  const name = lower.indexOf('name');
  if (id < 0 || name < 0) {
    throw new ScreeningError(
      'screening_input_invalid',
      'the header must name an id and a name column',
      `${source}:1`,
    );
  }
  return { id, name };
}

/**
 * Screens every name of a CSV against a watch list and writes the candidates as JSON lines, in input
 * order, best first within a name. The output appears under its final name only once complete.
 */
export async function runScreen(options: RunScreenOptions): Promise<RunScreenResult> {
  const threshold = checkThreshold(options.threshold ?? DEFAULT_ALERT_THRESHOLD);
  const screener = new Screener(await loadWatchlist(options.list), { threshold });
  const partial = `${options.out}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const failed = once(out, 'error').then(([error]) => {
    throw unreadable(options.out, error);
  });
  failed.catch(() => undefined);
  let names = 0;
  let candidates = 0;
  let header: { id: number; name: number } | null = null;
  const reader = new CsvReader(options.names);
  const handle = async (line: number, fields: string[]): Promise<void> => {
    if (header === null) {
      header = columns(fields, options.names);
      return;
    }
    if (fields.length === 1 && fields[0]!.trim() === '') return;
    const at = `${options.names}:${line}`;
    if (fields.length <= Math.max(header.id, header.name)) {
      throw new ScreeningError('screening_input_invalid', 'the row has fewer fields than the header', at);
    }
    const id = fields[header.id]!.trim();
    if (id.length === 0 || id.length > MAX_NAME_ID_CHARS) {
      throw new ScreeningError(
        'screening_input_invalid',
        `the id must be 1 to ${MAX_NAME_ID_CHARS} characters`,
        at,
      );
    }
    if (++names > MAX_SCREEN_CSV_ROWS) {
      throw new ScreeningError(
        'screening_input_too_large',
        `at most ${MAX_SCREEN_CSV_ROWS} names per file`,
        at,
      );
    }
    let hits: ReturnType<Screener['screen']>;
    try {
      hits = screener.screen(fields[header.name]!);
    } catch (error) {
      if (isScreeningError(error)) throw new ScreeningError('screening_input_invalid', error.message, at);
      throw error;
    }
    for (const hit of hits) {
      const record = { name_id: id, entity_id: hit.entity_id, score: outputScore(hit.score) };
      candidates++;
      if (!out.write(`${JSON.stringify(record)}\n`)) await Promise.race([once(out, 'drain'), failed]);
    }
  };
  try {
    for await (const chunk of readChunks(options.names)) {
      for (const record of reader.push(chunk)) await handle(record.line, record.fields);
    }
    for (const record of reader.end()) await handle(record.line, record.fields);
    if (header === null)
      throw new ScreeningError('screening_input_invalid', 'the file is empty', options.names);
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    await rename(partial, options.out);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  return { names, candidates };
}
