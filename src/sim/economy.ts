import type { WalletKind } from '../monitoring/transfer-event.ts';
import type { DatasetInstance } from './dataset-format.ts';
import { type LaunderingPlan, planLaundering } from './laundering-plan.ts';
import { limitFor, type WalletLimit } from './limits.ts';
import { type EconomyOptions, type ResolvedOptions, resolveOptions } from './options.ts';
import { buildPopulation, type Population } from './population.ts';
import { runEconomy } from './run.ts';
import { KIND_NAMES, OPERATORS } from './wallets.ts';

/** A wallet for the driver to open (and top up with `initial_topup_fen`) before replaying events. */
export interface SimWallet {
  readonly wallet: string;
  readonly operator: string;
  readonly kind: WalletKind;
  readonly category: 1 | 2 | 3 | 4 | null;
  readonly opened_ms: number;
  readonly mcc: string | null;
  readonly initial_topup_fen: number;
}

/** Money exchanged into a wallet from its bank, just before the transfer `before_seq` needs it. */
export interface SimExchangeIn {
  readonly kind: 'exchange_in';
  readonly ts_ms: number;
  readonly wallet: string;
  readonly amount_fen: number;
  readonly before_seq: number;
}

export interface SimTransfer {
  readonly kind: 'transfer';
  readonly seq: number;
  readonly id: string;
  readonly ts_ms: number;
  readonly from: string;
  readonly to: string;
  readonly amount_fen: number;
  readonly currency: string;
  /** Laundering instance id, or null for a legitimate transfer. */
  readonly instance: string | null;
}

export type SimEvent = SimExchangeIn | SimTransfer;

export interface RunSummary {
  readonly transfers: number;
  readonly laundering_transfers: number;
  readonly exchanges: number;
  readonly start_ms: number;
  readonly end_ms: number;
  /** Completed instances in id order (ids follow start times). */
  readonly instances: readonly DatasetInstance[];
  /** Instances that had to cut or drop a payment to fit a limit (expected: none). */
  readonly degraded_instances: number;
  /** Legitimate payments people meant to make but their limits or balance cap did not allow. */
  readonly skipped: number;
}

export interface Economy {
  /** The effective options (population size and span included), as recorded in a manifest. */
  readonly options: Readonly<Record<string, unknown>>;
  readonly startMs: number;
  readonly days: number;
  /** Laundering transfers the run will contain. */
  readonly launderingTransfers: number;
  /** Every wallet, in opening order. */
  wallets(): readonly SimWallet[];
  /**
   * The time-ordered events of one run; each call replays the same run from the start. The
   * generator's return value summarises the run (instances with their first and last seq).
   */
  events(): Generator<SimEvent, RunSummary, undefined>;
}

export interface EconomyState {
  readonly resolved: ResolvedOptions;
  readonly plan: LaunderingPlan;
  readonly population: Population;
  readonly walletLimits: readonly WalletLimit[];
}

export function createEconomy(options: EconomyOptions): Economy {
  const resolved = resolveOptions(options);
  const plan = planLaundering({
    seed: resolved.seed,
    transfers: resolved.transfers,
    rate: resolved.rate,
    mix: resolved.mix,
    startMs: resolved.startMs,
    days: resolved.days,
    warmupDays: resolved.warmupDays,
  });
  const population = buildPopulation({
    seed: resolved.seed,
    households: resolved.households,
    startMs: resolved.startMs,
    days: resolved.days,
    operators: resolved.operators,
    reserved: plan.reserved,
  });
  const w = population.wallets;
  const walletLimits = w.kind.map((kind, i) =>
    limitFor(resolved.limits, KIND_NAMES[kind]!, kind === 0 ? (w.category[i] as 1 | 2 | 3 | 4) : null),
  );
  const state: EconomyState = { resolved, plan, population, walletLimits };
  let walletList: SimWallet[] | null = null;
  return {
    options: {
      transfers: resolved.transfers,
      laundering_rate: resolved.rate,
      mix: resolved.mix,
      days: resolved.days,
      start_ms: resolved.startMs,
      operators: resolved.operators,
      households: resolved.households,
      currency: resolved.currency,
    },
    startMs: resolved.startMs,
    days: resolved.days,
    launderingTransfers: plan.transfers,
    wallets() {
      walletList ??= listWallets(population);
      return walletList;
    },
    events() {
      return runEconomy(state);
    },
  };
}

function listWallets(pop: Population): SimWallet[] {
  const w = pop.wallets;
  const list: SimWallet[] = [];
  for (let i = 0; i < w.count; i += 1) {
    const kind = w.kind[i]!;
    list.push({
      wallet: w.id(i),
      operator: OPERATORS[w.operator[i]!]![0],
      kind: KIND_NAMES[kind]!,
      category: kind === 0 ? (w.category[i] as 1 | 2 | 3 | 4) : null,
      opened_ms: w.openedMs[i]!,
      mcc: w.mcc[i]!,
      initial_topup_fen: w.initialFen[i]!,
    });
  }
  return list.sort(
    (a, b) => a.opened_ms - b.opened_ms || (a.wallet < b.wallet ? -1 : a.wallet > b.wallet ? 1 : 0),
  );
}
