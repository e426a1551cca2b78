import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PartyInfo, TransferEvent } from '../monitoring/transfer-event.ts';
import {
  DATASET_FILES,
  DATASET_FORMAT,
  DATASET_VERSION,
  type DatasetExchange,
  type DatasetInstance,
  type DatasetManifest,
  type DatasetTransfer,
  type DatasetWallet,
  EXCHANGES_HEADER,
  INSTANCES_HEADER,
  TRANSFERS_HEADER,
  TYPOLOGIES,
  type Typology,
  WALLETS_HEADER,
} from './dataset-format.ts';
import { readLines } from './lines.ts';

export type DatasetRow =
  | { readonly type: 'wallet'; readonly wallet: DatasetWallet }
  | { readonly type: 'transfer'; readonly transfer: DatasetTransfer };

/** A transfer as monitoring sees it, with its ground-truth label. */
export interface LabelledEvent {
  readonly event: TransferEvent;
  readonly instance: string | null;
}

class RowError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
    this.name = 'DatasetFormatError';
  }
}

async function* rows(dir: string, name: string, header: string): AsyncGenerator<[string[], number]> {
  let line = 0;
  for await (const text of readLines(join(dir, name))) {
    line += 1;
    if (line === 1) {
      if (text !== header) throw new RowError(name, 1, `header must be "${header}"`);
      continue;
    }
    if (text.length === 0) continue;
    yield [text.split(','), line];
  }
  if (line === 0) throw new RowError(name, 0, 'file is empty');
}

function int(value: string | undefined, file: string, line: number, field: string): number {
  const n = Number(value);
  if (value === undefined || value.length === 0 || !Number.isSafeInteger(n)) {
    throw new RowError(file, line, `${field} must be an integer, got "${value}"`);
  }
  return n;
}

function width(fields: string[], n: number, file: string, line: number): void {
  if (fields.length !== n) throw new RowError(file, line, `expected ${n} fields, found ${fields.length}`);
}

export async function readManifest(dir: string): Promise<DatasetManifest> {
  const manifest = JSON.parse(await readFile(join(dir, DATASET_FILES.manifest), 'utf8')) as DatasetManifest;
  if (manifest.format !== DATASET_FORMAT || manifest.version !== DATASET_VERSION) {
    throw new Error(`${dir} is not a ${DATASET_FORMAT} v${DATASET_VERSION} dataset`);
  }
  return manifest;
}

export async function* readWallets(dir: string): AsyncGenerator<DatasetWallet> {
  const file = DATASET_FILES.wallets;
  for await (const [f, line] of rows(dir, file, WALLETS_HEADER)) {
    width(f, 6, file, line);
    const kind = f[2];
    if (kind !== 'personal' && kind !== 'corporate' && kind !== 'merchant')
      throw new RowError(file, line, `bad kind "${kind}"`);
    const category = f[3] === '' ? null : int(f[3], file, line, 'category');
    if (category !== null && (category < 1 || category > 4))
      throw new RowError(file, line, 'category must be 1-4');
    if ((kind === 'personal') !== (category !== null))
      throw new RowError(file, line, 'only personal wallets have a category');
    yield {
      wallet: f[0]!,
      operator: f[1]!,
      kind,
      category: category as 1 | 2 | 3 | 4 | null,
      opened_ms: int(f[4], file, line, 'opened_ms'),
      mcc: f[5] === '' ? null : f[5]!,
    };
  }
}

export async function* readTransfers(dir: string): AsyncGenerator<DatasetTransfer> {
  const file = DATASET_FILES.transfers;
  let previous = 0;
  for await (const [f, line] of rows(dir, file, TRANSFERS_HEADER)) {
    width(f, 8, file, line);
    const seq = int(f[0], file, line, 'seq');
    if (seq <= previous) throw new RowError(file, line, 'seq must increase');
    previous = seq;
    const amount = int(f[5], file, line, 'amount_fen');
    if (amount <= 0) throw new RowError(file, line, 'amount_fen must be positive');
    yield {
      seq,
      id: f[1]!,
      ts_ms: int(f[2], file, line, 'ts_ms'),
      from: f[3]!,
      to: f[4]!,
      amount_fen: amount,
      currency: f[6]!,
      instance: f[7] === '' ? null : f[7]!,
    };
  }
}

/** Wallets first, then transfers in seq order. */
export async function* readDataset(dir: string): AsyncGenerator<DatasetRow> {
  for await (const wallet of readWallets(dir)) yield { type: 'wallet', wallet };
  for await (const transfer of readTransfers(dir)) yield { type: 'transfer', transfer };
}

export async function readInstances(dir: string): Promise<DatasetInstance[]> {
  const file = DATASET_FILES.instances;
  const out: DatasetInstance[] = [];
  for await (const [f, line] of rows(dir, file, INSTANCES_HEADER)) {
    width(f, 5, file, line);
    if (!(TYPOLOGIES as readonly string[]).includes(f[1]!))
      throw new RowError(file, line, `unknown typology "${f[1]}"`);
    out.push({
      instance: f[0]!,
      typology: f[1] as Typology,
      wallets: f[2]!.split('|'),
      first_seq: int(f[3], file, line, 'first_seq'),
      last_seq: int(f[4], file, line, 'last_seq'),
    });
  }
  return out;
}

/** The optional exchanges.csv (nothing when the dataset has none). */
export async function* readExchanges(dir: string): AsyncGenerator<DatasetExchange> {
  const file = DATASET_FILES.exchanges;
  try {
    await access(join(dir, file));
  } catch {
    return;
  }
  for await (const [f, line] of rows(dir, file, EXCHANGES_HEADER)) {
    width(f, 5, file, line);
    const reason = f[4];
    if (reason !== 'opening' && reason !== 'topup') throw new RowError(file, line, `bad reason "${reason}"`);
    yield {
      before_seq: int(f[0], file, line, 'before_seq'),
      ts_ms: int(f[1], file, line, 'ts_ms'),
      wallet: f[2]!,
      amount_fen: int(f[3], file, line, 'amount_fen'),
      reason,
    };
  }
}

export function partyOf(w: DatasetWallet): PartyInfo {
  const base = {
    wallet: w.wallet,
    operator: w.operator,
    kind: w.kind,
    category: w.category,
    opened_ms: w.opened_ms,
  };
  return w.mcc === null ? base : { ...base, mcc: w.mcc };
}

/** A dataset row as monitoring's TransferEvent; both wallets must be in `parties`. */
export function toTransferEvent(t: DatasetTransfer, parties: ReadonlyMap<string, PartyInfo>): TransferEvent {
  const from = parties.get(t.from);
  const to = parties.get(t.to);
  if (from === undefined || to === undefined)
    throw new Error(`transfer ${t.seq} names a wallet not in wallets.csv`);
  return { seq: t.seq, id: t.id, ts_ms: t.ts_ms, amount_fen: t.amount_fen, currency: t.currency, from, to };
}

/** Every transfer of a dataset as a TransferEvent with its label, in seq order. */
export async function* readLabelledEvents(dir: string): AsyncGenerator<LabelledEvent> {
  const parties = new Map<string, PartyInfo>();
  for await (const w of readWallets(dir)) parties.set(w.wallet, partyOf(w));
  for await (const t of readTransfers(dir))
    yield { event: toTransferEvent(t, parties), instance: t.instance };
}
