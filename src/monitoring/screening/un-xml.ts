import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { EntityCollector, type LoadReport } from './entity-builder.ts';
import { ScreeningError } from './errors.ts';

/**
 * The UN Security Council consolidated list (scsanctions.un.org, consolidated.xml):
 * CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL with DATAID, FIRST_NAME..FOURTH_NAME, NAME_ORIGINAL_SCRIPT,
 * INDIVIDUAL_ALIAS (QUALITY, ALIAS_NAME), INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE with DATE, YEAR or
 * FROM_YEAR/TO_YEAR), NATIONALITY/VALUE; and CONSOLIDATED_LIST/ENTITIES/ENTITY with FIRST_NAME,
 * ENTITY_ALIAS and ENTITY_ADDRESS/COUNTRY.
 */
export const UN_SOURCE = 'un-sc';

/** Elements that may repeat; the parser returns them as arrays even when there is one. */
const REPEATED = new Set([
  'INDIVIDUAL',
  'ENTITY',
  'INDIVIDUAL_ALIAS',
  'ENTITY_ALIAS',
  'INDIVIDUAL_DATE_OF_BIRTH',
  'NATIONALITY',
  'VALUE',
  'ENTITY_ADDRESS',
  'INDIVIDUAL_ADDRESS',
]);

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => REPEATED.has(name),
});

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodes(parent: Node, tag: string): Node[] {
  const value = parent[tag];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** Text of a child element; empty elements (<THIRD_NAME/>) read as ''. */
function text(parent: Node, tag: string): string {
  const value = parent[tag];
  return typeof value === 'string' ? value.trim() : '';
}

function values(parent: Node, tag: string): string[] {
  return nodes(parent, tag).flatMap((node) => {
    const inner = node.VALUE;
    return Array.isArray(inner) ? inner.filter((v): v is string => typeof v === 'string') : [];
  });
}

/** Aliases the UN rates "Low" quality are weak aliases, left out as in FollowTheMoney. */
function aliases(parent: Node, tag: string): string[] {
  return nodes(parent, tag)
    .filter((alias) => text(alias, 'QUALITY').toLowerCase() !== 'low')
    .map((alias) => text(alias, 'ALIAS_NAME'));
}

function birthDates(individual: Node): string[] {
  return nodes(individual, 'INDIVIDUAL_DATE_OF_BIRTH').flatMap((dob) => {
    const date = text(dob, 'DATE');
    if (date.length > 0) return [date.slice(0, 10)];
    const year = text(dob, 'YEAR');
    if (year.length > 0) return [year];
    const from = text(dob, 'FROM_YEAR');
    const to = text(dob, 'TO_YEAR');
    return from.length > 0 && to.length > 0 ? [`${from}/${to}`] : [];
  });
}

function dataId(node: Node, at: string): string {
  const id = text(node, 'DATAID');
  if (!/^\d{1,18}$/.test(id)) throw new ScreeningError('watchlist_invalid', 'DATAID must be a number', at);
  return id;
}

function section(root: Node, tag: string, at: string): Node {
  const value = root[tag];
  if (value === undefined || value === '') return {};
  if (!isNode(value)) throw new ScreeningError('watchlist_invalid', `${tag} must be an element`, at);
  return value;
}

export function parseUnXml(xml: string, path = 'un-xml'): LoadReport {
  const body = xml.replace(/^\uFEFF/, '');
  // Document type declarations are how entity-expansion attacks arrive; the real list has none.
  if (/<!DOCTYPE|<!ENTITY/i.test(body)) {
    throw new ScreeningError('watchlist_invalid', 'document type declarations are not accepted', path);
  }
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    throw new ScreeningError(
      'watchlist_invalid',
      `not well-formed XML: ${valid.err.msg}`,
      `${path}:${valid.err.line}`,
    );
  }
  const document: unknown = parser.parse(body);
  const root = isNode(document) ? document.CONSOLIDATED_LIST : undefined;
  if (!isNode(root) && root !== '') {
    throw new ScreeningError('watchlist_invalid', 'root element must be CONSOLIDATED_LIST', path);
  }
  const list = isNode(root) ? root : {};
  const collector = new EntityCollector('un-xml');
  nodes(section(list, 'INDIVIDUALS', path), 'INDIVIDUAL').forEach((individual, index) => {
    const at = `${path} INDIVIDUAL #${index + 1}`;
    collector.records++;
    const parts = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((tag) =>
      text(individual, tag),
    );
    collector.add(at, {
      id: dataId(individual, at),
      source: UN_SOURCE,
      kind: 'person',
      names: [
        parts.filter((part) => part.length > 0).join(' '),
        text(individual, 'NAME_ORIGINAL_SCRIPT'),
        ...aliases(individual, 'INDIVIDUAL_ALIAS'),
      ],
      birthDates: birthDates(individual),
      countries: values(individual, 'NATIONALITY'),
    });
  });
  nodes(section(list, 'ENTITIES', path), 'ENTITY').forEach((entity, index) => {
    const at = `${path} ENTITY #${index + 1}`;
    collector.records++;
    collector.add(at, {
      id: dataId(entity, at),
      source: UN_SOURCE,
      kind: 'organization',
      names: [
        text(entity, 'FIRST_NAME'),
        text(entity, 'NAME_ORIGINAL_SCRIPT'),
        ...aliases(entity, 'ENTITY_ALIAS'),
      ],
      birthDates: [],
      countries: nodes(entity, 'ENTITY_ADDRESS').map((address) => text(address, 'COUNTRY')),
    });
  });
  return collector.report();
}
