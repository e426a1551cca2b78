import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { TongbaoError } from '../../errors/index.ts';
import { reconcile } from '../../ledger/index.ts';
import type { ApiContext } from '../context.ts';
import { presentOperator, presentTransfer } from '../present.ts';
import {
  IssuanceCreate,
  OperatorCreate,
  OperatorId,
  OperatorView,
  Problem,
  TransferView,
} from '../schemas.ts';
import { submitOperator, submitTransfer } from './submit.ts';

const errors = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 503: Problem };

export function operatorRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine } = ctx;

  app.post<{ Body: OperatorCreate }>(
    '/v1/operators',
    {
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
      const value = await submitOperator(engine, ctx.commands.operator(request.body, generated));
      const view = await engine.read((s) => presentOperator(s, s.operators[value.operator]!, reconcile(s)));
      return reply.code(existing === undefined ? 201 : 200).send(view);
    },
  );

  app.get(
    '/v1/operators',
    {
      schema: {
        tags: ['central bank'],
        summary: 'List operators',
        response: { 200: Type.Object({ items: Type.Array(OperatorView) }) },
      },
    },
    async () =>
      engine.read((s) => {
        const books = reconcile(s);
        return {
          items: s.operators.flatMap((op) => (op === undefined ? [] : [presentOperator(s, op, books)])),
        };
      }),
  );

  app.get<{ Params: { id: string } }>(
    '/v1/operators/:id',
    {
      schema: {
        tags: ['central bank'],
        summary: 'An operator with its reserve, vault and issuance',
        params: Type.Object({ id: OperatorId }),
        response: { 200: OperatorView, ...errors },
      },
    },
    async (request) =>
      engine.read((s) => {
        const num = s.operatorByKey.get(request.params.id);
        if (num === undefined)
          throw new TongbaoError('operator_not_found', `no operator ${request.params.id}`, 'id');
        return presentOperator(s, s.operators[num]!, reconcile(s));
      }),
  );

  for (const [path, type, summary] of [
    ['/v1/issuances', 'issue', 'Issue e-CNY to an operator: its reserve goes down, its vault goes up'],
    ['/v1/redemptions', 'redeem', 'Redeem e-CNY from an operator: its vault goes down, its reserve goes up'],
  ] as const) {
    app.post<{ Body: IssuanceCreate }>(
      path,
      {
        schema: {
          tags: ['central bank'],
          summary,
          body: IssuanceCreate,
          response: { 200: TransferView, 201: TransferView, ...errors },
        },
      },
      async (request, reply) => {
        const record = await submitTransfer(engine, ctx.commands.issuance(type, request.body));
        return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
      },
    );
  }
}
