import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import {
  consistencyProofToJson,
  encodeAuditEntry,
  inclusionProofToJson,
  isAuditError,
} from '../../audit/index.ts';
import { sm2PublicKeyToPem } from '../../crypto/index.ts';
import { TongbaoError } from '../../errors/index.ts';
import {
  AUDIT_CHECKPOINTS_PAGE_MAX,
  AUDIT_ENTRIES_PAGE_MAX,
  publicKeyFingerprint,
} from '../../security/index.ts';
import type { ApiContext } from '../context.ts';
import { problemResponses as errors } from '../schemas.ts';
import {
  AuditEntryView,
  AuditStatus,
  CheckpointsQuery,
  CheckpointView,
  ConsistencyProof,
  ConsistencyQuery,
  EntriesQuery,
  InclusionProof,
  IndexParams,
  ProofQuery,
  PublicKeyView,
} from '../security-schemas.ts';
import { pageLimit } from './wallets.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** The log's own refusals (a size or index outside it) as client errors. */
async function mapped<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      isAuditError(error) &&
      (error.code === 'audit_index_out_of_range' || error.code === 'audit_tree_size_invalid')
    )
      throw new TongbaoError(error.code, error.message);
    throw error;
  }
}

/** The audit log as verifiers need it: signed heads, entries, inclusion and consistency proofs. */
export function auditRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { security } = ctx;
  const log = security.log;

  app.get(
    '/v1/audit/public-key',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['audit'],
        summary: "The log's SM2 public key and origin (compare its SM3 with the one published)",
        security: [],
        response: { 200: PublicKeyView },
      },
    },
    async () => ({
      origin: log.origin,
      pem: sm2PublicKeyToPem(log.publicKey),
      public_key_sm3: publicKeyFingerprint(log.publicKey),
    }),
  );

  app.get(
    '/v1/audit/status',
    {
      config: { permission: 'audit.checkpoints' },
      schema: {
        tags: ['audit'],
        summary: 'How far the log and its journal coverage are',
        response: { 200: AuditStatus, ...errors },
      },
    },
    async () => {
      const s = security.status();
      const latest = await log.latestCheckpoint();
      return {
        entries: s.audit_entries,
        latest_checkpoint_size: latest?.tree_size ?? 0,
        journal_committed_seq: s.committed_seq,
        journal_logged_seq: s.covered_seq,
        journal_error: s.error,
        origin: log.origin,
        public_key_sm3: publicKeyFingerprint(log.publicKey),
      };
    },
  );

  app.get(
    '/v1/audit/checkpoints/latest',
    {
      config: { permission: 'audit.checkpoints' },
      schema: {
        tags: ['audit'],
        summary: 'The newest signed checkpoint',
        response: { 200: CheckpointView, ...errors },
      },
    },
    async () => {
      const c = await log.latestCheckpoint();
      if (c === undefined)
        throw new TongbaoError('audit_tree_size_invalid', 'no checkpoint has been signed yet');
      return { tree_size: c.tree_size, timestamp: iso(c.timestamp_ms), note: c.note };
    },
  );

  app.get<{ Querystring: { from_size?: string; limit?: string } }>(
    '/v1/audit/checkpoints',
    {
      config: { permission: 'audit.checkpoints' },
      schema: {
        tags: ['audit'],
        summary: 'Signed checkpoints from a tree size up, oldest first',
        querystring: CheckpointsQuery,
        response: { 200: Type.Object({ items: Type.Array(CheckpointView) }), ...errors },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, AUDIT_CHECKPOINTS_PAGE_MAX);
      const rows = await log.readCheckpoints(Number(request.query.from_size ?? 0), limit);
      return {
        items: rows.map((c) => ({ tree_size: c.tree_size, timestamp: iso(c.timestamp_ms), note: c.note })),
      };
    },
  );

  app.get<{ Querystring: { start?: string; limit?: string } }>(
    '/v1/audit/entries',
    {
      config: { permission: 'audit.entries' },
      schema: {
        tags: ['audit'],
        summary: 'Entries from an index up (supervisors and auditors)',
        querystring: EntriesQuery,
        response: { 200: Type.Object({ items: Type.Array(AuditEntryView) }), ...errors },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, AUDIT_ENTRIES_PAGE_MAX);
      const entries = await mapped(() => log.readEntries(Number(request.query.start ?? 0), limit));
      return {
        items: entries.map((e) => ({
          index: e.index,
          ts: iso(e.ts_ms),
          actor: e.actor,
          action: e.action,
          subject: e.subject,
          details: e.details,
          canonical: Buffer.from(encodeAuditEntry(e)).toString('utf8'),
        })),
      };
    },
  );

  app.get<{ Params: { index: string }; Querystring: { tree_size?: string } }>(
    '/v1/audit/entries/:index/proof',
    {
      config: { permission: 'audit.checkpoints' },
      schema: {
        tags: ['audit'],
        summary: 'Inclusion proof of an entry in the tree of a size (default: the newest checkpoint)',
        params: IndexParams,
        querystring: ProofQuery,
        response: { 200: InclusionProof, ...errors },
      },
    },
    async (request) => {
      const size =
        request.query.tree_size === undefined
          ? ((await log.latestCheckpoint())?.tree_size ?? 0)
          : Number(request.query.tree_size);
      return mapped(async () =>
        inclusionProofToJson(await log.inclusionProof(Number(request.params.index), size)),
      );
    },
  );

  app.get<{ Querystring: { first: string; second: string } }>(
    '/v1/audit/consistency',
    {
      config: { permission: 'audit.checkpoints' },
      schema: {
        tags: ['audit'],
        summary: 'Consistency proof: the tree of size first is a prefix of the tree of size second',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProof, ...errors },
      },
    },
    async (request) =>
      mapped(async () =>
        consistencyProofToJson(
          await log.consistencyProof(Number(request.query.first), Number(request.query.second)),
        ),
      ),
  );
}
