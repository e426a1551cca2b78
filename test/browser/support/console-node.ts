import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { offlineKeys } from '../../support/keys.ts';
import { type NodeProcess, spawnNode } from '../../support/node-process.ts';

export type Json = Record<string, unknown>;

/** A fan-in: this many payers send this much each to one collector (the default rule wants 8 of >= 1,000). */
export const FAN_IN_PAYERS = 9;
export const FAN_IN_AMOUNT = '1800.00';

export interface ConsoleNode {
  readonly url: string;
  readonly node: NodeProcess;
  readonly keys: Record<
    'central_bank' | 'supervisor' | 'auditor' | 'admin' | 'operator' | 'holder' | 'merchant',
    string
  >;
  readonly wallets: {
    /** The holder's category-4 wallet (daily limit 5,000), funded with 6,000. */
    readonly alice: string;
    /** A merchant with a profile (幸运面馆 / LUCKY NOODLES). */
    readonly shop: string;
    /** Category-2 wallets funded with 20,000 each: the economy that payments and laundering use. */
    readonly people: readonly string[];
  };
  call(key: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }>;
  ok(key: string, method: string, path: string, body?: unknown): Promise<Json>;
  stop(): Promise<void>;
}

/** Starts a real node (its real store in a fresh folder) and opens the wallets the console tests use. */
export async function startConsoleNode(people = 14): Promise<ConsoleNode> {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-console-'));
  const [cb, sup, aud, admin] = await offlineKeys(dir, undefined, [
    { role: 'central_bank' },
    { role: 'supervisor', label: 'sup-li' },
    { role: 'auditor' },
    { role: 'admin' },
  ]);
  let node: NodeProcess;
  try {
    node = await spawnNode(['serve', '--data', dir]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const call = async (key: string, method: string, path: string, body?: unknown) => {
    const r = await fetch(`${node.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: (text.startsWith('{') ? JSON.parse(text) : { raw: text }) as Json };
  };
  const ok = async (key: string, method: string, path: string, body?: unknown) => {
    const r = await call(key, method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path} -> ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const stop = async () => {
    await node.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const [id, name] of [
      ['icbc', '中国工商银行 ICBC'],
      ['boc', '中国银行 Bank of China'],
    ] as const) {
      await ok(cb!, 'POST', '/v1/operators', { id, name });
      await ok(cb!, 'POST', '/v1/issuances', { id: `iss-${id}`, operator_id: id, amount: '10000000.00' });
    }
    const key = async (spec: Json) => (await ok(admin!, 'POST', '/v1/keys', spec)).token as string;
    const op = await key({ role: 'operator', operator_id: 'icbc' });
    const op2 = await key({ role: 'operator', operator_id: 'boc' });
    const open = async (k: string, body: Json, fund?: string) => {
      const id = (await ok(k, 'POST', '/v1/wallets', body)).id as string;
      if (fund !== undefined)
        await ok(k, 'POST', '/v1/exchanges', {
          id: `fund-${id}`,
          wallet_id: id,
          direction: 'in',
          amount: fund,
        });
      return id;
    };
    const alice = await open(op, { operator_id: 'icbc', kind: 'personal', category: 4 }, '6000.00');
    const shop = await open(op, { operator_id: 'icbc', kind: 'merchant' });
    await ok(op, 'PUT', `/v1/merchants/${shop}/profile`, {
      name: 'LUCKY NOODLES',
      name_zh: '幸运面馆',
      city: 'BEIJING',
      city_zh: '北京',
      mcc: '5812',
      region: '110101',
    });
    const list: string[] = [];
    for (let i = 0; i < people; i += 1)
      list.push(
        await open(
          i % 3 === 2 ? op2 : op,
          { operator_id: i % 3 === 2 ? 'boc' : 'icbc', kind: 'personal', category: 2 },
          '20000.00',
        ),
      );
    const holder = await key({ role: 'holder', wallets: [alice] });
    const merchant = await key({ role: 'merchant', wallets: [shop] });
    return {
      url: node.url,
      node,
      keys: {
        central_bank: cb!,
        supervisor: sup!,
        auditor: aud!,
        admin: admin!,
        operator: op,
        holder,
        merchant,
      },
      wallets: { alice, shop, people: list },
      call,
      ok,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Injects a fan-in: FAN_IN_PAYERS wallets each pay the collector within seconds, and the first payer
 * also pays a third wallet (so expanding it in the graph shows a new counterparty).
 */
export async function injectFanIn(
  n: ConsoleNode,
  tag: string,
): Promise<{ collector: string; payers: string[]; side: string }> {
  const [collector, side, ...rest] = n.wallets.people;
  const payers = rest.slice(0, FAN_IN_PAYERS);
  if (collector === undefined || side === undefined || payers.length < FAN_IN_PAYERS)
    throw new Error('not enough wallets for a fan-in');
  await payAs(n, payers[0]!, side, '1200.00', `${tag}-side`);
  for (let i = 0; i < payers.length; i += 1) {
    const from = payers[i]!;
    await payAs(n, from, collector, FAN_IN_AMOUNT, `${tag}-${i + 1}`);
  }
  return { collector, payers, side };
}

/** Pays from a wallet with a holder key made for it (any operator's wallet). */
export async function payAs(
  n: ConsoleNode,
  from: string,
  to: string,
  amount: string,
  id: string,
): Promise<void> {
  const token = await holderKey(n, from);
  await n.ok(token, 'POST', '/v1/transfers', { id, from, to, amount });
}

const holderKeys = new Map<string, string>();
async function holderKey(n: ConsoleNode, wallet: string): Promise<string> {
  const known = holderKeys.get(`${n.url} ${wallet}`);
  if (known !== undefined) return known;
  const token = (await n.ok(n.keys.admin, 'POST', '/v1/keys', { role: 'holder', wallets: [wallet] }))
    .token as string;
  holderKeys.set(`${n.url} ${wallet}`, token);
  return token;
}

/** Polls until fn returns a value (not undefined) or the time is up. */
export async function until<T>(
  fn: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  stepMs = 200,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
