import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ApiFixture, openApiFixture, type Reply } from '../../test/support/api-fixture.ts';
import { STORE_KINDS, type TestStore, testStore } from '../../test/support/stores.ts';
import { BODY_BYTES_MAX } from './limits.ts';

/** Requests that are malformed before any business rule applies: each gets a problem, never a 500. */
describe.each(STORE_KINDS)('request hygiene on %s', (kind) => {
  let ts: TestStore;
  let f: ApiFixture;
  let key = '';
  const call = (
    k: string,
    method: string,
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) => f.call(k, method, url, payload, headers);

  async function expectProblem(p: Promise<Reply>, status: number, code: string) {
    const r = await p;
    expect(r.type).toContain('application/problem+json');
    expect({ status: r.status, code: r.body.code }).toEqual({ status, code });
    expect(typeof r.body.detail).toBe('string');
  }

  beforeAll(async () => {
    ts = await testStore(kind);
    f = await openApiFixture(ts);
    key = f.keys.operator;
  });

  afterAll(async () => {
    await f?.close();
    await ts?.cleanup();
  });

  test('malformed requests get problems, never a 500', async () => {
    await expectProblem(
      call(key, 'POST', '/v1/transfers', '{"id": ', { 'content-type': 'application/json' }),
      400,
      'malformed_json',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', '', { 'content-type': 'application/json' }),
      400,
      'malformed_json',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', '{"__proto__": {"x": 1}}', { 'content-type': 'application/json' }),
      400,
      'validation_failed',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', '{"constructor": {"prototype": {}}}', {
        'content-type': 'application/json',
      }),
      400,
      'validation_failed',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', 'id=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'unsupported_media_type',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', JSON.stringify({ memo: 'x'.repeat(BODY_BYTES_MAX) }), {
        'content-type': 'application/json',
      }),
      413,
      'body_too_large',
    );
    await expectProblem(
      call(key, 'POST', '/v1/transfers', '[1,2]', { 'content-type': 'application/json' }),
      400,
      'validation_failed',
    );
    await expectProblem(call(key, 'DELETE', '/v1/transfers/pay-1'), 404, 'route_not_found');
    await expectProblem(call(key, 'GET', '/v1/nothing'), 404, 'route_not_found');
  });

  test('oversized headers get a problem from a real socket', async () => {
    await f.app.listen({ host: '127.0.0.1', port: 0 });
    const address = f.app.server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path: '/health', headers: { 'x-big': 'a'.repeat(20_000) } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(result.status).toBe(431);
    expect(JSON.parse(result.body).code).toBe('headers_too_large');
  });

  test('the OpenAPI document describes every route', async () => {
    const doc = (await call(key, 'GET', '/openapi.json')).body as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const path of [
      '/health',
      '/v1/operators',
      '/v1/operators/{id}',
      '/v1/issuances',
      '/v1/redemptions',
      '/v1/wallets',
      '/v1/wallets/{id}',
      '/v1/wallets/{id}/transfers',
      '/v1/exchanges',
      '/v1/transfers',
      '/v1/transfers/batch',
      '/v1/transfers/{id}',
      '/v1/transfers/{id}/post',
      '/v1/transfers/{id}/void',
      '/v1/reconciliation',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    const docs = await f.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});
