import { AccountKind, type LedgerState } from '../ledger/index.ts';
import type { Principal } from './principal.ts';
import { ROLES, type Role } from './roles.ts';

/**
 * The authorisation policy, in one table: for each permission (every route declares one), which roles
 * may use it and how far: `all` (node-wide) or `own` (only resources in the key's scope: its
 * operator's accounts, or the wallets it names). A role absent from a row is refused (403).
 *
 * `audit` marks reads that go into the audit log: `others` when read node-wide (a supervisor or auditor
 * reading a wallet is a privileged read; an operator reading its own customer is not), `always` for
 * personal data, whoever reads it.
 */
export type Scope = 'all' | 'own';
export interface PolicyRow {
  readonly roles: Partial<Readonly<Record<Role, Scope>>>;
  readonly audit?: 'others' | 'always';
  readonly summary: string;
}

const everyone: Partial<Record<Role, Scope>> = Object.fromEntries(ROLES.map((r) => [r, 'all']));
const walletReaders = {
  operator: 'own',
  holder: 'own',
  merchant: 'own',
  supervisor: 'all',
  auditor: 'all',
} as const;
const walletPayers = { operator: 'own', holder: 'own', merchant: 'own' } as const;
const oversight = { central_bank: 'all', supervisor: 'all', auditor: 'all' } as const;

export const POLICY = {
  'operators.create': { roles: { central_bank: 'all' }, summary: 'register operators' },
  'operators.read': { roles: { ...oversight, operator: 'own' }, summary: 'read operators' },
  'issuances.create': { roles: { central_bank: 'all' }, summary: 'issue and redeem e-CNY' },
  'reconciliation.read': { roles: oversight, summary: "read every operator's books" },
  'wallets.create': { roles: { operator: 'own' }, summary: 'open wallets' },
  'wallets.read': { roles: walletReaders, audit: 'others', summary: 'read wallets' },
  'wallets.update': { roles: { operator: 'own' }, summary: 'change category, close' },
  'wallets.freeze': { roles: { operator: 'own', supervisor: 'all' }, summary: 'freeze and unfreeze' },
  'wallets.history': { roles: walletReaders, audit: 'others', summary: "read wallets' transfers" },
  'wallets.freezes': {
    roles: { operator: 'own', supervisor: 'all', auditor: 'all' },
    audit: 'others',
    summary: "read wallets' freeze history",
  },
  'wallets.holder': {
    roles: { operator: 'own' },
    audit: 'always',
    summary: "read a customer's personal data",
  },
  'exchanges.create': { roles: walletPayers, summary: 'exchange deposits and e-CNY' },
  'transfers.create': { roles: walletPayers, summary: 'pay from wallets' },
  'transfers.resolve': { roles: walletPayers, summary: 'post or void pending transfers' },
  'transfers.read': {
    roles: { ...walletReaders, central_bank: 'own' },
    audit: 'others',
    summary: 'read transfers and their receipts',
  },
  'audit.checkpoints': { roles: everyone, summary: 'read signed checkpoints and proofs' },
  'audit.entries': { roles: { supervisor: 'all', auditor: 'all' }, summary: 'read audit log entries' },
  'keys.manage': { roles: { admin: 'all' }, summary: 'create, list, rotate and revoke keys' },
  'sessions.create': { roles: everyone, summary: 'open and close console sessions' },
  'me.read': { roles: everyone, summary: 'read who the key is' },
  'reveals.request': { roles: { supervisor: 'all' }, summary: 'ask to reveal who holds a wallet' },
  'reveals.decide': { roles: { supervisor: 'all' }, summary: "approve or reject another's reveal" },
  'reveals.read': { roles: { supervisor: 'all', auditor: 'all' }, audit: 'others', summary: 'list reveals' },
  'reveals.identity': {
    roles: { supervisor: 'all' },
    audit: 'always',
    summary: 'read an approved revealed identity',
  },
  // Payments (issue 6, docs/payments.md): hard wallets, programmable money, schedules, QR codes, sub-wallets.
  'devices.manage': {
    roles: walletPayers,
    summary: 'register, load, unload, sync and retire hard wallets, upload vouchers',
  },
  'devices.read': { roles: walletReaders, audit: 'others', summary: 'read hard wallets and their frauds' },
  'devices.block': {
    roles: { operator: 'own', supervisor: 'all' },
    summary: 'block and unblock hard wallets',
  },
  'conditions.create': { roles: walletPayers, summary: 'put funds under escrow, prepaid custody or a grant' },
  'conditions.act': { roles: walletPayers, summary: 'approve, release, spend or cancel conditions' },
  'conditions.read': { roles: walletReaders, audit: 'others', summary: 'read conditions' },
  'schedules.manage': { roles: walletPayers, summary: 'create and cancel scheduled payments' },
  'schedules.read': { roles: walletReaders, audit: 'others', summary: 'read scheduled payments' },
  'merchants.manage': { roles: { operator: 'own', merchant: 'own' }, summary: 'set merchant profiles' },
  'merchants.read': { roles: walletReaders, summary: 'read merchant profiles' },
  'qr.create': { roles: walletPayers, summary: 'generate QR codes to be paid' },
  'qr.read': { roles: walletReaders, summary: 'read scanned QR codes' },
  'sub_wallets.create': { roles: { operator: 'own', holder: 'own' }, summary: 'open sub-wallets' },
  'supervision.read': {
    roles: { supervisor: 'all', auditor: 'all' },
    summary: 'read alerts, cases, reports',
  },
  'supervision.write': { roles: { supervisor: 'all' }, summary: 'work alerts and cases, change rules' },
} as const satisfies Record<string, PolicyRow>;

