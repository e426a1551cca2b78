import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { TongbaoError } from '../../errors/index.ts';
import type { CompiledWrite } from '../../store/index.ts';
import type { AuditedCommit } from '../store/audited-commit.ts';
import type { SupCasesTable, SupervisionDb } from '../store/schema.ts';
import { type CaseView, caseView, getCaseRow } from './case-queries.ts';
import {
  ATTACHMENT_BYTES_MAX,
  CASE_ALERTS_MAX,
  CASE_ATTACHMENTS_MAX,
  type Disposition,
  type Priority,
} from './limits.ts';

export interface CaseCreate {
  readonly title: string;
  readonly description?: string;
  readonly priority?: Priority;
  readonly assignee?: string;
  readonly alert_ids?: readonly string[];
}

export interface AttachmentCreate {
  readonly name: string;
  readonly media_type: string;
  /** The content, base64. */
  readonly content: string;
}

type Details = Record<string, unknown>;

/**
 * The case workflow: cases gather alerts for an investigator, who assigns, comments, attaches
 * evidence, escalates and closes with a disposition. Every step is one transaction holding the change,
 * an event in the case's history (never edited or removed) and the audit log's record of it. Steps
 * run one at a time (the node is the only writer of its tables), so each sees the state its checks
 * were made against.
 */
