/**
 * Readers for the labelled data a backtest replays: the tongbao dataset folder (src/sim/dataset-format.ts)
 * and an AMLSim folder (`nodes.csv` with per-account labels, `transactions.csv`). Both stream
 * TransferEvents in order with the laundering instance of each transfer when known.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FORMAT, DATASET_VERSION } from '../../sim/dataset-format.ts';
import { MonitoringError } from '../errors.ts';
import type { PartyInfo, TransferEvent, WalletKind } from '../transfer-event.ts';
import { forEachLine } from './lines.ts';

export interface Instance {
  readonly id: string;
  readonly typology: string;
  readonly wallets: readonly string[];
}

export interface Dataset {
  readonly format: 'tongbao' | 'amlsim';
  readonly dir: string;
  /** Laundering instances (empty when the data labels accounts only). */
  readonly instances: readonly Instance[];
  /** Accounts labelled as laundering, or derived from the instances' wallets. */
  readonly launderingAccounts: ReadonlySet<string>;
  readonly accounts: number;
  /** Whether transfers carry laundering labels (tongbao) or only accounts do (AMLSim). */
  readonly transferLabels: boolean;
  /** Streams every transfer in order; `instance` indexes `instances`, -1 for legitimate/unknown. */
  stream(onEvent: (ev: TransferEvent, instance: number) => void): void;
}

const KINDS: readonly WalletKind[] = ['personal', 'corporate', 'merchant'];

function bad(file: string, line: number, why: string): never {
  throw new MonitoringError('dataset_invalid', `${file}:${line}: ${why}`);
}

function header(file: string, expected: string): (line: string, no: number) => boolean {
  return (line, no) => {
    if (no > 1) return false;
    if (line !== expected) bad(file, 1, `header must be "${expected}", got "${line}"`);
    return true;
  };
}

function intField(s: string | undefined, file: string, no: number, name: string): number {
  const v = Number(s);
  if (s === undefined || s === '' || !Number.isSafeInteger(v)) bad(file, no, `${name} must be an integer`);
  return v;
}

function need(dir: string, name: string): string {
  const p = join(dir, name);
  if (!existsSync(p)) throw new MonitoringError('dataset_invalid', `${dir} has no ${name}`);
  return p;
}

export function openDataset(dir: string): Dataset {
  if (existsSync(join(dir, 'manifest.json'))) return openTongbao(dir);
  if (existsSync(join(dir, 'nodes.csv')) && existsSync(join(dir, 'transactions.csv'))) return openAmlsim(dir);
  throw new MonitoringError('dataset_invalid', `${dir} is neither a tongbao dataset nor an AMLSim folder`);
}

