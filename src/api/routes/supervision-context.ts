import type { Engine } from '../../engine/index.ts';
import { Cases } from '../../monitoring/cases/cases.ts';
import { auditedCommit } from '../../monitoring/live/security-adapter.ts';
import { type SupervisionDb, supervisionDb } from '../../monitoring/store/schema.ts';
import type { Guard } from '../auth.ts';
import type { ApiContext } from '../context.ts';

/** What the supervision routes share: the tables, the case workflow (audited), local time, the node's name. */
export interface SupervisionContext {
  readonly engine: Engine;
  readonly db: SupervisionDb;
  readonly guard: Guard;
  readonly cases: Cases;
  readonly ctx: ApiContext;
  /** Local days for reports and the summary: the node's configured time zone. */
  readonly tzOffsetMs: number;
  readonly currency: string;
  readonly node: string;
}

export function supervisionContext(ctx: ApiContext, version: string): SupervisionContext {
  const db = supervisionDb(ctx.engine.store.db);
  return {
    engine: ctx.engine,
    db,
    guard: ctx.guard,
    cases: new Cases(db, auditedCommit(ctx.security)),
    ctx,
    tzOffsetMs: ctx.config.timezone_offset_minutes * 60_000,
    currency: ctx.config.currencies[0]!.code,
    node: `tongbao ${version}`,
  };
}
