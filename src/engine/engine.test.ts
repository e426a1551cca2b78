import { afterEach, describe, expect, test } from 'vitest';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { loadConfig } from '../config/index.ts';
import {
  accountId,
  type Command,
  type CommandResult,
  checkInvariants,
  type JournalRow,
  reconcile,
  type TransferRecord,
} from '../ledger/index.ts';
import type { CompiledWrite, Store } from '../store/index.ts';
import { Engine } from './engine.ts';
import type { JournalFollower } from './followers.ts';

const config = loadConfig();

class Clock {
  now = Date.UTC(2026, 10, 23, 2, 0, 0);
  read = () => this.now;
}

async function ok<T>(engine: Engine, cmd: Command): Promise<T> {
  const [r] = await engine.submit([cmd]);
  if (!r!.ok) throw new Error(`${r!.error.code}: ${r!.error.message}`);
  return r!.value as T;
}

function codes(results: CommandResult[]): string[] {
  return results.map((r) => (r.ok ? 'ok' : r.error.code));
}

async function world(engine: Engine) {
  await ok(engine, {
    type: 'register_operator',
    id: 'icbc',
    name: 'ICBC',
    issuance_quota: 1e12,
    reserve: 1e12,
  });
  await ok(engine, {
    type: 'register_operator',
    id: 'boc',
    name: 'BOC',
    issuance_quota: 1e12,
    reserve: 1e12,
  });
  await ok(engine, { type: 'issue', id: 'i1', operator_id: 'icbc', amount: 1e10, currency: 'CNY' });
  await ok(engine, { type: 'issue', id: 'i2', operator_id: 'boc', amount: 1e10, currency: 'CNY' });
  const open = async (op: string, category: number) =>
    accountId(
      engine.state,
      (
        await ok<{ num: number }>(engine, {
          type: 'open_wallet',
          operator_id: op,
          kind: 'personal',
          category,
          currency: 'CNY',
          holder: '{"name":"x"}',
        })
      ).num,
    );
  const a = await open('icbc', 2);
  const b = await open('boc', 2);
  await ok(engine, { type: 'exchange', id: 'e1', wallet_id: a, direction: 'in', amount: 1_000_000 });
  return { a, b };
}

function fingerprint(engine: Engine): string {
  const s = engine.state;
  const acc = s.accounts;
  const parts: unknown[] = [s.lastSeq];
  for (let n = 1; n <= acc.count; n += 1) {
    parts.push([
      acc.kind[n],
      acc.balance[n],
      acc.pending_out[n],
      acc.pending_in[n],
      acc.day_out[n],
      acc.year_out[n],
      acc.last_seq[n],
      acc.status[n],
      acc.category[n],
    ]);
  }
  parts.push(
    [...s.pendingBySeq.keys()].sort((x, y) => x - y),
    JSON.stringify(reconcile(s)),
  );
  return JSON.stringify(parts);
}

const t = (
  id: string,
  from: string,
  to: string,
  amount: number,
  extra: Partial<Extract<Command, { type: 'transfer' }>> = {},
): Command => ({
  type: 'transfer',
  id,
  from,
  to,
  amount,
  currency: 'CNY',
  pending: false,
  timeout_s: 0,
  memo: null,
  ...extra,
});

