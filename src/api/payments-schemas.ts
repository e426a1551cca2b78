import Type, { type Static, type TSchema } from 'typebox';
import {
  CONDITION_CODES_MAX,
  DEVICE_CAP_COUNT_MAX,
  DEVICE_LABEL_MAX_LENGTH,
  SUB_LABEL_MAX_LENGTH,
} from '../ledger/index.ts';
import { VOUCHERS_PER_UPLOAD_MAX } from '../payments/offline-service.ts';
import { MEMO_MAX_LENGTH } from './limits.ts';
import { Amount, ClientId, Currency, Text, WalletId } from './schemas.ts';

/** Request and response schemas of the payments routes (docs/payments.md). Requests are strict. */
const strict = { additionalProperties: false } as const;
const open = { additionalProperties: true } as const;
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Time = Type.String({ format: 'date-time', description: 'ISO 8601 time' });
export const DeviceId = Type.String({
  pattern: '^[0-9]{16}$',
  description: "16-digit hard wallet number (its offline reserve's)",
});
const Hex = (description: string, max: number) =>
  Type.String({ pattern: '^[0-9a-fA-F]+$', maxLength: max, description });
const Counter = Type.Integer({
  minimum: 0,
  maximum: 2 ** 40,
  description: "The device's transaction counter",
});
const Signature = Hex('DER SM2 signature of the device, hex', 160);

// ---------------------------------------------------------------- devices

export const DeviceCreate = Type.Object(
  {
    wallet_id: WalletId,
    public_key: Hex("The device's SM2 public key: 04 || x || y, 130 hex digits", 130),
    label: Type.Optional(Text({ minLength: 1, maxLength: DEVICE_LABEL_MAX_LENGTH })),
    cap_amount: Type.Optional(Amount),
    cap_payments: Type.Optional(Type.Integer({ minimum: 1, maximum: DEVICE_CAP_COUNT_MAX })),
  },
  strict,
);
export type DeviceCreate = Static<typeof DeviceCreate>;

export const DeviceMove = Type.Object(
  {
    id: ClientId,
    amount: Amount,
    counter: Counter,
    signature: Type.String({
      pattern: '^[0-9a-fA-F]+$',
      maxLength: 160,
      description:
        'Device signature of "TBS1\\n<device>\\n<load|unload>\\n<counter>\\n<amount in fen>\\n<id>"',
    }),
  },
  strict,
);
export type DeviceMove = Static<typeof DeviceMove>;

export const DeviceSync = Type.Object(
  {
    counter: Counter,
    signature: Type.String({
      pattern: '^[0-9a-fA-F]+$',
      maxLength: 160,
      description: 'Device signature of "TBS1\\n<device>\\nsync\\n<counter>\\n0\\n"',
    }),
  },
  strict,
);
export type DeviceSync = Static<typeof DeviceSync>;

export const DeviceBlock = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) }, strict);
export type DeviceBlock = Static<typeof DeviceBlock>;

export const VoucherBody = Type.Object(
  {
    payer_device: DeviceId,
    payee_device: DeviceId,
    amount: Amount,
    counter: Type.Integer({ minimum: 1, maximum: 2 ** 40 }),
    balance_after: Amount,
    signature: Signature,
  },
  strict,
);
export const VoucherUpload = Type.Object(
  { vouchers: Type.Array(VoucherBody, { minItems: 1, maxItems: VOUCHERS_PER_UPLOAD_MAX }) },
  strict,
);
export type VoucherUpload = Static<typeof VoucherUpload>;

export const VoucherResults = Type.Object({
  results: Type.Array(
    Type.Object(
      {
        index: Type.Integer(),
        voucher: Type.String(),
        status: Type.Optional(Type.String({ description: 'settled, partially_settled or uncovered' })),
        paid: Type.Optional(Amount),
        shortfall: Type.Optional(Amount),
        frauds: Type.Optional(Type.Array(Type.String())),
        replayed: Type.Optional(Type.Boolean()),
        code: Type.Optional(Type.String()),
        detail: Type.Optional(Type.String()),
        field: Type.Optional(Type.String()),
      },
      open,
    ),
  ),
});

export const DeviceView = Type.Object(
  {
    id: Type.String(),
    wallet_id: Type.String(),
    label: Nullable(Type.String()),
    status: Type.String({ description: 'active, blocked or retired' }),
    public_key: Type.String(),
    cap: Type.Object({ amount: Amount, payments: Type.Integer() }),
    offline_balance: Amount,
    counter_base: Type.Integer(),
    counter_max: Type.Integer(),
    loaded: Amount,
    unloaded: Amount,
    settled: Amount,
    vouchers: Type.Integer(),
    shortfall: Amount,
    registered_at: Time,
    blocked_at: Nullable(Time),
    block_reason: Nullable(Type.String()),
    fraud_count: Type.Integer(),
    frauds: Type.Array(Type.Object({}, open)),
  },
  open,
);
export const DeviceList = Type.Object({ devices: Type.Array(DeviceView) });

// ---------------------------------------------------------------- conditions

