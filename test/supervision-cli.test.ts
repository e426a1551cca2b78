import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { offlineKeys } from './support/keys.ts';
import { spawnNode, TONGBAO_BIN } from './support/node-process.ts';

const run = promisify(execFile);
const fixture = (name: string) =>
  fileURLToPath(new URL(`../src/monitoring/screening/fixtures/${name}`, import.meta.url));

async function tongbao(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [TONGBAO_BIN, ...args], { maxBuffer: 16 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** The commands as users run them: simulate (both ways), backtest and screen, through bin/tongbao.js. */
describe('tongbao simulate, backtest and screen', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tongbao-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('simulate writes a dataset that backtest scores, printing a table and writing the JSON', async () => {
    const data = join(dir, 'ds');
    const sim = await tongbao(['simulate', '--seed', '3', '--transfers', '30000', '--out', data]);
    expect(sim.code).toBe(0);
    expect(sim.stdout).toMatch(/^30000 transfers \(\d+ laundering in \d+ instances\)/);
    const out = join(dir, 'bt.json');
    const bt = await tongbao([
      'backtest',
      '--rules',
      'config/rules/default.json',
      '--data',
      data,
      '--out',
      out,
    ]);
    expect(bt.code).toBe(0);
    expect(bt.stdout).toContain('backtest tongbao-default v1');
    expect(bt.stdout).toMatch(/transfers: precision 0\.\d{3} recall/);
    const json = JSON.parse(readFileSync(out, 'utf8')) as {
      typologies: Record<
        string,
        { instances: number; detected: number; recall: number; precision: number; f1: number }
      >;
      transfers: { precision: number; recall: number; f1: number };
      accounts: { precision: number; recall: number; f1: number };
      alerts: number;
      transfers_per_s: number;
    };
    expect(Object.keys(json.typologies).length).toBeGreaterThan(5);
    for (const t of Object.values(json.typologies)) expect(t).toHaveProperty('f1');
    expect(json.transfers.recall).toBeGreaterThan(0.9);
    expect(json.alerts).toBeGreaterThan(0);
    expect(json.transfers_per_s).toBeGreaterThan(0);
    const bad = await tongbao(['backtest', '--data', join(dir, 'missing')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('backtest refused: dataset_invalid');
  });

  test('screen writes one JSON line per candidate and refuses a broken list', async () => {
    const out = join(dir, 'hits.jsonl');
    const r = await tongbao([
      'screen',
      '--list',
      fixture('sample.ftm.jsonl'),
      '--names',
      fixture('sample-names.csv'),
      '--out',
      out,
    ]);
    expect(r.code).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name_id: string; score: number });
    expect(lines.map((l) => l.name_id)).toEqual(['w-1', 'w-2', 'w-3', 'w-4', 'w-6']);
    for (const l of lines) expect(l.score).toBeGreaterThanOrEqual(0.7);
    writeFileSync(join(dir, 'bad.json'), '{"id": "x", "schema": "Person", "properties": {"name": [1]}}\n');
    const bad = await tongbao([
      'screen',
      '--list',
      join(dir, 'bad.json'),
      '--names',
      fixture('sample-names.csv'),
      '--out',
      out,
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('screen refused: watchlist_invalid');
  });

  test('simulate --target drives a running node over its API, and its stored history can be backtested', async () => {
    const data = join(dir, 'node');
    const node = await spawnNode(['serve', '--data', data]);
    try {
      // Keys for operators can only be made once the operators exist: the central bank registers them first.
      const [central, supervisor] = await offlineKeys(data, undefined, [
        { role: 'central_bank' },
        { role: 'supervisor' },
      ]);
      for (const id of ['icbc', 'ccb'])
        await fetch(`${node.url}/v1/operators`, {
          method: 'POST',
          headers: { authorization: `Bearer ${central}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, name: id.toUpperCase() }),
        });
      const [icbc, ccb] = await offlineKeys(data, undefined, [
        { role: 'operator', operator_id: 'icbc' },
        { role: 'operator', operator_id: 'ccb' },
      ]);
      const keys = join(dir, 'keys.json');
      writeFileSync(
        keys,
        JSON.stringify({
          keys: [
            { role: 'central_bank', token: central },
            { role: 'operator', operator_id: 'icbc', token: icbc },
          ],
        }),
      );
      const r = await tongbao([
        'simulate',
        ...['--target', node.url, '--seed', '9', '--transfers', '4000', '--rate', '4000', '--operators', '3'],
        ...['--laundering-rate', '0.02', '--keys', keys, '--key', `operator:ccb=${ccb}`],
      ]);
      expect(r.stderr).not.toContain('failed');
      expect(r.code).toBe(0);
      const report = JSON.parse(r.stdout) as {
        transfers: number;
        accepted: number;
        refused: Record<string, number>;
        operators: Record<string, string>;
      };
      expect(new Set(Object.values(report.operators))).toEqual(new Set(['ccb', 'icbc']));
      expect(report.transfers).toBe(4000);
      expect(report.accepted).toBeGreaterThan(3900);
      const summary = await fetch(`${node.url}/v1/supervision/summary`, {
        headers: { authorization: `Bearer ${supervisor}` },
      });
      const s = (await summary.json()) as { monitoring: { payments: number } };
      expect(s.monitoring.payments).toBeGreaterThan(0);
      const bt = await tongbao(['backtest', '--data', data, '--json']);
      expect(bt.code).toBe(0);
      const json = JSON.parse(bt.stdout) as {
        data: { transfers: number };
        typologies: Record<string, { alerts: number; live_alerts: number }>;
      };
      expect(json.data.transfers).toBe(report.accepted);
    } finally {
      await node.kill('SIGTERM');
    }
  });
});
