import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { blockingKeys, CandidateIndex } from './candidate-index.ts';
import { loadPairs, scorePairs } from './evaluate.ts';
import { prepareName } from './prepare.ts';
import { Screener } from './screener.ts';
import { syntheticWatchlist } from './synthetic-list.ts';

const PAIRS = scorePairs(loadPairs(fileURLToPath(new URL('./fixtures/name-pairs.tsv', import.meta.url))));

describe('blocking', () => {
  test('keys cover words, sounds, letters without breaks, pinyin and characters', () => {
    const keys = blockingKeys(prepareName('张伟')!);
    expect(keys).toEqual(expect.arrayContaining(['t:zhang', 't:wei', 'c:zhangwei', 'c:weizhang', 'h:张伟']));
    expect(blockingKeys(prepareName('zhangwei')!)).toContain('c:zhangwei');
    expect(blockingKeys(prepareName('J. Smith')!)).not.toContain('t:j');
  });

  test('every pair that scores at the alert threshold shares a blocking key', () => {
    for (const pair of PAIRS.filter((p) => p.result.score >= 0.7)) {
      const a = new Set(blockingKeys(prepareName(pair.query)!));
      const shared = blockingKeys(prepareName(pair.candidate, pair.kind)!).filter((key) => a.has(key));
      expect(shared.length, `${pair.query} | ${pair.candidate}`).toBeGreaterThan(0);
    }
  });

  test('the index returns at most the candidate budget', () => {
    const names = Array.from({ length: 500 }, (_, i) => prepareName(`Ann Lee ${i}`)!);
    const index = new CandidateIndex(names);
    expect(index.candidates(prepareName('Ann Lee')!, 10)).toHaveLength(10);
    expect(index.candidates(prepareName('Nobody')!, 10)).toEqual([]);
  });

  test('the screener finds what full scoring finds, among 30,000 other names', () => {
    const entities = PAIRS.map((pair, i) => ({
      id: `pair-${i}`,
      source: 'eval',
      kind: pair.kind,
      names: [pair.candidate],
    }));
    const screener = new Screener([...entities, ...syntheticWatchlist(30_000)]);
    let expected = 0;
    let found = 0;
    PAIRS.forEach((pair, i) => {
      if (pair.result.score < 0.7) return;
      expected++;
      const hit = screener.screen(pair.query, 0.7).find((h) => h.entity_id === `pair-${i}`);
      if (hit !== undefined) {
        found++;
        expect(hit.score).toBeCloseTo(pair.result.score, 12);
      }
    });
    expect(found / expected).toBeGreaterThanOrEqual(0.99);
  });
});
