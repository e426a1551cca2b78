import type { Engine } from '../../engine/index.ts';
import type { Command } from '../../ledger/index.ts';
import type { Alert } from '../alerts/alert.ts';
import type { MonitorLimits, MonitorStats } from '../monitor.ts';
import { loadRuleSet } from '../rules/load.ts';
import type { RuleSet } from '../rules/types.ts';
import { loadWatched } from '../store/hits.ts';
import { type SupervisionDb, supervisionDb } from '../store/schema.ts';
import { WatchedWallets } from './counterparty-alerts.ts';
import { type FollowerStatus, MonitorFollower } from './monitor-follower.ts';
import {
  type HolderNames,
  ScreeningService,
  type ScreeningStatus,
  type WalletActions,
} from './screening-service.ts';
import type { SupervisionConfig } from './supervision-config.ts';

export interface SupervisionOptions {
  readonly engine: Engine;
  readonly config: SupervisionConfig;
  /** Holder names for screening; without them (or without a list) nothing is screened. */
  readonly holders?: HolderNames;
  /** How wallets are frozen and unfrozen; by default the engine's commands, unaudited. */
  readonly actions?: WalletActions;
  readonly limits?: Partial<MonitorLimits>;
  readonly clock?: () => number;
  readonly log?: (line: string) => void;
  readonly onAlerts?: (alerts: readonly Alert[]) => void;
}

export interface SupervisionStatus {
  readonly rule_set: { readonly id: string; readonly version: number; readonly file: string };
  readonly follower: FollowerStatus & { readonly failed: string | null; readonly lag_rows: number };
  readonly monitor: MonitorStats;
  readonly screening: ScreeningStatus | null;
  readonly watched_wallets: number;
}

const running = new WeakMap<Engine, Supervision>();

/** The supervision running on an engine's node, if any (the API's routes find it here). */
export function supervisionOf(engine: Engine): Supervision | undefined {
  return running.get(engine);
}

/** Freezes and unfreezes through the engine's own commands, refusals raised as the engine's errors. */
export function engineActions(engine: Engine): WalletActions {
  const run = async (command: Command) => {
    const [result] = await engine.submit([command]);
    if (result !== undefined && !result.ok) throw result.error;
  };
  return {
    freeze: (wallet_id, reason, reference) =>
      run({ type: 'freeze', wallet_id, mode: 'all', reason, reference }),
    unfreeze: (wallet_id, reason) => run({ type: 'unfreeze', wallet_id, reason }),
  };
}

/**
 * Supervision inside a node: the monitoring follower on the committed journal (alerts, large-value
 * reports, counterparty alerts; its per-row work in a worker thread) and, when watch lists are
 * configured, screening of opened and existing wallets. Cases and reports are stateless over the
 * stored tables (src/monitoring/cases, reports).
 */
export class Supervision {
  private failure: string | null = null;
  private stopping = false;

  private constructor(
    readonly engine: Engine,
    readonly db: SupervisionDb,
    readonly config: SupervisionConfig,
    readonly ruleSet: RuleSet,
    readonly follower: MonitorFollower,
    readonly watched: WatchedWallets,
    readonly actions: WalletActions,
    readonly screening: ScreeningService | null,
    readonly clock: () => number,
  ) {}

  static async start(o: SupervisionOptions): Promise<Supervision> {
    const { engine } = o;
    const clock = o.clock ?? Date.now;
    const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const ruleSet = loadRuleSet(o.config.rules);
    const db = supervisionDb(engine.store.db);
    const watched = new WatchedWallets();
    const refused = await loadWatched(db, watched, o.config.screening_threshold);
    if (refused > 0) log(`screening: ${refused} hits beyond the watched-wallet limit are not watched`);
    const actions = o.actions ?? engineActions(engine);
    const screening =
      o.config.watchlists.length > 0 && o.holders !== undefined
        ? await ScreeningService.open({
            store: engine.store,
            db,
            holders: o.holders,
            actions,
            watched,
            lists: o.config.watchlists,
            threshold: o.config.screening_threshold,
            clock,
            log,
          })
        : null;
    let s: Supervision | undefined;
    const follower = await MonitorFollower.open({
      reader: engine.store.readerOptions(),
      db,
      ruleSet,
      ...(o.limits === undefined ? {} : { limits: o.limits }),
      watched,
      clock,
      ...(o.onAlerts === undefined ? {} : { onAlerts: o.onAlerts }),
      onFailure: (error) => s?.failed(error, log),
    });
    s = new Supervision(engine, db, o.config, ruleSet, follower, watched, actions, screening, clock);
    const supervision = s;
    const previous = engine.followers.onError;
    engine.followers.onError = (name, error) => {
      previous(name, error);
      if (name === follower.name) supervision.failed(error, log);
    };
    try {
      await engine.followers.add(follower);
    } catch (error) {
      await follower.close();
      throw error;
    }
    screening?.start();
    running.set(engine, s);
    return s;
  }

  /** Monitoring stopped (the worker failed, or the engine saw its follower fail): said once, kept for status. */
  private failed(error: Error, log: (line: string) => void): void {
    if (this.failure !== null) return;
    this.failure = error.message;
    // Ranges refused because the node is stopping are not a failure worth a line.
    if (!this.stopping) log(`monitoring stopped: ${error.message}`);
  }

  status(): SupervisionStatus {
    const f = this.follower.status();
    return {
      rule_set: { id: this.ruleSet.rule_set, version: this.ruleSet.version, file: this.config.rules },
      follower: {
        ...f,
        failed: this.failure,
        lag_rows: Math.max(0, this.engine.committed - f.evaluated_seq),
      },
      monitor: this.follower.monitorStats(),
      screening: this.screening?.status() ?? null,
      watched_wallets: this.watched.size,
    };
  }

  /**
   * Stops screening (which submits freezes) and the monitoring worker, after the range it is on. The
   * engine still flushes the follower's writes and cursor when it stops; rows committed after this are
   * evaluated at the next start.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.screening?.stop();
    await this.follower.close();
    running.delete(this.engine);
  }
}
