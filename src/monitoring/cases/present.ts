import type { Kysely } from 'kysely';
import { ACCOUNT_KIND_NAMES, parseWalletId } from '../../ledger/index.ts';
import { formatAmount } from '../../money/index.ts';
import type { Database } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import type { SupAlertsTable } from '../store/schema.ts';

/** How supervision shows stored values: ISO times, decimal amounts (fen to yuan), wallet ids. */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number): string | null => (ms > 0 ? iso(ms) : null);
/** Supervision reports in the rule set's currency, CNY: two decimals. */
export const yuan = (fen: number): string => formatAmount(fen, 2);

export function presentAlertSummary(r: SupAlertsTable) {
  const body = JSON.parse(r.body) as Alert;
  let total = 0;
  for (const t of body.transfers) total += t.amount_fen;
  return {
    id: r.id,
    kind: r.kind,
    typology: r.typology,
    status: r.status,
    revision: Number(r.revision),
    focal_wallet: r.focal_wallet,
    score: Number(r.score),
    threshold: Number(r.threshold),
    rule_set: r.rule_set,
    rule_set_version: Number(r.rule_set_version),
    period_start: iso(Number(r.period_start_ms)),
    first_at: iso(Number(r.first_ts_ms)),
    last_at: iso(Number(r.last_ts_ms)),
    raised_at: iso(Number(r.raised_ts)),
    updated_at: iso(Number(r.updated_ts)),
    transfer_count: Number(r.transfer_count),
    transfers_truncated: body.transfers_truncated,
    wallet_count: Number(r.wallet_count),
    amount: yuan(total),
    case_id: r.case_id,
    assignee: r.assignee,
    disposition: r.disposition,
  };
}

export type AlertSummary = ReturnType<typeof presentAlertSummary>;

export function presentAlert(r: SupAlertsTable) {
  const body = JSON.parse(r.body) as Alert;
  return {
    ...presentAlertSummary(r),
    trigger_seq: Number(r.trigger_seq),
    reasons: body.reasons.map((x) => ({
      rule_id: x.rule_id,
      rule_version: x.rule_version,
      rule_type: x.rule_type,
      weight: x.weight,
      crossed: x.crossed.map((c) => ({
        name: c.name,
        observed: c.observed,
        op: c.op,
        threshold: c.threshold,
      })),
    })),
    transfers: body.transfers.map((t) => ({
      id: t.id,
      seq: t.seq,
      at: iso(t.ts_ms),
      from: t.from,
      to: t.to,
      amount: yuan(t.amount_fen),
    })),
    wallets: [...body.wallets],
  };
}

export type AlertView = ReturnType<typeof presentAlert>;

export interface WalletFacts {
  readonly id: string;
  readonly kind: string;
  readonly category: number | null;
  readonly operator_id: string;
  readonly opened_at: string;
  readonly status: string;
}

const STATUS_NAMES = ['active', 'frozen_out', 'frozen_all', 'closed'];

/**
 * What supervision may know of wallets: kind, category, operator, opening time and standing, from the
 * stored accounts (never who holds them: that takes a reveal). Unknown or malformed ids are left out.
 */
export async function walletFacts(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, WalletFacts>> {
  const nums = new Map<number, string>();
  for (const id of ids) {
    const p = parseWalletId(id);
    if (p !== null) nums.set(p.account, id);
  }
  const out = new Map<string, WalletFacts>();
  if (nums.size === 0) return out;
  const operators = new Map(
    (await db.selectFrom('operators').select(['num', 'id']).execute()).map((o) => [Number(o.num), o.id]),
  );
  const keys = [...nums.keys()];
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('accounts')
      .select(['num', 'kind', 'category', 'operator', 'opened_ts', 'status'])
      .where('num', 'in', keys.slice(i, i + 500))
      .execute();
    for (const a of rows) {
      const id = nums.get(Number(a.num))!;
      if (parseWalletId(id)?.operator !== Number(a.operator)) continue;
      out.set(id, {
        id,
        kind: ACCOUNT_KIND_NAMES[Number(a.kind)] ?? 'unknown',
        category: Number(a.category) === 0 ? null : Number(a.category),
        operator_id: operators.get(Number(a.operator)) ?? '',
        opened_at: iso(Number(a.opened_ts)),
        status: STATUS_NAMES[Number(a.status)] ?? 'unknown',
      });
    }
  }
  return out;
}

/**
 * An alert's evidence for the case workbench: the alert, the facts of every wallet it names, and its
 * transfers folded into a money-flow graph (one edge per payer and payee, with count, sum and times).
 */
export async function alertEvidence(db: Kysely<Database>, r: SupAlertsTable) {
  const alert = presentAlert(r);
  const body = JSON.parse(r.body) as Alert;
  const facts = await walletFacts(db, body.wallets);
  const edges = new Map<
    string,
    { from: string; to: string; count: number; fen: number; first: number; last: number }
  >();
  for (const t of body.transfers) {
    const key = `${t.from}>${t.to}`;
    const e = edges.get(key);
    if (e === undefined)
      edges.set(key, { from: t.from, to: t.to, count: 1, fen: t.amount_fen, first: t.ts_ms, last: t.ts_ms });
    else {
      e.count += 1;
      e.fen += t.amount_fen;
      e.first = Math.min(e.first, t.ts_ms);
      e.last = Math.max(e.last, t.ts_ms);
    }
  }
  return {
    alert,
    wallets: body.wallets.map((id) => ({
      ...(facts.get(id) ?? {
        id,
        kind: 'unknown',
        category: null,
        operator_id: '',
        opened_at: null,
        status: 'unknown',
      }),
      focal: id === body.focal_wallet,
    })),
    graph: {
      nodes: body.wallets.map((id) => ({
        id,
        focal: id === body.focal_wallet,
        kind: facts.get(id)?.kind ?? 'unknown',
      })),
      edges: [...edges.values()].map((e) => ({
        from: e.from,
        to: e.to,
        count: e.count,
        amount: yuan(e.fen),
        first_at: iso(e.first),
        last_at: iso(e.last),
      })),
    },
  };
}
