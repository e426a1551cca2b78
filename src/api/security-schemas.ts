import Type, { type Static } from 'typebox';
import {
  KEY_LABEL_MAX_LENGTH,
  KEY_RATE_PER_S_MAX,
  KEY_WALLETS_MAX,
  REVEAL_REASON_MAX_LENGTH,
  ROTATE_GRACE_S_MAX,
  SESSION_TTL_S_MAX,
} from '../security/limits.ts';
import { ROLES } from '../security/roles.ts';
import { OperatorId, Text, WalletId } from './schemas.ts';

/** Schemas of the identity, audit and reveal routes (requests strict, as everywhere). */
const strict = { additionalProperties: false } as const;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Iso = Type.String({ format: 'date-time' });
const Role = Type.Union(ROLES.map((r) => Type.Literal(r)));

export const KeyCreate = Type.Object(
  {
    role: Role,
    operator_id: Type.Optional(OperatorId),
    wallets: Type.Optional(Type.Array(WalletId, { minItems: 1, maxItems: KEY_WALLETS_MAX })),
    label: Type.Optional(Text({ maxLength: KEY_LABEL_MAX_LENGTH })),
    rate_per_s: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: KEY_RATE_PER_S_MAX,
        description: "Requests per second; the role's by default",
      }),
    ),
  },
  strict,
);
export type KeyCreate = Static<typeof KeyCreate>;

export const KeyView = Type.Object({
  key_id: Type.String(),
  kind: Type.String(),
  role: Type.String(),
  operator_id: Nullable(Type.String()),
  wallets: Type.Array(Type.String()),
  label: Type.String(),
  created_at: Iso,
  created_by: Type.String(),
  expires_at: Nullable(Iso),
  revoked_at: Nullable(Iso),
  status: Type.String({ description: 'active, revoked or expired' }),
  rate_per_s: Type.Integer({ description: "0: the role's default" }),
});

export const KeyCreated = Type.Object({
  key: KeyView,
  token: Type.String({
    description: 'The key itself: shown once, never again. Send it as Authorization: Bearer <token>.',
  }),
  previous_expires_at: Type.Optional(Iso),
});

export const KeyIdParams = Type.Object({ id: Type.String({ pattern: '^k[0-9a-f]{16}$' }) }, strict);
export const KeyRotate = Type.Object(
  {
    grace_s: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: ROTATE_GRACE_S_MAX,
        description: 'How long the old key keeps working',
      }),
    ),
  },
  strict,
);
export const KeyListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^k[0-9a-f]{16}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
    include_revoked: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  },
  strict,
);

export const SessionCreate = Type.Object(
  { ttl_s: Type.Optional(Type.Integer({ minimum: 60, maximum: SESSION_TTL_S_MAX })) },
  strict,
);
export const SessionView = Type.Object({
  token: Type.String({ description: 'Send as Authorization: Bearer <token>, or use the cookie set with it' }),
  session_id: Type.String(),
  expires_at: Iso,
  role: Type.String(),
});

export const Me = Type.Object({
  key_id: Type.String(),
  kind: Type.String({ description: 'key or session' }),
  role: Type.String(),
  operator_id: Nullable(Type.String()),
  wallets: Type.Array(Type.String()),
  expires_at: Nullable(Iso),
  rate_per_s: Type.Integer(),
  permissions: Type.Array(Type.String(), { description: 'What this role may do; `own` ones only in scope' }),
});

export const RevealCreate = Type.Object(
  { wallet_id: WalletId, reason: Text({ minLength: 1, maxLength: REVEAL_REASON_MAX_LENGTH }) },
  strict,
);
export type RevealCreate = Static<typeof RevealCreate>;
export const RevealIdParams = Type.Object(
  { id: Type.String({ pattern: '^rv-[0-9a-z]{10}-[0-9a-f]{8}$' }) },
  strict,
);
export const RevealView = Type.Object({
  id: Type.String(),
  wallet_id: Type.String(),
  reason: Type.String(),
  status: Type.String({ description: 'requested, approved, rejected or expired' }),
  requested_by: Type.String(),
  requested_at: Iso,
  decided_by: Nullable(Type.String()),
  decided_at: Nullable(Iso),
  expires_at: Iso,
});
export const RevealListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ pattern: '^rv-[0-9a-z]{10}-[0-9a-f]{8}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  strict,
);
export const HolderView = Type.Object({
  wallet_id: Type.String(),
  anonymous: Type.Boolean({ description: 'Category 4: only a keyed hash of the phone number is kept' }),
  holder: Type.Object({
    name: Type.Optional(Type.String()),
    id_number: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    address: Type.Optional(Type.String()),
  }),
  phone_hash: Nullable(Type.String({ description: 'HMAC-SM3 of the phone number, hex' })),
});

