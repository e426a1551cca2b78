import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { TONGBAO_BIN } from './support/node-process.ts';

/** Generous: the first start seeds about 10,000 wallets on a loaded CI machine. */
const READY_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 30_000;

interface Demo {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
  /** Resolves when the output matches (checked on every chunk), or rejects after `timeout_ms`. */
  waitFor(pattern: RegExp, timeout_ms?: number): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

/** `tongbao demo` as `npm start` runs it, on a port of its own, resolved once payments flow. */
async function startDemo(dir: string): Promise<Demo> {
  const child = spawn(
    process.execPath,
    [TONGBAO_BIN, 'demo', '--data', dir, '--host', '127.0.0.1', '--port', '0', '--rate', '200'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const waiters = new Set<() => void>();
  const onChunk = (c: Buffer) => {
    output += c.toString();
    for (const w of waiters) w();
  };
  child.stdout?.on('data', onChunk);
  child.stderr?.on('data', onChunk);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeout_ms = READY_TIMEOUT_MS) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(output);
        if (m === null) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no ${pattern} within ${timeout_ms} ms:\n${output}`));
      }, timeout_ms);
      waiters.add(check);
      check();
    });
  try {
    const url = (await waitFor(/demo node on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
    await waitFor(/simulated payments flowing/);
    return { child, url, output: () => output, waitFor, exit };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

async function get(url: string, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, url).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe('the README main command (npm start = tongbao demo)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-demo-'));
  const started: Demo[] = [];
  afterAll(async () => {
    for (const d of started) if (d.child.exitCode === null) d.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  test('seeds an economy, keeps payments flowing with monitoring and balanced books, stops cleanly on Ctrl-C and resumes', async () => {
    const first = await startDemo(dir);
    started.push(first);
    expect(first.output()).toMatch(/seeding the demo economy: the central bank, 3 operators/);
    const demo =
      /payments demo: \d+ merchant profiles .*, (\d+) grants, (\d+) hard wallets with (\d+) offline vouchers/.exec(
        first.output(),
      );
    expect(demo, first.output()).not.toBeNull();
    expect(Number(demo![1])).toBeGreaterThan(0);
    expect(Number(demo![2])).toBeGreaterThan(0);
    expect(first.output()).not.toMatch(/refused|could not/);

    // One key per role, readable by the owner only.
    const keysFile = join(dir, 'keys.json');
    expect(statSync(keysFile).mode & 0o777).toBe(0o600);
    const keys = (
      JSON.parse(readFileSync(keysFile, 'utf8')) as { keys: Array<{ role: string; token: string }> }
    ).keys;
    const token = (role: string) => keys.find((k) => k.role === role)!.token;

    // Payments flow and the books balance while they do; monitoring judges them.
    await first.waitFor(
      /payments: \d+ in the last 10 s, \d+ accepted; journal at seq \d+; books balance/,
      30_000,
    );
    const health = await get(`${first.url}/health`);
    const books = await get(`${first.url}/v1/reconciliation`, token('central_bank'));
    expect(books.balanced).toBe(true);
    const summary = await get(`${first.url}/v1/supervision/summary`, token('supervisor'));
    const monitoring = summary.monitoring as { state: string; payments: number; failed: unknown };
    expect(monitoring.state).toBe('live');
    expect(monitoring.failed).toBeNull();
    expect(monitoring.payments).toBeGreaterThan(0);

    first.child.kill('SIGINT');
    expect(await first.exit).toBe(0);
    expect(first.output()).toMatch(/stopped cleanly/);

    // Starting again resumes the same economy from the data folder instead of seeding a new one.
    const second = await startDemo(dir);
    started.push(second);
    expect(second.output()).toMatch(/resuming the demo economy/);
    expect(second.output()).not.toMatch(/seeding the demo economy/);
    // Nothing acknowledged was lost, and payments flow again.
    const resumed = await get(`${second.url}/health`);
    expect(resumed.committed_seq as number).toBeGreaterThanOrEqual(health.committed_seq as number);
    await second.waitFor(/payments: \d+ in the last 10 s, [1-9]\d* accepted/, 30_000);
    const again = await get(`${second.url}/health`);
    expect(again.committed_seq as number).toBeGreaterThan(resumed.committed_seq as number);
    second.child.kill('SIGINT');
    expect(
      await Promise.race([second.exit, new Promise((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS))]),
    ).toBe(0);

    // The books verify offline.
    const verify = execFileSync(process.execPath, [TONGBAO_BIN, 'verify', '--data', dir], {
      encoding: 'utf8',
    });
    expect(verify).toMatch(/VERIFIED: \d+ journal rows, \d+ accounts, 0 problems/);
  });
});
