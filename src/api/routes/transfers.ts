import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import type { Command, CommandResult, TransferRecord } from '../../ledger/index.ts';
import type { ApiContext } from '../context.ts';
import { BATCH_BODY_BYTES_MAX } from '../limits.ts';
import { presentTransfer } from '../present.ts';
import {
  BatchResults,
  problemResponses as errors,
  TransferBatch,
  TransferCreate,
  TransferIdParams,
  TransferPost,
  TransferView,
} from '../schemas.ts';
import { ReceiptView } from '../security-schemas.ts';
import { submitTransfer } from './submit.ts';

type Id = { Params: { id: string } };
type BatchResult =
  | { index: number; id: string; status: string; replayed?: true }
  | { index: number; id: string; code: string; detail: string; field?: string };

export function transferRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard, security } = ctx;

  /** A transfer by id, checked against the caller's scope (a party to it), or transfer_not_found. */
  const findTransfer = async (request: FastifyRequest, id: string): Promise<TransferRecord> => {
    const record = await engine.getTransfer(id);
    if (record === undefined) throw new TongbaoError('transfer_not_found', `no transfer ${id}`, 'id');
    guard.check(request, { kind: 'parties', debit: record.debit, credit: record.credit }, 'id');
    return record;
  };

  /** The parties of a transfer about to be posted or voided: its hold while open, else its record. */
  const checkResolver = async (request: FastifyRequest, id: string): Promise<void> => {
    const state = engine.state;
    const hold = state.pendingBySeq.get(state.pendingSeqById.get(id) ?? 0);
    if (hold !== undefined)
      guard.check(request, { kind: 'parties', debit: hold.debit, credit: hold.credit }, 'id');
    else await findTransfer(request, id);
  };

  app.post<{ Body: TransferCreate }>(
    '/v1/transfers',
    {
      config: { permission: 'transfers.create' },
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
      guard.check(request, { kind: 'payers', items: [request.body] }, 'from');
      const record = await submitTransfer(engine, ctx.commands.transfer(request.body));
      if (record.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
    },
  );

  app.post<{ Body: TransferBatch }>(
    '/v1/transfers/batch',
    {
      bodyLimit: BATCH_BODY_BYTES_MAX,
      config: { permission: 'transfers.create' },
      schema: {
        tags: ['transfers'],
        summary: 'Up to 8,190 transfers at once, independent or linked (all or nothing)',
        body: TransferBatch,
        response: { 200: BatchResults, ...errors },
      },
    },
    async (request) => {
      const { transfers, linked = false } = request.body;
      // Every payer must be in the caller's scope; one that is not refuses the whole batch.
      guard.check(request, { kind: 'payers', items: transfers }, 'transfers/*/from');
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
          out[index] = record.replayed
            ? { index, id, status: record.status, replayed: true }
            : { index, id, status: record.status };
        } else {
          const e = r.error;
          out[index] =
            e.field === undefined
              ? { index, id, code: e.code, detail: e.message }
              : { index, id, code: e.code, detail: e.message, field: e.field };
        }
      }
      return { results: out };
    },
  );

  app.get<Id>(
    '/v1/transfers/:id',
    {
      config: { permission: 'transfers.read' },
      schema: {
        tags: ['transfers'],
        summary: 'A transfer (or issuance, redemption, exchange) by its id, with its current status',
        params: TransferIdParams,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) => {
      const record = await findTransfer(request, request.params.id);
      await guard.read(request, 'transfer.read', `transfer:${request.params.id}`);
      return presentTransfer(engine.state, record);
    },
  );

  app.get<Id>(
    '/v1/transfers/:id/receipt',
    {
      config: { permission: 'transfers.read' },
      schema: {
        tags: ['transfers', 'audit'],
        summary: "Proof that the transfer's journal row is in the signed audit log",
        description:
          'row -> batch root (row_proof), batch entry -> signed log head (entry_proof, checkpoint). ' +
          'status awaiting_audit or awaiting_checkpoint: ask again shortly.',
        params: TransferIdParams,
        response: { 200: ReceiptView, ...errors },
      },
    },
    async (request) => {
      const record = await findTransfer(request, request.params.id);
      await guard.read(request, 'transfer.receipt_read', `transfer:${request.params.id}`);
      return security.receipt(record.seq);
    },
  );

  app.post<Id & { Body: TransferPost }>(
    '/v1/transfers/:id/post',
    {
      config: { permission: 'transfers.resolve' },
      schema: {
        tags: ['transfers'],
        summary: 'Post a pending transfer (optionally a smaller amount; the rest is released)',
        params: TransferIdParams,
        body: TransferPost,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) => {
      await checkResolver(request, request.params.id);
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
      config: { permission: 'transfers.resolve' },
      schema: {
        tags: ['transfers'],
        summary: 'Void a pending transfer, releasing the held funds',
        params: TransferIdParams,
        response: { 200: TransferView, ...errors },
      },
    },
    async (request) => {
      await checkResolver(request, request.params.id);
      return presentTransfer(
        engine.state,
        await submitTransfer(engine, { type: 'void', pending_id: request.params.id }),
      );
    },
  );
}
