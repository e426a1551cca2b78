/**
 * For tests of live monitoring: what an uninterrupted monitor raises over a node's whole stored
 * journal, read the way the monitoring worker reads it, to compare with what the node stored.
 */
import { expect } from 'vitest';
import { openReader, type Store } from '../../store/index.ts';
import type { Alert } from '../alerts/alert.ts';
import { AccountDirectory } from '../live/account-directory.ts';
import { JournalEvents } from '../live/journal-events.ts';
import { DEFAULT_RULES_PATH } from '../live/supervision-config.ts';
import { Monitor } from '../monitor.ts';
import { loadRuleSet } from '../rules/load.ts';
import { supervisionDb } from '../store/schema.ts';

/** Rows read per page by the reference run. */
const REFERENCE_PAGE_ROWS = 1_000;

/** The last revision of each alert the default rules raise over the stored journal, by id. */
export async function referenceAlerts(store: Store): Promise<Map<string, Alert>> {
  const monitor = new Monitor(loadRuleSet(DEFAULT_RULES_PATH));
  const reader = await openReader(store.readerOptions());
  try {
    const directory = new AccountDirectory(reader);
    await directory.init();
    const events = new JournalEvents(reader, directory);
    const out = new Map<string, Alert>();
    for (let after = 0; ; ) {
      const rows = await store.readRows(after, REFERENCE_PAGE_ROWS);
      if (rows.length === 0) return out;
      for (const ev of await events.events(rows)) for (const a of monitor.process(ev)) out.set(a.id, a);
      after = rows[rows.length - 1]!.seq;
    }
  } finally {
    await reader.close();
  }
}

/** Expects the stored alerts to be exactly the reference's: the same ids, each at its last revision. */
export async function expectStoredMatchesReference(store: Store): Promise<void> {
  const rows = await supervisionDb(store.db)
    .selectFrom('sup_alerts')
    .select(['id', 'revision', 'body'])
    .execute();
  const stored = new Map(rows.map((r) => [r.id, r]));
  const ref = await referenceAlerts(store);
  expect([...stored.keys()].sort()).toEqual([...ref.keys()].sort());
  for (const [id, a] of ref) {
    expect(Number(stored.get(id)!.revision)).toBe(a.revision);
    expect(JSON.parse(stored.get(id)!.body)).toEqual(a);
  }
}
