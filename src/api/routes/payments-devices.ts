import type { FastifyInstance, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { Sm2PublicKey } from '../../crypto/index.ts';
import { TongbaoError } from '../../errors/index.ts';
import {
  DEVICE_CAP_AMOUNT_DEFAULT,
  DEVICE_CAP_COUNT_DEFAULT,
  type DeviceRecord,
  deviceKey,
  type PaymentValue,
} from '../../ledger/index.ts';
import { formatAmount } from '../../money/index.ts';
import type { OfflinePayments } from '../../payments/offline-service.ts';
import { presentDevice } from '../../payments/present.ts';
import type { ApiContext } from '../context.ts';
import {
  DeviceBlock,
  DeviceCreate,
  DeviceId,
  DeviceList,
  DeviceMove,
  DeviceSync,
  DeviceView,
  VoucherResults,
  VoucherUpload,
} from '../payments-schemas.ts';
import { problemResponses as errors, WalletIdParams } from '../schemas.ts';

type Id = { Params: { id: string } };
const DeviceParams = Type.Object({ id: DeviceId });

/**
 * Hard wallets: registration (a device's SM2 key bound to a wallet), loading and unloading its offline
 * balance, syncing its counter, uploading the vouchers it paid or received, blocking. Device statements
 * and vouchers are checked against the device keys before the ledger sees them (src/payments).
 */
export function deviceRoutes(app: FastifyInstance, ctx: ApiContext, offline: OfflinePayments): void {
  const { engine, guard, security } = ctx;
  const view = (key: string) => engine.read((s) => presentDevice(s, s.payments.devices.get(key)!));
  /** The device named in the path, checked against the caller's scope through its wallet. */
  const deviceFor = (request: FastifyRequest, id: string): DeviceRecord => {
    const d = offline.device(id);
    guard.check(request, { kind: 'account', num: d.wallet }, 'id');
    return d;
  };
  const units = () => engine.state.minorUnits[0] ?? 2;

  app.post<{ Body: DeviceCreate }>(
    '/v1/devices',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['hard wallets'],
        summary: 'Register a hard wallet (its SM2 public key) to a wallet',
        description: `The offline cap defaults to ${formatAmount(DEVICE_CAP_AMOUNT_DEFAULT, 2)} and ${DEVICE_CAP_COUNT_DEFAULT} payments between online syncs. Registering the same key again returns the device.`,
        body: DeviceCreate,
        response: { 200: DeviceView, 201: DeviceView, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      guard.wallet(request, b.wallet_id, 'wallet_id');
      try {
        Sm2PublicKey.fromHex(b.public_key.toLowerCase());
      } catch {
        throw new TongbaoError(
          'device_key_invalid',
          'public_key is not a point of the SM2 curve',
          'public_key',
        );
      }
      const cap =
        b.cap_amount === undefined
          ? DEVICE_CAP_AMOUNT_DEFAULT
          : ctx.commands.amount(b.cap_amount, engine.config.currencies[0]!.code, 'cap_amount');
      const value = await security.act<PaymentValue>(
        guard.actor(request),
        'device.register',
        `wallet:${b.wallet_id}`,
        { cap_amount: formatAmount(cap, units()), cap_payments: b.cap_payments ?? DEVICE_CAP_COUNT_DEFAULT },
        () =>
          offline.one({
            type: 'register_device',
            wallet_id: b.wallet_id,
            public_key: b.public_key.toLowerCase(),
            label: b.label ?? null,
            cap_amount: cap,
            cap_count: b.cap_payments ?? DEVICE_CAP_COUNT_DEFAULT,
          }),
        (v) => ({ subject: `device:${v.key.slice(7)}` }),
      );
      const replayed = 'replayed' in value && value.replayed;
      return reply.code(replayed ? 200 : 201).send(await view(value.key));
    },
  );

  app.get<Id>(
    '/v1/devices/:id',
    {
      config: { permission: 'devices.read' },
      schema: {
        tags: ['hard wallets'],
        summary: 'A hard wallet: offline balance, caps, counters, frauds',
        params: DeviceParams,
        response: { 200: DeviceView, ...errors },
      },
    },
    async (request) => {
      const d = deviceFor(request, request.params.id);
      await guard.read(request, 'device.read', `device:${d.id}`);
      return view(d.key);
    },
  );

  app.get<Id>(
    '/v1/wallets/:id/devices',
    {
      config: { permission: 'devices.read' },
      schema: {
        tags: ['hard wallets'],
        summary: "A wallet's hard wallets",
        params: WalletIdParams,
        response: { 200: DeviceList, ...errors },
      },
    },
    async (request) => {
      const num = guard.wallet(request, request.params.id);
      await guard.read(request, 'device.list', `wallet:${request.params.id}`);
      return engine.read((s) => ({
        devices: (s.payments.devicesByWallet.get(num) ?? []).map((k) =>
          presentDevice(s, s.payments.devices.get(k)!),
        ),
      }));
    },
  );

  for (const purpose of ['load', 'unload'] as const) {
    app.post<Id & { Body: DeviceMove }>(
      `/v1/devices/:id/${purpose}`,
      {
        config: { permission: 'devices.manage' },
        schema: {
          tags: ['hard wallets'],
          summary:
            purpose === 'load'
              ? "Load the device: the wallet's funds move into its offline reserve"
              : 'Unload what the device still holds back to its wallet',
          description: 'Needs a statement signed by the device (its counter); idempotent by id.',
          params: DeviceParams,
          body: DeviceMove,
          response: { 200: DeviceView, ...errors },
        },
      },
      async (request) => {
        const d = deviceFor(request, request.params.id);
        const b = request.body;
        const amount = ctx.commands.amount(
          b.amount,
          engine.config.currencies[engine.state.accounts.currency[d.num]!]!.code,
          'amount',
        );
        await offline.move(purpose, b.id, d.id, amount, b.counter, b.signature);
        return view(d.key);
      },
    );
  }

  app.post<Id & { Body: DeviceSync }>(
    '/v1/devices/:id/sync',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['hard wallets'],
        summary: "Record the device's counter at an online sync (starts a new offline window)",
        params: DeviceParams,
        body: DeviceSync,
        response: { 200: DeviceView, ...errors },
      },
    },
    async (request) => {
      const d = deviceFor(request, request.params.id);
      await offline.sync(d.id, request.body.counter, request.body.signature);
      return view(d.key);
    },
  );

  app.post<Id & { Body: VoucherUpload }>(
    '/v1/devices/:id/vouchers',
    {
      config: { permission: 'devices.manage' },
      schema: {
        tags: ['hard wallets'],
        summary: 'Upload vouchers the device paid or received offline; each settles once, whoever uploads it',
        description:
          'A voucher is signed by the payer device over "TBV1\\n<payer>\\n<payee>\\n<amount in fen>\\n<counter>\\n<balance_after in fen>\\n<currency>". ' +
          'A reused counter, a counter or amount beyond the cap, or an overspend blocks the payer device and raises an alert; a voucher that does not verify blocks the uploading device.',
        params: DeviceParams,
        body: VoucherUpload,
        response: { 200: VoucherResults, ...errors },
      },
    },
    async (request) => {
      const d = deviceFor(request, request.params.id);
      const currency = engine.config.currencies[engine.state.accounts.currency[d.num]!]!.code;
      const vouchers = request.body.vouchers.map((v, i) => ({
        payer_device: v.payer_device,
        payee_device: v.payee_device,
        amount: ctx.commands.amount(v.amount, currency, `vouchers/${i}/amount`),
        counter: v.counter,
        balance_after: /^0+(\.0+)?$/.test(v.balance_after)
          ? 0
          : ctx.commands.amount(v.balance_after, currency, `vouchers/${i}/balance_after`),
        currency,
        signature: v.signature,
      }));
      const results = await offline.upload(d.id, vouchers);
      const f = (fen: number) => formatAmount(fen, units());
      return {
        results: results.map((r, index) => {
          const voucher = `${vouchers[index]!.payer_device}/${vouchers[index]!.counter}`;
          if (!r.ok)
            return {
              index,
              voucher,
              code: r.code,
              detail: r.detail,
              ...(r.field === undefined ? {} : { field: r.field }),
            };
          const v = r.value;
          return {
            index,
            voucher,
            status: v.status,
            paid: f(v.paid),
            shortfall: f(v.shortfall),
            frauds: [...v.frauds],
            replayed: v.replayed,
          };
        }),
      };
    },
  );

  const status = (action: 'block' | 'unblock' | 'retire') => {
    app.post<Id & { Body: DeviceBlock }>(
      `/v1/devices/:id/${action}`,
      {
        config: { permission: action === 'retire' ? 'devices.manage' : 'devices.block' },
        schema: {
          tags: ['hard wallets'],
          summary:
            action === 'block'
              ? 'Block a device (its reserve then only pays vouchers already made)'
              : action === 'unblock'
                ? 'Lift a block after investigation'
                : 'Retire an empty device (lost, replaced); final',
          params: DeviceParams,
          body: DeviceBlock,
          response: { 200: DeviceView, ...errors },
        },
      },
      async (request) => {
        const d = deviceFor(request, request.params.id);
        const next = action === 'block' ? 'blocked' : action === 'unblock' ? 'active' : 'retired';
        await security.act(
          guard.actor(request),
          `device.${action}`,
          `device:${d.id}`,
          { reason_length: request.body.reason.length },
          () =>
            offline.one({ type: 'device_status', device: d.id, status: next, reason: request.body.reason }),
          () => ({}),
        );
        return view(deviceKey(d.id));
      },
    );
  };
  status('block');
  status('unblock');
  status('retire');
}
