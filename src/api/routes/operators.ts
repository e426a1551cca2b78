import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { TongbaoError } from '../../errors/index.ts';
import { type OperatorRef, reconcile, type TransferRecord } from '../../ledger/index.ts';
import type { ApiContext } from '../context.ts';
import { presentOperator, presentTransfer } from '../present.ts';
import {
  IssuanceCreate,
  OperatorCreate,
  OperatorId,
  OperatorView,
  problemResponses,
  TransferView,
} from '../schemas.ts';
import { submitOperator, submitTransfer } from './submit.ts';

const errors = problemResponses;

export function operatorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard, security } = ctx;

  app.post<{ Body: OperatorCreate }>(
    '/v1/operators',
    {
      config: { permission: 'operators.create' },
      schema: {
        tags: ['central bank'],
        summary: 'Register an operator (authorised bank)',
        body: OperatorCreate,
        response: { 200: OperatorView, 201: OperatorView, ...errors },
      },
    },
    async (request, reply) => {
      const generated = `op-${String(engine.state.operators.length).padStart(3, '0')}`;
      const existing =
        request.body.id === undefined ? undefined : engine.state.operatorByKey.get(request.body.id);
      const command = ctx.commands.operator(request.body, generated);
      const { id, name, issuance_quota, reserve } = request.body;
      const value = await security.act<OperatorRef>(
        guard.actor(request),
        'operator.register',
        `operator:${id ?? generated}`,
        { name, issuance_quota: issuance_quota ?? null, reserve: reserve ?? null },
        () => submitOperator(engine, command),
        (v) => ({ subject: `operator:${engine.state.operators[v.operator]!.id}` }),
      );
      const view = await engine.read((s) => presentOperator(s, s.operators[value.operator]!, reconcile(s)));
      return reply.code(existing === undefined ? 201 : 200).send(view);
    },
  );

  app.get(
    '/v1/operators',
    {
      config: { permission: 'operators.read' },
      schema: {
        tags: ['central bank'],
        summary: 'List operators (an operator key sees its own)',
        response: { 200: Type.Object({ items: Type.Array(OperatorView) }), ...errors },
      },
    },
    async (request) => {
      const own = guard.scope(request) === 'own' ? guard.filtered(request).operator_num : -1;
      return engine.read((s) => {
        const books = reconcile(s);
        return {
          items: s.operators.flatMap((op) =>
            op === undefined || (own >= 0 && op.num !== own) ? [] : [presentOperator(s, op, books)],
          ),
        };
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/operators/:id',
    {
      config: { permission: 'operators.read' },
      schema: {
        tags: ['central bank'],
        summary: 'An operator with its reserve, vault and issuance',
        params: Type.Object({ id: OperatorId }),
        response: { 200: OperatorView, ...errors },
      },
    },
    async (request) => {
      const num = engine.state.operatorByKey.get(request.params.id) ?? -1;
      guard.check(request, { kind: 'operator', num }, 'id');
      return engine.read((s) => {
        if (num < 0) throw new TongbaoError('operator_not_found', `no operator ${request.params.id}`, 'id');
        return presentOperator(s, s.operators[num]!, reconcile(s));
      });
    },
  );

  for (const [path, type, summary] of [
    ['/v1/issuances', 'issue', 'Issue e-CNY to an operator: its reserve goes down, its vault goes up'],
    ['/v1/redemptions', 'redeem', 'Redeem e-CNY from an operator: its vault goes down, its reserve goes up'],
  ] as const) {
    app.post<{ Body: IssuanceCreate }>(
      path,
      {
        config: { permission: 'issuances.create' },
        schema: {
          tags: ['central bank'],
          summary,
          body: IssuanceCreate,
          response: { 200: TransferView, 201: TransferView, ...errors },
        },
      },
      async (request, reply) => {
        const command = ctx.commands.issuance(type, request.body);
        const { id, operator_id, amount } = request.body;
        const record = await security.act<TransferRecord>(
          guard.actor(request),
          type === 'issue' ? 'issuance.create' : 'redemption.create',
          `operator:${operator_id}`,
          { id, amount, currency: request.body.currency ?? null },
          () => submitTransfer(engine, command),
          (r) => ({ details: { id, seq: r.seq, replayed: r.replayed } }),
        );
        return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
      },
    );
  }
}
