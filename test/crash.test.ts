import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { type NodeProcess, spawnNode, TONGBAO_BIN } from './support/node-process.ts';
import { seedWallets } from './support/seed.ts';
import { STORE_KINDS, type TestStore, testStore } from './support/stores.ts';

/**
 * Kills a real node with SIGKILL at random moments while clients pay through it, restarts it, and
 * checks that every acknowledged transfer is there exactly once and that the books balance.
 */
const KILLS = 20;
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

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}

describe.each(STORE_KINDS)('crash safety on %s', (kind) => {
  let ts: TestStore;
  let node: NodeProcess | null = null;

  afterAll(async () => {
    await node?.kill('SIGKILL');
    await ts?.cleanup();
  });

  test(`acknowledged transfers survive ${KILLS} SIGKILLs under load`, async () => {
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
    const args = ['serve', '--data', ts.dir];
    const env = { TONGBAO_DATABASE_URL: ts.url ?? '' };
    const acked: Sent[] = [];
    let next = 0;
    const pick = () => wallets[Math.floor(random() * wallets.length)]!;
    const transfer = (): Sent => {
      let to = pick();
      const from = pick();
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
              const batch = Array.from({ length: 1 + Math.floor(random() * 40) }, transfer);
              const r = await post(`${url}/v1/transfers/batch`, { transfers: batch });
              if (r.status === 200) {
                const results = r.json.results as Array<{ status?: string }>;
                results.forEach((res, i) => {
                  if (res.status !== undefined) acked.push(batch[i]!);
                });
              }
            } else {
              const t = transfer();
              const r = await post(`${url}/v1/transfers`, t);
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
    for (let i = 0; i < acked.length; i += 8000) {
      const chunk = acked.slice(i, i + 8000);
      const r = await post(`${node.url}/v1/transfers/batch`, { transfers: chunk });
      expect(r.status).toBe(200);
      const results = r.json.results as Array<{ replayed?: boolean; code?: string; id: string }>;
      const lost = results.filter((x) => x.replayed !== true);
      expect(lost, `seed ${seed}: acknowledged transfers missing after restart`).toEqual([]);
    }
    const books = (await (await fetch(`${node.url}/v1/reconciliation`)).json()) as { balanced: boolean };
    expect(books.balanced).toBe(true);
    let total = 0;
    for (const w of wallets) {
      const v = (await (await fetch(`${node.url}/v1/wallets/${w}`)).json()) as { balance: string };
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
  }, 600_000);
});
