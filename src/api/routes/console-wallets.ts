import type { FastifyInstance } from 'fastify';
import Type, { type Static } from 'typebox';
import { TongbaoError } from '../../errors/index.ts';
import { WALLET_KIND_CODES } from '../../ledger/accounts.ts';
import {
  ACCOUNT_STATUS_NAMES,
  AccountKind,
  formatWalletId,
  type LedgerState,
  parseWalletId,
} from '../../ledger/index.ts';
import type { Principal } from '../../security/index.ts';
import type { ApiContext } from '../context.ts';
import { presentWallet } from '../present.ts';
import { problemResponses as errors, WalletView } from '../schemas.ts';
import { pageLimit } from './wallets.ts';

/** Accounts one list request looks at before it answers with what it found and where to go on. */
export const WALLETS_SCAN_MAX = 100_000;
const OPERATOR_DIGITS = 3;
const ACCOUNT_DIGITS = 12;

export const WalletListQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,16}$', description: 'The start of a wallet id (or a whole id)' }),
    ),
    operator_id: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,31}$' })),
    kind: Type.Optional(
      Type.Union([Type.Literal('personal'), Type.Literal('corporate'), Type.Literal('merchant')]),
    ),
    category: Type.Optional(Type.String({ pattern: '^[1-4]$' })),
    status: Type.Optional(Type.Union(ACCOUNT_STATUS_NAMES.map((s) => Type.Literal(s)))),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
    cursor: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,12}$', description: 'next_cursor of the previous page' }),
    ),
  },
  { additionalProperties: false },
);
export type WalletListQuery = Static<typeof WalletListQuery>;

export const WalletList = Type.Object({
  items: Type.Array(WalletView),
  next_cursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Where to go on: more wallets may match after it (null when the search is complete)',
  }),
  scanned: Type.Integer({ description: 'Accounts looked at for this page' }),
});

interface Filter {
  readonly operator: number;
  readonly kind: number;
  readonly category: number;
  readonly status: number;
  readonly prefix: string;
}

/** The account numbers a search may match: a whole id is one account, a longer prefix a range. */
function accountRange(prefix: string, count: number): [number, number] {
  if (prefix.length <= OPERATOR_DIGITS) return [1, count];
  const digits = prefix.slice(OPERATOR_DIGITS, OPERATOR_DIGITS + ACCOUNT_DIGITS);
  const scale = 10 ** (ACCOUNT_DIGITS - digits.length);
  const low = Number(digits) * scale;
  return [Math.max(1, low), Math.min(count, low + scale - 1)];
}

function matches(state: LedgerState, num: number, f: Filter): boolean {
  const a = state.accounts;
  const kind = a.kind[num]!;
  if (kind < AccountKind.personal || kind > AccountKind.merchant) return false;
  if (f.kind >= 0 && kind !== f.kind) return false;
  if (f.operator >= 0 && a.operator[num] !== f.operator) return false;
  if (f.category > 0 && a.category[num] !== f.category) return false;
  if (f.status >= 0 && a.status[num] !== f.status) return false;
  return f.prefix === '' || formatWalletId(a.operator[num]!, num).startsWith(f.prefix);
}

/**
 * Lists wallets in the caller's scope, in account order: an operator its own, a holder or merchant the
 * wallets its key names, supervisors and auditors any (a privileged read, logged). A page stops after
 * `limit` wallets or WALLETS_SCAN_MAX accounts looked at, whichever first; next_cursor goes on.
 */
function listWallets(
  state: LedgerState,
  p: Principal,
  scope: 'all' | 'own',
  q: WalletListQuery,
  now: number,
) {
  const limit = pageLimit(q.limit);
  const after = q.cursor === undefined ? 0 : Number(q.cursor);
  let operator = -1;
  if (q.operator_id !== undefined) {
    operator = state.operatorByKey.get(q.operator_id) ?? -2;
    if (operator === -2)
      throw new TongbaoError('operator_not_found', `no operator ${q.operator_id}`, 'operator_id');
  }
  if (scope === 'own' && p.role === 'operator') {
    if (operator >= 0 && operator !== p.operator_num)
      throw new TongbaoError('forbidden', 'this operator is outside what the key may act on', 'operator_id');
    operator = p.operator_num;
  }
  const prefix = q.q ?? '';
  if (prefix.length === 16 && parseWalletId(prefix) === null)
    throw new TongbaoError('wallet_id_invalid', 'the wallet id is not a valid 16-digit wallet number', 'q');
  const f: Filter = {
    operator,
    kind: q.kind === undefined ? -1 : WALLET_KIND_CODES[q.kind],
    category: q.category === undefined ? 0 : Number(q.category),
    status: q.status === undefined ? -1 : ACCOUNT_STATUS_NAMES.indexOf(q.status),
    prefix,
  };
  const items: ReturnType<typeof presentWallet>[] = [];
  let scanned = 0;
  let last = after;
  if (scope === 'own' && p.role !== 'operator') {
    // A holder's or merchant's key names its wallets: look at those only.
    const nums = [...p.wallet_nums].filter((n) => n > after).sort((x, y) => x - y);
    for (const num of nums) {
      if (items.length === limit) break;
      scanned += 1;
      last = num;
      if (matches(state, num, f)) items.push(presentWallet(state, num, now));
    }
    const more = nums.length > 0 && last < nums[nums.length - 1]!;
    return { items, next_cursor: more ? String(last) : null, scanned };
  }
  const [low, high] = accountRange(prefix, state.accounts.count);
  let num = Math.max(low, after + 1);
  for (; num <= high && items.length < limit && scanned < WALLETS_SCAN_MAX; num += 1) {
    scanned += 1;
    if (matches(state, num, f)) items.push(presentWallet(state, num, now));
  }
  return { items, next_cursor: num <= high ? String(num - 1) : null, scanned };
}

/** GET /v1/wallets: search and page through wallets (the operator console's wallet list). */
export function consoleWalletRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const { engine, guard } = ctx;
  app.get<{ Querystring: WalletListQuery }>(
    '/v1/wallets',
    {
      config: { permission: 'wallets.read' },
      schema: {
        tags: ['wallets'],
        summary: 'Search wallets: by the start of their id, operator, kind, category and status',
        description:
          `An operator sees its own wallets, a holder or merchant those its key names, supervisors and auditors all (logged). ` +
          `A page holds up to \`limit\` wallets (1-200) and looks at up to ${WALLETS_SCAN_MAX} accounts; pass next_cursor back as cursor to go on. Holders' names are sealed and cannot be searched.`,
        querystring: WalletListQuery,
        response: { 200: WalletList, ...errors },
      },
    },
    async (request) => {
      const p = guard.filtered(request);
      const scope = guard.scope(request);
      await guard.read(request, 'wallet.list', 'wallets', { ...request.query });
      return engine.read((state, now) => listWallets(state, p, scope, request.query, now));
    },
  );
}
