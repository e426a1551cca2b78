import type { Kysely } from 'kysely';
import { AuditLog, type JsonObject } from '../audit/index.ts';
import type { Keyring, Sm2PublicKey } from '../crypto/index.ts';
import type { Engine } from '../engine/index.ts';
import { isTongbaoError, TongbaoError } from '../errors/index.ts';
import type { CompiledWrite } from '../store/index.ts';
import { SqliteStore } from '../store/index.ts';
import { type SecurityDatabase, securityDb } from '../store/security-schema.ts';
import { SqlAuditStorage } from '../store/sql-audit-storage.ts';
import type { Attach } from './audit-recorder.ts';
import { AuditRecorder } from './audit-recorder.ts';
import { Authenticator } from './authenticator.ts';
import { JournalAuditor } from './journal-auditor.ts';
import { type HasherSource, JournalHasher } from './journal-hasher.ts';
import { KeyAdmin } from './key-admin-service.ts';
import { AUDIT_STOP_CATCH_UP_MS_MAX, AUDIT_TICK_MS } from './limits.ts';
import { loadNodeSecrets, type NodeSecrets, publicKeyFingerprint } from './node-secrets.ts';
import { drainOutbox } from './outbox.ts';
import type { Principal } from './principal.ts';
import { RateLimiter } from './rate-limit.ts';
import { buildReceipt, type Receipt } from './receipt.ts';
import { Reveals } from './reveals.ts';

export interface SecurityOptions {
  readonly engine: Engine;
  readonly dataDir: string;
  /** The PostgreSQL URL when the store is PostgreSQL (the hasher thread opens its own connection). */
  readonly databaseUrl?: string | undefined;
  /** Given by tests; otherwise loaded from (or created in) the data folder and environment. */
  readonly secrets?: NodeSecrets;
  readonly checkpoint_every_entries?: number;
  readonly checkpoint_interval_ms?: number;
  readonly version?: string;
  readonly clock?: () => number;
}

/**
 * The node's security layer, opened beside the engine: who is calling (keys, sessions, rate limits),
 * the audit log and what feeds it (journal batches, admin actions, privileged reads, the command
 * line's outbox), personal data and the reveal workflow. The policy itself is in policy.ts.
 */
export class Security {
  readonly authenticator: Authenticator;
  readonly limiter = new RateLimiter();
  readonly reveals: Reveals;
  readonly keys: KeyAdmin;
  private readonly timer: NodeJS.Timeout;
  private draining = false;
  private closed = false;
  onFatal: (error: Error) => void = () => {};

  private constructor(
    readonly engine: Engine,
    readonly db: Kysely<SecurityDatabase>,
    readonly write: (queries: readonly CompiledWrite[]) => Promise<void>,
    readonly log: AuditLog,
    readonly recorder: AuditRecorder,
    readonly journal: JournalAuditor,
    private readonly hasher: JournalHasher,
    readonly keyring: Keyring,
    readonly secrets: NodeSecrets,
    readonly clock: () => number,
  ) {
    this.authenticator = new Authenticator(db, () => engine.state, clock);
    this.reveals = new Reveals(db, recorder, clock);
    this.keys = new KeyAdmin(this);
    recorder.onFatal = (error) => this.onFatal(error);
    this.timer = setInterval(() => this.tick(), AUDIT_TICK_MS);
    this.timer.unref();
  }

