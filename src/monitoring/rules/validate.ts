/**
 * Validates a parsed rule file against the rule-set schema. Strict: unknown fields are errors (a typo in
 * a threshold must not silently fall back to "no threshold"). Every error names the rule and the field.
 * Keys starting with `$` (e.g. `$comment`) are allowed anywhere, since JSON has no comments.
 */
import { MonitoringError } from '../errors.ts';
import { type FieldSpec, MAX_FEN, PARAM_SPECS, RULE_TYPES } from './param-specs.ts';
import type { Rule, RuleSet, RuleType, TypologyDef } from './types.ts';

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const RULE_ID = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
const SET_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A rule file holds at most this many rules (each costs work on every transfer). */
export const MAX_RULES = 256;
const MAX_TZ_MS = 14 * 3_600_000;
const MAX_MERGE_PERIOD_MS = 31 * 86_400_000;
const KINDS = ['personal', 'corporate', 'merchant'] as const;

type Obj = Record<string, unknown>;

function fail(message: string, field: string, rule?: string): never {
  throw new MonitoringError('rule_set_invalid', rule ? `rule ${rule}: ${message}` : message, field, rule);
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(o: Obj, allowed: readonly string[], path: string, rule?: string): void {
  for (const k of Object.keys(o)) {
    if (!k.startsWith('$') && !allowed.includes(k)) fail(`unknown field "${k}"`, `${path}.${k}`, rule);
  }
}

function int(v: unknown, min: number, max: number, path: string, rule?: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) fail('must be an integer', path, rule);
  if (v < min || v > max) fail(`must be between ${min} and ${max}, got ${v}`, path, rule);
  return v;
}

function num(v: unknown, min: number, max: number, path: string, rule?: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail('must be a finite number', path, rule);
  if (v < min || v > max) fail(`must be between ${min} and ${max}, got ${v}`, path, rule);
  return v;
}

function str(v: unknown, re: RegExp, path: string, rule?: string): string {
  if (typeof v !== 'string' || !re.test(v)) fail(`must be a string matching ${re}`, path, rule);
  return v;
}

function field(spec: FieldSpec, v: unknown, path: string, rule: string): unknown {
  switch (spec.kind) {
    case 'int':
      return int(v, spec.min, spec.max, path, rule);
    case 'number':
      return num(v, spec.min, spec.max, path, rule);
    case 'string':
      if (typeof v !== 'string' || v.length === 0) fail('must be a non-empty string', path, rule);
      return v;
    case 'bool':
      if (typeof v !== 'boolean') fail('must be true or false', path, rule);
      return v;
    case 'enum':
      if (typeof v !== 'string' || !spec.values.includes(v))
        fail(`must be one of ${spec.values}`, path, rule);
      return v;
    case 'enum_list': {
      if (!Array.isArray(v) || v.length === 0) fail('must be a non-empty array', path, rule);
      const seen = new Set<string>();
      v.forEach((x, i) => {
        const s = field({ kind: 'enum', values: spec.values }, x, `${path}[${i}]`, rule) as string;
        if (seen.has(s)) fail(`duplicate "${s}"`, `${path}[${i}]`, rule);
        seen.add(s);
      });
      return v;
    }
    case 'int_list':
      if (!Array.isArray(v) || v.length === 0 || v.length > 64)
        fail('must be an array of 1 to 64', path, rule);
      return v.map((x, i) => int(x, spec.min, spec.max, `${path}[${i}]`, rule));
    case 'kind_amounts': {
      if (!isObj(v)) fail('must be an object keyed by wallet kind', path, rule);
      checkKeys(v, KINDS, path, rule);
      const out: Record<string, number> = {};
      for (const k of KINDS) out[k] = int(v[k], 1, MAX_FEN, `${path}.${k}`, rule);
      return out;
    }
  }
}

function params(type: RuleType, v: unknown, path: string, rule: string): Obj {
  if (!isObj(v)) fail('must be an object', path, rule);
  const specs = PARAM_SPECS[type];
  checkKeys(v, Object.keys(specs), path, rule);
  const out: Obj = {};
  for (const [k, spec] of Object.entries(specs)) {
    if (v[k] === undefined) {
      if (!spec.optional) fail('is required', `${path}.${k}`, rule);
      continue;
    }
    out[k] = field(spec, v[k], `${path}.${k}`, rule);
  }
  crossCheck(type, out, path, rule);
  return out;
}

function crossCheck(type: RuleType, p: Obj, path: string, rule: string): void {
  const has = (k: string): boolean => p[k] !== undefined;
  if ((type === 'velocity' || type === 'new_wallet_burst') && !has('min_count') && !has('min_sum_fen')) {
    fail('needs min_count or min_sum_fen', `${path}.min_count`, rule);
  }
  if (
    has('min_amount_fen') &&
    has('max_amount_fen') &&
    (p.max_amount_fen as number) <= (p.min_amount_fen as number)
  ) {
    fail('must be greater than min_amount_fen', `${path}.max_amount_fen`, rule);
  }
  if (type === 'cycle' && (p.min_length as number) > (p.max_length as number)) {
    fail('must not exceed max_length', `${path}.min_length`, rule);
  }
  if (
    has('min_hop_ratio') &&
    has('max_hop_ratio') &&
    (p.min_hop_ratio as number) > (p.max_hop_ratio as number)
  ) {
    fail('must not exceed max_hop_ratio', `${path}.min_hop_ratio`, rule);
  }
  if (type === 'pass_through' && (p.min_out_ratio as number) > (p.max_out_ratio as number)) {
    fail('must not exceed max_out_ratio', `${path}.min_out_ratio`, rule);
  }
}

