import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, type Json, openApiFixture } from '../../test/support/api-fixture.ts';
import { bearer } from '../../test/support/security.ts';
import { STORE_KINDS, testStore } from '../../test/support/stores.ts';
import { REVEAL_ACCESS_TTL_MS } from '../security/index.ts';
import { buildApp } from './app.ts';

const person = {
  name: '赵敏',
  id_number: '310104198807123456',
  phone: '13611112222',
  address: '上海市徐汇区漕溪北路88号',
};

describe.each(STORE_KINDS)('personal data, reveals and what logs and errors may say on %s', (kind) => {
  let f: ApiFixture;
  let app: FastifyInstance;
  let offset = 0;
  const logs: string[] = [];
  const responses: Array<{ url: string; body: string }> = [];
  let wallet = '';
  let anonymous = '';

  /** Calls through an app that logs everything at trace level into `logs`. */
  async function call(key: string | null, method: string, url: string, payload?: unknown) {
    const r = await app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: key === null ? {} : bearer(key),
    });
    responses.push({ url, body: r.body });
    return { status: r.statusCode, body: (r.body === '' ? {} : r.json()) as Json };
  }

  beforeAll(async () => {
    f = await openApiFixture(await testStore(kind), { clock: () => Date.now() + offset });
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    });
    app = await buildApp({ engine: f.engine, security: f.security, logger: { level: 'trace', stream } });
    wallet = (
      await call(f.keys.operator, 'POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 1,
        holder: person,
      })
    ).body.id as string;
    anonymous = (
      await call(f.keys.operator, 'POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 4,
        holder: { phone: person.phone },
      })
    ).body.id as string;
  });
  afterAll(async () => {
    await app?.close();
    await f?.close();
  });

  test('category 4 takes a phone number only; the operator reads its customer, supervisors do not', async () => {
    const refused = await call(f.keys.operator, 'POST', '/v1/wallets', {
      operator_id: 'icbc',
      kind: 'personal',
      category: 4,
      holder: { name: person.name, phone: person.phone },
    });
    expect([refused.status, refused.body.code, refused.body.field]).toEqual([
      422,
      'holder_field_not_allowed',
      'holder/name',
    ]);
    expect(
      (
        await call(f.keys.operator, 'POST', '/v1/wallets', {
          operator_id: 'icbc',
          kind: 'personal',
          category: 2,
          holder: { phone: `x${person.name}` },
        })
      ).body.code,
    ).toBe('validation_failed');
    const mine = await call(f.keys.operator, 'GET', `/v1/wallets/${wallet}/holder`);
    expect(mine.body).toMatchObject({ anonymous: false, holder: person });
    const anon = await call(f.keys.operator, 'GET', `/v1/wallets/${anonymous}/holder`);
    expect(anon.body).toMatchObject({ anonymous: true, holder: {} });
    expect(anon.body.phone_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((await call(f.keys.supervisor, 'GET', `/v1/wallets/${wallet}/holder`)).status).toBe(403);
    expect((await call(f.keys.supervisor, 'GET', `/v1/wallets/${wallet}`)).status).toBe(200);
    // moving a wallet to category 4 drops what was collected for the higher category, keeps the phone hash
    const mover = (
      await call(f.keys.operator, 'POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 3,
        holder: person,
      })
    ).body.id as string;
    expect((await call(f.keys.operator, 'PATCH', `/v1/wallets/${mover}`, { category: 4 })).status).toBe(200);
    const moved = await call(f.keys.operator, 'GET', `/v1/wallets/${mover}/holder`);
    expect(moved.body).toMatchObject({ anonymous: true, holder: {}, phone_hash: anon.body.phone_hash });
  });

  test('a reveal needs a second supervisor, is read by the requester only, and ends', async () => {
    const { keys } = f;
    const asked = await call(keys.supervisor, 'POST', '/v1/supervision/reveals', {
      wallet_id: wallet,
      reason: 'STR 2026-0042',
    });
    expect(asked.status).toBe(201);
    const id = asked.body.id as string;
    expect((await call(keys.supervisor, 'GET', `/v1/supervision/reveals/${id}/identity`)).body.code).toBe(
      'reveal_not_approved',
    );
    expect((await call(keys.supervisor, 'POST', `/v1/supervision/reveals/${id}/approve`)).body.code).toBe(
      'reveal_same_supervisor',
    );
    // a session of the same supervisor is the same supervisor
    const session = (await call(keys.supervisor, 'POST', '/v1/sessions', {})).body.token as string;
    expect((await call(session, 'POST', `/v1/supervision/reveals/${id}/approve`)).body.code).toBe(
      'reveal_same_supervisor',
    );
    const approved = await call(keys.supervisor2, 'POST', `/v1/supervision/reveals/${id}/approve`);
    expect(approved.body).toMatchObject({ status: 'approved' });
    expect((await call(keys.supervisor2, 'POST', `/v1/supervision/reveals/${id}/reject`)).body.code).toBe(
      'reveal_not_pending',
    );
    expect((await call(keys.supervisor2, 'GET', `/v1/supervision/reveals/${id}/identity`)).body.code).toBe(
      'reveal_not_requester',
    );
    expect((await call(keys.supervisor, 'GET', `/v1/supervision/reveals/${id}/identity`)).body).toMatchObject(
      { holder: person },
    );
    offset += REVEAL_ACCESS_TTL_MS + 1000;
    expect((await call(keys.supervisor, 'GET', `/v1/supervision/reveals/${id}/identity`)).body.code).toBe(
      'reveal_expired',
    );
    expect((await call(keys.auditor, 'GET', `/v1/supervision/reveals/${id}`)).body.status).toBe('expired');
    // a rejected request never opens
    const other = (
      await call(keys.supervisor2, 'POST', '/v1/supervision/reveals', { wallet_id: anonymous, reason: 'x' })
    ).body.id as string;
    await call(keys.supervisor, 'POST', `/v1/supervision/reveals/${other}/reject`);
    expect((await call(keys.supervisor2, 'GET', `/v1/supervision/reveals/${other}/identity`)).body.code).toBe(
      'reveal_not_approved',
    );
    // every step is in the log, naming the wallet and the keys, never the person or the reason
    const log = (await call(keys.auditor, 'GET', '/v1/audit/entries?limit=1000')).body.items as Array<{
      action: string;
      subject: string;
    }>;
    const steps = log
      .filter((e) => e.action.startsWith('identity.') && e.subject === `wallet:${wallet}`)
      .map((e) => e.action);
    expect(steps).toEqual(['identity.reveal_request', 'identity.reveal_approve', 'identity.reveal']);
  });

  test('logs and error answers never carry personal data or credentials', async () => {
    const { keys } = f;
    const revoked = (await call(keys.admin, 'POST', '/v1/keys', { role: 'auditor' })).body as {
      token: string;
      key: Json;
    };
    await call(keys.admin, 'POST', `/v1/keys/${revoked.key.key_id as string}/revoke`);
    const probes: Array<[string | null, string, string, unknown?]> = [
      [revoked.token, 'GET', '/v1/me'],
      [`${keys.auditor.slice(0, -2)}zz`, 'GET', '/v1/me'],
      [
        keys.operator,
        'POST',
        '/v1/wallets',
        { operator_id: 'icbc', kind: 'personal', category: 4, holder: { address: person.address } },
      ],
      [
        keys.operator,
        'POST',
        '/v1/wallets',
        {
          operator_id: 'icbc',
          kind: 'personal',
          category: 2,
          holder: { id_number: `${person.id_number}${'9'.repeat(40)}` },
        },
      ],
      [
        keys.operator,
        'POST',
        '/v1/wallets',
        {
          operator_id: 'icbc',
          kind: 'personal',
          category: 2,
          holder: { name: person.name, nickname: person.name },
        },
      ],
      [keys.operator, 'POST', '/v1/wallets', `{"operator_id":"icbc","holder":{"name":"${person.name}"`],
      [
        keys.supervisor,
        'POST',
        '/v1/supervision/reveals',
        { wallet_id: wallet, reason: person.name.repeat(300) },
      ],
    ];
    for (const [key, method, url, payload] of probes) {
      const r = await call(key, method, url, payload);
      expect(r.status, url).toBeGreaterThanOrEqual(400);
      expect(r.status, url).toBeLessThan(500);
    }
    const secrets = [
      ...Object.values(person),
      ...Object.values(keys),
      revoked.token,
      ...Object.values(keys).map((k) => k.slice(-43)),
    ];
    const allLogs = logs.join('');
    expect(allLogs.length).toBeGreaterThan(1000);
    for (const s of secrets) expect(allLogs, 'logs').not.toContain(s);
    const legit = (r: { url: string; body: string }) =>
      r.url.endsWith('/holder') ||
      r.url.endsWith('/identity') ||
      r.url === '/v1/keys' ||
      r.url === '/v1/sessions';
    for (const r of responses.filter((x) => !legit(x)))
      for (const s of secrets) expect(r.body, r.url).not.toContain(s);
  });
});
