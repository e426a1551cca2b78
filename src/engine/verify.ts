import type { NodeConfig } from '../config/index.ts';
import {
  type AccountSnapshot,
  beginRestore,
  checkInvariants,
  finishRestore,
  hashId,
  IdIndex,
  Ledger,
  type Reconciliation,
  type RestoredAccount,
  reconcile,
  restoreAccount,
  type StoredObject,
} from '../ledger/index.ts';
import type { Store } from '../store/index.ts';

/** Problems listed in a report; past it only the count grows. */
export const VERIFY_PROBLEMS_MAX = 100;

export interface VerifyReport {
  readonly ok: boolean;
  readonly rows: number;
  readonly accounts: number;
  readonly checkpoint_seq: number;
  readonly problems: string[];
  readonly problem_count: number;
  readonly books: Reconciliation;
}

/**
 * Checks stored books offline without trusting any stored balance: replays the whole journal from
 * nothing, checks its structure row by row (dense seqs, per-account links, id hashes, unique ids,
 * resolutions of real holds, no balance below zero), compares the result at the checkpoint with the
 * checkpointed balances, and proves the books at the end.
 */
export async function verifyStore(
  store: Store,
  config: NodeConfig,
  onProgress?: (done: number, total: number) => void,
): Promise<VerifyReport> {
  const problems: string[] = [];
  let problemCount = 0;
  const problem = (text: string) => {
    problemCount += 1;
    if (problems.length < VERIFY_PROBLEMS_MAX) problems.push(text);
  };
  const checkpoint = await store.loadCheckpoint();
  const stored = new Map<number, RestoredAccount>();
  const ledger = new Ledger(config);
  const zeroOperators = checkpoint.operators.map((op) => ({
    ...op,
    issued: op.issued.map(() => 0),
    redeemed: op.redeemed.map(() => 0),
  }));
  beginRestore(ledger.state, zeroOperators);
  await store.scanAccounts((a) => {
    stored.set(a.num, a);
    restoreAccount(ledger.state, {
      ...a,
      balance: 0,
      day_key: 0,
      day_out: 0,
      year_key: 0,
      year_out: 0,
      last_seq: 0,
    });
  });
  finishRestore(ledger.state, 0, 0, []);
  // Payments objects as stored (current): families shape usage during the replay, and at the end each
  // device and condition must agree with the balances the journal produced (checkInvariants).
  await store.scanObjects((o) => ledger.restoreObject(o as StoredObject));
  const state = ledger.state;
  const ids = new IdIndex();
  const duplicateCandidates: number[] = [];
  let expected = 1;
  let atCheckpoint: Map<number, AccountSnapshot> | null = checkpoint.seq === 0 ? snapshotOf(ledger) : null;
  let countersAtCheckpoint = checkpoint.seq === 0 ? countersOf(ledger) : null;
  let pendingAtCheckpoint = checkpoint.seq === 0 ? '' : null;
  const pages: Array<{ first: number; hashes: Uint32Array }> = [];
  await store.scanIdPages((first, hashes) => pages.push({ first, hashes: hashes.slice() }));
  let page = 0;
  let rows = 0;
  await store.scanRows(0, Number.MAX_SAFE_INTEGER, (row) => {
    rows += 1;
    while (page < pages.length && row.seq >= pages[page]!.first + pages[page]!.hashes.length) page += 1;
    const p = pages[page];
    if (p === undefined || row.seq < p.first) problem(`row ${row.seq}: no id page covers it`);
    else if (p.hashes[row.seq - p.first] !== row.id_hash)
      problem(`row ${row.seq}: its id page holds another hash (the row or the page was changed)`);
    if (row.seq !== expected)
      problem(`row ${row.seq}: expected seq ${expected} (a row is missing or out of order)`);
    expected = row.seq + 1;
    const a = state.accounts;
    if (!a.exists(row.debit) || !a.exists(row.credit)) {
      problem(`row ${row.seq}: names an account that does not exist`);
      return;
    }
    if (row.debit_prev !== a.last_seq[row.debit] || row.credit_prev !== a.last_seq[row.credit]) {
      problem(
        `row ${row.seq}: per-account links do not match the journal (a row was changed, removed or inserted)`,
      );
    }
    if (
      !(
        Number.isSafeInteger(row.amount) &&
        (row.amount > 0 || (row.kind === 8 && row.amount >= 0) || row.kind === 9)
      )
    ) {
      problem(`row ${row.seq}: amount ${row.amount} is not a positive exact integer`);
    }
    const currency = config.currencies[a.currency[row.debit]!]?.code;
    if (row.currency !== currency || a.currency[row.debit] !== a.currency[row.credit])
      problem(`row ${row.seq}: currency does not match its accounts`);
    if (row.id !== null) {
      if (row.id_hash !== hashId(row.id)) problem(`row ${row.seq}: id hash does not match its id`);
      if (ids.has(row.id_hash)) duplicateCandidates.push(row.seq);
      ids.insert(row.id_hash, row.seq);
    }
    try {
      ledger.replayRow(row);
    } catch (error) {
      problem(`row ${row.seq}: ${(error as Error).message}`);
    }
    if (a.kind[row.debit] !== 0 && a.balance[row.debit]! < 0)
      problem(`row ${row.seq}: leaves account ${row.debit} below zero`);
    if (row.seq === checkpoint.seq) {
      atCheckpoint = snapshotOf(ledger);
      countersAtCheckpoint = countersOf(ledger);
      pendingAtCheckpoint = [...state.pendingBySeq.keys()].sort((x, y) => x - y).join(',');
    }
    if (rows % 100_000 === 0) onProgress?.(rows, checkpoint.last_seq);
  });
  onProgress?.(rows, checkpoint.last_seq);
  const last = pages.at(-1);
  if (last !== undefined && last.first + last.hashes.length - 1 > checkpoint.last_seq)
    problem('an id page covers rows past the end of the journal');
  await checkDuplicateIds(store, ids, duplicateCandidates, problem);
  if (checkpoint.seq > checkpoint.last_seq)
    problem(`checkpoint seq ${checkpoint.seq} is past the end of the journal ${checkpoint.last_seq}`);
  if (atCheckpoint !== null) {
    for (const [num, derived] of atCheckpoint as Map<number, AccountSnapshot>) {
      const s = stored.get(num);
      if (s === undefined) continue;
      for (const key of ['balance', 'day_key', 'day_out', 'year_key', 'year_out', 'last_seq'] as const) {
        if (s[key] !== derived[key])
          problem(`account ${num}: stored ${key} ${s[key]} differs from the journal's ${derived[key]}`);
      }
    }
  }
  if (countersAtCheckpoint !== null) {
    for (const op of checkpoint.operators) {
      const derived = (countersAtCheckpoint as Map<number, string>).get(op.num);
      if (derived !== JSON.stringify([op.issued, op.redeemed]))
        problem(`operator ${op.id}: stored issuance counters differ from the journal`);
    }
  }
  if (
    pendingAtCheckpoint !== null &&
    pendingAtCheckpoint !== checkpoint.pending.map((p) => p.seq).join(',')
  ) {
    problem('the stored open holds differ from the journal at the checkpoint');
  }
  for (const p of checkInvariants(state)) problem(p);
  const books = reconcile(state);
  return {
    ok: problemCount === 0,
    rows,
    accounts: state.accounts.count,
    checkpoint_seq: checkpoint.seq,
    problems,
    problem_count: problemCount,
    books,
  };
}

