import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import { type AccountRef, formatWalletId, type TransferRecord } from '../../ledger/index.ts';
import {
  ANONYMOUS_CATEGORY,
  forgetHolder,
  holderWrite,
  prepareHolder,
  readHolder,
  textCommitment,
} from '../../security/index.ts';
import type { ApiContext } from '../context.ts';
import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from '../limits.ts';
import { presentTransfer, presentWallet } from '../present.ts';
import {
  ExchangeCreate,
  problemResponses as errors,
  PageQuery,
  TransferPage,
  TransferView,
  WalletCreate,
  WalletFreeze,
  WalletIdParams,
  WalletPatch,
  WalletUnfreeze,
  WalletView,
} from '../schemas.ts';
import { FreezePage, HolderView } from '../security-schemas.ts';
import { freezeHistory } from './freezes.ts';
import { submitAccount, submitTransfer } from './submit.ts';

type Id = { Params: { id: string } };

export function pageLimit(raw: string | undefined, max = PAGE_LIMIT_MAX): number {
  if (raw === undefined) return Math.min(PAGE_LIMIT_DEFAULT, max);
  const limit = Number(raw);
  if (!(limit >= 1 && limit <= max)) {
    throw new TongbaoError('page_limit_invalid', `limit must be 1-${max}`, 'limit');
  }
  return limit;
}

