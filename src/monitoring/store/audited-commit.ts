import type { CompiledWrite } from '../../store/index.ts';

/** Who did what to what, as the audit log records it (no free text: it may hold personal data). */
export interface AuditNote {
  readonly actor: string;
  readonly action: string;
  readonly subject: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/**
 * Commits a supervision change in one transaction together with its audit record, so the change and
 * its record cannot be separated (the node passes the audit log's recorder; tools without one a
 * plain store write).
 */
export type AuditedCommit = (writes: readonly CompiledWrite[], audit: AuditNote) => Promise<void>;

/** A commit without an audit log: the store's own transaction. */
export function plainCommit(write: (writes: readonly CompiledWrite[]) => Promise<void>): AuditedCommit {
  return (writes) => write(writes);
}
