import type { Kysely } from 'kysely';
import type { Database } from '../../store/index.ts';
import type { AccountSource } from './account-directory.ts';

/**
 * The account directory's source over the query builder, for tools that already hold one on a node's
 * database (the backtest of stored history); the node's monitoring worker reads through a StoreReader.
 */
export function accountsFromDb(db: Kysely<Database>): AccountSource {
  return {
    async accounts(nums) {
      if (nums.length === 0) return [];
      const rows = await db
        .selectFrom('accounts')
        .select(['num', 'kind', 'category', 'operator', 'opened_ts', 'owner'])
        .where('num', 'in', [...nums])
        .execute();
      return rows.map((r) => ({
        num: Number(r.num),
        kind: Number(r.kind),
        category: Number(r.category),
        operator: Number(r.operator),
        opened_ts: Number(r.opened_ts),
        owner: Number(r.owner),
      }));
    },
    async operators() {
      const rows = await db.selectFrom('operators').select(['num', 'id']).execute();
      return rows.map((o) => ({ num: Number(o.num), id: o.id }));
    },
    async lastAccountEventId() {
      const row = await db
        .selectFrom('account_events')
        .select((eb) => eb.fn.max('event_id').as('id'))
        .executeTakeFirst();
      return Number(row?.id ?? 0);
    },
    async accountEvents(after, limit) {
      const rows = await db
        .selectFrom('account_events')
        .select(['event_id', 'num', 'type'])
        .where('event_id', '>', after)
        .orderBy('event_id')
        .limit(limit)
        .execute();
      return rows.map((e) => ({ event_id: Number(e.event_id), num: Number(e.num), type: e.type }));
    },
  };
}