export function walletRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard, security } = ctx;
  const wallet = (num: number) => engine.read((s, now) => presentWallet(s, num, now));
  const account = (cmd: Parameters<typeof submitAccount>[1]) => () => submitAccount(engine, cmd);

  app.post<{ Body: WalletCreate }>(
    '/v1/wallets',
    {
      config: { permission: 'wallets.create' },
      schema: {
        tags: ['wallets'],
        summary: 'Open a wallet (an operator key, for its own operator)',
        description:
          'Holder data is sealed (SM4) under a key outside the database. Category 4 wallets are anonymous: only a keyed hash of the phone number is kept, and any other holder field is refused.',
        body: WalletCreate,
        response: { 201: WalletView, ...errors },
      },
    },
    async (request, reply) => {
      const { operator_id, kind, category } = request.body;
      guard.check(
        request,
        { kind: 'operator', num: engine.state.operatorByKey.get(operator_id) ?? -1 },
        'operator_id',
      );
      const holder = prepareHolder(security.keyring, kind, category, request.body.holder);
      const command = ctx.commands.wallet(request.body, null);
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.open',
        `operator:${operator_id}`,
        { kind, category: category ?? null, holder_data: holder !== null },
        account(command),
        (v) => {
          const id = formatWalletId(engine.state.accounts.operator[v.num]!, v.num);
          const now = Date.now();
          return {
            subject: `wallet:${id}`,
            attach:
              holder === null
                ? undefined
                : () => [holderWrite(security.db, security.keyring, v.num, id, holder, now)],
          };
        },
      );
      return reply.code(201).send(await wallet(num));
    },
  );

  app.get<Id>(
    '/v1/wallets/:id',
    {
      config: { permission: 'wallets.read' },
      schema: {
        tags: ['wallets'],
        summary: 'A wallet: balance, category, limits and how much of each is used',
        params: WalletIdParams,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'wallet.read', `wallet:${request.params.id}`);
      return wallet(num);
    },
  );

  app.patch<Id & { Body: WalletPatch }>(
    '/v1/wallets/:id',
    {
      config: { permission: 'wallets.update' },
      schema: {
        tags: ['wallets'],
        summary: 'Change the KYC category (upgrade or downgrade)',
        params: WalletIdParams,
        body: WalletPatch,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      const id = request.params.id;
      guard.wallet(request, id);
      const category = request.body.category;
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.category_change',
        `wallet:${id}`,
        { category },
        account({ type: 'change_category', wallet_id: id, category }),
        // Category 4 is anonymous: what was collected for a higher category is dropped, the phone hash kept.
        (v) => ({
          attach: category === ANONYMOUS_CATEGORY ? () => [forgetHolder(security.db, v.num)] : undefined,
        }),
      );
      return wallet(num);
    },
  );

  app.post<Id>(
    '/v1/wallets/:id/close',
    {
      config: { permission: 'wallets.update' },
      schema: {
        tags: ['wallets'],
        summary: 'Close an empty wallet',
        params: WalletIdParams,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      const id = request.params.id;
      guard.wallet(request, id);
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.close',
        `wallet:${id}`,
        {},
        account({ type: 'close_wallet', wallet_id: id }),
        () => ({}),
      );
      return wallet(num);
    },
  );

  app.post<Id & { Body: WalletFreeze }>(
    '/v1/wallets/:id/freeze',
    {
      config: { permission: 'wallets.freeze' },
      schema: {
        tags: ['wallets'],
        summary: 'Freeze payments out of (or into and out of) a wallet (a supervisor, or its operator)',
        description:
          'Logged in the audit log before it is applied; the reason and reference are logged as SM3 hashes.',
        params: WalletIdParams,
        body: WalletFreeze,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      const id = request.params.id;
      guard.wallet(request, id);
      const { mode, reason, reference } = request.body;
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.freeze',
        `wallet:${id}`,
        {
          mode,
          reason_sm3: textCommitment(reason),
          reference_sm3: reference === undefined ? null : textCommitment(reference),
        },
        account({ type: 'freeze', wallet_id: id, mode, reason, reference: reference ?? null }),
        () => ({}),
      );
      return wallet(num);
    },
  );

  app.post<Id & { Body: WalletUnfreeze }>(
    '/v1/wallets/:id/unfreeze',
    {
      config: { permission: 'wallets.freeze' },
      schema: {
        tags: ['wallets'],
        summary: 'Lift a freeze (a supervisor, or the wallet operator)',
        params: WalletIdParams,
        body: WalletUnfreeze,
        response: { 200: WalletView, ...errors },
      },
    },
    async (request) => {
      const id = request.params.id;
      guard.wallet(request, id);
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.unfreeze',
        `wallet:${id}`,
        { reason_sm3: textCommitment(request.body.reason) },
        account({ type: 'unfreeze', wallet_id: id, reason: request.body.reason }),
        () => ({}),
      );
      return wallet(num);
    },
  );

  app.get<Id & { Querystring: { limit?: string; cursor?: string } }>(
    '/v1/wallets/:id/freezes',
    {
      config: { permission: 'wallets.freezes' },
      schema: {
        tags: ['wallets'],
        summary: "A wallet's freezes and unfreezes, newest first (who did it is in the audit log)",
        params: WalletIdParams,
        querystring: PageQuery,
        response: { 200: FreezePage, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'wallet.freezes_read', `wallet:${request.params.id}`);
      return freezeHistory(security.db, num, request.query);
    },
  );

  app.get<Id>(
    '/v1/wallets/:id/holder',
    {
      config: { permission: 'wallets.holder' },
      schema: {
        tags: ['wallets'],
        summary: "The holder's personal data (the wallet's operator only; every read is logged)",
        params: WalletIdParams,
        response: { 200: HolderView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'holder.read', `wallet:${request.params.id}`);
      return readHolder(security.db, security.keyring, num);
    },
  );

  app.get<Id & { Querystring: { limit?: string; cursor?: string } }>(
    '/v1/wallets/:id/transfers',
    {
      config: { permission: 'wallets.history' },
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
      const num = guard.wallet(request, request.params.id);
      const limit = pageLimit(request.query.limit);
      const before =
        request.query.cursor === undefined ? Number.MAX_SAFE_INTEGER : Number(request.query.cursor);
      if (!Number.isSafeInteger(before) || before < 1)
        throw new TongbaoError('cursor_invalid', 'cursor must be a positive integer', 'cursor');
      await guard.read(request, 'wallet.history_read', `wallet:${request.params.id}`);
      const records = await engine.accountTransfers(num, before, limit + 1);
      const items = records.slice(0, limit).map((r) => presentTransfer(engine.state, r));
      return { items, next_cursor: records.length > limit ? String(items[items.length - 1]!.seq) : null };
    },
  );

  app.post<{ Body: ExchangeCreate }>(
    '/v1/exchanges',
    {
      config: { permission: 'exchanges.create' },
      schema: {
        tags: ['wallets'],
        summary: 'Exchange deposits for e-CNY (in) or e-CNY for deposits (out)',
        body: ExchangeCreate,
        response: { 200: TransferView, 201: TransferView, ...errors },
      },
    },
    async (request, reply) => {
      const num = guard.wallet(request, request.body.wallet_id, 'wallet_id');
      const currency = engine.config.currencies[engine.state.accounts.currency[num]!]!.code;
      const record: TransferRecord = await submitTransfer(
        engine,
        ctx.commands.exchange(request.body, currency),
      );
      return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
    },
  );
}
