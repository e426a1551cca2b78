import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ScreeningError } from './errors.ts';
import { parseFtm, readFtmFile } from './ftm.ts';
import { MAX_NAMES_PER_ENTITY } from './limits.ts';

const SAMPLE = fileURLToPath(new URL('./fixtures/sample.ftm.jsonl', import.meta.url));

function failure(text: string): ScreeningError {
  try {
    parseFtm(text, 'list');
  } catch (error) {
    if (error instanceof ScreeningError) return error;
    throw error;
  }
  throw new Error('expected a ScreeningError');
}

describe('FollowTheMoney loader', () => {
  test('reads the sample: screenable schemata kept, others skipped, weak aliases left out', async () => {
    const report = await readFtmFile(SAMPLE);
    expect(report.format).toBe('ftm');
    expect(report.records).toBe(16);
    expect(report.skipped).toBe(3);
    expect(report.entities).toHaveLength(13);
    const zhang = report.entities.find((entity) => entity.id === 'tb-p-0001')!;
    expect(zhang).toEqual({
      id: 'tb-p-0001',
      source: 'opensanctions',
      kind: 'person',
      names: ['张伟', 'Zhang Wei', '張偉', 'ZHANG Wei', 'Wei Zhang'],
      birth_dates: ['1971-03-02'],
      countries: ['cn'],
    });
    const chen = report.entities.find((entity) => entity.id === 'tb-p-0002')!;
    expect(chen.names).not.toContain('Ah Wah');
    expect(report.entities.find((entity) => entity.id === 'tb-c-0003')!.kind).toBe('organization');
  });

  test('builds a name from name parts when there is no name property', () => {
    const line = JSON.stringify({
      id: 'p',
      schema: 'Person',
      properties: { firstName: ['Søren'], lastName: ['Østergård'] },
    });
    expect(parseFtm(line).entities[0]!.names).toEqual(['Søren Østergård']);
  });

  test('accepts CRLF, a BOM and blank lines, and counts unnamed entities as skipped', () => {
    const lines = [
      '\uFEFF{"id":"a","schema":"Company","properties":{"name":["Acme Ltd"]}}',
      '',
      '{"id":"b","schema":"Company"}',
    ];
    const report = parseFtm(lines.join('\r\n'));
    expect(report.entities.map((entity) => entity.id)).toEqual(['a']);
    expect(report.skipped).toBe(1);
  });

  test('drops names past the per-entity limit and counts them', () => {
    const names = Array.from({ length: MAX_NAMES_PER_ENTITY + 5 }, (_, i) => `Name Number ${i}`);
    const report = parseFtm(JSON.stringify({ id: 'x', schema: 'Person', properties: { name: names } }));
    expect(report.entities[0]!.names).toHaveLength(MAX_NAMES_PER_ENTITY);
    expect(report.dropped_names).toBe(5);
  });

  test('refuses malformed lines with a code and the line number', () => {
    const cases: [string, string][] = [
      ['{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}\n{not json', 'list:2'],
      ['["an", "array"]', 'list:1'],
      ['{"schema": "Person", "properties": {}}', 'list:1'],
      ['{"id": 7, "schema": "Person"}', 'list:1'],
      ['{"id": "a", "properties": {}}', 'list:1'],
      ['{"id": "a", "schema": "Person", "properties": []}', 'list:1'],
      ['{"id": "a", "schema": "Person", "properties": {"name": "A B"}}', 'list:1'],
      ['{"id": "a", "schema": "Person", "properties": {"name": ["A", 7]}}', 'list:1'],
      ['{"id": "a", "schema": "Person", "properties": {"name": ["A"], "birthDate": [1970]}}', 'list:1'],
      ['{"id": "  ", "schema": "Person", "properties": {"name": ["A"]}}', 'list:1'],
    ];
    for (const [text, at] of cases) {
      const error = failure(text);
      expect(error.code, text).toBe('watchlist_invalid');
      expect(error.at, text).toBe(at);
      expect(error.status).toBe(422);
    }
  });

  test('refuses duplicate ids', () => {
    const line = '{"id": "a", "schema": "Person", "properties": {"name": ["A"]}}';
    expect(failure(`${line}\n${line}`).message).toContain('duplicate entity id a');
  });
});
