import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import { getCaseRow } from '../../monitoring/cases/case-queries.ts';
import { supervisionSummary } from '../../monitoring/cases/summary.ts';
import { DEFAULT_RULES_PATH, supervisionOf } from '../../monitoring/live/index.ts';
import { largeValueReport } from '../../monitoring/reports/large-value.ts';
import { suspiciousTransactionReport } from '../../monitoring/reports/str.ts';
import { reportsXsd, XML_MEDIA_TYPE } from '../../monitoring/reports/xml.ts';
import { listRuleFiles } from '../../monitoring/rules/files.ts';
import { problemResponses as errors } from '../schemas.ts';
import type { SupervisionContext } from './supervision-context.ts';
import {
  IdParams,
  LargeValueQuery,
  RuleSetDocument,
  RuleSetList,
  RuleSetParams,
  Summary,
  XmlDocument,
} from './supervision-schemas.ts';

const xml = { 200: { content: { [XML_MEDIA_TYPE]: { schema: XmlDocument } } }, ...errors };

/** Reports (STR of a case, daily large-value report, their XSD), the rule files, the dashboard summary. */
export function supervisionReportRoutes(app: FastifyInstance, s: SupervisionContext): void {
  const { db, guard } = s;
  const tags = ['supervision'];
  const read = { permission: 'supervision.read' } as const;
  const context = () => ({ node: s.node, currency: s.currency, now: Date.now() });

  app.get<{ Params: IdParams }>(
    '/v1/supervision/cases/:id/report',
    {
      config: read,
      schema: {
        tags,
        summary: "The case's suspicious-transaction report (XML, supervision-reports.xsd)",
        params: IdParams,
        response: xml,
      },
    },
    async (request, reply) => {
      const c = await getCaseRow(db, request.params.id);
      await guard.read(request, 'supervision.str_export', `case:${c.id}`);
      const doc = await suspiciousTransactionReport(db, c.id, context());
      return reply
        .type(`${XML_MEDIA_TYPE}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="str-${c.id}.xml"`)
        .send(doc);
    },
  );

  app.get<{ Querystring: LargeValueQuery }>(
    '/v1/supervision/reports/large-value',
    {
      config: read,
      schema: {
        tags,
        summary: 'The daily large-value transaction report of a local day (XML, supervision-reports.xsd)',
        description:
          'PBOC thresholds: an individual moving CNY 500,000 or more in a day, others CNY 2,000,000 (per direction; from the rule file). Complete once the day is over.',
        querystring: LargeValueQuery,
        response: xml,
      },
    },
    async (request, reply) => {
      await guard.read(request, 'supervision.lvtr_export', `day:${request.query.date}`);
      const doc = await largeValueReport(db, request.query.date, s.tzOffsetMs, context());
      return reply
        .type(`${XML_MEDIA_TYPE}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="lvtr-${request.query.date}.xml"`)
        .send(doc);
    },
  );

  app.get(
    '/v1/supervision/reports/schema',
    {
      config: read,
      schema: { tags, summary: 'The XML schema (XSD) the reports validate against', response: xml },
    },
    async (_request, reply) => reply.type(`${XML_MEDIA_TYPE}; charset=utf-8`).send(reportsXsd()),
  );

  const activeRules = () => supervisionOf(s.engine)?.config.rules ?? DEFAULT_RULES_PATH;

  app.get(
    '/v1/supervision/rules',
    {
      config: read,
      schema: {
        tags,
        summary: 'The versioned rule files: the active one and the candidates beside it',
        response: { 200: RuleSetList, ...errors },
      },
    },
    async () => ({ items: listRuleFiles(activeRules()).map((f) => f.summary) }),
  );

  app.get<{ Params: RuleSetParams }>(
    '/v1/supervision/rules/:rule_set',
    {
      config: read,
      schema: {
        tags,
        summary: 'A rule file as stored (the active one when it carries this id, else the highest version)',
        params: RuleSetParams,
        response: { 200: RuleSetDocument, ...errors },
      },
    },
    async (request) => {
      const found = listRuleFiles(activeRules()).find((f) => f.summary.rule_set === request.params.rule_set);
      if (found === undefined)
        throw new TongbaoError('rule_set_not_found', `no rule set ${request.params.rule_set}`, 'rule_set');
      return found;
    },
  );

  app.get(
    '/v1/supervision/summary',
    {
      config: read,
      schema: {
        tags,
        summary: 'The dashboard at a glance: open alerts by typology, cases, screening, large-value reports',
        response: { 200: Summary, ...errors },
      },
    },
    async () => {
      const summary = await supervisionSummary(db, Date.now(), s.tzOffsetMs);
      const running = supervisionOf(s.engine)?.status();
      return {
        ...summary,
        monitoring:
          running === undefined
            ? null
            : {
                state: running.follower.state,
                rule_set: running.rule_set.id,
                rule_set_version: running.rule_set.version,
                evaluated_seq: running.follower.evaluated_seq,
                committed_seq: s.engine.committed,
                lag_rows: running.follower.lag_rows,
                payments: running.follower.payments,
                failed: running.follower.failed,
                screening_lists: running.screening?.lists.length ?? 0,
                watched_wallets: running.watched_wallets,
              },
      };
    },
  );
}
