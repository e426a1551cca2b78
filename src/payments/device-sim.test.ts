import { afterEach, describe, expect, test } from 'vitest';
import { type TestStore, testStore } from '../../test/support/stores.ts';
import { loadConfig } from '../config/index.ts';
import { Engine } from '../engine/index.ts';
import { checkInvariants, reconcile } from '../ledger/index.ts';
import { supervisionDb } from '../monitoring/store/schema.ts';
import { OFFLINE_FRAUD_TYPOLOGY, storeAlertSink } from './alerts.ts';
import { runDeviceSim } from './device-sim.ts';
import { OfflinePayments } from './offline-service.ts';

let ts: TestStore | undefined;
afterEach(async () => {
  await ts?.cleanup();
  ts = undefined;
});

describe('device simulator', () => {
  test('every honest voucher settles exactly once and every cheat is caught', async () => {
    ts = await testStore('sqlite');
    const store = await ts.open();
    const engine = await Engine.open({ store, config: loadConfig() });
    try {
      await engine.submit([
        { type: 'register_operator', id: 'sim', name: 'SIM', issuance_quota: 1e12, reserve: 1e12 },
      ]);
      await engine.submit([
        { type: 'issue', id: 'sim-issue', operator_id: 'sim', amount: 1e11, currency: 'CNY' },
      ]);
      const service = new OfflinePayments(engine, storeAlertSink(store));
      const report = await runDeviceSim(engine, service, {
        devices: 48,
        rounds: 6,
        cheaters: 0.25,
        seed: 7,
        online: 0.3,
        cap_amount: 500_00,
        cap_count: 10,
      });
      expect(report.honest_vouchers).toBeGreaterThan(50);
      expect(report.honest_settled_once).toBe(report.honest_vouchers);
      expect(report.cheaters_acted).toBeGreaterThanOrEqual(6);
      expect(report.cheaters_caught).toBe(report.cheaters_acted);
      for (const kind of ['reuse', 'overspend', 'forge'] as const) {
        expect(report.by_kind[kind].acted).toBeGreaterThan(0);
        expect(report.by_kind[kind].caught).toBe(report.by_kind[kind].acted);
      }
      const state = engine.state;
      // Only cheaters are blocked, and the books balance with every reserve counted.
      const blocked = [...state.payments.devices.values()].filter((d) => d.status === 'blocked');
      expect(blocked.length).toBe(report.cheaters_caught);
      expect(reconcile(state).balanced).toBe(true);
      expect(checkInvariants(state)).toEqual([]);
      const alerts = await supervisionDb(store.db)
        .selectFrom('sup_alerts')
        .select(['id', 'typology'])
        .execute();
      expect(alerts.length).toBeGreaterThanOrEqual(report.cheaters_caught);
      expect(alerts.every((a) => a.typology === OFFLINE_FRAUD_TYPOLOGY)).toBe(true);
    } finally {
      await engine.stop();
      await store.close();
    }
  }, 120_000);
});
