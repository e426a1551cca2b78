import type { FastifyInstance } from 'fastify';
import { TongbaoError } from '../../errors/index.ts';
import {
  ACCOUNT_KIND_NAMES,
  type AccountRef,
  conditionKey,
  isPaymentValue,
  parseWalletId,
  type TransferRecord,
  type WalletKindName,
} from '../../ledger/index.ts';
import { formatAmount } from '../../money/index.ts';
import { presentFamily, presentMerchant } from '../../payments/present.ts';
import { buildTongbaoQr, isQrError, parseTongbaoQr, type WalletQr } from '../../qr/index.ts';
import type { ApiContext } from '../context.ts';
import {
  FamilyView,
  MerchantProfileBody,
  MerchantProfileView,
  QrCreate,
  QrParse,
  QrParsed,
  QrPay,
  QrView,
  SubWalletCreate,
} from '../payments-schemas.ts';
import { presentTransfer, presentWallet } from '../present.ts';
import { problemResponses as errors, TransferView, WalletIdParams, WalletView } from '../schemas.ts';
import { submitAccount, submitTransfer } from './submit.ts';

type Id = { Params: { id: string } };
/** A personal wallet's receive code carries no merchant: EMV still needs a name, a city and an MCC. */
const RECEIVE_NAME = 'TONGBAO WALLET';
const RECEIVE_CITY = 'CN';
const RECEIVE_MCC = '0000';

/** A QR refusal as the API answers it: one code, the tag at fault in the detail. */
function scan(payload: string): WalletQr {
  try {
    return parseTongbaoQr(payload);
  } catch (error) {
    if (isQrError(error))
      throw new TongbaoError(
        'qr_invalid',
        `${error.code}${error.tag === null ? '' : ` at tag ${error.tag}`}: ${error.message}`,
        'payload',
        { qr_code: error.code, tag: error.tag },
      );
    throw error;
  }
}

