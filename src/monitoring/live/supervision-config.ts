import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, DEFAULT_CONFIG_PATH } from '../../config/index.ts';
import { DEFAULT_ALERT_THRESHOLD } from '../screening/index.ts';

/** The rule file a node monitors with unless its configuration names another. */
export const DEFAULT_RULES_PATH = fileURLToPath(
  new URL('../../../config/rules/default.json', import.meta.url),
);
/** Watch lists named in configuration; more is a configuration error. */
export const WATCHLIST_FILES_MAX = 16;

/**
 * The node's supervision settings: the `supervision` block of the node configuration file (paths in it
 * are relative to that file), overridden by TONGBAO_RULES and TONGBAO_WATCHLISTS (comma-separated,
 * relative to the working folder). Without either the node monitors with the default rules and
 * screens against no list.
 *
 * ```json
 * "supervision": { "rules": "rules/default.json", "watchlists": ["lists/un.xml"], "screening_threshold": 0.7 }
 * ```
 */
export interface SupervisionConfig {
  readonly rules: string;
  readonly watchlists: readonly string[];
  /** Holder names scoring at least this against a list entity are hits. */
  readonly screening_threshold: number;
}

const KNOWN = ['rules', 'watchlists', 'screening_threshold'];

export function parseSupervisionConfig(
  block: unknown,
  baseDir: string,
  env: Readonly<Record<string, string | undefined>> = {},
): SupervisionConfig {
  const o = block ?? {};
  if (typeof o !== 'object' || Array.isArray(o))
    throw new ConfigError('config.supervision must be an object');
  const b = o as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!KNOWN.includes(key) && !key.startsWith('$'))
      throw new ConfigError(`config.supervision.${key} is not a known setting (${KNOWN.join(', ')})`);
  }
  if (b.rules !== undefined && (typeof b.rules !== 'string' || b.rules === ''))
    throw new ConfigError('config.supervision.rules must be the path of a rule file');
  let watchlists: string[] = [];
  if (b.watchlists !== undefined) {
    if (!Array.isArray(b.watchlists) || b.watchlists.some((p) => typeof p !== 'string' || p === ''))
      throw new ConfigError('config.supervision.watchlists must be a list of file paths');
    watchlists = (b.watchlists as string[]).map((p) => resolve(baseDir, p));
  }
  const threshold = b.screening_threshold ?? DEFAULT_ALERT_THRESHOLD;
  if (typeof threshold !== 'number' || !(threshold > 0 && threshold <= 1))
    throw new ConfigError('config.supervision.screening_threshold must be a number in (0, 1]');
  let rules = typeof b.rules === 'string' ? resolve(baseDir, b.rules) : DEFAULT_RULES_PATH;
  if (env.TONGBAO_RULES !== undefined && env.TONGBAO_RULES !== '') rules = resolve(env.TONGBAO_RULES);
  if (env.TONGBAO_WATCHLISTS !== undefined && env.TONGBAO_WATCHLISTS !== '')
    watchlists = env.TONGBAO_WATCHLISTS.split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '')
      .map((p) => resolve(p));
  if (watchlists.length > WATCHLIST_FILES_MAX)
    throw new ConfigError(`at most ${WATCHLIST_FILES_MAX} watch lists may be configured`);
  return { rules, watchlists, screening_threshold: threshold };
}

/** Reads the `supervision` block of the node configuration file (the one `loadConfig` reads). */
export function loadSupervisionConfig(
  given?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): SupervisionConfig {
  const path = given ?? env.TONGBAO_CONFIG ?? DEFAULT_CONFIG_PATH;
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`cannot read configuration ${path}: ${(error as Error).message}`);
  }
  const block =
    typeof document === 'object' && document !== null
      ? (document as Record<string, unknown>).supervision
      : undefined;
  return parseSupervisionConfig(block, dirname(path), env);
}
