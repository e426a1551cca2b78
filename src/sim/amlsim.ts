import { join } from 'node:path';
import { parseAmount } from '../money/index.ts';
import type { PartyInfo, TransferEvent } from '../monitoring/transfer-event.ts';
import { readLines } from './lines.ts';
import { DEFAULT_START_MS, MS_PER_DAY } from './time.ts';

/**
 * Imports an AMLSim output folder (IBM's simulator) into the shapes monitoring consumes.
 *
 * Mapping (also in docs/simulator.md):
 * - an account `nodeid` becomes personal wallet `A<nodeid>` (the same ids the backtest reader
 *   uses) of operator `amlsim`, KYC category 1 (AMLSim knows no wallet limits), opened a year
 *   before the first step;
 * - `value` is read as yuan, exactly, with its decimals: 259.7 -> 25,970 fen;
 * - step `s` is the Shanghai day `start + s days`; the transactions of one step keep their file
 *   order and are spread evenly over that day (k-th of n at (k + 0.5) / n of the day), so windowed
 *   rules see a day's traffic, not one instant;
 * - `isFraud` is the account's label; `seq` is the transaction's position in the file (1-based).
 */
export const AMLSIM_OPERATOR = 'amlsim';
export const AMLSIM_STEP_MS = MS_PER_DAY;
export const AMLSIM_ACCOUNT_AGE_MS = 365 * MS_PER_DAY;
/** Transactions of one step are held in memory to spread them over the day; more is refused. */
export const AMLSIM_STEP_TRANSACTIONS_MAX = 1_000_000;
export const AMLSIM_NODES_HEADER = 'nodeid,isFraud,init_balance,fraudStep';
export const AMLSIM_TRANSACTIONS_HEADER = 'sourceNodeId,targetNodeId,value,time';

export interface AmlsimAccount {
  readonly wallet: string;
  readonly fraud: boolean;
  readonly init_balance_fen: number;
  /** Step at which AMLSim made the account part of a pattern, null when never. */
  readonly fraud_step: number | null;
}

export interface AmlsimImport {
  readonly start_ms: number;
  readonly accounts: ReadonlyMap<string, AmlsimAccount>;
  /** Per wallet: true when AMLSim labels the account as involved in laundering. */
  readonly labels: ReadonlyMap<string, boolean>;
  readonly parties: ReadonlyMap<string, PartyInfo>;
  /** The transactions as TransferEvents in time order; each call reads the file again. */
  events(): AsyncGenerator<TransferEvent, void, undefined>;
}

export interface AmlsimOptions {
  /** Instant of step 0, default 2024-01-01T00:00+08:00. */
  readonly start_ms?: number;
  readonly currency?: string;
}

export function amlsimWallet(nodeId: number): string {
  return `A${nodeId}`;
}

function fail(file: string, line: number, why: string): never {
  throw new Error(`${file}:${line}: ${why}`);
}

function integer(value: string | undefined, file: string, line: number, field: string): number {
  const n = Number(value);
  if (value === undefined || value === '' || !Number.isSafeInteger(n))
    fail(file, line, `${field} must be an integer`);
  return n;
}

async function* csv(path: string, header: string): AsyncGenerator<[string[], number]> {
  let line = 0;
  for await (const text of readLines(path)) {
    line += 1;
    if (line === 1) {
      if (text !== header) fail(path, 1, `header must be "${header}"`);
      continue;
    }
    if (text !== '') yield [text.split(','), line];
  }
}

export async function importAmlsim(dir: string, options: AmlsimOptions = {}): Promise<AmlsimImport> {
  const startMs = options.start_ms ?? DEFAULT_START_MS;
  const currency = options.currency ?? 'CNY';
  const nodesPath = join(dir, 'nodes.csv');
  const accounts = new Map<string, AmlsimAccount>();
  const labels = new Map<string, boolean>();
  const parties = new Map<string, PartyInfo>();
  for await (const [f, line] of csv(nodesPath, AMLSIM_NODES_HEADER)) {
    if (f.length !== 4) fail(nodesPath, line, `expected 4 fields, found ${f.length}`);
    const wallet = amlsimWallet(integer(f[0], nodesPath, line, 'nodeid'));
    if (accounts.has(wallet)) fail(nodesPath, line, `account ${f[0]} listed twice`);
    if (f[1] !== '0' && f[1] !== '1') fail(nodesPath, line, 'isFraud must be 0 or 1');
    const step = integer(f[3], nodesPath, line, 'fraudStep');
    const balance = Number(f[2]);
    if (!Number.isFinite(balance) || balance < 0)
      fail(nodesPath, line, 'init_balance must be a non-negative number');
    const fraud = f[1] === '1';
    accounts.set(wallet, {
      wallet,
      fraud,
      init_balance_fen: Math.round(balance * 100),
      fraud_step: step < 0 ? null : step,
    });
    labels.set(wallet, fraud);
    parties.set(wallet, {
      wallet,
      operator: AMLSIM_OPERATOR,
      kind: 'personal',
      category: 1,
      opened_ms: startMs - AMLSIM_ACCOUNT_AGE_MS,
    });
  }
  const transactionsPath = join(dir, 'transactions.csv');

  async function* events(): AsyncGenerator<TransferEvent, void, undefined> {
    let seq = 0;
    let step = Number.NEGATIVE_INFINITY;
    let pending: { from: PartyInfo; to: PartyInfo; amount: number }[] = [];
    const flush = function* (): Generator<TransferEvent> {
      const dayStart = startMs + step * AMLSIM_STEP_MS;
      for (let k = 0; k < pending.length; k += 1) {
        seq += 1;
        const p = pending[k]!;
        const ts = dayStart + Math.floor(((k + 0.5) * AMLSIM_STEP_MS) / pending.length);
        yield { seq, id: `amlsim-${seq}`, ts_ms: ts, amount_fen: p.amount, currency, from: p.from, to: p.to };
      }
      pending = [];
    };
    for await (const [f, line] of csv(transactionsPath, AMLSIM_TRANSACTIONS_HEADER)) {
      if (f.length !== 4) fail(transactionsPath, line, `expected 4 fields, found ${f.length}`);
      const from = parties.get(amlsimWallet(integer(f[0], transactionsPath, line, 'sourceNodeId')));
      const to = parties.get(amlsimWallet(integer(f[1], transactionsPath, line, 'targetNodeId')));
      if (from === undefined || to === undefined)
        fail(transactionsPath, line, 'names an account not in nodes.csv');
      const time = integer(f[3], transactionsPath, line, 'time');
      if (time < step) fail(transactionsPath, line, 'transactions must be in time order');
      if (time > step) {
        yield* flush();
        step = time;
      }
      if (pending.length >= AMLSIM_STEP_TRANSACTIONS_MAX) {
        fail(transactionsPath, line, `more than ${AMLSIM_STEP_TRANSACTIONS_MAX} transactions in one step`);
      }
      pending.push({ from, to, amount: parseAmount(f[2], 2, `${transactionsPath}:${line} value`) });
    }
    yield* flush();
  }

  return { start_ms: startMs, accounts, labels, parties, events };
}
