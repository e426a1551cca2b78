import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import type { Command, CommandResult, TransferRecord } from '../../ledger/index.ts';
import type { ApiContext } from '../context.ts';
import { BATCH_BODY_BYTES_MAX } from '../limits.ts';
import { presentTransfer } from '../present.ts';
import {
  BatchResults,
  Problem,
  TransferBatch,
  TransferCreate,
  TransferIdParams,
  TransferPost,
  TransferView,
} from '../schemas.ts';
import { submitTransfer } from './submit.ts';

const errors = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 503: Problem };
type Id = { Params: { id: string } };
type BatchResult =
  | { index: number; id: string; status: string; replayed?: true }
  | { index: number; id: string; code: string; detail: string; field?: string };

export function transferRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine } = ctx;

  app.post<{ Body: TransferCreate }>(
    '/v1/transfers',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Pay from one wallet to another',
        description:
          'Idempotent by id: the same body again returns the first result (200); a different body under a used id is id_conflict. ' +
          'With pending: true the funds are held until posted or voided (or timeout_s passes).',
        body: TransferCreate,
        response: { 200: TransferView, 201: TransferView, ...errors },
      },
    },
    async (request, reply) => {
      const record = await submitTransfer(engine, ctx.commands.transfer(request.body));
      if (record.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
    },
  );

  app.post<{ Body: TransferBatch }>(
    '/v1/transfers/batch',
    {
      bodyLimit: BATCH_BODY_BYTES_MAX,
      schema: {
        tags: ['transfers'],
        summary: 'Up to 8,190 transfers at once, independent or linked (all or nothing)',
        body: TransferBatch,
        response: { 200: BatchResults, ...errors },
      },
    },
    async (request) => {
      const { transfers, linked = false } = request.body;
      // Transfers whose request is malformed (bad amount, unknown currency) are refused here; in a
      // linked batch that refuses the whole batch, exactly as a refusal by the ledger would.
      const commands: Array<Command | TongbaoError> = transfers.map((t, i) => {
        try {
          return ctx.commands.transfer(t, i);
        } catch (error) {
          if (error instanceof TongbaoError) return error;
          throw error;
        }
      });
      const refused = commands.findIndex((c) => c instanceof TongbaoError);
      let results: CommandResult[];
      if (linked && refused >= 0) {
        results = commands.map((c, i) =>
          i === refused
            ? { ok: false, error: c as TongbaoError }
            : {
                ok: false,
                error: new TongbaoError(
                  'linked_event_failed',
                  `transfer ${refused} of the linked batch was refused`,
                  `transfers/${i}`,
                ),
              },
        );
      } else {
        const valid = commands.filter((c): c is Command => !(c instanceof TongbaoError));
        const applied = valid.length === 0 ? [] : await engine.submit(valid, linked);
        let next = 0;
        results = commands.map((c) =>
          c instanceof TongbaoError ? { ok: false, error: c } : applied[next++]!,
        );
      }
      const out: BatchResult[] = new Array(results.length);
      for (let index = 0; index < results.length; index += 1) {
        const r = results[index]!;
        const id = transfers[index]!.id;
        if (r.ok) {
          const record = r.value as TransferRecord;
          out[index] = record.replayed ? { index, id, status: record.status, replayed: true } : { index, id, status: record.status };
        } else {
          const e = r.error;
          out[index] = e.field === undefined ? { index, id, code: e.code, detail: e.message } : { index, id, code: e.code, detail: e.message, field: e.field };
        }
      }
      return { results: out };
    },
  );

  app.get<Id>(
    '/v1/transfers/:id',
    {
      schema: {
        tags: ['transfers'],
        summary: 'A transfer (or issuance, redemption, exchange) by its id, with its current status',
        params: TransferIdParams,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) => {
      const record = await engine.getTransfer(request.params.id);
      if (record === undefined)
        throw new TongbaoError('transfer_not_found', `no transfer ${request.params.id}`, 'id');
      return presentTransfer(engine.state, record);
    },
  );

  app.post<Id & { Body: TransferPost }>(
    '/v1/transfers/:id/post',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Post a pending transfer (optionally a smaller amount; the rest is released)',
        params: TransferIdParams,
        body: TransferPost,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) => {
      const state = engine.state;
      const hold = state.pendingBySeq.get(state.pendingSeqById.get(request.params.id) ?? 0);
      const currency = hold?.currency ?? engine.config.currencies[0]!.code;
      const amount =
        request.body?.amount === undefined
          ? null
          : ctx.commands.amount(request.body.amount, currency, 'amount');
      const record = await submitTransfer(engine, { type: 'post', pending_id: request.params.id, amount });
      return presentTransfer(engine.state, record);
    },
  );

  app.post<Id>(
    '/v1/transfers/:id/void',
    {
      schema: {
        tags: ['transfers'],
        summary: 'Void a pending transfer, releasing the held funds',
        params: TransferIdParams,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) =>
      presentTransfer(
        engine.state,
        await submitTransfer(engine, { type: 'void', pending_id: request.params.id }),
      ),
  );
}
