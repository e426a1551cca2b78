import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { supervisionAlertRoutes } from './supervision-alerts.ts';
import { supervisionCaseRoutes } from './supervision-cases.ts';
import { supervisionContext } from './supervision-context.ts';
import { supervisionReportRoutes } from './supervision-reports.ts';
import { supervisionScreeningRoutes } from './supervision-screening.ts';

/**
 * Everything under /v1/supervision that monitoring adds: alerts, cases, reports, rules, the summary
 * and screening hits. Supervisors work them (supervision.write); auditors read them (supervision.read).
 */
export function supervisionRoutes(app: FastifyInstance, ctx: ApiContext, version: string): void {
  const s = supervisionContext(ctx, version);
  supervisionAlertRoutes(app, s);
  supervisionCaseRoutes(app, s);
  supervisionReportRoutes(app, s);
  supervisionScreeningRoutes(app, s);
}