  static async open(o: SecurityOptions): Promise<Security> {
    const store = o.engine.store;
    const db = securityDb(store.db);
    const write = (queries: readonly CompiledWrite[]) => store.write(queries);
    const storage = new SqlAuditStorage(db, write);
    const logged = await storage.size();
    const sealed = await db
      .selectFrom('holders')
      .select('num')
      .where('sealed', 'is not', null)
      .limit(1)
      .execute();
    const secrets =
      o.secrets ??
      loadNodeSecrets({
        dataDir: o.dataDir,
        mayCreateSigningKey: logged === 0,
        mayCreateKeyring: sealed.length === 0,
      });
    const clock = o.clock ?? Date.now;
    const log = await AuditLog.open(storage, {
      origin: secrets.origin,
      signing_key: secrets.signingKey,
      ...(o.checkpoint_every_entries === undefined
        ? {}
        : { checkpoint_every_entries: o.checkpoint_every_entries }),
      ...(o.checkpoint_interval_ms === undefined ? {} : { checkpoint_interval_ms: o.checkpoint_interval_ms }),
      now_ms: clock,
    });
    const recorder = new AuditRecorder(log, clock);
    const hasher = new JournalHasher(hasherSource(o));
    const journal = await JournalAuditor.open(db, recorder, hasher, o.engine);
    const security = new Security(
      o.engine,
      db,
      write,
      log,
      recorder,
      journal,
      hasher,
      secrets.keyring,
      secrets,
      clock,
    );
    await recorder.record({
      actor: 'system',
      action: 'node.start',
      subject: '',
      details: {
        version: o.version ?? '',
        store: store.dialect,
        committed_seq: o.engine.committed,
        public_key_sm3: publicKeyFingerprint(log.publicKey),
      },
    });
    journal.kick();
    await security.drain();
    return security;
  }

  get publicKey(): Sm2PublicKey {
    return this.log.publicKey;
  }

  /** Logs an admin command before it runs and its outcome after (so no change escapes the log). */
  async act<T>(
    actor: string,
    action: string,
    subject: string,
    details: JsonObject,
    run: () => Promise<T>,
    outcome: (value: T) => { subject?: string; details?: JsonObject; attach?: Attach },
  ): Promise<T> {
    await this.recorder.record({ actor, action, subject, details: { ...details, phase: 'requested' } });
    let value: T;
    try {
      value = await run();
    } catch (error) {
      if (isTongbaoError(error)) {
        await this.recorder
          .record({ actor, action, subject, details: { phase: 'refused', code: error.code } })
          .catch(() => undefined);
      }
      throw error;
    }
    const o = outcome(value);
    await this.recorder.record(
      { actor, action, subject: o.subject ?? subject, details: { ...(o.details ?? {}), phase: 'done' } },
      o.attach,
    );
    return value;
  }

  /** Logs a privileged read before the data is returned. */
  async logRead(p: Principal, action: string, subject: string, details: JsonObject = {}): Promise<void> {
    await this.recorder.record({ actor: actorOfPrincipal(p), action, subject, details });
  }

  async receipt(seq: number): Promise<Receipt> {
    return buildReceipt(seq, this.journal, this.hasher, this.log);
  }

  status() {
    return { ...this.journal.status(), audit_entries: this.log.size };
  }

  /** After the engine stopped: log the rest of the journal and the outbox, sign a last checkpoint. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.journal.stop(AUDIT_STOP_CATCH_UP_MS_MAX);
    await this.drain().catch(() => undefined);
    await this.recorder.close();
    await this.hasher.close();
  }

  private tick(): void {
    this.recorder.checkpointIfDue();
    this.drain().catch(() => undefined);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (const d of await drainOutbox(this.db, this.recorder)) {
        // A key revoked or rotated by the command line stops working now, not after the cache lifetime.
        if (d.subject.startsWith('key:')) this.authenticator.invalidate(d.subject.slice(4));
      }
    } finally {
      this.draining = false;
    }
  }
}

function hasherSource(o: SecurityOptions): HasherSource {
  const store = o.engine.store;
  if (store instanceof SqliteStore) return { kind: 'sqlite', path: store.raw.name };
  if (o.databaseUrl === undefined || o.databaseUrl === '')
    throw new TongbaoError('internal_error', 'a PostgreSQL node needs its URL for the journal hasher');
  return { kind: 'postgres', url: o.databaseUrl };
}

import { actorOf as actorOfPrincipal } from './principal.ts';