function appliesTo(v: unknown, path: string, rule: string): Obj {
  if (!isObj(v)) fail('must be an object', path, rule);
  checkKeys(v, ['kinds', 'categories'], path, rule);
  const out: Obj = {};
  if (v.kinds !== undefined)
    out.kinds = field({ kind: 'enum_list', values: KINDS }, v.kinds, `${path}.kinds`, rule);
  if (v.categories !== undefined) {
    const cats = field({ kind: 'int_list', min: 1, max: 4 }, v.categories, `${path}.categories`, rule);
    out.categories = cats;
  }
  return out;
}

function ruleOf(v: unknown, i: number, typologies: Readonly<Record<string, TypologyDef>>): Rule {
  const path = `rules[${i}]`;
  if (!isObj(v)) fail('must be an object', path);
  const id = str(v.id, RULE_ID, `${path}.id`);
  const type = v.type;
  if (typeof type !== 'string' || !(RULE_TYPES as string[]).includes(type)) {
    fail(`type must be one of ${RULE_TYPES.join(', ')}`, `${path}.type`, id);
  }
  const rt = type as RuleType;
  const scored = rt !== 'large_value';
  const base = ['id', 'version', 'type', 'description', 'params'];
  checkKeys(v, scored ? [...base, 'weight', 'typologies', 'applies_to'] : base, path, id);
  const out: Obj = { id, type: rt, version: int(v.version, 1, 1_000_000, `${path}.version`, id) };
  if (v.description !== undefined) {
    if (typeof v.description !== 'string') fail('must be a string', `${path}.description`, id);
    out.description = v.description;
  }
  if (scored) {
    out.weight = num(v.weight, Number.MIN_VALUE, 1000, `${path}.weight`, id);
    const t = v.typologies;
    if (!Array.isArray(t) || t.length === 0) fail('must be a non-empty array', `${path}.typologies`, id);
    t.forEach((name, j) => {
      if (typeof name !== 'string' || typologies[name] === undefined) {
        fail(`"${String(name)}" is not a typology of this rule set`, `${path}.typologies[${j}]`, id);
      }
    });
    if (new Set(t).size !== t.length) fail('lists a typology twice', `${path}.typologies`, id);
    out.typologies = t;
    if (v.applies_to !== undefined) out.applies_to = appliesTo(v.applies_to, `${path}.applies_to`, id);
  }
  out.params = params(rt, v.params, `${path}.params`, id);
  return out as unknown as Rule;
}

export function validateRuleSet(json: unknown): RuleSet {
  if (!isObj(json)) fail('the rule set must be a JSON object', '');
  checkKeys(
    json,
    [
      'rule_set',
      'version',
      'description',
      'currency',
      'timezone_offset_ms',
      'merge_period_ms',
      'relationship_horizon_ms',
      'typologies',
      'rules',
    ],
    '',
  );
  const rule_set = str(json.rule_set, SET_ID, 'rule_set');
  const version = int(json.version, 1, 1_000_000, 'version');
  const currency = str(json.currency, /^[A-Z]{3}$/, 'currency');
  const timezone_offset_ms = int(json.timezone_offset_ms, -MAX_TZ_MS, MAX_TZ_MS, 'timezone_offset_ms');
  const merge_period_ms = int(json.merge_period_ms, 60_000, MAX_MERGE_PERIOD_MS, 'merge_period_ms');
  if (!isObj(json.typologies) || Object.keys(json.typologies).length === 0) {
    fail('must be a non-empty object', 'typologies');
  }
  const typologies: Record<string, TypologyDef> = {};
  for (const [name, def] of Object.entries(json.typologies)) {
    if (name.startsWith('$')) continue;
    str(name, NAME, `typologies.${name}`);
    if (!isObj(def)) fail('must be an object', `typologies.${name}`);
    checkKeys(def, ['threshold', 'description'], `typologies.${name}`);
    const threshold = num(def.threshold, Number.MIN_VALUE, 1_000_000, `typologies.${name}.threshold`);
    typologies[name] =
      typeof def.description === 'string' ? { threshold, description: def.description } : { threshold };
  }
  if (!Array.isArray(json.rules) || json.rules.length === 0 || json.rules.length > MAX_RULES) {
    fail(`must be an array of 1 to ${MAX_RULES} rules`, 'rules');
  }
  const rules = json.rules.map((r, i) => ruleOf(r, i, typologies));
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (ids.has(r.id)) fail('duplicate rule id', `rules[${i}].id`, r.id);
    ids.add(r.id);
  });
  for (const [name, def] of Object.entries(typologies)) {
    let reach = 0;
    for (const r of rules) if (r.type !== 'large_value' && r.typologies.includes(name)) reach += r.weight;
    if (reach < def.threshold) {
      fail(
        `typology ${name} can never alert: its rules weigh ${reach} < threshold ${def.threshold}`,
        `typologies.${name}`,
      );
    }
  }
  let out: RuleSet = { rule_set, version, currency, timezone_offset_ms, merge_period_ms, typologies, rules };
  if (json.relationship_horizon_ms !== undefined) {
    const h = int(json.relationship_horizon_ms, 86_400_000, 400 * 86_400_000, 'relationship_horizon_ms');
    out = { ...out, relationship_horizon_ms: h };
  }
  rules.forEach((r, i) => {
    const p = r.params as { new_counterparty?: boolean };
    if (p.new_counterparty && out.relationship_horizon_ms === undefined) {
      fail(
        "new_counterparty needs the rule set's relationship_horizon_ms",
        `rules[${i}].params.new_counterparty`,
        r.id,
      );
    }
  });
  return typeof json.description === 'string' ? { ...out, description: json.description } : out;
}
