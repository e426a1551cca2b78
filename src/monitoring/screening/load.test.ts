import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ScreeningError } from './errors.ts';
import { MAX_FTM_LINE_CHARS } from './limits.ts';
import { detectFormat, loadWatchlist, loadWatchlistReport } from './load.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tongbao-screening-load-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function code(path: string): Promise<string> {
  try {
    await loadWatchlist(path);
  } catch (error) {
    if (error instanceof ScreeningError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('loadWatchlist', () => {
  test('recognises the format by content, not by file name', async () => {
    const xmlNamedJson = join(dir, 'list.json');
    const jsonNamedXml = join(dir, 'list.xml');
    await writeFile(xmlNamedJson, await readFile(join(FIXTURES, 'sample-un.xml')));
    await writeFile(jsonNamedXml, '\uFEFF  {"id":"a","schema":"Person","properties":{"name":["Ann Lee"]}}\n');
    expect((await loadWatchlistReport(xmlNamedJson)).format).toBe('un-xml');
    expect((await loadWatchlistReport(jsonNamedXml)).format).toBe('ftm');
    expect(await loadWatchlist(join(FIXTURES, 'sample.ftm.jsonl'))).toHaveLength(13);
  });

  test('detectFormat looks past XML declarations and comments', () => {
    expect(detectFormat('<?xml version="1.0"?>\n<!-- generated -->\n<CONSOLIDATED_LIST>')).toBe('un-xml');
    expect(detectFormat('\n\n{"id":')).toBe('ftm');
    expect(detectFormat('<html>')).toBeNull();
    expect(detectFormat('id,name')).toBeNull();
    expect(detectFormat('')).toBeNull();
  });

  test('refuses unknown formats, missing files and directories with codes', async () => {
    const csv = join(dir, 'names.csv');
    await writeFile(csv, 'id,name\n1,Ann\n');
    expect(await code(csv)).toBe('watchlist_format_unknown');
    const empty = join(dir, 'empty');
    await writeFile(empty, '');
    expect(await code(empty)).toBe('watchlist_format_unknown');
    expect(await code(join(dir, 'missing.json'))).toBe('screening_file_unreadable');
    expect(await code(dir)).toBe('screening_file_unreadable');
  });

  test('refuses a malformed line in a streamed file with its line number', async () => {
    const path = join(dir, 'broken.json');
    await writeFile(path, '{"id":"a","schema":"Person","properties":{"name":["Ann"]}}\n{"id":"b",\n');
    await expect(loadWatchlist(path)).rejects.toMatchObject({ code: 'watchlist_invalid', at: `${path}:2` });
  });

  test('refuses a line longer than the limit before buffering all of it', async () => {
    const path = join(dir, 'long.json');
    const long = `{"id":"a","schema":"Person","properties":{"name":["${'x'.repeat(MAX_FTM_LINE_CHARS)}"]}}`;
    await writeFile(path, `{"id":"b","schema":"Person","properties":{"name":["Ann"]}}\n${long}\n`);
    await expect(loadWatchlist(path)).rejects.toMatchObject({ code: 'watchlist_too_large', at: `${path}:2` });
  });
});
