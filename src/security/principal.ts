import type { Role } from './roles.ts';

/** Who is calling: the key (or session) and what it is scoped to, resolved against the ledger. */
export interface Principal {
  /** The key or session id (never the secret). */
  readonly key_id: string;
  readonly kind: 'key' | 'session';
  /** For a session: the key that opened it. */
  readonly parent_id: string | null;
  readonly role: Role;
  readonly operator_id: string | null;
  /** The operator's number, -1 when the key has none. */
  readonly operator_num: number;
  /** The 3-digit prefix of the operator's wallet ids ("001"), '' when the key has none. */
  readonly operator_prefix: string;
  /** Wallet ids (holder and merchant keys) and their account numbers. */
  readonly wallets: ReadonlySet<string>;
  readonly wallet_nums: ReadonlySet<number>;
  /** 0 = never. */
  readonly expires_ts: number;
  readonly rate_per_s: number;
  readonly burst: number;
}

/** How a principal is named in the audit log: `key:<id>:<role>[:<operator>]`. */
export function actorOf(p: Principal): string {
  const id = p.kind === 'session' && p.parent_id !== null ? `${p.parent_id}/${p.key_id}` : p.key_id;
  return `key:${id}:${p.role}${p.operator_id === null ? '' : `:${p.operator_id}`}`;
}