function openTongbao(dir: string): Dataset {
  const manifest = JSON.parse(readFileSync(need(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  if (manifest.format !== DATASET_FORMAT || manifest.version !== DATASET_VERSION) {
    throw new MonitoringError(
      'dataset_invalid',
      `${dir}/manifest.json: not ${DATASET_FORMAT} v${DATASET_VERSION}`,
    );
  }
  const parties = new Map<string, PartyInfo>();
  const wf = need(dir, 'wallets.csv');
  const wh = header(wf, 'wallet,operator,kind,category,opened_ms,mcc');
  forEachLine(wf, (line, no) => {
    if (wh(line, no) || line === '') return;
    const [wallet, operator, kind, category, opened, mcc] = line.split(',');
    if (!wallet || !operator || !KINDS.includes(kind as WalletKind))
      bad(wf, no, 'bad wallet, operator or kind');
    const cat = category === '' ? null : intField(category, wf, no, 'category');
    if (cat !== null && (cat < 1 || cat > 4)) bad(wf, no, 'category must be 1-4');
    const p: PartyInfo = {
      wallet,
      operator,
      kind: kind as WalletKind,
      category: cat as PartyInfo['category'],
      opened_ms: intField(opened, wf, no, 'opened_ms'),
      ...(mcc ? { mcc } : {}),
    };
    parties.set(wallet, p);
  });
  const instances: Instance[] = [];
  const index = new Map<string, number>();
  const accounts = new Set<string>();
  const inf = need(dir, 'instances.csv');
  const ih = header(inf, 'instance,typology,wallets,first_seq,last_seq');
  forEachLine(inf, (line, no) => {
    if (ih(line, no) || line === '') return;
    const [id, typology, wallets] = line.split(',');
    if (!id || !typology || wallets === undefined) bad(inf, no, 'bad instance row');
    const ws = wallets === '' ? [] : wallets.split('|');
    for (const w of ws) accounts.add(w);
    index.set(id, instances.length);
    instances.push({ id, typology, wallets: ws });
  });
  const tf = need(dir, 'transfers.csv');
  return {
    format: 'tongbao',
    dir,
    instances,
    launderingAccounts: accounts,
    accounts: parties.size,
    transferLabels: true,
    stream(onEvent) {
      const th = header(tf, 'seq,id,ts_ms,from,to,amount_fen,currency,instance');
      forEachLine(tf, (line, no) => {
        if (th(line, no) || line === '') return;
        const f = line.split(',');
        if (f.length !== 8) bad(tf, no, `expected 8 fields, got ${f.length}`);
        const from = parties.get(f[3]!);
        const to = parties.get(f[4]!);
        if (!from || !to) bad(tf, no, 'unknown wallet');
        const inst = f[7] === '' ? -1 : (index.get(f[7]!) ?? bad(tf, no, `unknown instance ${f[7]}`));
        onEvent(
          {
            seq: intField(f[0], tf, no, 'seq'),
            id: f[1]!,
            ts_ms: intField(f[2], tf, no, 'ts_ms'),
            from,
            to,
            amount_fen: intField(f[5], tf, no, 'amount_fen'),
            currency: f[6]!,
          },
          inst,
        );
      });
    },
  };
}

/** AMLSim steps are days; the replay starts at this instant (any fixed time works). */
export const AMLSIM_EPOCH_MS = Date.UTC(2024, 0, 1);
export const AMLSIM_STEP_MS = 86_400_000;

function openAmlsim(dir: string): Dataset {
  const nf = need(dir, 'nodes.csv');
  const parties = new Map<string, PartyInfo>();
  const fraud = new Set<string>();
  const nh = header(nf, 'nodeid,isFraud,init_balance,fraudStep');
  forEachLine(nf, (line, no) => {
    if (nh(line, no) || line === '') return;
    const [id, isFraud] = line.split(',');
    const wallet = `A${intField(id, nf, no, 'nodeid')}`;
    // AMLSim accounts are individuals opened before the simulation; no KYC tier limits apply.
    parties.set(wallet, {
      wallet,
      operator: 'amlsim',
      kind: 'personal',
      category: 1,
      opened_ms: AMLSIM_EPOCH_MS - 365 * AMLSIM_STEP_MS,
    });
    if (isFraud === '1') fraud.add(wallet);
  });
  const tf = need(dir, 'transactions.csv');
  return {
    format: 'amlsim',
    dir,
    instances: [],
    launderingAccounts: fraud,
    accounts: parties.size,
    transferLabels: false,
    stream(onEvent) {
      const th = header(tf, 'sourceNodeId,targetNodeId,value,time');
      forEachLine(tf, (line, no) => {
        if (th(line, no) || line === '') return;
        const [s, t, value, time] = line.split(',');
        const from = parties.get(`A${s}`);
        const to = parties.get(`A${t}`);
        if (!from || !to) bad(tf, no, 'unknown account');
        const amount = Math.round(Number(value) * 100);
        if (!Number.isSafeInteger(amount) || amount <= 0) bad(tf, no, 'value must be a positive amount');
        const seq = no - 1;
        onEvent(
          {
            seq,
            id: `amlsim-${seq}`,
            ts_ms: AMLSIM_EPOCH_MS + intField(time, tf, no, 'time') * AMLSIM_STEP_MS,
            from,
            to,
            amount_fen: amount,
            currency: 'CNY',
          },
          -1,
        );
      });
    },
  };
}
