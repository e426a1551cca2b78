/**
 * Audit log failures. Client-visible: `audit_index_out_of_range`, `audit_tree_size_invalid` (a proof
 * asked for outside the log). The others are operator problems (bad configuration, corrupt storage) or
 * programming errors (an invalid entry).
 */
export type AuditErrorCode =
  | 'audit_entry_invalid'
  | 'audit_batch_too_large'
  | 'audit_index_out_of_range'
  | 'audit_tree_size_invalid'
  | 'audit_proof_invalid'
  | 'audit_checkpoint_invalid'
  | 'audit_config_invalid'
  | 'audit_storage_conflict'
  | 'audit_storage_corrupt';

export class AuditError extends Error {
  readonly code: AuditErrorCode;

  constructor(code: AuditErrorCode, message: string) {
    super(message);
    this.name = 'AuditError';
    this.code = code;
  }
}

export function isAuditError(value: unknown): value is AuditError {
  return value instanceof AuditError;
}
