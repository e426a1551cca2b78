import type { FastifyInstance } from 'fastify';
import { getAlertRow, listAlerts } from '../../monitoring/cases/alert-queries.ts';
import { alertEvidence, presentAlert } from '../../monitoring/cases/present.ts';
import { problemResponses as errors } from '../schemas.ts';
import type { SupervisionContext } from './supervision-context.ts';
import {
  AlertEvidence,
  AlertListQuery,
  AlertPage,
  AlertView,
  AssignBody,
  CloseAlertBody,
  IdParams,
} from './supervision-schemas.ts';

const num = (raw: string | undefined) => (raw === undefined ? undefined : Number(raw));

/** The alert queue: list (filter, sort, page), one alert, its evidence, assign, close a false match. */
export function supervisionAlertRoutes(app: FastifyInstance, s: SupervisionContext): void {
  const { db, guard, cases } = s;
  const tags = ['supervision'];

  app.get<{ Querystring: AlertListQuery }>(
    '/v1/supervision/alerts',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags,
        summary: 'The alert queue: suspicious alerts (or large-value reports), filtered, sorted and paged',
        description:
          'Filters combine; `wallet` matches any wallet an alert names. Sort by last transfer (default, newest first), raise time, score or size. Pass next_cursor back as cursor.',
        querystring: AlertListQuery,
        response: { 200: AlertPage, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      return listAlerts(db, { ...q, min_score: num(q.min_score), limit: num(q.limit) });
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/supervision/alerts/:id',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags,
        summary: 'One alert: the rules that fired, the thresholds crossed, the transfers and wallets',
        params: IdParams,
        response: { 200: AlertView, ...errors },
      },
    },
    async (request) => {
      const row = await getAlertRow(db, request.params.id);
      await guard.read(request, 'supervision.alert_read', `alert:${row.id}`);
      return presentAlert(row);
    },
  );

  app.get<{ Params: IdParams }>(
    '/v1/supervision/alerts/:id/evidence',
    {
      config: { permission: 'supervision.read' },
      schema: {
        tags,
        summary:
          "An alert's evidence: its wallets (kind, category, operator; never holders) and money-flow graph",
        params: IdParams,
        response: { 200: AlertEvidence, ...errors },
      },
    },
    async (request) => {
      const row = await getAlertRow(db, request.params.id);
      await guard.read(request, 'supervision.alert_evidence_read', `alert:${row.id}`);
      return alertEvidence(s.engine.store.db, row);
    },
  );

  app.post<{ Params: IdParams; Body: AssignBody }>(
    '/v1/supervision/alerts/:id/assign',
    {
      config: { permission: 'supervision.write' },
      schema: {
        tags,
        summary: 'Assign an alert to an investigator (null takes the assignment away)',
        params: IdParams,
        body: AssignBody,
        response: { 200: AlertView, ...errors },
      },
    },
    async (request) => {
      await cases.assignAlert(request.params.id, request.body.assignee, guard.actor(request));
      return presentAlert(await getAlertRow(db, request.params.id));
    },
  );

  app.post<{ Params: IdParams; Body: CloseAlertBody }>(
    '/v1/supervision/alerts/:id/close',
    {
      config: { permission: 'supervision.write' },
      schema: {
        tags,
        summary: 'Close an alert that is in no case, with a disposition (a case closes its own alerts)',
        params: IdParams,
        body: CloseAlertBody,
        response: { 200: AlertView, ...errors },
      },
    },
    async (request) => {
      await cases.closeAlert(request.params.id, request.body.disposition, guard.actor(request));
      return presentAlert(await getAlertRow(db, request.params.id));
    },
  );
}
