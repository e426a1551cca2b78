import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { reconcile } from '../../ledger/index.ts';
import type { ApiContext } from '../context.ts';
import { presentReconciliation } from '../present.ts';
import { problemResponses, Reconciliation } from '../schemas.ts';

export const Health = Type.Object({
  status: Type.String({ description: 'ok, or stopping' }),
  version: Type.String(),
  store: Type.String(),
  committed_seq: Type.Integer(),
  queued_commands: Type.Integer(),
  accounts: Type.Integer(),
  uptime_s: Type.Integer(),
});

export function systemRoutes(app: FastifyInstance, ctx: ApiContext, version: string): void {
  const { engine } = ctx;
  const started = Date.now();

  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], summary: 'Liveness and progress of the node', response: { 200: Health } },
    },
    async () => {
      const stats = engine.stats();
      return {
        status: 'ok',
        version,
        store: engine.store.dialect,
        committed_seq: stats.committed_seq,
        queued_commands: stats.queued_commands,
        accounts: engine.state.accounts.count,
        uptime_s: Math.round((Date.now() - started) / 1000),
      };
    },
  );

  app.get(
    '/v1/reconciliation',
    {
      config: { permission: 'reconciliation.read' },
      schema: {
        tags: ['central bank'],
        summary:
          "Every operator's books: issued - redeemed = vault + wallets; and the central bank's outstanding issuance",
        response: { 200: Reconciliation, ...problemResponses },
      },
    },
    async () => engine.read((s) => presentReconciliation(s, reconcile(s), s.lastSeq)),
  );
}
