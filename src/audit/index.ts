export { canonicalJson, type JsonObject, type JsonValue, MAX_JSON_DEPTH } from './canonical-json.ts';
export {
  CHECKPOINT_SIGNATURE_IDENTIFIER,
  type Checkpoint,
  type CheckpointProblem,
  type CheckpointResult,
  checkpointBody,
  checkpointKeyId,
  openCheckpoint,
  type SignedCheckpoint,
  signCheckpoint,
} from './checkpoint.ts';
export {
  ACTION_PATTERN,
  type AuditEntry,
  type AuditEntryDraft,
  decodeAuditEntry,
  encodeAuditEntry,
  MAX_ENTRY_BYTES,
} from './entry.ts';
export { AuditError, type AuditErrorCode, isAuditError } from './errors.ts';
export {
  type AuditAppendResult,
  AuditLog,
  type AuditLogOptions,
  DEFAULT_CHECKPOINT_EVERY_ENTRIES,
  DEFAULT_CHECKPOINT_INTERVAL_MS,
  MAX_APPEND_BATCH_ENTRIES,
} from './log.ts';
export { MemoryAuditStorage } from './memory-storage.ts';
export {
  foldSubtrees,
  HASH_BYTES,
  hashesEqual,
  leafHash,
  MerkleFrontier,
  type NewNode,
  nodeHash,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';
export {
  type ConsistencyProofJson,
  consistencyProofFromJson,
  consistencyProofToJson,
  type InclusionProofJson,
  inclusionProofFromJson,
  inclusionProofToJson,
} from './proof-json.ts';
export {
  buildInclusionProof,
  type ConsistencyProof,
  type InclusionProof,
  type NodeReader,
} from './proofs.ts';
export {
  type AuditStorage,
  type AuditWriteBatch,
  MAX_READ_CHECKPOINTS,
  MAX_READ_ENTRIES,
  MAX_READ_NODES,
  type StoredCheckpoint,
  type StoredEntry,
  type StoredNode,
} from './storage.ts';
export { MAX_TREE_SIZE, type NodeCoord } from './tree-math.ts';
export {
  type AuditFinding,
  type AuditFindingKind,
  type AuditVerifyReport,
  DEFAULT_MAX_FINDINGS,
  type VerifyLogOptions,
  verifyLog,
} from './verify.ts';
