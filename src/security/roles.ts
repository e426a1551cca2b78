/**
 * The roles a key can carry. Operators are scoped to their own operator, merchants and wallet holders
 * to the wallets their key names; the others act node-wide within what the policy table gives them.
 */
export const ROLES = [
  'central_bank',
  'operator',
  'merchant',
  'holder',
  'supervisor',
  'auditor',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What a key of each role must name: its operator, its wallets, or nothing. */
export function scopeOf(role: Role): 'operator' | 'wallets' | 'none' {
  if (role === 'operator') return 'operator';
  if (role === 'merchant' || role === 'holder') return 'wallets';
  return 'none';
}
