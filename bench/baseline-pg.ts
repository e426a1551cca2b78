import pg from 'pg';
import { Latencies } from './stats.ts';

/**
 * The way most applications write a ledger: one PostgreSQL transaction per transfer that locks both
 * account rows in id order, checks the balance, updates both and inserts the transfer.
 */
export interface BaselineResult {
  readonly transfers: number;
  readonly refused: number;
  readonly latencies: Latencies;
  readonly seconds: number;
}

export async function seedBaseline(url: string, accounts: number, balance_fen: number): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('drop table if exists bl_transfers; drop table if exists bl_accounts');
  await c.query(
    'create table bl_accounts (id bigint primary key, balance bigint not null check (balance >= 0))',
  );
  await c.query(
    'create table bl_transfers (id text primary key, debit bigint not null, credit bigint not null, amount bigint not null, ts timestamptz not null default now())',
  );
  await c.query('insert into bl_accounts select g, $1 from generate_series(1, $2) g', [
    balance_fen,
    accounts,
  ]);
  await c.query('vacuum analyze bl_accounts');
  await c.end();
}

export async function runBaseline(
  url: string,
  accounts: number,
  clients: number,
  seconds: number,
  warmup_s: number,
): Promise<BaselineResult> {
  const pool = new pg.Pool({ connectionString: url, max: clients });
  pool.on('error', () => undefined);
  const latencies = new Latencies();
  let transfers = 0;
  let refused = 0;
  let n = 0;
  const start = performance.now();
  const measureFrom = start + warmup_s * 1000;
  const end = measureFrom + seconds * 1000;
  const worker = async (k: number) => {
    const c = await pool.connect();
    let state = 7919 * (k + 1);
    const rand = () => {
      state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
      return state;
    };
    try {
      while (performance.now() < end) {
        const a = 1 + (rand() % accounts);
        let b = 1 + (rand() % accounts);
        if (b === a) b = 1 + (b % accounts);
        const amount = 1 + (rand() % 999);
        const id = `bl-${k}-${n++}`;
        const t0 = performance.now();
        let ok = false;
        await c.query('begin');
        try {
          const { rows } = await c.query<{ id: number; balance: string }>(
            'select id, balance from bl_accounts where id = any($1) order by id for update',
            [[a, b]],
          );
          const payer = rows.find((r) => Number(r.id) === a);
          if (payer !== undefined && Number(payer.balance) >= amount) {
            await c.query('update bl_accounts set balance = balance - $1 where id = $2', [amount, a]);
            await c.query('update bl_accounts set balance = balance + $1 where id = $2', [amount, b]);
            await c.query('insert into bl_transfers (id, debit, credit, amount) values ($1, $2, $3, $4)', [
              id,
              a,
              b,
              amount,
            ]);
            ok = true;
          }
          await c.query('commit');
        } catch (error) {
          await c.query('rollback');
          throw error;
        }
        const t1 = performance.now();
        if (t0 >= measureFrom && t1 <= end) {
          latencies.add(t1 - t0);
          if (ok) transfers += 1;
          else refused += 1;
        }
      }
    } finally {
      c.release();
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, k) => worker(k)));
  await pool.end();
  return { transfers, refused, latencies, seconds };
}