export type Permission = keyof typeof POLICY;
/** Routes anyone may call: health, the OpenAPI document, the docs and the console's static files. */
export const PUBLIC = 'public';
export type RoutePermission = Permission | typeof PUBLIC;

export const PERMISSIONS = Object.keys(POLICY) as Permission[];

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(POLICY, value);
}

/** The scope a role has for a permission, or undefined when it is refused. */
export function scopeFor(permission: Permission, role: Role): Scope | undefined {
  return (POLICY[permission].roles as Partial<Record<Role, Scope>>)[role];
}

/** What a request acts on, for `own` scopes. */
export type Resource =
  | { readonly kind: 'operator'; readonly num: number }
  | { readonly kind: 'account'; readonly num: number }
  /** A transfer: allowed when the principal owns either side. */
  | { readonly kind: 'parties'; readonly debit: number; readonly credit: number }
  /** Payments out of wallets named by id: every one must be owned (a batch is all or nothing). */
  | { readonly kind: 'payers'; readonly items: readonly { readonly from: string }[] };

/** Does the principal's scope cover this account? (Never true for roles without a scope.) */
export function ownsAccount(p: Principal, state: LedgerState, num: number): boolean {
  const a = state.accounts;
  if (!(num >= 1 && num <= a.count)) return false;
  switch (p.role) {
    case 'operator':
      return a.operator[num] === p.operator_num && a.kind[num] !== AccountKind.central_bank;
    case 'holder':
    case 'merchant':
      return p.wallet_nums.has(num);
    case 'central_bank':
      return a.kind[num] === AccountKind.central_bank || a.kind[num] === AccountKind.reserve;
    default:
      return false;
  }
}

/** Does a payer id belong to the principal? Operators by the id's operator digits, checked by the ledger. */
function ownsPayer(p: Principal, id: string): boolean {
  if (p.role === 'operator') return p.operator_prefix !== '' && id.startsWith(p.operator_prefix);
  return p.wallets.has(id);
}

/** The index of the first resource item outside the principal's scope, -1 when all are inside. */
export function firstOutOfScope(p: Principal, state: LedgerState, r: Resource): number {
  switch (r.kind) {
    case 'operator':
      return p.role === 'operator' && p.operator_num === r.num ? -1 : 0;
    case 'account':
      return ownsAccount(p, state, r.num) ? -1 : 0;
    case 'parties':
      return ownsAccount(p, state, r.debit) || ownsAccount(p, state, r.credit) ? -1 : 0;
    case 'payers':
      for (let i = 0; i < r.items.length; i += 1) if (!ownsPayer(p, r.items[i]!.from)) return i;
      return -1;
  }
}

/** Whether a read under this permission and scope is a privileged read that must be logged. */
export function auditedRead(permission: Permission, scope: Scope): boolean {
  const row: PolicyRow = POLICY[permission];
  return row.audit === 'always' || (row.audit === 'others' && scope === 'all');
}