export const FreezeEvent = Type.Object({
  event_id: Type.Integer(),
  at: Iso,
  type: Type.String({ description: 'frozen or unfrozen' }),
  mode: Type.Optional(Type.String()),
  reason: Type.String(),
  reference: Nullable(Type.String()),
});
export const FreezePage = Type.Object({
  items: Type.Array(FreezeEvent),
  next_cursor: Nullable(Type.String()),
});

// ---------------------------------------------------------------- audit log

const B64Hash = Type.String({ description: 'SM3 hash, standard base64' });
export const InclusionProof = Type.Object({
  leaf_index: Type.Integer(),
  tree_size: Type.Integer(),
  leaf_hash: B64Hash,
  path: Type.Array(B64Hash),
});
export const ConsistencyProof = Type.Object({
  first_size: Type.Integer(),
  second_size: Type.Integer(),
  path: Type.Array(B64Hash),
});
export const CheckpointView = Type.Object({
  tree_size: Type.Integer(),
  timestamp: Iso,
  note: Type.String({ description: 'The C2SP signed note, as signed' }),
});
export const AuditEntryView = Type.Object({
  index: Type.Integer(),
  ts: Iso,
  actor: Type.String(),
  action: Type.String(),
  subject: Type.String(),
  details: Type.Object({}, { additionalProperties: true }),
  canonical: Type.String({ description: 'The exact bytes hashed into the log (canonical JSON)' }),
});
export const AuditStatus = Type.Object({
  entries: Type.Integer(),
  latest_checkpoint_size: Type.Integer(),
  journal_committed_seq: Type.Integer(),
  journal_logged_seq: Type.Integer({ description: 'Journal rows covered by logged batch roots' }),
  journal_error: Nullable(Type.String()),
  origin: Type.String(),
  public_key_sm3: Type.String(),
});
export const PublicKeyView = Type.Object({
  origin: Type.String(),
  pem: Type.String(),
  public_key_sm3: Type.String({ description: 'SM3 of the 65-byte public key, hex' }),
});
const Size = Type.String({ pattern: '^[0-9]{1,16}$' });
export const EntriesQuery = Type.Object(
  { start: Type.Optional(Size), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) },
  strict,
);
export const CheckpointsQuery = Type.Object(
  { from_size: Type.Optional(Size), limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })) },
  strict,
);
export const ProofQuery = Type.Object({ tree_size: Type.Optional(Size) }, strict);
export const ConsistencyQuery = Type.Object({ first: Size, second: Size }, strict);
export const IndexParams = Type.Object({ index: Size }, strict);

export const ReceiptView = Type.Object({
  status: Type.String({
    description: 'complete, awaiting_audit (batch not logged yet) or awaiting_checkpoint',
  }),
  seq: Type.Integer(),
  row: Nullable(
    Type.String({ description: "The journal row's bytes (base64), exactly what its leaf hashes" }),
  ),
  row_fields: Nullable(
    Type.Object(
      {
        seq: Type.Integer(),
        id: Nullable(Type.String()),
        id_hash: Type.Integer(),
        kind: Type.Integer(),
        flags: Type.Integer(),
        debit: Type.Integer(),
        credit: Type.Integer(),
        amount: Type.Integer({ description: 'Minor units (fen)' }),
        currency: Type.String(),
        ts: Type.Integer(),
        ref_seq: Type.Integer(),
        expires_at: Type.Integer(),
        memo: Nullable(Type.String()),
        debit_prev: Type.Integer(),
        credit_prev: Type.Integer(),
      },
      { description: 'The same row decoded (account numbers, not wallet ids)' },
    ),
  ),
  batch: Nullable(
    Type.Object({
      first_seq: Type.Integer(),
      last_seq: Type.Integer(),
      root: B64Hash,
      row_proof: InclusionProof,
    }),
  ),
  entry: Nullable(Type.Object({ index: Type.Integer(), bytes: Type.String() })),
  entry_proof: Nullable(InclusionProof),
  checkpoint: Nullable(Type.String()),
  public_key: Type.String({ description: "The log's SM2 public key, PEM" }),
});