/** Merchant profiles, QR codes in the pay flow (generate, parse, pay) and sub-wallets. */
export function qrRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard, security } = ctx;
  const home = () => engine.config.currencies[0]!.code;

  app.put<Id & { Body: MerchantProfileBody }>(
    '/v1/merchants/:id/profile',
    {
      config: { permission: 'merchants.manage' },
      schema: {
        tags: ['merchant QR'],
        summary: "Set a merchant's name, city, category (MCC) and region",
        params: WalletIdParams,
        body: MerchantProfileBody,
        response: { 200: MerchantProfileView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      const b = request.body;
      await security.act(
        guard.actor(request),
        'merchant.profile',
        `wallet:${request.params.id}`,
        { mcc: b.mcc, region: b.region },
        async () => {
          const [r] = await engine.submit([
            {
              type: 'merchant_profile',
              wallet_id: request.params.id,
              name: b.name,
              name_zh: b.name_zh ?? null,
              city: b.city,
              city_zh: b.city_zh ?? null,
              mcc: b.mcc,
              region: b.region,
            },
          ]);
          if (r === undefined || !r.ok) throw r?.ok === false ? r.error : new Error('no result');
          return r.value;
        },
        () => ({}),
      );
      return engine.read((s) => presentMerchant(s, s.payments.merchants.get(num)!));
    },
  );

  app.get<Id>(
    '/v1/merchants/:id/profile',
    {
      config: { permission: 'merchants.read' },
      schema: {
        tags: ['merchant QR'],
        summary: "A merchant's profile",
        params: WalletIdParams,
        response: { 200: MerchantProfileView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      const profile = engine.state.payments.merchants.get(num);
      if (profile === undefined)
        throw new TongbaoError('merchant_profile_missing', 'this wallet has no merchant profile', 'id');
      return engine.read((s) => presentMerchant(s, profile));
    },
  );

  app.post<Id & { Body: QrCreate }>(
    '/v1/wallets/:id/qr',
    {
      config: { permission: 'qr.create' },
      schema: {
        tags: ['merchant QR'],
        summary:
          'A QR code to be paid: a merchant code (static, or dynamic with an amount) or a wallet receive code',
        description:
          'EMV merchant-presented format (docs/qr.md). A wallet with a merchant profile gets its name, city and MCC in the code; others get a receive code. A dynamic code needs a bill number or reference.',
        params: WalletIdParams,
        body: QrCreate,
        response: { 200: QrView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      const b = request.body;
      const profile = engine.state.payments.merchants.get(num);
      const amount = b.amount === undefined ? null : ctx.commands.amount(b.amount, home(), 'amount');
      let payload: string;
      try {
        payload = buildTongbaoQr({
          wallet_id: request.params.id,
          merchant_name: profile?.name ?? RECEIVE_NAME,
          merchant_city: profile?.city ?? RECEIVE_CITY,
          mcc: profile?.mcc ?? RECEIVE_MCC,
          amount_fen: amount,
          bill_number: b.bill_number ?? null,
          reference: b.reference ?? null,
          name_zh: profile?.name_zh ?? null,
          city_zh: profile?.city_zh ?? null,
        });
      } catch (error) {
        if (isQrError(error))
          throw new TongbaoError(
            'qr_invalid',
            `${error.code}: ${error.message}`,
            error.code === 'qr_dynamic_incomplete' ? 'reference' : 'amount',
            { qr_code: error.code },
          );
        throw error;
      }
      return {
        payload,
        kind: profile === undefined ? 'receive' : 'merchant',
        dynamic: amount !== null,
        wallet_id: request.params.id,
      };
    },
  );

  app.post<{ Body: QrParse }>(
    '/v1/qr/parse',
    {
      config: { permission: 'qr.read' },
      schema: {
        tags: ['merchant QR'],
        summary: 'Read a scanned code: who it pays, how much, and the merchant as registered here',
        description:
          "registered is the payee wallet's merchant profile on this node (null if none): show it, not only the name printed in the code.",
        body: QrParse,
        response: { 200: QrParsed, ...errors },
      },
    },
    async (request) => {
      guard.filtered(request);
      const qr = scan(request.body.payload);
      const parsed = parseWalletId(qr.wallet_id)!;
      const profile = engine.state.payments.merchants.get(parsed.account);
      const registered =
        profile !== undefined && engine.state.accounts.operator[parsed.account] === parsed.operator
          ? presentMerchant(engine.state, profile)
          : null;
      return {
        wallet_id: qr.wallet_id,
        amount: qr.amount_fen === null ? null : formatAmount(qr.amount_fen, 2),
        dynamic: qr.dynamic,
        merchant_name: qr.merchant_name,
        merchant_name_local: qr.merchant_name_local,
        mcc: qr.mcc,
        bill_number: qr.bill_number,
        reference: qr.reference,
        reference_prompt: qr.reference_prompt,
        registered,
      };
    },
  );

  app.post<{ Body: QrPay }>(
    '/v1/qr/pay',
    {
      config: { permission: 'transfers.create' },
      schema: {
        tags: ['merchant QR', 'transfers'],
        summary: 'Pay a scanned code from a wallet (or from grant funds the wallet may spend)',
        description:
          'A dynamic code carries its amount (an amount given must equal it); a static code takes the amount from the payer. The memo is the bill number or reference. Idempotent by id.',
        body: QrPay,
        response: { 200: TransferView, 201: TransferView, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      guard.check(request, { kind: 'payers', items: [b] }, 'from');
      const qr = scan(b.payload);
      const given = b.amount === undefined ? null : ctx.commands.amount(b.amount, home(), 'amount');
      if (qr.amount_fen !== null && given !== null && given !== qr.amount_fen)
        throw new TongbaoError('qr_invalid', 'the amount differs from the amount in the code', 'amount');
      const amount = qr.amount_fen ?? given;
      if (amount === null)
        throw new TongbaoError('validation_failed', 'a static code needs the amount', 'amount');
      if (qr.reference_prompt && b.reference === undefined)
        throw new TongbaoError('validation_failed', 'this code asks for a reference', 'reference');
      const memo = b.reference ?? qr.bill_number ?? qr.reference;
      if (b.grant !== undefined) {
        const c = engine.state.payments.conditions.get(conditionKey(b.grant));
        if (c === undefined)
          throw new TongbaoError('condition_not_found', `no condition ${b.grant}`, 'grant');
        const [r] = await engine.submit([
          {
            type: 'condition_action',
            id: b.id,
            condition: b.grant,
            action: 'spend',
            by: b.from,
            amount,
            to: qr.wallet_id,
          },
        ]);
        if (r === undefined || !r.ok) throw r?.ok === false ? r.error : new Error('no result');
        if (!isPaymentValue(r.value) || r.value.payment !== 'condition')
          throw new Error('spend returned no condition');
        const record = await engine.getTransfer(b.id);
        if (record === undefined)
          throw new TongbaoError('transfer_not_found', 'the payment was answered from an earlier id', 'id');
        if (r.value.replayed) reply.header('idempotent-replayed', 'true');
        return reply.code(r.value.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
      }
      const record: TransferRecord = await submitTransfer(engine, {
        type: 'transfer',
        id: b.id,
        from: b.from,
        to: qr.wallet_id,
        amount,
        currency: home(),
        pending: false,
        timeout_s: 0,
        memo,
      });
      if (record.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(record.replayed ? 200 : 201).send(presentTransfer(engine.state, record));
    },
  );

  app.post<Id & { Body: SubWalletCreate }>(
    '/v1/wallets/:id/sub-wallets',
    {
      config: { permission: 'sub_wallets.create' },
      schema: {
        tags: ['wallets'],
        summary:
          "Open a sub-wallet under a wallet: its own limits (each at most the parent's), the family held to the parent category's",
        params: WalletIdParams,
        body: SubWalletCreate,
        response: { 201: WalletView, ...errors },
      },
    },
    async (request, reply) => {
      const parent = guard.wallet(request, request.params.id);
      const a = engine.state.accounts;
      const kind = ACCOUNT_KIND_NAMES[a.kind[parent]!] as WalletKindName;
      const lim = request.body.limits ?? {};
      const currency = engine.config.currencies[a.currency[parent]!]!.code;
      const amount = (v: string | undefined, field: string) =>
        v === undefined ? null : ctx.commands.amount(v, currency, `limits/${field}`);
      const command = {
        type: 'open_wallet' as const,
        operator_id: engine.state.operators[a.operator[parent]!]!.id,
        kind,
        category: a.category[parent]!,
        currency,
        holder: null,
        sub_wallet: {
          parent: request.params.id,
          label: request.body.label ?? null,
          limits: {
            balance_cap: amount(lim.balance_cap, 'balance_cap'),
            single_payment: amount(lim.single_payment, 'single_payment'),
            daily_total: amount(lim.daily_total, 'daily_total'),
            annual_total: amount(lim.annual_total, 'annual_total'),
          },
        },
      };
      const { num } = await security.act<AccountRef>(
        guard.actor(request),
        'wallet.sub_wallet_open',
        `wallet:${request.params.id}`,
        { label: request.body.label ?? null },
        () => submitAccount(engine, command),
        () => ({}),
      );
      return reply.code(201).send(await engine.read((s, now) => presentWallet(s, num, now)));
    },
  );

  app.get<Id>(
    '/v1/wallets/:id/family',
    {
      config: { permission: 'wallets.read' },
      schema: {
        tags: ['wallets'],
        summary: "A wallet's family: the parent's limits over all, each member's balance and own limits",
        params: WalletIdParams,
        response: { 200: FamilyView, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'wallet.family_read', `wallet:${request.params.id}`);
      return engine.read((s, now) => presentFamily(s, num, now));
    },
  );
}
