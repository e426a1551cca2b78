import Type, { type Static, type TSchema } from 'typebox';
import { BATCH_COMMANDS_MAX, OPERATOR_ID_PATTERN, PENDING_TIMEOUT_S_MAX } from '../ledger/index.ts';
import { CLIENT_ID_MAX_LENGTH, CLIENT_ID_PATTERN, MEMO_MAX_LENGTH, NAME_MAX_LENGTH } from './limits.ts';

/**
 * Request and response schemas. Requests are strict (unknown fields are refused, nothing is coerced):
 * a misspelt field in a payment must fail loudly. Amounts are decimal strings; their value is checked
 * by the money parser so each kind of bad amount gets its own code.
 */
export const Amount = Type.String({
  description: 'Decimal string in the currency unit, e.g. "12.34"',
  examples: ['12.34'],
  maxLength: 32,
});
export const ClientId = Type.String({
  pattern: CLIENT_ID_PATTERN,
  maxLength: CLIENT_ID_MAX_LENGTH,
  description: "The client's own id for this command; sending it again returns the first result",
});
export const WalletId = Type.String({
  pattern: '^[0-9]{16}$',
  description: '16-digit wallet number with a Luhn check digit',
});
export const OperatorId = Type.String({
  pattern: OPERATOR_ID_PATTERN.source,
  description: 'Operator id, e.g. "icbc"',
});
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code; defaults to CNY' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * Free text (names, memos, reasons): no control characters. They have no place in these fields, and
 * PostgreSQL refuses a NUL in text: let in, one would fail the whole batch's commit.
 */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001f\\u007f]*$';
export const Text = (options: { minLength?: number; maxLength: number; description?: string }) =>
  Type.String({ ...options, pattern: NO_CONTROL_CHARACTERS });
const strict = { additionalProperties: false } as const;

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    field: Type.Optional(Type.String({ description: 'The request field at fault' })),
    instance: Type.Optional(Type.String()),
    limit: Type.Optional(Type.String()),
    remaining: Type.Optional(Type.String()),
    retry_after_s: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);

// ---------------------------------------------------------------- operators

export const OperatorCreate = Type.Object(
  {
    id: Type.Optional(OperatorId),
    name: Text({ minLength: 1, maxLength: NAME_MAX_LENGTH }),
    issuance_quota: Type.Optional(Amount),
    reserve: Type.Optional(Amount),
  },
  strict,
);
export type OperatorCreate = Static<typeof OperatorCreate>;

export const OperatorView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  issuance_quota: Amount,
  currencies: Type.Array(
    Type.Object({
      currency: Type.String(),
      reserve: Amount,
      vault: Amount,
      issued: Amount,
      redeemed: Amount,
      outstanding: Amount,
      wallets: Amount,
      balanced: Type.Boolean(),
    }),
  ),
});

export const IssuanceCreate = Type.Object(
  { id: ClientId, operator_id: OperatorId, amount: Amount, currency: Type.Optional(Currency) },
  strict,
);
export type IssuanceCreate = Static<typeof IssuanceCreate>;

// ---------------------------------------------------------------- wallets

export const WalletCreate = Type.Object(
  {
    operator_id: OperatorId,
    kind: Type.Union([Type.Literal('personal'), Type.Literal('corporate'), Type.Literal('merchant')]),
    category: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 4, description: 'KYC category, personal wallets only' }),
    ),
    currency: Type.Optional(Currency),
    holder: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Text({ maxLength: NAME_MAX_LENGTH })),
          id_number: Type.Optional(Text({ maxLength: 40 })),
          phone: Type.Optional(Text({ maxLength: 32 })),
          address: Type.Optional(Text({ maxLength: 200 })),
        },
        strict,
      ),
    ),
  },
  strict,
);
export type WalletCreate = Static<typeof WalletCreate>;

export const WalletPatch = Type.Object({ category: Type.Integer({ minimum: 1, maximum: 4 }) }, strict);
export type WalletPatch = Static<typeof WalletPatch>;

export const WalletFreeze = Type.Object(
  {
    mode: Type.Union([Type.Literal('out'), Type.Literal('all')], {
      description: 'out: no payments out; all: nothing in or out',
    }),
    reason: Text({ minLength: 1, maxLength: 500 }),
    reference: Type.Optional(Text({ maxLength: 120, description: 'e.g. the court order number' })),
  },
  strict,
);
export type WalletFreeze = Static<typeof WalletFreeze>;
export const WalletUnfreeze = Type.Object({ reason: Text({ minLength: 1, maxLength: 500 }) }, strict);
export type WalletUnfreeze = Static<typeof WalletUnfreeze>;

const LimitView = Type.Object({
  balance_cap: Nullable(Amount),
  single_payment: Nullable(Amount),
  daily_total: Nullable(Amount),
  annual_total: Nullable(Amount),
});