function snapshotOf(ledger: Ledger): Map<number, AccountSnapshot> {
  const a = ledger.state.accounts;
  const out = new Map<number, AccountSnapshot>();
  for (let num = 1; num <= a.count; num += 1) {
    out.set(num, {
      num,
      balance: a.balance[num]!,
      day_key: a.day_key[num]!,
      day_out: a.day_out[num]!,
      year_key: a.year_key[num]!,
      year_out: a.year_out[num]!,
      last_seq: a.last_seq[num]!,
      status: a.status[num]!,
      category: a.category[num]!,
    });
  }
  return out;
}

function countersOf(ledger: Ledger): Map<number, string> {
  const out = new Map<number, string>();
  for (const op of ledger.state.operators)
    if (op !== undefined) out.set(op.num, JSON.stringify([op.issued, op.redeemed]));
  return out;
}

/** Rows whose id hash was seen before are compared with their candidates by the ids themselves. */
async function checkDuplicateIds(
  store: Store,
  ids: IdIndex,
  seqs: number[],
  problem: (text: string) => void,
): Promise<void> {
  for (const seq of seqs) {
    const [row] = await store.getRows([seq]);
    if (row?.id == null) continue;
    const candidates: number[] = [];
    ids.candidates(row.id_hash, (s) => {
      if (s < seq) candidates.push(s);
    });
    for (const other of await store.getRows(candidates)) {
      if (other.id === row.id) problem(`rows ${other.seq} and ${seq} carry the same id ${row.id}`);
    }
  }
}
