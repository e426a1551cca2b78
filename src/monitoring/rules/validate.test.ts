import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MonitoringError } from '../errors.ts';
import { loadRuleSet, parseRuleSet } from './load.ts';
import { validateRuleSet } from './validate.ts';

const good = () => ({
  rule_set: 'demo',
  version: 2,
  currency: 'CNY',
  timezone_offset_ms: 28_800_000,
  merge_period_ms: 86_400_000,
  typologies: { fan_in: { threshold: 1 } },
  rules: [
    {
      id: 'fan_in_24h',
      version: 3,
      type: 'fan',
      weight: 1,
      typologies: ['fan_in'],
      params: { direction: 'in', window_ms: 86_400_000, min_distinct: 10 },
    },
  ],
});

function errorOf(json: unknown): MonitoringError {
  try {
    validateRuleSet(json);
  } catch (err) {
    if (err instanceof MonitoringError) return err;
    throw err;
  }
  throw new Error('expected a validation error');
}

describe('rule-set validation', () => {
  it('accepts a well-formed rule set and keeps every field', () => {
    const rs = validateRuleSet(good());
    expect(rs.rules[0]).toEqual(good().rules[0]);
    expect(rs.typologies).toEqual({ fan_in: { threshold: 1 } });
  });

  it('names the rule and the field at fault', () => {
    const j = good();
    (j.rules[0]!.params as Record<string, unknown>).window_ms = -5;
    const err = errorOf(j);
    expect(err.code).toBe('rule_set_invalid');
    expect(err.status).toBe(422);
    expect(err.rule).toBe('fan_in_24h');
    expect(err.field).toBe('rules[0].params.window_ms');
  });

  it('rejects unknown fields, so a misspelt threshold cannot silently vanish', () => {
    const j = good();
    (j.rules[0]!.params as Record<string, unknown>).min_distinc = 3;
    expect(errorOf(j).field).toBe('rules[0].params.min_distinc');
  });

  it('rejects missing parameters, unknown types, unknown typologies and duplicate ids', () => {
    const missing = good();
    delete (missing.rules[0]!.params as Record<string, unknown>).min_distinct;
    expect(errorOf(missing).field).toBe('rules[0].params.min_distinct');
    const type = good();
    type.rules[0]!.type = 'telepathy';
    expect(errorOf(type).field).toBe('rules[0].type');
    const typ = good();
    typ.rules[0]!.typologies = ['fan_out'];
    expect(errorOf(typ).field).toBe('rules[0].typologies[0]');
    const dup = good();
    dup.rules.push({ ...dup.rules[0]! });
    expect(errorOf(dup).field).toBe('rules[1].id');
  });

  it('rejects a typology whose rules can never reach its threshold', () => {
    const j = good();
    j.typologies.fan_in.threshold = 2;
    expect(errorOf(j).field).toBe('typologies.fan_in');
  });

  it('checks cross-field constraints', () => {
    const j = good();
    j.rules.push({
      id: 'cyc',
      version: 1,
      type: 'cycle',
      weight: 1,
      typologies: ['fan_in'],
      params: {
        window_ms: 1000,
        min_amount_fen: 0,
        max_branch: 8,
        min_length: 5,
        max_length: 3,
        min_hop_ratio: 0.5,
        max_visits: 100,
      } as never,
    });
    expect(errorOf(j).field).toBe('rules[1].params.min_length');
  });

  it('reports unreadable text with its own code', () => {
    expect(() => parseRuleSet('{nope')).toThrowError(
      expect.objectContaining({ code: 'rule_set_unreadable' }),
    );
  });

  it('loads every rule file shipped in config/rules', () => {
    const dir = join(import.meta.dirname, '../../../config/rules');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files).toContain('default.json');
    for (const f of files) expect(loadRuleSet(join(dir, f)).rules.length).toBeGreaterThan(0);
  });
});