export const WalletView = Type.Object({
  id: WalletId,
  operator_id: Type.String(),
  kind: Type.String(),
  category: Nullable(Type.Integer()),
  currency: Type.String(),
  status: Type.String(),
  balance: Amount,
  available: Amount,
  pending_out: Amount,
  pending_in: Amount,
  opened_at: Type.String({ format: 'date-time' }),
  limits: LimitView,
  used: Type.Object({ today: Amount, this_year: Amount }),
  remaining: Type.Object({
    today: Nullable(Amount),
    this_year: Nullable(Amount),
    balance_room: Nullable(Amount),
  }),
});

export const WalletIdParams = Type.Object({ id: Type.String({ maxLength: 64 }) }, strict);
export const PageQuery = Type.Object(
  {
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,16}$' })),
  },
  strict,
);

// ---------------------------------------------------------------- exchanges and transfers

export const ExchangeCreate = Type.Object(
  {
    id: ClientId,
    wallet_id: WalletId,
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    amount: Amount,
  },
  strict,
);
export type ExchangeCreate = Static<typeof ExchangeCreate>;

export const TransferCreate = Type.Object(
  {
    id: ClientId,
    from: WalletId,
    to: WalletId,
    amount: Amount,
    currency: Type.Optional(Currency),
    pending: Type.Optional(Type.Boolean({ description: 'Hold the funds; post or void later' })),
    timeout_s: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: PENDING_TIMEOUT_S_MAX,
        description: 'Pending only: void automatically after this long',
      }),
    ),
    memo: Type.Optional(Text({ maxLength: MEMO_MAX_LENGTH })),
  },
  strict,
);
export type TransferCreate = Static<typeof TransferCreate>;

export const TransferBatch = Type.Object(
  {
    transfers: Type.Array(TransferCreate, { minItems: 1, maxItems: BATCH_COMMANDS_MAX }),
    linked: Type.Optional(Type.Boolean({ description: 'All transfers commit or none does' })),
  },
  strict,
);
export type TransferBatch = Static<typeof TransferBatch>;

export const TransferPost = Type.Object({ amount: Type.Optional(Amount) }, strict);
export type TransferPost = Static<typeof TransferPost>;

export const TransferIdParams = Type.Object({ id: Type.String({ maxLength: CLIENT_ID_MAX_LENGTH }) }, strict);

export const TransferView = Type.Object({
  id: Type.String(),
  kind: Type.String({ description: 'transfer, issue, redeem, exchange_in or exchange_out' }),
  from: Type.String(),
  to: Type.String(),
  amount: Amount,
  currency: Type.String(),
  status: Type.String({ description: 'posted, pending, voided or expired' }),
  pending: Type.Boolean(),
  cross_operator: Type.Boolean(),
  created_at: Type.String({ format: 'date-time' }),
  seq: Type.Integer({ description: 'Position in the committed journal' }),
  memo: Type.Optional(Type.String()),
  timeout_s: Type.Optional(Type.Integer()),
  expires_at: Type.Optional(Type.String({ format: 'date-time' })),
  posted_amount: Type.Optional(Amount),
  resolved_at: Type.Optional(Type.String({ format: 'date-time' })),
});

export const BatchResults = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Type.String(),
      status: Type.Optional(Type.String()),
      replayed: Type.Optional(Type.Boolean()),
      code: Type.Optional(Type.String()),
      detail: Type.Optional(Type.String()),
      field: Type.Optional(Type.String()),
    }),
  ),
});

export const TransferPage = Type.Object({
  items: Type.Array(TransferView),
  next_cursor: Nullable(Type.String()),
});

export const Reconciliation = Type.Object({
  balanced: Type.Boolean(),
  as_of_seq: Type.Integer(),
  operators: Type.Array(
    Type.Object({
      operator_id: Type.String(),
      currency: Type.String(),
      issued: Amount,
      redeemed: Amount,
      outstanding: Amount,
      reserve: Amount,
      vault: Amount,
      wallets: Amount,
      offline: Type.Optional(Amount),
      conditional: Type.Optional(Amount),
      balanced: Type.Boolean({ description: 'issued - redeemed = vault + wallets + offline + conditional' }),
    }),
  ),
  central_bank: Type.Array(
    Type.Object({
      currency: Type.String(),
      outstanding: Amount,
      operators_total: Amount,
      balanced: Type.Boolean(),
    }),
  ),
});

/** The problem responses every authenticated route may give. */
export const problemResponses = {
  400: Problem,
  401: Problem,
  403: Problem,
  404: Problem,
  409: Problem,
  410: Problem,
  413: Problem,
  422: Problem,
  429: Problem,
  503: Problem,
} as const;
