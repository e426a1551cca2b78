export { type AuditDraft, AuditRecorder } from './audit-recorder.ts';
export { Authenticator } from './authenticator.ts';
export { credentialId, newCredential, redactToken } from './credentials.ts';
export { JOURNAL_BATCH_ACTION, JournalAuditor } from './journal-auditor.ts';
export { batchProof, batchRoot, decodeJournalRow, journalLeaf, journalRowBytes } from './journal-leaf.ts';
export {
  getKey,
  insertKey,
  type KeyRecord,
  keyStanding,
  listKeys,
  presentKey,
  revokeKeyWrite,
  type SecuritySql,
} from './key-store.ts';
export { dbResolver, type KeySpec, prepareKey, prepareRotation, stateResolver } from './keys-admin.ts';
export * from './limits.ts';
export {
  AUDIT_KEY_ENV_VAR,
  AUDIT_KEY_FILE,
  auditOrigin,
  KEYRING_FILE,
  loadNodeSecrets,
  loadSigningPublicKey,
  type NodeSecrets,
  publicKeyFingerprint,
  signingKeyPath,
} from './node-secrets.ts';
export { createKeyOffline } from './offline-keys.ts';
export { drainOutbox, outboxWrite } from './outbox.ts';
export {
  ANONYMOUS_CATEGORY,
  forgetHolder,
  HOLDER_FIELDS,
  type HolderData,
  holderWrite,
  normalizePhone,
  phoneMatches,
  prepareHolder,
  readHolder,
  resealAll,
} from './personal-data.ts';
export {
  auditedRead,
  firstOutOfScope,
  isPermission,
  ownsAccount,
  PERMISSIONS,
  type Permission,
  POLICY,
  PUBLIC,
  type Resource,
  type RoutePermission,
  type Scope,
  scopeFor,
} from './policy.ts';
export { actorOf, type Principal } from './principal.ts';
export { RateLimiter } from './rate-limit.ts';
export { buildReceipt, type Receipt, verifyReceipt } from './receipt.ts';
export { presentReveal, Reveals, type RevealView, rootKeyOf, textCommitment } from './reveals.ts';
export { isRole, ROLES, type Role, scopeOf } from './roles.ts';
export { Security, type SecurityOptions } from './security.ts';
export { hasControlCharacter, urlHasControlCharacter } from './text.ts';
export { type AuditCheckReport, verifyAudit } from './verify-audit.ts';
