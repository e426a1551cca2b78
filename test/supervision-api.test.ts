import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../src/api/index.ts';
import { loadConfig } from '../src/config/index.ts';
import { Engine } from '../src/engine/index.ts';
import { DEFAULT_RULES_PATH, Supervision } from '../src/monitoring/live/index.ts';
import { auditedActions, holderNamesFrom } from '../src/monitoring/live/security-adapter.ts';
import { REPORTS_XSD_PATH } from '../src/monitoring/reports/xml.ts';
import type { Security } from '../src/security/index.ts';
import type { Store } from '../src/store/index.ts';
import { bearer, createKey, openTestSecurity } from './support/security.ts';
import { STORE_KINDS, type TestStore, testStore } from './support/stores.ts';
import { monitoringSettled, TestClock, waitFor } from './support/supervision.ts';

type Json = Record<string, unknown>;
const LIST = fileURLToPath(new URL('../src/monitoring/screening/fixtures/sample.ftm.jsonl', import.meta.url));
const DAY = 86_400_000;

function validXml(xml: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-xml-'));
  try {
    writeFileSync(join(dir, 'r.xml'), xml);
    execFileSync('xmllint', ['--noout', '--schema', fileURLToPath(REPORTS_XSD_PATH), join(dir, 'r.xml')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.each(STORE_KINDS)('supervision API on %s', (kind) => {
  let ts: TestStore;
  let store: Store;
  let engine: Engine;
  let security: Security;
  let supervision: Supervision;
  let app: FastifyInstance;
  const clock = new TestClock();
  const keys = { cb: '', op: '', sup: '', sup2: '', auditor: '' };
  const wallets: string[] = [];
  let listed = '';

  async function call(key: string, method: string, url: string, payload?: unknown) {
    const r = await app.inject({
      method: method as 'GET',
      url,
      payload: payload as string,
      headers: bearer(key),
    });
    const type = String(r.headers['content-type'] ?? '');
    return {
      status: r.statusCode,
      type,
      body: (type.includes('json') ? r.json() : {}) as Json,
      text: r.body,
    };
  }
  const ok = async (key: string, method: string, url: string, payload?: unknown) => {
    const r = await call(key, method, url, payload);
    if (r.status >= 300) throw new Error(`${method} ${url} -> ${r.status} ${r.text}`);
    return r.body;
  };

  beforeAll(async () => {
    ts = await testStore(kind);
    store = await ts.open();
    engine = await Engine.open({ store, config: loadConfig(), clock: clock.read });
    security = await openTestSecurity(engine, ts.dir, ts.url);
    supervision = await Supervision.start({
      engine,
      config: { rules: DEFAULT_RULES_PATH, watchlists: [LIST], screening_threshold: 0.7 },
      holders: holderNamesFrom(security),
      actions: auditedActions(security, engine),
      clock: clock.read,
      log: () => {},
    });
    app = await buildApp({ engine, security });
    keys.cb = await createKey(security, { role: 'central_bank' });
    keys.sup = await createKey(security, { role: 'supervisor' });
    keys.sup2 = await createKey(security, { role: 'supervisor' });
    keys.auditor = await createKey(security, { role: 'auditor' });
    await ok(keys.cb, 'POST', '/v1/operators', { id: 'icbc', name: 'ICBC' });
    await ok(keys.cb, 'POST', '/v1/issuances', { id: 'iss', operator_id: 'icbc', amount: '10000000.00' });
    keys.op = await createKey(security, { role: 'operator', operator_id: 'icbc' });
    for (let i = 0; i < 12; i++) {
      const w = await ok(keys.op, 'POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        holder: { name: `Customer Number${'abcdefghijkl'[i]}` },
      });
      wallets.push(w.id as string);
      await ok(keys.op, 'POST', '/v1/exchanges', {
        id: `f-${i}`,
        wallet_id: w.id,
        direction: 'in',
        amount: '100000.00',
      });
    }
    listed = (
      await ok(keys.op, 'POST', '/v1/wallets', {
        operator_id: 'icbc',
        kind: 'personal',
        category: 2,
        holder: { name: '張偉' },
      })
    ).id as string;
    clock.advance(10 * DAY);
    for (let i = 1; i <= 9; i++) {
      clock.advance(60_000);
      await ok(keys.op, 'POST', '/v1/transfers', {
        id: `fan-${i}`,
        from: wallets[i],
        to: wallets[0],
        amount: '1800.00',
      });
    }
  });

  afterAll(async () => {
    await app?.close();
    await supervision?.stop();
    await engine?.stop();
    await security?.close();
    await store?.close();
    await ts?.cleanup();
  });

  test('a supervisor works an alert into a case, closes it and downloads its report', async () => {
    await monitoringSettled(store, engine, supervision);
    const page = await ok(keys.sup, 'GET', '/v1/supervision/alerts?typology=fan_in');
    const alert = (page.items as Json[])[0]!;
    expect(alert).toMatchObject({
      focal_wallet: wallets[0],
      status: 'open',
      amount: '16200.00',
      transfer_count: 9,
    });
    const view = await ok(keys.auditor, 'GET', `/v1/supervision/alerts/${alert.id}`);
    expect((view.reasons as Json[])[0]).toMatchObject({ rule_id: 'fan_in_48h', rule_type: 'fan' });
    expect((view.transfers as Json[])[0]).toMatchObject({ id: 'fan-1', amount: '1800.00' });
    const evidence = await ok(keys.sup, 'GET', `/v1/supervision/alerts/${alert.id}/evidence`);
    expect((evidence.graph as { edges: unknown[] }).edges).toHaveLength(9);
    expect(JSON.stringify(evidence)).not.toContain('Customer');

    const c = await call(keys.sup, 'POST', '/v1/supervision/cases', {
      title: 'Collector',
      alert_ids: [alert.id],
      priority: 'high',
    });
    expect(c.status).toBe(201);
    const id = c.body.id as string;
    await ok(keys.sup, 'POST', `/v1/supervision/cases/${id}/assign`, { assignee: 'sup-li' });
    await ok(keys.sup, 'POST', `/v1/supervision/cases/${id}/comments`, {
      text: 'nine payers in ten minutes',
    });
    const attached = await ok(keys.sup, 'POST', `/v1/supervision/cases/${id}/attachments`, {
      name: 'note.txt',
      media_type: 'text/plain',
      content: Buffer.from('hello').toString('base64'),
    });
    const att = (attached.attachments as Json[])[0]!;
    const download = await app.inject({
      method: 'GET',
      url: `/v1/supervision/cases/${id}/attachments/${att.id}`,
      headers: bearer(keys.auditor),
    });
    expect([download.statusCode, download.headers['content-type'], download.body]).toEqual([
      200,
      'text/plain',
      'hello',
    ]);
    await ok(keys.sup2, 'POST', `/v1/supervision/cases/${id}/escalate`, { reason: 'large sums' });
    const closed = await ok(keys.sup2, 'POST', `/v1/supervision/cases/${id}/close`, {
      disposition: 'reported',
      comment: 'filed',
    });
    expect(closed).toMatchObject({ status: 'closed', disposition: 'reported', escalation_level: 1 });
    expect((closed.history as Json[]).map((e) => e.type)).toEqual([
      'created',
      'alerts_added',
      'assigned',
      'commented',
      'attached',
      'escalated',
      'closed',
    ]);
    expect((closed.history as Json[])[5]!.actor).toMatch(/^key:.*:supervisor$/);
    const report = await call(keys.auditor, 'GET', `/v1/supervision/cases/${id}/report`);
    expect(report.status).toBe(200);
    expect(report.type).toContain('application/xml');
    validXml(report.text);
    expect(report.text).toContain('<Transaction id="fan-9"');
    const history = await ok(keys.auditor, 'GET', `/v1/supervision/cases/${id}/history?limit=2`);
    expect((history.items as Json[]).map((e) => e.type)).toEqual(['created', 'alerts_added']);
    const cases = await ok(keys.auditor, 'GET', '/v1/supervision/cases?status=closed');
    expect((cases.items as Json[]).map((x) => x.id)).toEqual([id]);
  });

  test('a wallet opened with a listed name is frozen until a supervisor releases it', async () => {
    const hits = await waitFor(async () => {
      const b = await ok(keys.sup, 'GET', '/v1/supervision/screening/hits?status=pending_review');
      return (b.items as Json[]).length > 0 ? (b.items as Json[]) : undefined;
    });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({
      wallet_id: listed,
      entity_id: 'tb-p-0001',
      frozen: true,
      source: 'opening',
    });
    expect(JSON.stringify(hits)).not.toContain('張偉');
    expect((await ok(keys.op, 'GET', `/v1/wallets/${listed}`)).status).toBe('frozen_all');
    const freezes = await ok(keys.sup, 'GET', `/v1/wallets/${listed}/freezes`);
    expect((freezes.items as Json[])[0]).toMatchObject({
      type: 'frozen',
      mode: 'all',
      reference: `screening:${hits[0]!.id}`,
    });
    const refused = await call(keys.auditor, 'POST', `/v1/supervision/screening/hits/${hits[0]!.id}/review`, {
      decision: 'release',
      note: 'x',
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'forbidden']);
    const reviewed = await ok(keys.sup, 'POST', `/v1/supervision/screening/hits/${hits[0]!.id}/review`, {
      decision: 'release',
      note: 'different date of birth',
    });
    expect(reviewed).toMatchObject({ status: 'released', review_note: 'different date of birth' });
    expect((await ok(keys.op, 'GET', `/v1/wallets/${listed}`)).status).toBe('active');
    const again = await call(keys.sup, 'POST', `/v1/supervision/screening/hits/${hits[0]!.id}/review`, {
      decision: 'confirm',
      note: 'y',
    });
    expect([again.status, again.body.code]).toEqual([409, 'screening_hit_reviewed']);
    const audit = await ok(keys.auditor, 'GET', '/v1/audit/entries?limit=500');
    const actions = (audit.items as Json[]).map((e) => `${e.actor} ${e.action}`);
    expect(actions).toContain('system:screening holder.screen');
    expect(actions).toContain('system:screening wallet.freeze');
    expect(actions.some((a) => a.endsWith(' screening.release'))).toBe(true);
    expect(actions.some((a) => a.endsWith(' case.close'))).toBe(true);
  });

  test('reports, rules and the summary', async () => {
    await ok(keys.op, 'POST', '/v1/transfers', {
      id: 'big',
      from: wallets[5],
      to: wallets[6],
      amount: '50000.00',
    });
    await monitoringSettled(store, engine, supervision);
    const summary = await ok(keys.auditor, 'GET', '/v1/supervision/summary');
    expect((summary.monitoring as Json).lag_rows).toBe(0);
    expect(summary).toMatchObject({
      cases: { open: 0, escalated: 0, closed: 1 },
      screening: { pending_review: 0 },
    });
    expect((summary.monitoring as Json).rule_set).toBe('tongbao-default');
    const date = new Date(clock.now + 8 * 3_600_000).toISOString().slice(0, 10);
    const lv = await call(keys.auditor, 'GET', `/v1/supervision/reports/large-value?date=${date}`);
    validXml(lv.text);
    const bad = await call(keys.auditor, 'GET', '/v1/supervision/reports/large-value?date=2026-13-01');
    expect([bad.status, bad.body.code]).toEqual([400, 'report_date_invalid']);
    const xsd = await call(keys.auditor, 'GET', '/v1/supervision/reports/schema');
    expect(xsd.text).toContain('LargeValueTransactionReport');
    const rules = await ok(keys.auditor, 'GET', '/v1/supervision/rules');
    expect((rules.items as Json[])[0]).toMatchObject({
      rule_set: 'tongbao-default',
      active: true,
      valid: true,
    });
    expect((rules.items as Json[]).map((r) => r.rule_set)).toContain('amlsim-fan-in');
    const doc = await ok(keys.auditor, 'GET', '/v1/supervision/rules/tongbao-default');
    expect(((doc.document as Json).rules as unknown[]).length).toBe((doc.summary as Json).rules);
    const missing = await call(keys.auditor, 'GET', '/v1/supervision/rules/nope');
    expect([missing.status, missing.body.code]).toEqual([404, 'rule_set_not_found']);
  });

  test('refusals: roles, unknown ids, malformed requests', async () => {
    const op = await call(keys.op, 'GET', '/v1/supervision/alerts');
    expect([op.status, op.body.code]).toEqual([403, 'forbidden']);
    const auditorWrites = await call(keys.auditor, 'POST', '/v1/supervision/cases', { title: 'x' });
    expect([auditorWrites.status, auditorWrites.body.code]).toEqual([403, 'forbidden']);
    const nope = await call(keys.sup, 'GET', '/v1/supervision/alerts/al_nope');
    expect([nope.status, nope.body.code, nope.type]).toEqual([
      404,
      'alert_not_found',
      'application/problem+json; charset=utf-8',
    ]);
    const unknown = await call(keys.sup, 'POST', '/v1/supervision/cases', { title: 'x', colour: 'red' });
    expect([unknown.status, unknown.body.code, unknown.body.field]).toEqual([
      400,
      'validation_failed',
      'colour',
    ]);
    const c = await ok(keys.sup, 'POST', '/v1/supervision/cases', { title: 'empty' });
    const att = await call(keys.sup, 'POST', `/v1/supervision/cases/${c.id}/attachments`, {
      name: 'a',
      media_type: 'text/plain',
      content: 'not base64!',
    });
    expect([att.status, att.body.code]).toEqual([422, 'attachment_invalid']);
    const cursor = await call(keys.sup, 'GET', '/v1/supervision/alerts?cursor=abc');
    expect([cursor.status, cursor.body.code]).toEqual([400, 'cursor_invalid']);
    const limit = await call(keys.sup, 'GET', '/v1/supervision/alerts?limit=500');
    expect([limit.status, limit.body.code]).toEqual([400, 'page_limit_invalid']);
    const spec = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/v1/supervision/alerts',
      '/v1/supervision/alerts/{id}/evidence',
      '/v1/supervision/cases/{id}/close',
      '/v1/supervision/cases/{id}/report',
      '/v1/supervision/reports/large-value',
      '/v1/supervision/rules',
      '/v1/supervision/summary',
      '/v1/supervision/screening/hits/{id}/review',
    ])
      expect(spec.paths, path).toHaveProperty([path]);
  });
});
