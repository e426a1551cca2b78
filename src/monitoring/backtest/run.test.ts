import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AMLSIM_SAMPLE, sharedData } from '../../../test/support/shared-data.ts';
import { MonitoringError } from '../errors.ts';
import type { Rule } from '../rules/types.ts';
import { DAY, HOUR, ruleSetOf, T0, YUAN } from '../testing/fixtures.ts';
import { runBacktest } from './run.ts';

const tmp = mkdtempSync(join(tmpdir(), 'tongbao-backtest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const fan: Rule = {
  id: 'fan',
  version: 1,
  weight: 1,
  type: 'fan',
  typologies: ['fan_in'],
  params: { direction: 'in', window_ms: DAY, min_distinct: 3, min_amount_fen: 1000 * YUAN },
};

/**
 * A hand-made dataset: instance ml-1 (fan_in, 4 transfers into c1) is caught; instance ml-2 (fan_in,
 * 2 transfers into c2) is not; a wedding-like fan-in of legitimate gifts into h raises a false alert.
 */
function writeTongbao(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ format: 'tongbao-dataset', version: 1, seed: 1, wallets: 0, transfers: 0 }),
  );
  const wallets = ['c1', 'c2', 'h', 'm1', 'm2', 'm3', 'm4', 'g1', 'g2', 'g3', 'x'];
  writeFileSync(
    join(dir, 'wallets.csv'),
    `wallet,operator,kind,category,opened_ms,mcc\n${wallets.map((w) => `${w},op,personal,2,${T0 - 400 * DAY},`).join('\n')}\n`,
  );
  const rows: string[] = [];
  let seq = 0;
  const pay = (from: string, to: string, yuan: number, at: number, inst = ''): void => {
    seq++;
    rows.push(`${seq},t${seq},${T0 + at},${from},${to},${yuan * YUAN},CNY,${inst}`);
  };
  pay('x', 'm1', 50, 0);
  for (let i = 1; i <= 4; i++) pay(`m${i}`, 'c1', 3000, i * HOUR, 'ml-1');
  pay('m1', 'c2', 3000, 6 * HOUR, 'ml-2');
  pay('m2', 'c2', 3000, 7 * HOUR, 'ml-2');
  for (let i = 1; i <= 3; i++) pay(`g${i}`, 'h', 1000, 8 * HOUR + i * HOUR);
  writeFileSync(
    join(dir, 'transfers.csv'),
    `seq,id,ts_ms,from,to,amount_fen,currency,instance\n${rows.join('\n')}\n`,
  );
  writeFileSync(
    join(dir, 'instances.csv'),
    'instance,typology,wallets,first_seq,last_seq\nml-1,fan_in,c1|m1|m2|m3|m4,2,5\nml-2,fan_in,c2|m1|m2,6,7\n',
  );
}

describe('runBacktest', () => {
  it('scores a tongbao dataset by the documented definitions', () => {
    const dir = join(tmp, 'tb');
    writeTongbao(dir);
    const out = join(tmp, 'result.json');
    let printed = '';
    const r = runBacktest({ rules: ruleSetOf([fan]), data: dir, out, print: (s) => (printed += s) });
    expect(r.data).toMatchObject({ format: 'tongbao', transfers: 10, accounts: 11, instances: 2 });
    expect(r.typologies.fan_in).toMatchObject({ instances: 2, detected: 1, alerts: 2, alerts_true: 1 });
    expect(r.typologies.fan_in!.recall).toBe(0.5);
    expect(r.typologies.fan_in!.precision).toBe(0.5);
    expect(r.typologies.fan_in!.f1).toBeCloseTo(0.5);
    expect(r.typologies.fan_in!.transfer_recall).toBeCloseTo(4 / 6);
    // Named: 4 laundering into c1 (the alert updates with the 4th) + 3 gifts; laundering in data: 6.
    expect(r.transfers).toMatchObject({ named: 7, laundering: 6 });
    expect(r.transfers!.precision).toBeCloseTo(4 / 7);
    expect(r.transfers!.recall).toBeCloseTo(4 / 6);
    // Flagged accounts: c1, m1-m4, h, g1-g3; laundering accounts: c1, c2, m1-m4.
    expect(r.accounts).toMatchObject({ flagged: 9, laundering: 6 });
    expect(r.accounts.precision).toBeCloseTo(5 / 9);
    expect(r.accounts.recall).toBeCloseTo(5 / 6);
    expect(r.alerts).toBe(2);
    expect(JSON.parse(readFileSync(out, 'utf8')).alerts).toBe(2);
    expect(printed).toContain('fan_in');
    expect(printed).toMatch(/transfers: precision 0\.571/);
  });

  it('reads AMLSim folders with account labels only', () => {
    const dir = join(tmp, 'aml');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'nodes.csv'),
      'nodeid,isFraud,init_balance,fraudStep\n0,1,100,3\n1,1,100,-1\n2,0,100,-1\n3,0,100,-1\n',
    );
    writeFileSync(
      join(dir, 'transactions.csv'),
      'sourceNodeId,targetNodeId,value,time\n0,1,4.5,3\n0,1,4.2,3\n2,3,150.00,3\n2,3,120.00,40\n',
    );
    const split: Rule = {
      id: 'split',
      version: 1,
      weight: 1,
      type: 'repeated_pair',
      typologies: ['fan_in'],
      params: { direction: 'in', window_ms: DAY, min_count: 2 },
    };
    const r = runBacktest({ rules: ruleSetOf([split]), data: dir, print: null });
    expect(r.transfers).toBeNull();
    expect(r.accounts).toMatchObject({ flagged: 2, laundering: 2, precision: 1, recall: 1 });
  });

  it('refuses a folder that is neither format, and malformed rows, with dataset_invalid', () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    expect(() => runBacktest({ rules: ruleSetOf([fan]), data: empty, print: null })).toThrowError(
      MonitoringError,
    );
    const dir = join(tmp, 'bad');
    writeTongbao(dir);
    writeFileSync(
      join(dir, 'transfers.csv'),
      'seq,id,ts_ms,from,to,amount_fen,currency,instance\n1,t1,5,c1,nobody,100,CNY,\n',
    );
    expect(() => runBacktest({ rules: ruleSetOf([fan]), data: dir, print: null })).toThrowError(
      /unknown wallet/,
    );
  });

  it('keeps account-level F1 >= 0.80 on the AMLSim sample with its candidate rules', () => {
    const sample = sharedData(AMLSIM_SAMPLE);
    const dir = join(tmp, 'amlsim');
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['xzf', sample, '-C', dir]);
    const rules = join(import.meta.dirname, '../../../config/rules/amlsim.json');
    const r = runBacktest({ rules, data: join(dir, '20K_fanin200'), print: null });
    expect(r.data.transfers).toBe(118_250);
    expect(r.accounts.f1).toBeGreaterThanOrEqual(0.8);
  });
});
