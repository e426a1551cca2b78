import { describe, expect, test } from 'vitest';
import { ScreeningError } from './errors.ts';
import { MAX_HITS_PER_QUERY, MAX_NAME_LENGTH_CHARS } from './limits.ts';
import { Screener } from './screener.ts';
import { syntheticWatchlist } from './synthetic-list.ts';
import type { WatchlistEntity } from './types.ts';

const LIST: WatchlistEntity[] = [
  { id: 'p1', source: 'test', kind: 'person', names: ['张伟', 'Zhang Wei'] },
  { id: 'p2', source: 'test', kind: 'person', names: ['John Paul Smith'] },
  { id: 'p3', source: 'test', kind: 'person', names: ['张威'] },
  { id: 'c1', source: 'test', kind: 'organization', names: ['华信贸易有限公司', 'Huaxin Trading Co., Ltd.'] },
];

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScreeningError) return error.code;
    throw error;
  }
  return 'ok';
}

describe('Screener', () => {
  test('returns one explained hit per entity, best first', () => {
    const screener = new Screener(LIST);
    // Romanised, 张伟 and its homophone 张威 are the same name; in characters they are not.
    const hits = screener.screen('ZHANG Wei');
    expect(hits.map((hit) => [hit.entity_id, hit.score])).toEqual([
      ['p1', 1],
      ['p3', 1],
    ]);
    expect(hits[0]).toMatchObject({ source: 'test', kind: 'person', score: 1, query_name: 'ZHANG Wei' });
    expect(hits[0]!.reasons.length).toBeGreaterThan(0);
    expect(screener.screen('張偉', 0.5).map((hit) => [hit.entity_id, hit.method])).toEqual([
      ['p1', 'han'],
      ['p3', 'homophone'],
    ]);
    expect(screener.screen('Huaxin Trading Company Limited')[0]!.entity_id).toBe('c1');
    expect(screener.screen('Nobody Atall')).toEqual([]);
  });

  test('reload swaps the list', () => {
    const screener = new Screener(LIST);
    expect(screener.screen('John Smith')).toHaveLength(1);
    screener.reload([{ id: 'q', source: 'test', kind: 'person', names: ['Jane Doe'] }]);
    expect(screener.screen('John Smith')).toEqual([]);
    expect(screener.screen('Doe, Jane')[0]!.entity_id).toBe('q');
    expect(screener.size).toEqual({ entities: 1, names: 1 });
  });

  test('refuses unusable names and thresholds with codes', () => {
    const screener = new Screener(LIST);
    expect(code(() => screener.screen(''))).toBe('screening_name_invalid');
    expect(code(() => screener.screen('  '))).toBe('screening_name_invalid');
    expect(code(() => screener.screen('---'))).toBe('screening_name_invalid');
    expect(code(() => screener.screen('a'.repeat(MAX_NAME_LENGTH_CHARS + 1)))).toBe('screening_name_invalid');
    expect(code(() => screener.screen('Ann', Number.NaN))).toBe('screening_threshold_invalid');
    expect(code(() => new Screener(LIST, { threshold: -0.1 }))).toBe('screening_threshold_invalid');
  });

  test('caps the hits per name', () => {
    const many: WatchlistEntity[] = Array.from({ length: MAX_HITS_PER_QUERY + 10 }, (_, i) => ({
      id: `s${String(i).padStart(3, '0')}`,
      source: 'test',
      kind: 'person',
      names: ['Ann Lee'],
    }));
    const hits = new Screener(many).screen('Ann Lee');
    expect(hits).toHaveLength(MAX_HITS_PER_QUERY);
    expect(hits[0]!.entity_id).toBe('s000');
    expect(new Screener(many, { maxHits: 3 }).screen('Ann Lee')).toHaveLength(3);
  });

  test('screens a 20,000-entity list in well under a few milliseconds per name', () => {
    const screener = new Screener(syntheticWatchlist(20_000));
    const queries = [
      'John Smith',
      'Zhang Wei',
      '张伟',
      'Golden Star Shipping LLC',
      '华信贸易有限公司',
      'Ivan Petrov',
    ];
    for (const query of queries) screener.screen(query);
    const started = performance.now();
    const rounds = 10;
    for (let round = 0; round < rounds; round++) for (const query of queries) screener.screen(query);
    const perName = (performance.now() - started) / (rounds * queries.length);
    // Generous bound: the machine is shared; bench.ts measures the 100,000-entity figure.
    expect(perName).toBeLessThan(10);
  });
});
