import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { ScreeningError } from './errors.ts';
import { parseUnXml } from './un-xml.ts';

const SAMPLE = readFileSync(fileURLToPath(new URL('./fixtures/sample-un.xml', import.meta.url)), 'utf8');

function failure(xml: string): ScreeningError {
  try {
    parseUnXml(xml, 'un.xml');
  } catch (error) {
    if (error instanceof ScreeningError) return error;
    throw error;
  }
  throw new Error('expected a ScreeningError');
}

describe('UN consolidated list loader', () => {
  test('reads individuals and entities with names, aliases, dates and countries', () => {
    const report = parseUnXml(SAMPLE);
    expect(report.format).toBe('un-xml');
    expect(report.records).toBe(5);
    expect(report.entities.map((entity) => [entity.id, entity.kind])).toEqual([
      ['9900001', 'person'],
      ['9900002', 'person'],
      ['9900003', 'person'],
      ['9910001', 'organization'],
      ['9910002', 'organization'],
    ]);
    expect(report.entities[0]).toEqual({
      id: '9900001',
      source: 'un-sc',
      kind: 'person',
      names: ['LIU DEMING', '劉德明', 'Deming Liu'],
      birth_dates: ['1962-09-18'],
      countries: ['China'],
    });
    expect(report.entities[1]!.birth_dates).toEqual(['1974', '1973/1975']);
    expect(report.entities[1]!.countries).toEqual(['France', 'Belgium']);
    expect(report.entities[2]!.names).toContain('OMAR FAROUK HADDAD AL-TAMIMI');
    expect(report.entities[3]!.names).toEqual([
      '北京金星航运有限公司',
      'Beijing Jinxing Shipping Co., Ltd.',
      '北京金星航運有限公司',
    ]);
  });

  test('reads a list with one individual and no entities', () => {
    const xml =
      '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>A</FIRST_NAME>' +
      '<SECOND_NAME>B</SECOND_NAME></INDIVIDUAL></INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>';
    expect(parseUnXml(xml).entities).toEqual([{ id: '1', source: 'un-sc', kind: 'person', names: ['A B'] }]);
    expect(parseUnXml('<CONSOLIDATED_LIST/>').entities).toEqual([]);
  });

  test('refuses malformed lists with a code and a place', () => {
    const broken = failure('<CONSOLIDATED_LIST><INDIVIDUALS></CONSOLIDATED_LIST>');
    expect(broken.code).toBe('watchlist_invalid');
    expect(broken.at).toMatch(/^un\.xml:\d+$/);
    expect(failure('<OTHER_LIST/>').message).toContain('CONSOLIDATED_LIST');
    const noId = failure(
      '<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>',
    );
    expect(noId.at).toBe('un.xml INDIVIDUAL #1');
    const badId = failure(
      '<CONSOLIDATED_LIST><ENTITIES><ENTITY><DATAID>x1</DATAID><FIRST_NAME>A</FIRST_NAME></ENTITY></ENTITIES></CONSOLIDATED_LIST>',
    );
    expect(badId.at).toBe('un.xml ENTITY #1');
  });

  test('refuses document type declarations (entity expansion)', () => {
    const bomb = '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><CONSOLIDATED_LIST/>';
    expect(failure(bomb).message).toContain('document type');
  });
});