export class Cases {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: SupervisionDb,
    private readonly commit: AuditedCommit,
    private readonly clock: () => number = Date.now,
  ) {}

  create(c: CaseCreate, actor: string): Promise<CaseView> {
    return this.exclusive(async () => {
      const id = `case-${uuidv7()}`;
      const now = this.clock();
      const alertIds = unique(c.alert_ids ?? []);
      await this.checkAlerts(alertIds, null);
      if (alertIds.length > CASE_ALERTS_MAX)
        throw new TongbaoError('case_full', `a case gathers at most ${CASE_ALERTS_MAX} alerts`, 'alert_ids');
      const writes: CompiledWrite[] = [
        this.db
          .insertInto('sup_cases')
          .values({
            id,
            title: c.title,
            description: c.description ?? '',
            status: 'open',
            priority: c.priority ?? 'normal',
            assignee: c.assignee ?? null,
            escalation_level: 0,
            disposition: null,
            alert_count: alertIds.length,
            created_ts: now,
            created_by: actor,
            updated_ts: now,
            closed_ts: 0,
          })
          .compile(),
        this.event(id, now, actor, 'created', { title: c.title, priority: c.priority ?? 'normal' }),
      ];
      if (alertIds.length > 0) {
        writes.push(this.claimAlerts(id, alertIds, now));
        writes.push(this.event(id, now, actor, 'alerts_added', { alert_ids: alertIds }));
      }
      if (c.assignee !== undefined)
        writes.push(this.event(id, now, actor, 'assigned', { assignee: c.assignee, previous: null }));
      await this.commit(writes, {
        actor,
        action: 'case.create',
        subject: `case:${id}`,
        details: { alerts: alertIds.length },
      });
      return caseView(this.db, id);
    });
  }

  addAlerts(id: string, alertIds: readonly string[], actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.add_alerts', async (c, now) => {
      const fresh = await this.checkAlerts(unique(alertIds), id);
      if (Number(c.alert_count) + fresh.length > CASE_ALERTS_MAX)
        throw new TongbaoError('case_full', `a case gathers at most ${CASE_ALERTS_MAX} alerts`, 'alert_ids');
      if (fresh.length === 0) return { writes: [], details: { added: 0 } };
      return {
        writes: [
          this.claimAlerts(id, fresh, now),
          this.db
            .updateTable('sup_cases')
            .set({ alert_count: Number(c.alert_count) + fresh.length })
            .where('id', '=', id)
            .compile(),
          this.event(id, now, actor, 'alerts_added', { alert_ids: fresh }),
        ],
        details: { added: fresh.length },
      };
    });
  }

  assign(id: string, assignee: string | null, actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.assign', async (c, now) => ({
      writes: [
        this.db.updateTable('sup_cases').set({ assignee }).where('id', '=', id).compile(),
        this.event(id, now, actor, 'assigned', { assignee, previous: c.assignee }),
      ],
      details: { assignee },
    }));
  }

  comment(id: string, text: string, actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.comment', async (_c, now) => ({
      writes: [this.event(id, now, actor, 'commented', { text })],
      details: { length: text.length },
    }));
  }

  attach(id: string, a: AttachmentCreate, actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.attach', async (_c, now) => {
      const content = decodeBase64(a.content);
      const count = await this.db
        .selectFrom('sup_case_attachments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('case_id', '=', id)
        .executeTakeFirst();
      if (Number(count?.n ?? 0) >= CASE_ATTACHMENTS_MAX)
        throw new TongbaoError('case_full', `a case holds at most ${CASE_ATTACHMENTS_MAX} attachments`);
      const attachment = `att-${uuidv7()}`;
      const sha256 = createHash('sha256').update(content).digest('hex');
      return {
        writes: [
          this.db
            .insertInto('sup_case_attachments')
            .values({
              id: attachment,
              case_id: id,
              name: a.name,
              media_type: a.media_type,
              size_bytes: content.length,
              sha256,
              content,
              created_ts: now,
              created_by: actor,
            })
            .compile(),
          this.event(id, now, actor, 'attached', {
            attachment_id: attachment,
            name: a.name,
            media_type: a.media_type,
            size_bytes: content.length,
            sha256,
          }),
        ],
        details: { attachment: attachment, sha256 },
      };
    });
  }

  escalate(id: string, reason: string, assignee: string | undefined, actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.escalate', async (c, now) => {
      const level = Number(c.escalation_level) + 1;
      return {
        writes: [
          this.db
            .updateTable('sup_cases')
            .set({ status: 'escalated', escalation_level: level, assignee: assignee ?? c.assignee })
            .where('id', '=', id)
            .compile(),
          this.event(id, now, actor, 'escalated', { level, reason, assignee: assignee ?? c.assignee }),
        ],
        details: { level },
      };
    });
  }

  close(id: string, disposition: Disposition, comment: string, actor: string): Promise<CaseView> {
    return this.change(id, actor, 'case.close', async (_c, now) => ({
      writes: [
        this.db
          .updateTable('sup_cases')
          .set({ status: 'closed', disposition, closed_ts: now })
          .where('id', '=', id)
          .compile(),
        this.db
          .updateTable('sup_alerts')
          .set({ status: 'closed', disposition })
          .where('case_id', '=', id)
          .compile(),
        this.event(id, now, actor, 'closed', { disposition, comment }),
      ],
      details: { disposition },
    }));
  }

  reopen(id: string, reason: string, actor: string): Promise<CaseView> {
    return this.change(
      id,
      actor,
      'case.reopen',
      async (_c, now) => ({
        writes: [
          this.db
            .updateTable('sup_cases')
            .set({ status: 'open', disposition: null, closed_ts: 0 })
            .where('id', '=', id)
            .compile(),
          this.db
            .updateTable('sup_alerts')
            .set({ status: 'in_case', disposition: null })
            .where('case_id', '=', id)
            .compile(),
          this.event(id, now, actor, 'reopened', { reason }),
        ],
        details: {},
      }),
      'closed',
    );
  }

  /** Assigns an alert of the queue (not yet in a case) or takes the assignment away. */
  assignAlert(alertId: string, assignee: string | null, actor: string): Promise<void> {
    return this.exclusive(async () => {
      await this.alertOf(alertId);
      await this.commit(
        [this.db.updateTable('sup_alerts').set({ assignee }).where('id', '=', alertId).compile()],
        {
          actor,
          action: 'alert.assign',
          subject: `alert:${alertId}`,
          details: { assignee },
        },
      );
    });
  }

  /** Closes an alert that is in no case (a false match does not need a case). */
  closeAlert(alertId: string, disposition: Disposition, actor: string): Promise<void> {
    return this.exclusive(async () => {
      const a = await this.alertOf(alertId);
      if (a.status === 'in_case')
        throw new TongbaoError(
          'alert_in_case',
          `alert ${alertId} is in case ${a.case_id}: close the case`,
          'id',
        );
      if (a.status === 'closed') throw new TongbaoError('alert_closed', `alert ${alertId} is closed`, 'id');
      await this.commit(
        [
          this.db
            .updateTable('sup_alerts')
            .set({ status: 'closed', disposition })
            .where('id', '=', alertId)
            .compile(),
        ],
        { actor, action: 'alert.close', subject: `alert:${alertId}`, details: { disposition } },
      );
    });
  }

  private async alertOf(id: string) {
    const a = await this.db
      .selectFrom('sup_alerts')
      .select(['id', 'status', 'case_id', 'kind'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (a === undefined || a.kind !== 'suspicious')
      throw new TongbaoError('alert_not_found', `no alert ${id}`, 'id');
    return a;
  }

  /** Alerts that may join case `id` (null: a new case); returns those not already in it. */
  private async checkAlerts(ids: readonly string[], id: string | null): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('sup_alerts')
      .select(['id', 'status', 'case_id', 'kind'])
      .where('id', 'in', ids)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const fresh: string[] = [];
    for (const [i, alertId] of ids.entries()) {
      const a = byId.get(alertId);
      if (a === undefined || a.kind !== 'suspicious')
        throw new TongbaoError('alert_not_found', `no alert ${alertId}`, `alert_ids/${i}`);
      if (a.case_id !== null && a.case_id === id) continue;
      if (a.case_id !== null)
        throw new TongbaoError('alert_in_case', `alert ${alertId} is in case ${a.case_id}`, `alert_ids/${i}`);
      if (a.status === 'closed')
        throw new TongbaoError('alert_closed', `alert ${alertId} is closed`, `alert_ids/${i}`);
      fresh.push(alertId);
    }
    return fresh;
  }

  private claimAlerts(id: string, alertIds: readonly string[], now: number): CompiledWrite {
    return this.db
      .updateTable('sup_alerts')
      .set({ status: 'in_case', case_id: id, updated_ts: now })
      .where('id', 'in', alertIds)
      .compile();
  }

  private event(caseId: string, ts: number, actor: string, type: string, details: Details): CompiledWrite {
    return this.db
      .insertInto('sup_case_events')
      .values({ case_id: caseId, ts, actor, type, details: JSON.stringify(details) })
      .compile();
  }

  /** One step on an existing case: checks its state, commits the step's writes with the update time. */
  private change(
    id: string,
    actor: string,
    action: string,
    step: (
      c: SupCasesTable,
      now: number,
    ) => Promise<{ writes: CompiledWrite[]; details: Record<string, string | number | null> }>,
    needs: 'not_closed' | 'closed' = 'not_closed',
  ): Promise<CaseView> {
    return this.exclusive(async () => {
      const c = await getCaseRow(this.db, id);
      if (needs === 'not_closed' && c.status === 'closed')
        throw new TongbaoError('case_closed', `case ${id} is closed; reopen it first`, 'id');
      if (needs === 'closed' && c.status !== 'closed')
        throw new TongbaoError('case_not_closed', `case ${id} is ${c.status}`, 'id');
      const now = this.clock();
      const { writes, details } = await step(c, now);
      if (writes.length > 0) {
        writes.push(this.db.updateTable('sup_cases').set({ updated_ts: now }).where('id', '=', id).compile());
        await this.commit(writes, { actor, action, subject: `case:${id}`, details });
      }
      return caseView(this.db, id);
    });
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function decodeBase64(text: string): Buffer {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new TongbaoError(
      'attachment_invalid',
      'content must be base64 (RFC 4648, with padding)',
      'content',
    );
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length > ATTACHMENT_BYTES_MAX)
    throw new TongbaoError(
      'attachment_too_large',
      `an attachment holds at most ${ATTACHMENT_BYTES_MAX} bytes`,
      'content',
    );
  return bytes;
}
