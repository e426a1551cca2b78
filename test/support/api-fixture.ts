import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/api/index.ts';
import { loadConfig } from '../../src/config/index.ts';
import { Engine } from '../../src/engine/index.ts';
import type { Role, Security } from '../../src/security/index.ts';
import type { Store } from '../../src/store/index.ts';
import { bearer, createKey, openTestSecurity } from './security.ts';
import type { TestStore } from './stores.ts';

export type Json = Record<string, unknown>;
export interface Reply {
  readonly status: number;
  readonly type: string;
  readonly body: Json;
  readonly headers: Record<string, unknown>;
}

/**
 * A node with two operators, wallets on each and a key for every role, for the authorisation tests:
 * icbc: alice (personal, holder key), shop (merchant, merchant key), frosty (for freezes);
 * boc: carol (personal), dave (personal, second holder key).
 */
export interface ApiFixture {
  readonly store: Store;
  readonly engine: Engine;
  readonly security: Security;
  readonly app: FastifyInstance;
  readonly wallets: { alice: string; shop: string; frosty: string; carol: string; dave: string };
  /** Tokens by name: every role, plus operator2 (boc), holder2 (dave), supervisor2. */
  readonly keys: Record<Role | 'operator2' | 'holder2' | 'supervisor2', string>;
  call(
    key: string | null,
    method: string,
    url: string,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<Reply>;
  close(): Promise<void>;
}

export async function openApiFixture(
  ts: TestStore,
  options: { clock?: () => number; checkpoint_every_entries?: number } = {},
): Promise<ApiFixture> {
  const store = await ts.open();
  const engine = await Engine.open({ store, config: loadConfig() });
  const security = await openTestSecurity(engine, ts.dir, ts.url, options);
  const app = await buildApp({ engine, security });
  const call = async (
    key: string | null,
    method: string,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const r = await app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: { ...(key === null ? {} : bearer(key)), ...headers },
    });
    const contentType = String(r.headers['content-type'] ?? '');
    // Some routes answer XML or text (reports); the tests look at their status only.
    const body = r.body === '' || !contentType.includes('json') ? { raw: r.body } : (r.json() as Json);
    return { status: r.statusCode, type: String(r.headers['content-type'] ?? ''), body, headers: r.headers };
  };
  const cb = await createKey(security, { role: 'central_bank' });
  for (const id of ['icbc', 'boc']) {
    await call(cb, 'POST', '/v1/operators', { id, name: id.toUpperCase() });
    await call(cb, 'POST', '/v1/issuances', { id: `iss-${id}`, operator_id: id, amount: '1000000.00' });
  }
  const op1 = await createKey(security, { role: 'operator', operator_id: 'icbc' });
  const op2 = await createKey(security, { role: 'operator', operator_id: 'boc' });
  const open = async (key: string, body: Json) =>
    (await call(key, 'POST', '/v1/wallets', body)).body.id as string;
  const alice = await open(op1, {
    operator_id: 'icbc',
    kind: 'personal',
    category: 2,
    holder: { name: '陈静', id_number: '440305199201015566', phone: '13912345678', address: '深圳市南山区' },
  });
  const shop = await open(op1, { operator_id: 'icbc', kind: 'merchant' });
  const frosty = await open(op1, { operator_id: 'icbc', kind: 'personal', category: 3 });
  const carol = await open(op2, { operator_id: 'boc', kind: 'personal', category: 2 });
  const dave = await open(op2, {
    operator_id: 'boc',
    kind: 'personal',
    category: 4,
    holder: { phone: '13700000000' },
  });
  for (const [key, w] of [
    [op1, alice],
    [op1, shop],
    [op2, carol],
    [op2, dave],
  ] as const)
    await call(key, 'POST', '/v1/exchanges', {
      id: `fund-${w}`,
      wallet_id: w,
      direction: 'in',
      amount: '5000.00',
    });
  // Test keys get a high rate so the matrix's bursts are not rate limited (rate limits are tested alone).
  const fast = { rate_per_s: 100_000 };
  const keys = {
    central_bank: cb,
    operator: op1,
    operator2: op2,
    merchant: await createKey(security, { ...fast, role: 'merchant', wallets: [shop] }),
    holder: await createKey(security, { ...fast, role: 'holder', wallets: [alice] }),
    holder2: await createKey(security, { ...fast, role: 'holder', wallets: [dave] }),
    supervisor: await createKey(security, { ...fast, role: 'supervisor' }),
    supervisor2: await createKey(security, { ...fast, role: 'supervisor' }),
    auditor: await createKey(security, { ...fast, role: 'auditor' }),
    admin: await createKey(security, { ...fast, role: 'admin' }),
  };
  return {
    store,
    engine,
    security,
    app,
    wallets: { alice, shop, frosty, carol, dave },
    keys,
    call,
    async close() {
      await app.close();
      await engine.stop();
      await security.close();
      await store.close();
      await ts.cleanup();
    },
  };
}
