import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import { getHit, listHits } from '../../monitoring/cases/hit-queries.ts';
import { reviewHit, supervisionOf } from '../../monitoring/live/index.ts';
import { auditedCommit } from '../../monitoring/live/security-adapter.ts';
import { problemResponses as errors } from '../schemas.ts';
import type { SupervisionContext } from './supervision-context.ts';
import { HitListQuery, HitPage, HitView, IdParams, ReviewBody } from './supervision-schemas.ts';

/** Watch-list screening hits: the review queue, one hit, and the review that lifts or keeps a freeze. */
export function supervisionScreeningRoutes(app: FastifyInstance, s: SupervisionContext): void {
  const { db, guard } = s;
  const tags = ['supervision'];
  const commit = auditedCommit(s.ctx.security);

  app.get<{ Querystring: HitListQuery }>(
    '/v1/supervision/screening/hits',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags,
        summary: 'Screening hits, newest first (status=pending_review is the review queue)',
        querystring: HitListQuery,
        response: { 200: HitPage, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return listHits(db, { ...q, limit: q.limit === undefined ? undefined : Number(q.limit) });
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/supervision/screening/hits/:id',
    {
      config: { permission: 'supervision.read' },
      schema: { tags, summary: 'One screening hit', params: IdParams, response: { 200: HitView, ...errors } },
    },
    async (request) => getHit(db, request.params.id),
  );

  app.post<{ Params: IdParams; Body: ReviewBody }>(
    '/v1/supervision/screening/hits/:id/review',
    {
      config: { permission: 'supervision.write' },
      schema: {
        tags,
        summary: 'Review a hit: release (a false match: the freeze is lifted) or confirm (the freeze stays)',
        params: IdParams,
        body: ReviewBody,
        response: { 200: HitView, ...errors },
      },
    },
    async (request) => {
      const running = supervisionOf(s.engine);
      if (running === undefined)
        throw new TongbaoError(
          'supervision_unavailable',
          'screening reviews need monitoring running on this node',
        );
      await reviewHit({
        db,
        actions: running.actions,
        watched: running.watched,
        commit,
        id: request.params.id,
        decision: request.body.decision,
        note: request.body.note,
        actor: guard.actor(request),
        now: Date.now(),
      });
      return getHit(db, request.params.id);
    },
  );
}
