import type Database from 'better-sqlite3';

/** Statements of the SQLite write path, prepared once per connection. */
export function prepareWrites(db: Database.Database) {
  return {
    transfer: db.prepare(
      'insert into transfers (seq, id, id_hash, kind, flags, debit, credit, amount, currency, ts, ref_seq, expires_at, memo, debit_prev, credit_prev) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
    ),
    operator: db.prepare(
      'insert into operators (num, id, name, issuance_quota, opened_ts, reserve_nums, vault_nums, issued, redeemed) values (?,?,?,?,?,?,?,?,?)',
    ),
    account: db.prepare(
      'insert into accounts (num, kind, category, status, operator, currency, opened_ts, holder, owner) values (?,?,?,?,?,?,?,?,?)',
    ),
    accountMeta: db.prepare('update accounts set status = ?, category = ? where num = ?'),
    event: db.prepare('insert into account_events (num, ts, type, details) values (?,?,?,?)'),
    accountSnapshot: db.prepare(
      'update accounts set balance = ?, day_key = ?, day_out = ?, year_key = ?, year_out = ?, last_seq = ?, status = ?, category = ? where num = ?',
    ),
    operatorCounters: db.prepare('update operators set issued = ?, redeemed = ? where num = ?'),
    pendingDelete: db.prepare('delete from pending where seq = ?'),
    pendingInsert: db.prepare(
      'insert into pending (seq, id, kind, debit, credit, amount, currency, ts, expires_at, settle_seq, parent_seq) values (?,?,?,?,?,?,?,?,?,?,?)',
    ),
    object: db.prepare(
      'insert into ledger_objects (key, kind, body, seq) values (?,?,?,?) on conflict (key) do update set kind = excluded.kind, body = excluded.body, seq = excluded.seq',
    ),
    idPage: db.prepare('insert into id_pages (first_seq, hashes) values (?, ?)'),
    meta: db.prepare(
      'insert into meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value',
    ),
  };
}

/** Opens a connection the way every Tongbao SQLite connection is opened. */
export function tunePragmas(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  // FULL: every commit fsyncs the WAL, so an acknowledged transfer survives power loss, not only kill -9.
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  db.pragma('cache_size = -131072');
  db.pragma('wal_autocheckpoint = 10000');
  db.pragma('journal_size_limit = 268435456');
}