export const ConditionCreate = Type.Object(
  {
    id: ClientId,
    kind: Type.Union([Type.Literal('escrow'), Type.Literal('prepaid'), Type.Literal('grant')]),
    from: WalletId,
    to: WalletId,
    amount: Amount,
    currency: Type.Optional(Currency),
    deadline: Time,
    release: Type.Optional(
      Type.Unknown({
        description:
          'Escrow only. A rule: {"approved_by": WALLET} | {"after": TIME} | {"all": [RULE...]} | {"any": [RULE...]} (up to 4 terms, 3 levels, 8 leaves)',
      }),
    ),
    unit_amount: Type.Optional(Amount),
    mcc: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9]{4}$' }), { maxItems: CONDITION_CODES_MAX })),
    regions: Type.Optional(
      Type.Array(Type.String({ pattern: '^[0-9]{2,6}$' }), { maxItems: CONDITION_CODES_MAX }),
    ),
    memo: Type.Optional(Text({ maxLength: MEMO_MAX_LENGTH })),
  },
  strict,
);
export type ConditionCreate = Static<typeof ConditionCreate>;

export const ConditionAction = Type.Object(
  {
    id: ClientId,
    by: WalletId,
    amount: Type.Optional(Amount),
    to: Type.Optional(WalletId),
  },
  strict,
);
export type ConditionAction = Static<typeof ConditionAction>;

export const ConditionView = Type.Object(
  {
    id: Type.String(),
    kind: Type.String(),
    status: Type.String({ description: 'open, released, returned, expired or cancelled' }),
    from: Type.String(),
    to: Type.String(),
    amount: Amount,
    held: Amount,
    released: Amount,
    returned: Amount,
    deadline: Time,
    history: Type.Array(Type.Object({}, open)),
  },
  open,
);
export const ConditionList = Type.Object({ conditions: Type.Array(ConditionView) });

// ---------------------------------------------------------------- schedules

export const ScheduleCreate = Type.Object(
  {
    id: ClientId,
    from: WalletId,
    to: WalletId,
    amount: Amount,
    currency: Type.Optional(Currency),
    first_at: Time,
    every: Type.Optional(
      Type.Object(
        {
          unit: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')]),
          n: Type.Integer({ minimum: 1, maximum: 366 }),
        },
        strict,
      ),
    ),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    until: Type.Optional(Time),
    memo: Type.Optional(Text({ maxLength: MEMO_MAX_LENGTH })),
  },
  strict,
);
export type ScheduleCreate = Static<typeof ScheduleCreate>;

export const ScheduleView = Type.Object(
  {
    id: Type.String(),
    status: Type.String(),
    from: Type.String(),
    to: Type.String(),
    amount: Amount,
    runs: Type.Integer(),
  },
  open,
);
export const ScheduleList = Type.Object({ schedules: Type.Array(ScheduleView) });

// ---------------------------------------------------------------- merchants, QR codes, sub-wallets

export const MerchantProfileBody = Type.Object(
  {
    name: Text({ minLength: 1, maxLength: 25, description: 'Printable ASCII (EMV tag 59)' }),
    name_zh: Type.Optional(
      Text({ minLength: 1, maxLength: 25, description: 'Local-language name (tag 64)' }),
    ),
    city: Text({ minLength: 1, maxLength: 15, description: 'Printable ASCII (EMV tag 60)' }),
    city_zh: Type.Optional(Text({ minLength: 1, maxLength: 15 })),
    mcc: Type.String({ pattern: '^[0-9]{4}$', description: 'ISO 18245 merchant category code' }),
    region: Type.String({ pattern: '^[0-9]{6}$', description: 'GB/T 2260 administrative division code' }),
  },
  strict,
);
export type MerchantProfileBody = Static<typeof MerchantProfileBody>;
export const MerchantProfileView = Type.Object(
  { wallet_id: Type.String(), name: Type.String(), mcc: Type.String(), region: Type.String() },
  open,
);

export const QrCreate = Type.Object(
  {
    amount: Type.Optional(Amount),
    bill_number: Type.Optional(Text({ minLength: 1, maxLength: 25 })),
    reference: Type.Optional(Text({ minLength: 1, maxLength: 25 })),
  },
  strict,
);
export type QrCreate = Static<typeof QrCreate>;
export const QrView = Type.Object(
  {
    payload: Type.String({ description: 'EMV merchant-presented QR payload' }),
    kind: Type.String({ description: 'merchant (a merchant profile) or receive (a wallet)' }),
    dynamic: Type.Boolean(),
    wallet_id: Type.String(),
  },
  open,
);
export const QrParse = Type.Object({ payload: Type.String({ minLength: 1, maxLength: 1024 }) }, strict);
export type QrParse = Static<typeof QrParse>;
export const QrParsed = Type.Object(
  { wallet_id: Type.String(), amount: Nullable(Amount), dynamic: Type.Boolean() },
  open,
);
export const QrPay = Type.Object(
  {
    id: ClientId,
    from: WalletId,
    payload: Type.String({ minLength: 1, maxLength: 1024 }),
    amount: Type.Optional(Amount),
    reference: Type.Optional(Text({ minLength: 1, maxLength: 25 })),
    grant: Type.Optional(ClientId),
  },
  strict,
);
export type QrPay = Static<typeof QrPay>;

export const SubWalletCreate = Type.Object(
  {
    label: Type.Optional(Text({ minLength: 1, maxLength: SUB_LABEL_MAX_LENGTH })),
    limits: Type.Optional(
      Type.Object(
        {
          balance_cap: Type.Optional(Amount),
          single_payment: Type.Optional(Amount),
          daily_total: Type.Optional(Amount),
          annual_total: Type.Optional(Amount),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type SubWalletCreate = Static<typeof SubWalletCreate>;
export const FamilyView = Type.Object(
  { parent: Type.String(), holding: Amount, members: Type.Array(Type.Object({}, open)) },
  open,
);
