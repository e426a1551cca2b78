import type { Kysely } from 'kysely';
import { type AuditVerifyReport, decodeAuditEntry, MAX_READ_ENTRIES, verifyLog } from '../audit/index.ts';
import type { Sm2PublicKey } from '../crypto/index.ts';
import { formatWalletId } from '../ledger/index.ts';
import { Reads } from '../store/reads.ts';
import type { Database } from '../store/schema.ts';
import type { SecurityDatabase } from '../store/security-schema.ts';
import { SqlAuditStorage } from '../store/sql-audit-storage.ts';
import { JOURNAL_BATCH_ACTION } from './journal-auditor.ts';
import { batchRoot } from './journal-leaf.ts';

/** Problems listed in full; beyond it they are counted. */
export const AUDIT_PROBLEMS_MAX = 100;

export interface AuditCheckReport {
  readonly ok: boolean;
  readonly log: AuditVerifyReport;
  /** Journal rows, and how many of them logged batch roots cover (from seq 1, without gaps). */
  readonly journal_rows: number;
  readonly journal_covered: number;
  readonly journal_batches: number;
  /** Actions the command line took that the node has not logged yet (it logs them when it runs). */
  readonly outbox_waiting: number;
  readonly problems: readonly string[];
  readonly problem_count: number;
}

class Problems {
  readonly list: string[] = [];
  count = 0;
  add(p: string): void {
    this.count += 1;
    if (this.list.length < AUDIT_PROBLEMS_MAX) this.list.push(p);
  }
}

/**
 * Everything `tongbao audit verify` checks: the log against its signed checkpoints (verifyLog: any
 * changed, removed, inserted or reordered entry), that logged batch roots cover the whole journal from
 * its first row with no gap or overlap and that the stored rows still hash to them (any changed,
 * removed or inserted journal row), that every freeze and unfreeze in the wallets' history was logged
 * before it happened, and that no command-line action is waiting to be logged.
 */
export async function verifyAudit(
  db: Kysely<SecurityDatabase>,
  publicKey: Sm2PublicKey,
  options: { origin?: string; onProgress?: (stage: string, done: number) => void } = {},
): Promise<AuditCheckReport> {
  const problems = new Problems();
  const storage = new SqlAuditStorage(db, null);
  const log = await verifyLog(storage, publicKey, {
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    on_progress: (n) => options.onProgress?.('log', n),
  });
  for (const f of log.findings) problems.add(`audit log: ${f.kind}: ${f.message}`);
  if (log.findings_omitted > 0) problems.add(`audit log: ${log.findings_omitted} more findings`);

  const reads = new Reads(db as unknown as Kysely<Database>);
  const lastRow = await db
    .selectFrom('transfers')
    .select((eb) => eb.fn.max('seq').as('m'))
    .executeTakeFirst();
  const journalRows = Number(lastRow?.m ?? 0);
  let covered = 0;
  let batches = 0;
  const freezesLogged = new Map<string, number>();
  for (let start = 0; ; ) {
    const page = await storage.readEntries(start, MAX_READ_ENTRIES);
    if (page.length === 0) break;
    for (const row of page) {
      let entry: ReturnType<typeof decodeAuditEntry>;
      try {
        entry = decodeAuditEntry(row.bytes);
      } catch {
        continue; // reported by verifyLog
      }
      if (
        (entry.action === 'wallet.freeze' || entry.action === 'wallet.unfreeze') &&
        entry.details.phase === 'requested'
      ) {
        const key = `${entry.action}:${entry.subject}`;
        freezesLogged.set(key, (freezesLogged.get(key) ?? 0) + 1);
      }
      if (entry.action !== JOURNAL_BATCH_ACTION) continue;
      const d = entry.details as { first_seq?: unknown; last_seq?: unknown; root?: unknown };
      const first = Number(d.first_seq);
      const last = Number(d.last_seq);
      if (!(Number.isSafeInteger(first) && Number.isSafeInteger(last) && first >= 1 && last >= first)) {
        problems.add(`entry ${entry.index}: a journal batch entry without a valid range`);
        continue;
      }
      batches += 1;
      if (first > covered + 1)
        problems.add(`journal rows ${covered + 1}-${first - 1} are not covered by any logged batch`);
      if (first <= covered) problems.add(`journal rows ${first}-${Math.min(last, covered)} are logged twice`);
      const rows = await reads.readRows(first - 1, last - first + 1, last);
      try {
        const root = Buffer.from(batchRoot(rows, first, last)).toString('base64');
        if (root !== d.root)
          problems.add(
            `journal rows ${first}-${last} do not hash to their logged root: a row was changed, removed or inserted`,
          );
      } catch (error) {
        problems.add(
          `journal rows ${first}-${last}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      covered = Math.max(covered, last);
      options.onProgress?.('journal', covered);
    }
    start = page[page.length - 1]!.index + 1;
  }
  if (covered < journalRows)
    problems.add(
      `journal rows ${covered + 1}-${journalRows} are not logged yet (start the node to log them)`,
    );
  if (covered > journalRows)
    problems.add(`logged batches cover rows up to ${covered}, the journal ends at ${journalRows}`);

  const events = await db
    .selectFrom('account_events')
    .select(['num', 'type'])
    .where('type', 'in', ['frozen', 'unfrozen'])
    .execute();
  const accounts = new Map<number, number>();
  const happened = new Map<string, number>();
  for (const e of events) {
    const num = Number(e.num);
    let op = accounts.get(num);
    if (op === undefined) {
      const a = await db.selectFrom('accounts').select('operator').where('num', '=', num).executeTakeFirst();
      op = Number(a?.operator ?? 0);
      accounts.set(num, op);
    }
    const key = `${e.type === 'frozen' ? 'wallet.freeze' : 'wallet.unfreeze'}:wallet:${formatWalletId(op, num)}`;
    happened.set(key, (happened.get(key) ?? 0) + 1);
  }
  for (const [key, n] of happened) {
    const logged = freezesLogged.get(key) ?? 0;
    if (logged < n) problems.add(`${key}: ${n} in the wallet's history, ${logged} logged`);
  }
  const waiting = await db
    .selectFrom('security_outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const outbox = Number(waiting?.n ?? 0);
  return {
    ok: problems.count === 0,
    log,
    journal_rows: journalRows,
    journal_covered: covered,
    journal_batches: batches,
    outbox_waiting: outbox,
    problems: problems.list,
    problem_count: problems.count,
  };
}
