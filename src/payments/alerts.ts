import { bytesToHex, sm3 } from '../crypto/index.ts';
import { accountId, type DeviceRecord, type FraudEvent, type LedgerState } from '../ledger/index.ts';
import type { Alert } from '../monitoring/alerts/alert.ts';
import { alertWrites } from '../monitoring/store/alert-writes.ts';
import { supervisionDb } from '../monitoring/store/schema.ts';
import type { Store } from '../store/index.ts';

/**
 * Offline fraud reaches supervisors as alerts in the supervision tables (src/monitoring), written
 * through the supervision module's own alert writer. Each fraud event has a stable alert id (device and
 * event number), so raising one twice (a retry, a restart that raises recent events again) changes
 * nothing: the writer keeps the highest revision and every one of these is revision 1.
 */
export const OFFLINE_FRAUD_TYPOLOGY = 'offline_fraud';
export const OFFLINE_RULE_SET = 'payments-offline';

export interface FraudAlertSink {
  raise(alerts: readonly Alert[]): Promise<void>;
}

export function fraudAlertId(device: string, n: number): string {
  return `al_off_${bytesToHex(sm3(`${device}\u0000${n}`)).slice(0, 21)}`;
}

export function fraudAlert(state: LedgerState, device: DeviceRecord, event: FraudEvent): Alert {
  const owner = accountId(state, device.wallet);
  return {
    id: fraudAlertId(device.id, event.n),
    kind: 'suspicious',
    typology: OFFLINE_FRAUD_TYPOLOGY,
    revision: 1,
    rule_set: OFFLINE_RULE_SET,
    rule_set_version: 1,
    focal_wallet: owner,
    period_start_ms: event.ts,
    score: 1,
    threshold: 1,
    reasons: [
      {
        rule_id: `offline.${event.kind}`,
        rule_version: 1,
        rule_type: 'offline_fraud',
        weight: 1,
        crossed: [{ name: 'uncovered_fen', observed: event.uncovered, op: '>=', threshold: 0 }],
      },
    ],
    transfers: [],
    transfers_truncated: false,
    wallets: [owner],
    first_seq: 0,
    last_seq: 0,
    first_ts_ms: event.ts,
    last_ts_ms: event.ts,
    trigger_seq: 0,
  };
}

/** Writes alerts into the supervision tables of the node's own store. */
export function storeAlertSink(store: Store, clock: () => number = Date.now): FraudAlertSink {
  const db = supervisionDb(store.db);
  return {
    async raise(alerts) {
      if (alerts.length === 0) return;
      await store.write(alerts.flatMap((a) => alertWrites(db, a, clock())));
    },
  };
}
