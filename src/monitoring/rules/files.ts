import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { MonitoringError } from '../errors.ts';
import { validateRuleSet } from './validate.ts';

/** Rule files listed from the rules folder; more are left out of the listing. */
export const RULE_FILES_MAX = 64;
/** A rule file larger than this is not read (the loader has the same bound). */
const RULE_FILE_BYTES_MAX = 1 << 20;

export interface RuleFileSummary {
  readonly rule_set: string;
  readonly version: number;
  readonly description: string | null;
  readonly file: string;
  readonly active: boolean;
  readonly valid: boolean;
  readonly error: string | null;
  readonly rules: number;
  readonly typologies: readonly string[];
}

export interface RuleFile {
  readonly summary: RuleFileSummary;
  readonly document: Record<string, unknown>;
}

function readRuleFile(path: string, active: boolean): RuleFile | null {
  let document: unknown;
  try {
    if (statSync(path).size > RULE_FILE_BYTES_MAX) return null;
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return null;
  const d = document as Record<string, unknown>;
  let error: string | null = null;
  try {
    validateRuleSet(d);
  } catch (e) {
    if (!(e instanceof MonitoringError)) throw e;
    error = `${e.code}: ${e.message}`;
  }
  return {
    summary: {
      rule_set: typeof d.rule_set === 'string' ? d.rule_set : basename(path, '.json'),
      version: Number.isInteger(d.version) ? (d.version as number) : 0,
      description: typeof d.description === 'string' ? d.description : null,
      file: basename(path),
      active,
      valid: error === null,
      error,
      rules: Array.isArray(d.rules) ? d.rules.length : 0,
      typologies:
        typeof d.typologies === 'object' && d.typologies !== null
          ? Object.keys(d.typologies as object).sort()
          : [],
    },
    document: d,
  };
}

/**
 * The versioned rule files a supervisor can read: every JSON file in the folder of the active rule
 * file (config/rules/ by default), the active one marked. Files that are not rule sets are skipped;
 * rule sets that fail validation are listed with their error (a candidate being written).
 */
export function listRuleFiles(activePath: string): RuleFile[] {
  const active = resolve(activePath);
  const dir = dirname(active);
  const names = readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .slice(0, RULE_FILES_MAX);
  const out: RuleFile[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = readRuleFile(path, path === active);
    if (file !== null && (file.summary.active || 'rules' in file.document)) out.push(file);
  }
  out.sort(
    (a, b) =>
      Number(b.summary.active) - Number(a.summary.active) ||
      a.summary.rule_set.localeCompare(b.summary.rule_set) ||
      b.summary.version - a.summary.version,
  );
  return out;
}
