import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { presentReveal, REVEALS_PAGE_MAX, readHolder } from '../../security/index.ts';
import type { ApiContext } from '../context.ts';
import { problemResponses as errors } from '../schemas.ts';
import {
  HolderView,
  RevealCreate,
  RevealIdParams,
  RevealListQuery,
  RevealView,
} from '../security-schemas.ts';
import { pageLimit } from './wallets.ts';

type Id = { Params: { id: string } };

/**
 * Controlled anonymity: a supervisor asks, a second supervisor approves, the first may then read who
 * holds the wallet for a limited time. Every step and every read is in the audit log.
 */
export function revealRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { guard, security } = ctx;
  const reveals = security.reveals;

  app.post<{ Body: RevealCreate }>(
    '/v1/supervision/reveals',
    {
      config: { permission: 'reveals.request' },
      schema: {
        tags: ['supervision'],
        summary: 'Ask to reveal who holds a wallet, with a reason',
        body: RevealCreate,
        response: { 201: RevealView, ...errors },
      },
    },
    async (request, reply) => {
      const num = guard.wallet(request, request.body.wallet_id, 'wallet_id');
      const view = await reveals.request(
        guard.principal(request),
        num,
        request.body.wallet_id,
        request.body.reason,
      );
      return reply.code(201).send(view);
    },
  );

  app.get<{ Querystring: { cursor?: string; limit?: string } }>(
    '/v1/supervision/reveals',
    {
      config: { permission: 'reveals.read' },
      schema: {
        tags: ['supervision'],
        summary: 'Reveal requests, newest first',
        querystring: RevealListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(RevealView),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, REVEALS_PAGE_MAX);
      await guard.read(request, 'identity.reveals_read', '');
      const items = await reveals.list(request.query.cursor, limit + 1);
      const page = items.slice(0, limit);
      return { items: page, next_cursor: items.length > limit ? page[page.length - 1]!.id : null };
    },
  );

  app.get<Id>(
    '/v1/supervision/reveals/:id',
    {
      config: { permission: 'reveals.read' },
      schema: {
        tags: ['supervision'],
        summary: 'A reveal request and its status',
        params: RevealIdParams,
        response: { 200: RevealView, ...errors },
      },
    },
    async (request) => {
      const row = await reveals.get(request.params.id);
      await guard.read(request, 'identity.reveals_read', `reveal:${row.id}`);
      return presentReveal(row, security.clock());
    },
  );

  for (const [verb, approve] of [
    ['approve', true],
    ['reject', false],
  ] as const) {
    app.post<Id>(
      `/v1/supervision/reveals/:id/${verb}`,
      {
        config: { permission: 'reveals.decide' },
        schema: {
          tags: ['supervision'],
          summary: `${approve ? 'Approve' : 'Reject'} another supervisor's reveal request`,
          params: RevealIdParams,
          response: { 200: RevealView, ...errors },
        },
      },
      async (request) => reveals.decide(guard.principal(request), request.params.id, approve),
    );
  }

  app.get<Id>(
    '/v1/supervision/reveals/:id/identity',
    {
      config: { permission: 'reveals.identity' },
      schema: {
        tags: ['supervision'],
        summary: 'Who holds the wallet (the requester, while the approval lasts; logged)',
        params: RevealIdParams,
        response: { 200: HolderView, ...errors },
      },
    },
    async (request) => {
      const row = await reveals.openable(guard.principal(request), request.params.id);
      await security.logRead(guard.principal(request), 'identity.reveal', `wallet:${row.wallet_id}`, {
        reveal_id: row.id,
      });
      return readHolder(security.db, security.keyring, Number(row.num));
    },
  );
}
