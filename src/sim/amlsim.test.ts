import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AMLSIM_SAMPLE, sharedData } from '../../test/support/shared-data.ts';
import { importAmlsim } from './amlsim.ts';
import { DEFAULT_START_MS } from './time.ts';

const SAMPLE = sharedData(AMLSIM_SAMPLE);
let root = '';
let dir = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tongbao-amlsim-'));
  execFileSync('tar', ['-xzf', SAMPLE, '-C', root]);
  dir = join(root, '20K_fanin200');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('AMLSim importer', () => {
  it('reads the sample: 20,000 accounts, 954 labelled, 118,250 transactions in time order', async () => {
    const data = await importAmlsim(dir);
    expect(data.accounts.size).toBe(20_000);
    expect([...data.labels.values()].filter(Boolean).length).toBe(954);
    let n = 0;
    let last = Number.NEGATIVE_INFINITY;
    let fen = 0;
    let bad = 0;
    for await (const e of data.events()) {
      n += 1;
      const ok =
        e.seq === n &&
        e.ts_ms >= last &&
        Number.isSafeInteger(e.amount_fen) &&
        e.amount_fen > 0 &&
        data.parties.get(e.from.wallet) === e.from;
      if (!ok) bad += 1;
      last = e.ts_ms;
      fen += e.amount_fen;
    }
    expect(n).toBe(118_250);
    expect(bad).toBe(0);
    // Values summed straight from the file (awk: 118,250 rows, mean 279.4 CNY).
    expect(fen / n / 100).toBeCloseTo(279.4, 1);
  });

  it('maps steps to days and values to exact fen, spreading a step over its day', async () => {
    await writeFile(
      join(root, 'nodes.csv'),
      'nodeid,isFraud,init_balance,fraudStep\n0,0,10.5,-1\n1,1,20,3\n2,0,0,-1\n',
    );
    await writeFile(
      join(root, 'transactions.csv'),
      'sourceNodeId,targetNodeId,value,time\n0,1,259.7,0\n1,2,0.01,0\n2,0,1000,2\n',
    );
    const data = await importAmlsim(root, { start_ms: DEFAULT_START_MS });
    expect(data.accounts.get('A1')).toEqual({
      wallet: 'A1',
      fraud: true,
      init_balance_fen: 2_000,
      fraud_step: 3,
    });
    const events = [];
    for await (const e of data.events()) events.push(e);
    expect(events.map((e) => e.amount_fen)).toEqual([25_970, 1, 100_000]);
    expect(events.map((e) => e.ts_ms - DEFAULT_START_MS)).toEqual([
      21_600_000,
      64_800_000,
      172_800_000 + 43_200_000,
    ]);
    expect(events[0]!.from).toMatchObject({
      wallet: 'A0',
      kind: 'personal',
      category: 1,
      operator: 'amlsim',
    });
  });

  it('refuses transactions out of time order or naming unknown accounts', async () => {
    await writeFile(
      join(root, 'transactions.csv'),
      'sourceNodeId,targetNodeId,value,time\n0,1,5,3\n1,2,5,2\n',
    );
    const data = await importAmlsim(root);
    await expect(async () => {
      for await (const _ of data.events());
    }).rejects.toThrow(/time order/);
    await writeFile(join(root, 'transactions.csv'), 'sourceNodeId,targetNodeId,value,time\n0,9,5,3\n');
    await expect(async () => {
      for await (const _ of (await importAmlsim(root)).events());
    }).rejects.toThrow(/not in nodes.csv/);
  });
});
