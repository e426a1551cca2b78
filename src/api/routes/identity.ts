import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { TongbaoError } from '../../errors/index.ts';
import { KEYS_PAGE_MAX, PERMISSIONS, scopeFor } from '../../security/index.ts';
import { sendWithCookie } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { problemResponses as errors } from '../schemas.ts';
import {
  KeyCreate,
  KeyCreated,
  KeyIdParams,
  KeyListQuery,
  KeyRotate,
  KeyView,
  Me,
  SessionCreate,
  SessionView,
} from '../security-schemas.ts';
import { pageLimit } from './wallets.ts';

type KeyId = { Params: { id: string } };

/** Who am I, console sessions, and key administration (administrators). */
export function identityRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { guard, security } = ctx;

  app.get(
    '/v1/me',
    {
      config: { permission: 'me.read' },
      schema: {
        tags: ['identity'],
        summary: 'Who the key or session is: role, operator, wallets, what it may do',
        response: { 200: Me, ...errors },
      },
    },
    async (request) => {
      const p = guard.principal(request);
      return {
        key_id: p.key_id,
        kind: p.kind,
        role: p.role,
        operator_id: p.operator_id,
        wallets: [...p.wallets],
        expires_at: p.expires_ts === 0 ? null : new Date(p.expires_ts).toISOString(),
        rate_per_s: p.rate_per_s,
        permissions: PERMISSIONS.flatMap((perm) => {
          const scope = scopeFor(perm, p.role);
          return scope === undefined ? [] : [scope === 'own' ? `${perm} (own)` : perm];
        }),
      };
    },
  );

  app.post<{ Body: { ttl_s?: number } | undefined }>(
    '/v1/sessions',
    {
      config: { permission: 'sessions.create' },
      schema: {
        tags: ['identity'],
        summary: 'Open a console session with an API key: a token, also set as an HttpOnly cookie',
        body: Type.Optional(SessionCreate),
        response: { 201: SessionView, ...errors },
      },
    },
    async (request, reply) => {
      const { record, token } = await security.keys.openSession(
        guard.principal(request),
        request.body?.ttl_s,
      );
      sendWithCookie(reply, token, Math.round((record.expires_ts - Date.now()) / 1000));
      return reply.code(201).send({
        token,
        session_id: record.key_id,
        expires_at: new Date(record.expires_ts).toISOString(),
        role: record.role,
      });
    },
  );

  app.delete(
    '/v1/sessions/current',
    {
      config: { permission: 'sessions.create' },
      schema: {
        tags: ['identity'],
        summary: 'Close the session this request was made with',
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = guard.principal(request);
      if (p.kind !== 'session')
        throw new TongbaoError('session_key_required', 'this request was made with a key, not a session');
      await security.keys.closeSession(p);
      sendWithCookie(reply, '', 0);
      return reply.code(204).send();
    },
  );

  app.post<{ Body: KeyCreate }>(
    '/v1/keys',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Create an API key (shown once)',
        body: KeyCreate,
        response: { 201: KeyCreated, ...errors },
      },
    },
    async (request, reply) => {
      const created = await security.keys.create(guard.actor(request), request.body);
      return reply.code(201).send(created);
    },
  );

  app.get<{ Querystring: { cursor?: string; limit?: string; include_revoked?: string } }>(
    '/v1/keys',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags: ['identity'],
        summary: 'List API keys (never their secrets)',
        querystring: KeyListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(KeyView),
            next_cursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const limit = pageLimit(request.query.limit, KEYS_PAGE_MAX);
      const items = await security.keys.list(
        request.query.cursor,
        limit + 1,
        request.query.include_revoked === 'true',
      );
      const page = items.slice(0, limit);
      return { items: page, next_cursor: items.length > limit ? page[page.length - 1]!.key_id : null };
    },
  );

  app.post<KeyId>(
    '/v1/keys/:id/revoke',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Revoke a key and every session it opened, at once',
        params: KeyIdParams,
        response: { 200: KeyView, ...errors },
      },
    },
    async (request) => security.keys.revoke(guard.actor(request), request.params.id),
  );

  app.post<KeyId & { Body: { grace_s?: number } | undefined }>(
    '/v1/keys/:id/rotate',
    {
      config: { permission: 'keys.manage' },
      schema: {
        tags: ['identity'],
        summary: 'Replace a key by a new one with the same role and scope (shown once)',
        params: KeyIdParams,
        body: Type.Optional(KeyRotate),
        response: { 201: KeyCreated, ...errors },
      },
    },
    async (request, reply) => {
      const rotated = await security.keys.rotate(
        guard.actor(request),
        request.params.id,
        request.body?.grace_s ?? 0,
      );
      return reply.code(201).send(rotated);
    },
  );
}
