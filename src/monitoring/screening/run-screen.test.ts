import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runScreen } from './run-screen.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const LIST = join(FIXTURES, 'sample.ftm.jsonl');
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tongbao-screen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function lines(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('runScreen', () => {
  test('screens the sample CSV and writes one JSON line per candidate at or above the threshold', async () => {
    const out = join(dir, 'hits.jsonl');
    const result = await runScreen({ list: LIST, names: join(FIXTURES, 'sample-names.csv'), out });
    expect(result).toEqual({ names: 7, candidates: 5 });
    const written = await lines(out);
    expect(written).toEqual([
      { name_id: 'w-1', entity_id: 'tb-p-0001', score: 1 },
      { name_id: 'w-2', entity_id: 'tb-p-0003', score: 0.95 },
      { name_id: 'w-3', entity_id: 'tb-c-0002', score: 1 },
      { name_id: 'w-4', entity_id: 'tb-p-0001', score: 1 },
      { name_id: 'w-6', entity_id: 'tb-c-0001', score: 1 },
    ]);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  test('writes more candidates at a lower floor, every score within [floor, 1]', async () => {
    const out = join(dir, 'floor.jsonl');
    const result = await runScreen({
      list: LIST,
      names: join(FIXTURES, 'sample-names.csv'),
      out,
      threshold: 0.2,
    });
    const written = await lines(out);
    expect(written.length).toBe(result.candidates);
    // Zhang Wen is one syllable away from Zhang Wei: below the alert threshold, above this floor.
    expect(written).toContainEqual({ name_id: 'w-7', entity_id: 'tb-p-0001', score: 0.25 });
    for (const line of written) {
      expect(Object.keys(line)).toEqual(['name_id', 'entity_id', 'score']);
      expect(line.score).toBeGreaterThanOrEqual(0.2);
      expect(line.score).toBeLessThanOrEqual(1);
    }
  });

  test('screens against a UN XML list as well', async () => {
    const names = join(dir, 'un-names.csv');
    await writeFile(names, 'name,id,note\n刘德明,n1,x\n"Lefevre, Helene",n2,y\n');
    const out = join(dir, 'un.jsonl');
    await runScreen({ list: join(FIXTURES, 'sample-un.xml'), names, out });
    expect(await lines(out)).toEqual([
      { name_id: 'n1', entity_id: '9900001', score: 1 },
      { name_id: 'n2', entity_id: '9900002', score: 1 },
    ]);
  });

  test('refuses bad input with codes and leaves no output behind', async () => {
    const cases: [string, string][] = [
      ['', 'screening_input_invalid'],
      ['name,other\nAnn,1\n', 'screening_input_invalid'],
      ['id,name\n,Ann Lee\n', 'screening_input_invalid'],
      ['id,name\n1\n', 'screening_input_invalid'],
      ['id,name\n1,"--"\n', 'screening_input_invalid'],
      ['id,name\n1,"unterminated\n', 'screening_input_invalid'],
    ];
    for (const [csv, code] of cases) {
      const names = join(dir, 'bad.csv');
      const out = join(dir, 'bad.jsonl');
      await writeFile(names, csv);
      await expect(runScreen({ list: LIST, names, out }), csv).rejects.toMatchObject({ code });
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.partial`)).toBe(false);
    }
  });

  test('refuses a bad threshold, a missing names file and an unknown list format', async () => {
    const out = join(dir, 'x.jsonl');
    const names = join(FIXTURES, 'sample-names.csv');
    await expect(runScreen({ list: LIST, names, out, threshold: 1.5 })).rejects.toMatchObject({
      code: 'screening_threshold_invalid',
    });
    await expect(runScreen({ list: LIST, names: join(dir, 'none.csv'), out })).rejects.toMatchObject({
      code: 'screening_file_unreadable',
    });
    await expect(
      runScreen({ list: LIST, names, out: join(dir, 'no-such-dir', 'x.jsonl') }),
    ).rejects.toMatchObject({
      code: 'screening_file_unreadable',
    });
    const csvAsList = join(dir, 'list.csv');
    await copyFile(names, csvAsList);
    await expect(runScreen({ list: csvAsList, names, out })).rejects.toMatchObject({
      code: 'watchlist_format_unknown',
    });
  });
});
