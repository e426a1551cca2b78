import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import type { ApiContext } from '../context.ts';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../limits.ts';
import { presentTransfer, presentWallet, walletFromPath } from '../present.ts';
import {
  ExchangeCreate,
  PageQuery,
  Problem,
  TransferPage,
  TransferView,
  WalletCreate,
  WalletFreeze,
  WalletIdParams,
  WalletPatch,
  WalletUnfreeze,
  WalletView,
} from '../schemas.ts';
import { submitAccount, submitTransfer } from './submit.ts';

const errors = { 400: Problem, 404: Problem, 409: Problem, 413: Problem, 422: Problem, 503: Problem };
type Id = { Params: { id: string } };

export function pageLimit(raw: string | undefined): number {
  if (raw === undefined) return PAGE_LIMIT_DEFAULT;
  const limit = Number(raw);
  if (!(limit >= 1 && limit <= PAGE_LIMIT_MAX)) {
    throw new TongbaoError('page_limit_invalid', `limit must be 1-${PAGE_LIMIT_MAX}`, 'limit');
  }
  return limit;
}

export function walletRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine } = ctx;
  const wallet = (num: number) => engine.read((s, now) => presentWallet(s, num, now));

  app.post<{ Body: WalletCreate }>(
    '/v1/wallets',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Open a wallet',
        body: WalletCreate,
        response: { 201: WalletView, ...errors },
      },
    },
    async (request, reply) => {
      const holder = request.body.holder === undefined ? null : JSON.stringify(request.body.holder);
      const { num } = await submitAccount(engine, ctx.commands.wallet(request.body, holder));
      return reply.code(201).send(await wallet(num));
    },
  );

  app.get<Id>(
    '/v1/wallets/:id',
    {
      schema: {
        tags: ['wallets'],
        summary: 'A wallet: balance, category, limits and how much of each is used',
        params: WalletIdParams,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => wallet(walletFromPath(engine.state, request.params.id)),
  );

  app.patch<Id & { Body: WalletPatch }>(
    '/v1/wallets/:id',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Change the KYC category (upgrade or downgrade)',
        params: WalletIdParams,
        body: WalletPatch,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      walletFromPath(engine.state, request.params.id);
      const { num } = await submitAccount(engine, {
        type: 'change_category',
        wallet_id: request.params.id,
        category: request.body.category,
      });
      return wallet(num);
    },
  );

  app.post<Id>(
    '/v1/wallets/:id/close',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Close an empty wallet',
        params: WalletIdParams,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      walletFromPath(engine.state, request.params.id);
      const { num } = await submitAccount(engine, { type: 'close_wallet', wallet_id: request.params.id });
      return wallet(num);
    },
  );

  app.post<Id & { Body: WalletFreeze }>(
    '/v1/wallets/:id/freeze',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Freeze payments out of (or into and out of) a wallet',
        params: WalletIdParams,
        body: WalletFreeze,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      walletFromPath(engine.state, request.params.id);
      const { mode, reason, reference } = request.body;
      const { num } = await submitAccount(engine, {
        type: 'freeze',
        wallet_id: request.params.id,
        mode,
        reason,
        reference: reference ?? null,
      });
      return wallet(num);
    },
  );

  app.post<Id & { Body: WalletUnfreeze }>(
    '/v1/wallets/:id/unfreeze',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Lift a freeze',
        params: WalletIdParams,
        body: WalletUnfreeze,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      walletFromPath(engine.state, request.params.id);
      const { num } = await submitAccount(engine, {
        type: 'unfreeze',
        wallet_id: request.params.id,
        reason: request.body.reason,
      });
      return wallet(num);
    },
  );

  app.get<Id & { Querystring: { limit?: string; cursor?: string } }>(
    '/v1/wallets/:id/transfers',
    {
      schema: {
        tags: ['wallets'],
        summary: "A wallet's transfers, newest first",
        description: 'Pass next_cursor back as cursor for the next page.',
        params: WalletIdParams,
        querystring: PageQuery,
        response: { 200: TransferPage, ...errors },
      },
    },
    async (request) => {
      const num = walletFromPath(engine.state, request.params.id);
      const limit = pageLimit(request.query.limit);
      const before =
        request.query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(request.query.cursor);
      if (!Number.isSafeInteger(before) || before < 1)
        throw new TongbaoError('cursor_invalid', 'cursor must be a positive integer', 'cursor');
      const records = await engine.accountTransfers(num, before, limit + 1);
      const items = records.slice(0, limit).map((r) => presentTransfer(engine.state, r));
      return { items, next_cursor: records.length > limit ? String(items[items.length - 1]!.seq) : null };
    },
  );

  app.post<{ Body: ExchangeCreate }>(
    '/v1/exchanges',
    {
      schema: {
        tags: ['wallets'],
        summary: 'Exchange deposits for e-CNY (in) or e-CNY for deposits (out)',
        body: ExchangeCreate,
        response: { 200: TransferView, 201: TransferView, ...errors },
      },
    },
    async (request, reply) => {
      const num = walletFromPath(engine.state, request.body.wallet_id, 'wallet_id');
      const currency = engine.config.currencies[engine.state.accounts.currency[num]!]!.code;
      const record = await submitTransfer(engine, ctx.commands.exchange(request.body, currency));
      return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
    },
  );
}
