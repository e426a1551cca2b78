import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { CsvReader } from './csv.ts';
import { ScreeningError } from './errors.ts';
import { MAX_CSV_FIELD_CHARS } from './limits.ts';

function parse(text: string, chunks: number[] = []): string[][] {
  const reader = new CsvReader('names.csv');
  const out: string[][] = [];
  let start = 0;
  for (const end of [...chunks, text.length]) {
    for (const record of reader.push(text.slice(start, end))) out.push(record.fields);
    start = end;
  }
  for (const record of reader.end()) out.push(record.fields);
  return out;
}

function failure(text: string): ScreeningError {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof ScreeningError) return error;
    throw error;
  }
  throw new Error('expected a ScreeningError');
}

function encode(field: string): string {
  return /[",\n\r]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

describe('CsvReader', () => {
  test('reads quoted fields with commas, quotes and line breaks, and drops a BOM', () => {
    const text = '\uFEFFid,name\r\n1,"Smith, John"\r\n2,"Mary ""Molly"" Brown"\n3,"two\nlines"\n4,\n5,""';
    expect(parse(text)).toEqual([
      ['id', 'name'],
      ['1', 'Smith, John'],
      ['2', 'Mary "Molly" Brown'],
      ['3', 'two\nlines'],
      ['4', ''],
      ['5', ''],
    ]);
  });

  test('reports the line a record starts on', () => {
    const reader = new CsvReader('x.csv');
    const records = [...reader.push('id,name\n1,"a\nb"\n2,c\n'), ...reader.end()];
    expect(records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  test('gives the same records however the text is cut into chunks', () => {
    const field = fc.string({ unit: 'grapheme', maxLength: 8 });
    const rows = fc.array(fc.tuple(field, field), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(rows, fc.array(fc.nat(), { maxLength: 5 }), (records, cuts) => {
        const text = `${records.map(([a, b]) => `${encode(a)},${encode(b)}`).join('\n')}\n`;
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((x, y) => x - y);
        const expected = records.map(([a, b]) => [a.replaceAll('\r', ''), b.replaceAll('\r', '')]);
        const plain = records.every(([a, b]) => !/\r/.test(a + b));
        if (plain) expect(parse(text, points)).toEqual(expected);
        expect(parse(text, points)).toEqual(parse(text));
      }),
      { numRuns: 200 },
    );
  });

  test('refuses broken quoting with the line at fault', () => {
    expect(failure('id,name\n1,"open').code).toBe('screening_input_invalid');
    expect(failure('id,name\n1,ab"c').at).toBe('names.csv:2');
    expect(failure('id,name\n1,"ab"c').message).toContain('after a closing quote');
  });

  test('refuses a field past the limit', () => {
    expect(failure(`id,name\n1,${'x'.repeat(MAX_CSV_FIELD_CHARS + 1)}`).code).toBe(
      'screening_input_too_large',
    );
  });
});
