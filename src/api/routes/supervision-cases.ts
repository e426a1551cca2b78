import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import { caseHistory, caseView, listCases } from '../../monitoring/cases/case-queries.ts';
import { ATTACHMENT_BODY_BYTES_MAX } from '../../monitoring/cases/limits.ts';
import { problemResponses as errors } from '../schemas.ts';
import type { SupervisionContext } from './supervision-context.ts';
import {
  AssignBody,
  AttachBody,
  AttachmentParams,
  CaseAlertsBody,
  CaseCreateBody,
  CaseListQuery,
  CasePage,
  CaseView,
  CloseCaseBody,
  CommentBody,
  EscalateBody,
  HistoryPage,
  HistoryQuery,
  IdParams,
  ReopenBody,
} from './supervision-schemas.ts';

const num = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw));

/** Cases: open one from alerts, work it (assign, comment, attach, escalate), close and reopen it. */
export function supervisionCaseRoutes(app: FastifyInstance, s: SupervisionContext): void {
  const { db, guard, cases } = s;
  const tags = ['supervision'];
  const write = { permission: 'supervision.write' } as const;
  const read = { permission: 'supervision.read' } as const;
  type Id = { Params: IdParams };

  app.post<{ Body: CaseCreateBody }>(
    '/v1/supervision/cases',
    {
      config: write,
      schema: {
        tags,
        summary: 'Open a case, gathering open alerts',
        body: CaseCreateBody,
        response: { 201: CaseView, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(await cases.create(request.body, guard.actor(request))),
  );

  app.get<{ Querystring: CaseListQuery }>(
    '/v1/supervision/cases',
    {
      config: read,
      schema: {
        tags,
        summary: 'Cases, most recently updated first',
        querystring: CaseListQuery,
        response: { 200: CasePage, ...errors },
      },
    },
    async (request) => listCases(db, { ...request.query, limit: num(request.query.limit) }),
  );

  app.get<Id>(
    '/v1/supervision/cases/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A case: its alerts, attachments and the first page of its history',
        params: IdParams,
        response: { 200: CaseView, ...errors },
      },
    },
    async (request) => {
      const view = await caseView(db, request.params.id);
      await guard.read(request, 'supervision.case_read', `case:${view.id}`);
      return view;
    },
  );

  app.get<Id & { Querystring: { limit?: string; cursor?: string } }>(
    '/v1/supervision/cases/:id/history',
    {
      config: read,
      schema: {
        tags,
        summary: "A case's full history, oldest first (nothing in it is ever changed or removed)",
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: HistoryPage, ...errors },
      },
    },
    async (request) => {
      await caseView(db, request.params.id);
      return caseHistory(db, request.params.id, request.query.cursor, num(request.query.limit));
    },
  );

  const step = <B>(
    path: string,
    summary: string,
    body: object,
    run: (id: string, b: B, actor: string) => Promise<unknown>,
    extra: { bodyLimit?: number } = {},
  ) =>
    app.post<Id & { Body: B }>(
      `/v1/supervision/cases/:id/${path}`,
      {
        config: write,
        ...extra,
        schema: { tags, summary, params: IdParams, body, response: { 200: CaseView, ...errors } },
      },
      // The body was validated against `body`, the schema B is the static type of.
      async (request) => run(request.params.id, request.body as B, guard.actor(request)),
    );

  step<CaseAlertsBody>('alerts', 'Add open alerts to the case', CaseAlertsBody, (id, b, actor) =>
    cases.addAlerts(id, b.alert_ids, actor),
  );
  step<AssignBody>('assign', 'Assign the case (null takes the assignment away)', AssignBody, (id, b, actor) =>
    cases.assign(id, b.assignee, actor),
  );
  step<CommentBody>('comments', 'Add a comment to the case history', CommentBody, (id, b, actor) =>
    cases.comment(id, b.text, actor),
  );
  step<AttachBody>(
    'attachments',
    'Attach a file (base64, at most 1 MiB), kept with its SHA-256',
    AttachBody,
    (id, b, actor) => cases.attach(id, b, actor),
    { bodyLimit: ATTACHMENT_BODY_BYTES_MAX },
  );
  step<EscalateBody>(
    'escalate',
    'Escalate the case (one level up, optionally to someone)',
    EscalateBody,
    (id, b, actor) => cases.escalate(id, b.reason, b.assignee, actor),
  );
  step<CloseCaseBody>(
    'close',
    'Close the case with a disposition; its alerts close with it',
    CloseCaseBody,
    (id, b, actor) => cases.close(id, b.disposition, b.comment, actor),
  );
  step<ReopenBody>('reopen', 'Reopen a closed case', ReopenBody, (id, b, actor) =>
    cases.reopen(id, b.reason, actor),
  );

  app.get<{ Params: AttachmentParams }>(
    '/v1/supervision/cases/:id/attachments/:attachment',
    {
      config: read,
      schema: {
        tags,
        summary: 'Download an attachment, with its media type',
        params: AttachmentParams,
        response: errors,
      },
    },
    async (request, reply) => {
      const a = await db
        .selectFrom('sup_case_attachments')
        .selectAll()
        .where('id', '=', request.params.attachment)
        .where('case_id', '=', request.params.id)
        .executeTakeFirst();
      if (a === undefined)
        throw new TongbaoError(
          'attachment_not_found',
          `no attachment ${request.params.attachment}`,
          'attachment',
        );
      await guard.read(request, 'supervision.attachment_read', `case:${a.case_id}`, { attachment: a.id });
      return reply
        .type(a.media_type)
        .header('content-disposition', `attachment; filename="${a.name.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
        .header('x-content-type-options', 'nosniff')
        .send(Buffer.from(a.content));
    },
  );
}
