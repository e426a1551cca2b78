import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestStore, testStore } from '../../../test/support/stores.ts';
import {
  caughtUp,
  closeWorld,
  must,
  openWorld,
  payment,
  seedPeople,
  TestClock,
  type World,
  waitFor,
} from '../../../test/support/supervision.ts';
import { TongbaoError } from '../../errors/index.ts';
import type { Alert } from '../alerts/alert.ts';
import { largeValueReport } from '../reports/large-value.ts';
import { suspiciousTransactionReport } from '../reports/str.ts';
import { REPORTS_XSD_PATH } from '../reports/xml.ts';
import { alertWrites } from '../store/alert-writes.ts';
import { plainCommit } from '../store/audited-commit.ts';
import { supervisionDb } from '../store/schema.ts';
import { getAlertRow, listAlerts } from './alert-queries.ts';
import { caseHistory, listCases } from './case-queries.ts';
import { Cases } from './cases.ts';
import { ATTACHMENT_BYTES_MAX } from './limits.ts';
import { alertEvidence } from './present.ts';
import { supervisionSummary } from './summary.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const SHANGHAI = 8 * 3_600_000;

function validate(xml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tongbao-xml-'));
  try {
    const file = join(dir, 'report.xml');
    writeFileSync(file, xml);
    return execFileSync('xmllint', ['--noout', '--schema', fileURLToPath(REPORTS_XSD_PATH), file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(e instanceof TongbaoError)) throw new Error(`expected a refusal, got ${String(e)}`);
  return e.code;
}

describe('cases, the alert queue and reports', () => {
  let ts: TestStore;
  let w: World;
  let cases: Cases;
  let people: string[];
  const clock = new TestClock();
  const ctx = () => ({ node: 'tongbao test', currency: 'CNY', now: clock.now });

  beforeAll(async () => {
    ts = await testStore('sqlite');
    w = await openWorld(ts, clock);
    people = await seedPeople(w.engine, 40);
    clock.advance(10 * DAY);
    // A fan-in to people[0], a fan-out from people[30], and 600,000 CNY from people[20] to people[21].
    for (let i = 1; i <= 9; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`in-${i}`, people[i]!, people[0]!, 1_500)]);
    }
    for (let i = 1; i <= 9; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`out-${i}`, people[30]!, people[i + 10]!, 2_000)]);
    }
    await must(w.engine, [payment('big-1', people[20]!, people[21]!, 300_000)]);
    await must(w.engine, [payment('big-2', people[20]!, people[21]!, 300_000)]);
    await caughtUp(w);
    cases = new Cases(
      supervisionDb(w.store.db),
      plainCommit((q) => w.store.write(q)),
      clock.read,
    );
  });

  afterAll(async () => {
    await closeWorld(w);
    await ts.cleanup();
  });

  test('the queue filters, sorts and pages; evidence folds the transfers into a graph', async () => {
    const db = supervisionDb(w.store.db);
    const all = await listAlerts(db, {});
    expect(all.items.map((a) => a.typology).sort()).toEqual(['fan_in', 'fan_out']);
    const fanIn = all.items.find((a) => a.typology === 'fan_in')!;
    expect(fanIn).toMatchObject({ focal_wallet: people[0], status: 'open', amount: '13500.00' });
    expect((await listAlerts(db, { typology: 'fan_out' })).items.map((a) => a.focal_wallet)).toEqual([
      people[30],
    ]);
    expect((await listAlerts(db, { wallet: people[5]! })).items.map((a) => a.id)).toEqual([fanIn.id]);
    const first = await listAlerts(db, { limit: 1, sort: '-score' });
    const second = await listAlerts(db, { limit: 1, sort: '-score', cursor: first.next_cursor! });
    expect(first.next_cursor).not.toBeNull();
    expect(second.next_cursor).toBeNull();
    expect(new Set([first.items[0]!.id, second.items[0]!.id]).size).toBe(2);
    expect(await refusal(listAlerts(db, { cursor: 'garbage' }))).toBe('cursor_invalid');
    const reports = await listAlerts(db, { kind: 'large_value_report' });
    expect(reports.items.map((a) => a.typology).sort()).toEqual(['large_value_in', 'large_value_out']);
    const evidence = await alertEvidence(w.store.db, await getAlertRow(db, fanIn.id));
    expect(evidence.wallets[0]).toMatchObject({
      id: people[0],
      focal: true,
      kind: 'personal',
      category: 1,
      operator_id: 'icbc',
    });
    expect(evidence.graph.edges).toHaveLength(9);
    expect(evidence.graph.edges[0]).toMatchObject({ to: people[0], count: 1, amount: '1500.00' });
    const summary = await supervisionSummary(db, clock.now, SHANGHAI);
    expect(summary.alerts.open_by_typology).toEqual({ fan_in: 1, fan_out: 1 });
    expect(summary.large_value_reports.today).toBe(2);
    expect(summary.large_value_reports.days).toHaveLength(7);
  });

  test('a case gathers alerts, keeps its history and closes with a disposition; its STR validates', async () => {
    const db = supervisionDb(w.store.db);
    const fanIn = (await listAlerts(db, { typology: 'fan_in' })).items[0]!.id;
    const fanOut = (await listAlerts(db, { typology: 'fan_out' })).items[0]!.id;
    const created = await cases.create(
      {
        title: 'Mule collector <people[0]> & friends',
        description: 'Nine payers in minutes.',
        alert_ids: [fanIn],
        priority: 'high',
      },
      'key:sup1:supervisor',
    );
    expect(created).toMatchObject({ status: 'open', alert_count: 1, priority: 'high' });
    expect((await getAlertRow(db, fanIn)).status).toBe('in_case');
    const other = await cases.create({ title: 'other' }, 'key:sup2:supervisor');
    expect(await refusal(cases.addAlerts(other.id, [fanIn], 'key:sup2:supervisor'))).toBe('alert_in_case');
    expect(await refusal(cases.addAlerts(other.id, ['al_nope'], 'key:sup2:supervisor'))).toBe(
      'alert_not_found',
    );
    await cases.addAlerts(created.id, [fanOut, fanIn], 'key:sup1:supervisor');
    await cases.assign(created.id, 'sup1', 'key:sup1:supervisor');
    await cases.comment(created.id, 'The collector forwards everything the next day.', 'key:sup1:supervisor');
    const pdf = Buffer.from('%PDF-1.4 statement');
    const attached = await cases.attach(
      created.id,
      { name: 'statement.pdf', media_type: 'application/pdf', content: pdf.toString('base64') },
      'key:sup1:supervisor',
    );
    expect(attached.attachments).toHaveLength(1);
    expect(attached.attachments[0]).toMatchObject({ name: 'statement.pdf', size_bytes: pdf.length });
    const stored = await db.selectFrom('sup_case_attachments').select('content').executeTakeFirstOrThrow();
    expect(Buffer.from(stored.content).equals(pdf)).toBe(true);
    expect(
      await refusal(cases.attach(created.id, { name: 'x', media_type: 'text/plain', content: '@@@' }, 'a')),
    ).toBe('attachment_invalid');
    const big = Buffer.alloc(ATTACHMENT_BYTES_MAX + 1).toString('base64');
    expect(
      await refusal(cases.attach(created.id, { name: 'x', media_type: 'text/plain', content: big }, 'a')),
    ).toBe('attachment_too_large');
    const escalated = await cases.escalate(created.id, 'needs a second look', 'chief', 'key:sup1:supervisor');
    expect(escalated).toMatchObject({ status: 'escalated', escalation_level: 1, assignee: 'chief' });
    clock.advance(MINUTE);
    const closed = await cases.close(created.id, 'reported', 'filed with the FIU', 'key:chief:supervisor');
    expect(closed).toMatchObject({ status: 'closed', disposition: 'reported', alert_count: 2 });
    expect(closed.alerts.map((a) => a.status)).toEqual(['closed', 'closed']);
    expect(await refusal(cases.comment(created.id, 'late', 'a'))).toBe('case_closed');
    expect(closed.history.map((e) => e.type)).toEqual([
      'created',
      'alerts_added',
      'alerts_added',
      'assigned',
      'commented',
      'attached',
      'escalated',
      'closed',
    ]);
    expect(closed.history[4]!.details).toEqual({ text: 'The collector forwards everything the next day.' });
    const page = await caseHistory(db, created.id, undefined, 3);
    const rest = await caseHistory(db, created.id, page.next_cursor!, 200);
    expect([...page.items, ...rest.items].map((e) => e.id)).toEqual(closed.history.map((e) => e.id));

    const xml = await suspiciousTransactionReport(db, created.id, ctx());
    validate(xml);
    expect(xml).toContain('<Disposition>reported</Disposition>');
    expect(xml).toContain('&lt;people[0]&gt; &amp; friends');
    expect(xml).toContain('<Transactions count="18" totalAmount="31500.00">');
    expect(xml).toContain(
      `<Wallet id="${people[0]}" role="focal" kind="personal" category="1" operator="icbc"`,
    );
    expect(xml).not.toContain('forwards everything');

    const reopened = await cases.reopen(created.id, 'new evidence', 'key:chief:supervisor');
    expect(reopened).toMatchObject({ status: 'open', disposition: null });
    expect(reopened.alerts.map((a) => a.status)).toEqual(['in_case', 'in_case']);
    expect(await refusal(cases.reopen(created.id, 'again', 'a'))).toBe('case_not_closed');
    const listed = await listCases(db, { status: 'open' });
    expect(listed.items.map((c) => c.id).sort()).toEqual([created.id, other.id].sort());
  });

  test('the daily large-value report lists each wallet and direction over the threshold and validates', async () => {
    const db = supervisionDb(w.store.db);
    const date = new Date(clock.now + SHANGHAI).toISOString().slice(0, 10);
    const xml = await largeValueReport(db, date, SHANGHAI, ctx());
    validate(xml);
    expect(xml).toContain('<TimeZoneOffset>+08:00</TimeZoneOffset>');
    expect(xml).toMatch(
      /<Summary reports="2" wallets="2" incoming="1" outgoing="1" totalAmount="1200000.00"/,
    );
    expect(xml).toContain(`direction="out" wallet="${people[20]}"`);
    expect(xml).toContain('dayTotal="600000.00" threshold="500000.00" transfers="2"');
    const empty = await largeValueReport(db, '2020-01-01', SHANGHAI, ctx());
    validate(empty);
    expect(empty).toContain('reports="0"');
    expect(await refusal(largeValueReport(db, '2026-02-30', SHANGHAI, ctx()))).toBe('report_date_invalid');
  });

  test('an alert in no case can be assigned and closed as a false match', async () => {
    const db = supervisionDb(w.store.db);
    for (let i = 1; i <= 8; i++) {
      clock.advance(MINUTE);
      await must(w.engine, [payment(`gift-${i}`, people[i]!, people[35]!, 1_000)]);
    }
    const alert = await waitFor(async () => (await listAlerts(db, { focal_wallet: people[35]! })).items[0]);
    expect(alert).toMatchObject({ typology: 'fan_in', status: 'open', assignee: null });
    await cases.assignAlert(alert.id, 'sup2', 'key:sup2:supervisor');
    expect((await listAlerts(db, { assignee: 'sup2' })).items.map((a) => a.id)).toEqual([alert.id]);
    await cases.closeAlert(alert.id, 'false_positive', 'key:sup2:supervisor');
    expect(await getAlertRow(db, alert.id)).toMatchObject({
      status: 'closed',
      disposition: 'false_positive',
    });
    expect(await refusal(cases.closeAlert(alert.id, 'false_positive', 'a'))).toBe('alert_closed');
    const other = await cases.create({ title: 'wedding?' }, 'key:sup2:supervisor');
    expect(await refusal(cases.addAlerts(other.id, [alert.id], 'a'))).toBe('alert_closed');
    const inCase = (await listAlerts(db, { typology: 'fan_out' })).items[0]!;
    expect(await refusal(cases.closeAlert(inCase.id, 'false_positive', 'a'))).toBe('alert_in_case');
  });

  test('an alert raised outside the monitor, naming no transfer, goes into a case and its STR validates', async () => {
    const db = supervisionDb(w.store.db);
    const alert: Alert = {
      id: 'al_offline_test',
      kind: 'suspicious',
      typology: 'offline_fraud',
      revision: 1,
      rule_set: 'payments-offline',
      rule_set_version: 1,
      focal_wallet: people[39]!,
      period_start_ms: clock.now,
      score: 1,
      threshold: 1,
      reasons: [
        { rule_id: 'offline.clone', rule_version: 1, rule_type: 'offline_fraud', weight: 1, crossed: [] },
      ],
      transfers: [],
      transfers_truncated: false,
      wallets: [people[39]!],
      first_seq: 0,
      last_seq: 0,
      first_ts_ms: clock.now,
      last_ts_ms: clock.now,
      trigger_seq: 0,
    };
    await w.store.write(alertWrites(db, alert, clock.now));
    const c = await cases.create({ title: 'cloned card', alert_ids: [alert.id] }, 'key:sup1:supervisor');
    const xml = await suspiciousTransactionReport(db, c.id, ctx());
    validate(xml);
    expect(xml).toContain('<Transactions count="0" totalAmount="0.00"/>');
  });
});
