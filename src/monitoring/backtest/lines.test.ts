import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine } from './lines.ts';

const dir = mkdtempSync(join(tmpdir(), 'tongbao-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('forEachLine', () => {
  it('yields the same lines as splitting the whole text, whatever the chunk size', () => {
    const line = fc
      .array(fc.constantFrom('a', ',', '通', '宝', '€', '1', ' '), { maxLength: 12 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        (lines, crlf, trailing, chunk) => {
          const path = join(dir, 'f.csv');
          const text = lines.join(crlf ? '\r\n' : '\n') + (trailing ? '\n' : '');
          writeFileSync(path, text);
          const got: string[] = [];
          forEachLine(
            path,
            (l, no) => {
              expect(no).toBe(got.length + 1);
              got.push(l);
            },
            chunk,
          );
          const expected = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
          if (trailing) expected.pop();
          if (!trailing && expected.at(-1) === '') expected.pop();
          expect(got).toEqual(expected);
        },
      ),
    );
  });
});
