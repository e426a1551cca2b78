import type { NodeConfig } from '../config/index.ts';
import {
  beginRestore,
  checkInvariants,
  finishRestore,
  Ledger,
  restoreAccount,
  type StoredObject,
} from '../ledger/index.ts';
import type { Store } from '../store/index.ts';

export interface LoadReport {
  readonly accounts: number;
  readonly transfers_indexed: number;
  readonly replayed_rows: number;
  readonly checkpoint_seq: number;
  readonly last_seq: number;
  readonly load_ms: number;
  /** Milliseconds per stage, in order. */
  readonly stages_ms: Readonly<Record<string, number>>;
}

/**
 * Rebuilds the ledger from storage: the checkpointed accounts and holds, the id index from every
 * stored row, then the rows after the checkpoint through the same function that applied them live.
 * The books are then checked: a store that does not balance is refused rather than served.
 */
export async function loadLedger(
  store: Store,
  config: NodeConfig,
  onProgress?: (stage: string) => void,
): Promise<{ ledger: Ledger; report: LoadReport }> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  let mark = started;
  const stage = (name: string) => {
    const now = performance.now();
    stages[name] = Math.round(now - mark);
    mark = now;
    onProgress?.(name);
  };
  const ledger = new Ledger(config);
  const checkpoint = await store.loadCheckpoint();
  stage('checkpoint');
  beginRestore(ledger.state, checkpoint.operators);
  await store.scanAccounts((a) => restoreAccount(ledger.state, a));
  finishRestore(ledger.state, checkpoint.seq, checkpoint.ts, checkpoint.pending);
  stage('accounts');
  // Payments objects are stored current with every batch; sub-wallet families must be known before
  // the tail is replayed, since a family member's payment is counted on its parent too.
  await store.scanObjects((o) => ledger.restoreObject(o as StoredObject));
  stage('payments objects');
  let indexed = 0;
  ledger.reserveIds(checkpoint.last_seq);
  await store.scanIdHashes((hash, seq) => {
    ledger.indexId(hash, seq);
    indexed += 1;
  });
  stage('id index');
  let replayed = 0;
  await store.scanRows(checkpoint.seq, Number.MAX_SAFE_INTEGER, (row) => {
    ledger.replayRow(row);
    replayed += 1;
  });
  if (ledger.state.lastSeq !== checkpoint.last_seq) {
    throw new Error(`journal ends at ${checkpoint.last_seq} but replay reached ${ledger.state.lastSeq}`);
  }
  stage('replay');
  const problems = checkInvariants(ledger.state);
  if (problems.length > 0) throw new Error(`stored books do not balance: ${problems.slice(0, 5).join('; ')}`);
  stage('invariants');
  return {
    ledger,
    report: {
      accounts: ledger.state.accounts.count,
      transfers_indexed: indexed,
      replayed_rows: replayed,
      checkpoint_seq: checkpoint.seq,
      last_seq: ledger.state.lastSeq,
      load_ms: Math.round(performance.now() - started),
      stages_ms: stages,
    },
  };
}