describe.each(STORE_KINDS)('engine on %s', (kind) => {
  let ts: TestStore;
  const opened: Array<{ engine: Engine; store: Store }> = [];

  async function start(clock = new Clock()): Promise<Engine> {
    const store = await ts.open();
    const engine = await Engine.open({ store, config, clock: clock.read }).catch(async (error: unknown) => {
      await store.close();
      throw error;
    });
    opened.push({ engine, store });
    return engine;
  }

  async function restart(engine: Engine, clock = new Clock()): Promise<Engine> {
    await engine.stop();
    const entry = opened.find((o) => o.engine === engine)!;
    await entry.store.close();
    opened.splice(opened.indexOf(entry), 1);
    return start(clock);
  }

  afterEach(async () => {
    for (const { engine, store } of opened) {
      await engine.stop().catch(() => undefined);
      await store.close().catch(() => undefined);
    }
    opened.length = 0;
    await ts?.cleanup();
  });

  test('state survives a restart exactly, and repeats are recognised from storage', async () => {
    ts = await testStore(kind);
    let engine = await start();
    const { a, b } = await world(engine);
    const first = await ok<TransferRecord>(engine, t('pay-1', a, b, 12_345, { memo: '午饭' }));
    await ok(engine, t('hold-1', a, b, 500, { pending: true }));
    await engine.submit([t('batch-1', a, b, 1), t('batch-2', b, a, 1)]);
    const before = fingerprint(engine);
    engine = await restart(engine);
    expect(fingerprint(engine)).toBe(before);
    expect(checkInvariants(engine.state)).toEqual([]);
    expect(engine.loadReport.replayed_rows).toBe(0);
    const again = await ok<TransferRecord>(engine, t('pay-1', a, b, 12_345, { memo: '午饭' }));
    expect(again).toEqual({ ...first, replayed: true });
    expect(codes(await engine.submit([t('pay-1', a, b, 12_346, { memo: '午饭' })]))).toEqual(['id_conflict']);
    const posted = await ok<TransferRecord>(engine, { type: 'post', pending_id: 'hold-1', amount: null });
    expect(posted.status).toBe('posted');
    expect((await engine.getTransfer('hold-1'))?.status).toBe('posted');
    expect((await engine.getTransfer('pay-1'))?.memo).toBe('午饭');
    expect(await engine.getTransfer('never')).toBeUndefined();
  });

  test('a crash without a final checkpoint replays the journal tail', async () => {
    ts = await testStore(kind);
    const engine = await start();
    const { a, b } = await world(engine);
    for (let i = 0; i < 20; i += 1)
      await engine.submit([t(`p${i}`, a, b, 100 + i), t(`q${i}`, a, b, 7, { pending: true })]);
    await ok(engine, { type: 'void', pending_id: 'q3' });
    await ok(engine, { type: 'post', pending_id: 'q4', amount: 5 });
    const before = fingerprint(engine);
    // Close the store without engine.stop(): no final checkpoint, as after kill -9.
    const entry = opened.find((o) => o.engine === engine)!;
    await entry.store.close();
    opened.splice(opened.indexOf(entry), 1);
    const reopened = await start();
    expect(reopened.loadReport.replayed_rows).toBeGreaterThan(0);
    expect(fingerprint(reopened)).toBe(before);
    expect(codes(await reopened.submit([{ type: 'post', pending_id: 'q3', amount: null }]))).toEqual([
      'pending_already_voided',
    ]);
    expect(codes(await reopened.submit([{ type: 'void', pending_id: 'q4' }]))).toEqual([
      'pending_already_posted',
    ]);
    expect(codes(await reopened.submit([{ type: 'post', pending_id: 'q5', amount: null }]))).toEqual(['ok']);
  });

  test('pending timeouts fire on their own, also after a restart', async () => {
    ts = await testStore(kind);
    const clock = new Clock();
    let engine = await start(clock);
    const { a, b } = await world(engine);
    await ok(engine, t('expiring', a, b, 900, { pending: true, timeout_s: 1 }));
    engine = await restart(engine, clock);
    expect(engine.state.pendingBySeq.size).toBe(2);
    clock.now += 1_500;
    await engine.submit([]);
    await engine.durable(engine.state.lastSeq);
    expect(engine.state.pendingBySeq.size).toBe(0);
    expect((await engine.getTransfer('expiring'))?.status).toBe('expired');
    expect(checkInvariants(engine.state)).toEqual([]);
  });

  test('wallet history walks the journal newest first with current statuses', async () => {
    ts = await testStore(kind);
    const engine = await start();
    const { a, b } = await world(engine);
    await ok(engine, t('h1', a, b, 1));
    await ok(engine, t('h2', b, a, 1));
    await ok(engine, t('h3', a, b, 2, { pending: true }));
    await ok(engine, { type: 'void', pending_id: 'h3' });
    const num = Number(a.slice(3, 15));
    const page = await engine.accountTransfers(num, Number.MAX_SAFE_INTEGER, 10);
    expect(page.map((r) => [r.id, r.status])).toEqual([
      ['h3', 'voided'],
      ['h2', 'posted'],
      ['h1', 'posted'],
      ['e1', 'posted'],
    ]);
    const older = await engine.accountTransfers(num, page[1]!.seq, 2);
    expect(older.map((r) => r.id)).toEqual(['h1', 'e1']);
  });

  test('followers see every committed row once, in order, and resume from their cursor', async () => {
    ts = await testStore(kind);
    let engine = await start();
    const { a, b } = await world(engine);
    const seen: number[] = [];
    const follower = (name: string): JournalFollower => ({
      name,
      process(rows: readonly JournalRow[]): CompiledWrite[] {
        for (const r of rows) seen.push(r.seq);
        return [];
      },
    });
    await engine.followers.add(follower('counter'));
    for (let i = 0; i < 30; i += 1) await engine.submit([t(`f${i}`, a, b, 1)]);
    await waitFor(() => engine.followers.cursor('counter') === engine.committed);
    expect(seen).toEqual(Array.from({ length: engine.committed }, (_, i) => i + 1));
    engine = await restart(engine);
    for (let i = 0; i < 5; i += 1) await engine.submit([t(`g${i}`, a, b, 1)]);
    await engine.followers.add(follower('counter'));
    await waitFor(() => engine.followers.cursor('counter') === engine.committed);
    expect(seen).toEqual(Array.from({ length: engine.committed }, (_, i) => i + 1));
  });

  test('linked batches commit all or nothing through the engine', async () => {
    ts = await testStore(kind);
    const engine = await start();
    const { a, b } = await world(engine);
    const before = fingerprint(engine);
    expect(codes(await engine.submit([t('L1', a, b, 10), t('L2', b, a, 1_000_000)], true))).toEqual([
      'linked_event_failed',
      'insufficient_funds',
    ]);
    expect(fingerprint(engine)).toBe(before);
    expect(codes(await engine.submit([t('L1', a, b, 10), t('L2', b, a, 10)], true))).toEqual(['ok', 'ok']);
  });
});

async function waitFor(condition: () => boolean, timeout_ms = 10_000): Promise<void> {
  const until = Date.now() + timeout_ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
