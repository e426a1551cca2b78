import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { offlineKeys, operatorDigits } from './support/keys.ts';
import { type NodeProcess, spawnNode, TONGBAO_BIN } from './support/node-process.ts';
import { seedWallets } from './support/seed.ts';
import { STORE_KINDS, type TestStore, testStore } from './support/stores.ts';

/**
 * Kills a real node with SIGKILL at random moments while clients pay through it, restarts it, and
 * checks that every acknowledged transfer is there exactly once and that the books balance.
 */
/**
 * SIGKILLs per run: 20 on the embedded store (the default, and the figure), fewer on PostgreSQL,
 * whose durability is PostgreSQL's own and whose path through the engine is the same.
 */
const KILLS_BY_STORE = { sqlite: 20, postgres: 6 } as const;
const WALLETS = 60;
const FUND_FEN = 100_000_000;
const CLIENTS = 6;

interface Sent {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly amount: string;
}

/** A deterministic PRNG so a failing run can be replayed from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function post(
  url: string,
  body: unknown,
  key: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

async function get(url: string, key: string): Promise<Record<string, unknown>> {
  return (await (await fetch(url, { headers: { authorization: `Bearer ${key}` } })).json()) as Record<
    string,
    unknown
  >;
}

describe.each(STORE_KINDS)('crash safety on %s', (kind) => {
  let ts: TestStore;
  let node: NodeProcess | null = null;

  afterAll(async () => {
    await node?.kill('SIGKILL');
    await ts?.cleanup();
  });

  test(`acknowledged transfers survive ${KILLS_BY_STORE[kind]} SIGKILLs under load`, async () => {
    const KILLS = KILLS_BY_STORE[kind];
    const seed = Number(process.env.TONGBAO_CRASH_SEED ?? Date.now() % 1_000_000);
    const random = prng(seed);
    ts = await testStore(kind);
    const store = await ts.open();
    const engine = await Engine.open({ store, config: loadConfig() });
    const wallets = await seedWallets(engine, {
      operators: ['icbc', 'boc'],
      wallets: WALLETS,
      fund_fen: FUND_FEN,
    });
    await engine.stop();
    await store.close();
    // Each operator submits its own customers' payments; the central bank reads the books.
    const operators = ['icbc', 'boc'];
    const tokens = await offlineKeys(ts.dir, ts.url, [
      { role: 'central_bank' },
      ...operators.map((operator_id) => ({ role: 'operator', operator_id })),
    ]);
    const centralBank = tokens[0]!;
    const keyOf = new Map<string, string>();
    const byOperator = new Map<string, string[]>();
    for (const w of wallets) {
      const digits = operatorDigits(w);
      byOperator.set(digits, [...(byOperator.get(digits) ?? []), w]);
    }
    for (const [i, digits] of [...byOperator.keys()].sort().entries()) keyOf.set(digits, tokens[1 + i]!);
    const keyFor = (walletId: string) => keyOf.get(operatorDigits(walletId))!;
    const pools = [...byOperator.values()];
    const args = ['serve', '--data', ts.dir];
    const env = { TONGBAO_DATABASE_URL: ts.url ?? '' };
    const acked: Sent[] = [];
    let next = 0;
    const pick = (pool: readonly string[] = wallets) => pool[Math.floor(random() * pool.length)]!;
    const transfer = (payers: readonly string[] = wallets): Sent => {
      let to = pick();
      const from = pick(payers);
      while (to === from) to = pick();
      return {
        id: `c${seed}-${next++}`,
        from,
        to,
        amount: `${1 + Math.floor(random() * 500)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
      };
    };

    for (let round = 0; round < KILLS; round += 1) {
      node = await spawnNode(args, env);
      const url = node.url;
      let running = true;
      const client = async () => {
        while (running) {
          try {
            if (random() < 0.3) {
              // A batch comes from one operator: its payers are that operator's wallets.
              const payers = pools[Math.floor(random() * pools.length)]!;
              const batch = Array.from({ length: 1 + Math.floor(random() * 40) }, () => transfer(payers));
              const r = await post(`${url}/v1/transfers/batch`, { transfers: batch }, keyFor(payers[0]!));
              if (r.status === 200) {
                const results = r.json.results as Array<{ status?: string }>;
                results.forEach((res, i) => {
                  if (res.status !== undefined) acked.push(batch[i]!);
                });
              }
            } else {
              const t = transfer();
              const r = await post(`${url}/v1/transfers`, t, keyFor(t.from));
              if (r.status === 201 || r.status === 200) acked.push(t);
            }
          } catch {
            // The node was killed mid-request: the outcome is unknown, and nothing was acknowledged.
            return;
          }
        }
      };
      const clients = Array.from({ length: CLIENTS }, client);
      await new Promise((r) => setTimeout(r, 150 + random() * 900));
      await node.kill('SIGKILL');
      running = false;
      await Promise.all(clients);
    }

    node = await spawnNode(args, env);
    // Sending every acknowledged transfer again must find each one already there: none lost, none twice.
    for (const digits of byOperator.keys()) {
      const mine = acked.filter((t) => operatorDigits(t.from) === digits);
      for (let i = 0; i < mine.length; i += 8000) {
        const chunk = mine.slice(i, i + 8000);
        const r = await post(`${node.url}/v1/transfers/batch`, { transfers: chunk }, keyOf.get(digits)!);
        expect(r.status).toBe(200);
        const results = r.json.results as Array<{ replayed?: boolean; code?: string; id: string }>;
        const lost = results.filter((x) => x.replayed !== true);
        expect(lost, `seed ${seed}: acknowledged transfers missing after restart`).toEqual([]);
      }
    }
    const books = (await get(`${node.url}/v1/reconciliation`, centralBank)) as { balanced: boolean };
    expect(books.balanced).toBe(true);
    let total = 0;
    for (const w of wallets) {
      const v = (await get(`${node.url}/v1/wallets/${w}`, keyFor(w))) as { balance: string };
      total += Math.round(Number(v.balance) * 100);
    }
    expect(total, 'money in wallets is conserved').toBe(WALLETS * FUND_FEN);
    expect(acked.length, 'the load produced acknowledged transfers').toBeGreaterThan(KILLS * 10);
    await node.kill('SIGTERM');
    node = null;
    const verify = await promisify(execFile)(process.execPath, [TONGBAO_BIN, 'verify', '--data', ts.dir], {
      env: { ...process.env, ...env },
    }).catch((error: { stdout: string; code: number }) => error);
    expect(verify.stdout).toContain('VERIFIED');
    // The audit log resumed after every kill: every journal row is under a logged, signed batch root.
    const audit = await promisify(execFile)(
      process.execPath,
      [TONGBAO_BIN, 'audit', 'verify', '--data', ts.dir],
      {
        env: { ...process.env, ...env },
      },
    ).catch((error: { stdout: string; stderr: string; code: number }) => error);
    expect(audit.stdout, audit.stderr).toContain('VERIFIED');
  }, 600_000);
});
