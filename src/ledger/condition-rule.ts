import { TongbaoError } from '../errors/index.ts';

/**
 * When escrowed funds are released: a small declarative language, not code. A rule is one of
 *   {"approved_by": WALLET}     the named wallet (payer, payee or a third party) approved
 *   {"after": TIME}             the time has passed
 *   {"all": [RULE, ...]}        every term holds
 *   {"any": [RULE, ...]}        at least one term holds
 * Evaluation reads only the approvals recorded so far and the batch time, so it is deterministic and
 * replays the same; it has no loops, no arithmetic and no access to balances.
 */
export type RuleSpec =
  | { readonly approved_by: string }
  | { readonly after: number }
  | { readonly all: readonly RuleSpec[] }
  | { readonly any: readonly RuleSpec[] };

export type ConditionRule =
  | { readonly type: 'approved_by'; readonly wallet: number }
  | { readonly type: 'after'; readonly at: number }
  | { readonly type: 'all' | 'any'; readonly of: readonly ConditionRule[] };

/** Nesting depth of all/any, terms per all/any, and leaves in one rule. */
export const RULE_DEPTH_MAX = 3;
export const RULE_TERMS_MAX = 4;
export const RULE_LEAVES_MAX = 8;

function invalid(field: string, detail: string): TongbaoError {
  return new TongbaoError('condition_rule_invalid', detail, field);
}

/**
 * Checks a rule and resolves its wallets. Times must fall after creation and before the deadline (a
 * release that can only come after the refund would never happen).
 */
export function compileRule(
  spec: unknown,
  resolveWallet: (id: string, field: string) => number,
  createdTs: number,
  deadline: number,
  field = 'release',
): ConditionRule {
  let leaves = 0;
  const walk = (node: unknown, path: string, depth: number): ConditionRule => {
    if (node === null || typeof node !== 'object' || Array.isArray(node))
      throw invalid(path, 'a rule is an object with one of approved_by, after, all, any');
    const keys = Object.keys(node);
    if (keys.length !== 1) throw invalid(path, 'a rule has exactly one of approved_by, after, all, any');
    const key = keys[0]!;
    const value = (node as Record<string, unknown>)[key];
    const at = `${path}/${key}`;
    if (key === 'approved_by' || key === 'after') {
      leaves += 1;
      if (leaves > RULE_LEAVES_MAX) throw invalid(at, `a rule has at most ${RULE_LEAVES_MAX} terms`);
      if (key === 'approved_by') {
        if (typeof value !== 'string') throw invalid(at, 'approved_by names a wallet id');
        return { type: 'approved_by', wallet: resolveWallet(value, at) };
      }
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalid(at, 'after is a time');
      if (!(value > createdTs && value < deadline))
        throw invalid(at, 'after must fall between now and the deadline');
      return { type: 'after', at: value };
    }
    if (key === 'all' || key === 'any') {
      if (depth >= RULE_DEPTH_MAX) throw invalid(at, `all/any nest at most ${RULE_DEPTH_MAX} deep`);
      if (!Array.isArray(value) || value.length === 0 || value.length > RULE_TERMS_MAX)
        throw invalid(at, `all/any hold 1 to ${RULE_TERMS_MAX} rules`);
      return { type: key, of: value.map((v, i) => walk(v, `${at}/${i}`, depth + 1)) };
    }
    throw invalid(path, `unknown rule ${key}: use approved_by, after, all or any`);
  };
  return walk(spec, field, 0);
}

export function evaluateRule(rule: ConditionRule, approvals: readonly number[], ts: number): boolean {
  switch (rule.type) {
    case 'approved_by':
      return approvals.includes(rule.wallet);
    case 'after':
      return ts >= rule.at;
    case 'all':
      return rule.of.every((r) => evaluateRule(r, approvals, ts));
    case 'any':
      return rule.of.some((r) => evaluateRule(r, approvals, ts));
  }
}

/** The times a rule mentions: the moments its value can change without anyone acting. */
export function ruleTimes(rule: ConditionRule): number[] {
  if (rule.type === 'after') return [rule.at];
  if (rule.type === 'approved_by') return [];
  return rule.of.flatMap(ruleTimes);
}

/** The wallets whose approval the rule reads. */
export function ruleWallets(rule: ConditionRule): number[] {
  if (rule.type === 'approved_by') return [rule.wallet];
  if (rule.type === 'after') return [];
  return rule.of.flatMap(ruleWallets);
}

/** The rule as the API shows it, wallets and times written back by the given functions. */
export function ruleSpecOf(
  rule: ConditionRule,
  walletId: (num: number) => string,
  time: (ms: number) => string,
): unknown {
  switch (rule.type) {
    case 'approved_by':
      return { approved_by: walletId(rule.wallet) };
    case 'after':
      return { after: time(rule.at) };
    default:
      return { [rule.type]: rule.of.map((r) => ruleSpecOf(r, walletId, time)) };
  }
}
