import { readFileSync } from 'node:fs';
import { MonitoringError } from '../errors.ts';
import type { RuleSet } from './types.ts';
import { validateRuleSet } from './validate.ts';

/** Largest rule file accepted (bytes); a rule set is configuration, not data. */
export const MAX_RULE_FILE_BYTES = 1_048_576;

/** Parses and validates rule-set JSON text. */
export function parseRuleSet(text: string): RuleSet {
  if (text.length > MAX_RULE_FILE_BYTES) {
    throw new MonitoringError('rule_set_unreadable', `rule file is larger than ${MAX_RULE_FILE_BYTES} bytes`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new MonitoringError(
      'rule_set_unreadable',
      `rule file is not valid JSON: ${(err as Error).message}`,
    );
  }
  return validateRuleSet(json);
}

/** Reads, parses and validates a rule file such as `config/rules/default.json`. */
export function loadRuleSet(path: string): RuleSet {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new MonitoringError(
      'rule_set_unreadable',
      `cannot read rule file ${path}: ${(err as Error).message}`,
    );
  }
  return parseRuleSet(text);
}
