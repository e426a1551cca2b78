import { readFileSync } from 'node:fs';
import { compareNames } from './compare.ts';
import { ScreeningError } from './errors.ts';
import { prepareName } from './prepare.ts';
import type { EntityKind, NameMatch } from './types.ts';

export type PairSplit = 'tune' | 'holdout';

export interface LabelledPair {
  readonly line: number;
  readonly match: boolean;
  /** Kind of the candidate (the list side); the query side is screened without a kind, as in production. */
  readonly kind: EntityKind;
  /** 'latin' or 'chinese' (Chinese characters or pinyin on at least one side). */
  readonly group: string;
  readonly query: string;
  readonly candidate: string;
  readonly split: PairSplit;
}

export interface ScoredPair extends LabelledPair {
  readonly result: NameMatch;
}

export interface Metrics {
  readonly threshold: number;
  readonly pairs: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

const PAIR_FILE_HEADER = 'label\tkind\tgroup\tquery\tcandidate';

/**
 * The half a pair belongs to is fixed by a hash of its text (FNV-1a, lowest bit), not chosen by hand,
 * so pairs cannot be moved between halves to flatter the held-out figures.
 */
export function splitOf(query: string, candidate: string): PairSplit {
  let hash = 0x811c9dc5;
  const text = `${query}\t${candidate}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash & 1) === 0 ? 'tune' : 'holdout';
}

export function parsePairs(text: string, path = 'pairs'): LabelledPair[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0] !== PAIR_FILE_HEADER) {
    throw new ScreeningError(
      'screening_input_invalid',
      `pair file must start with "${PAIR_FILE_HEADER}"`,
      `${path}:1`,
    );
  }
  const pairs: LabelledPair[] = [];
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const at = `${path}:${index + 2}`;
    const fields = line.split('\t');
    const [label, kind, group, query, candidate] = fields;
    if (fields.length !== 5 || query === undefined || candidate === undefined || group === undefined) {
      throw new ScreeningError('screening_input_invalid', 'a pair line needs 5 tab-separated fields', at);
    }
    if (label !== '0' && label !== '1')
      throw new ScreeningError('screening_input_invalid', 'label must be 0 or 1', at);
    if (kind !== 'person' && kind !== 'organization') {
      throw new ScreeningError('screening_input_invalid', 'kind must be person or organization', at);
    }
    if (query.trim() === '' || candidate.trim() === '') {
      throw new ScreeningError('screening_input_invalid', 'both names are required', at);
    }
    pairs.push({
      line: index + 2,
      match: label === '1',
      kind,
      group,
      query,
      candidate,
      split: splitOf(query, candidate),
    });
  });
  return pairs;
}

export function loadPairs(path: string): LabelledPair[] {
  return parsePairs(readFileSync(path, 'utf8'), path);
}

export function scorePairs(pairs: readonly LabelledPair[]): ScoredPair[] {
  return pairs.map((pair) => {
    const query = prepareName(pair.query);
    const candidate = prepareName(pair.candidate, pair.kind);
    const result: NameMatch =
      query === null || candidate === null
        ? {
            score: 0,
            method: 'tokens',
            query_name: pair.query,
            matched_name: pair.candidate,
            reasons: ['no letters'],
          }
        : compareNames(query, candidate);
    return { ...pair, result };
  });
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

export function metricsAt(scored: readonly ScoredPair[], threshold: number): Metrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const pair of scored) {
    const alert = pair.result.score >= threshold;
    if (alert && pair.match) tp++;
    else if (alert) fp++;
    else if (pair.match) fn++;
    else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = ratio(2 * precision * recall, precision + recall);
  return { threshold, pairs: scored.length, tp, fp, fn, tn, precision, recall, f1 };
}

export const REPORTED_THRESHOLDS: readonly number[] = [0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];

export function formatTable(title: string, scored: readonly ScoredPair[]): string {
  const rows = REPORTED_THRESHOLDS.map((threshold) => {
    const m = metricsAt(scored, threshold);
    const cells = [m.threshold.toFixed(2), m.precision.toFixed(3), m.recall.toFixed(3), m.f1.toFixed(3)];
    return `| ${cells.join(' | ')} | ${m.tp} | ${m.fp} | ${m.fn} | ${m.tn} |`;
  });
  return [
    `${title} (${scored.length} pairs, ${scored.filter((p) => p.match).length} matches)`,
    '',
    '| threshold | precision | recall | F1 | TP | FP | FN | TN |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}
