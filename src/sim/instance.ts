import type { Typology } from './dataset-format.ts';

/**
 * A laundering instance as planned before the run: its typology, when it starts and its sizes.
 * Sizes are drawn up front so the number of transfers is known before any wallet is picked, which
 * is what lets a run hit its requested transfer count and laundering share exactly.
 */
export interface InstanceSpec {
  readonly id: string;
  readonly typology: Typology;
  readonly t0: number;
  readonly transfers: number;
  readonly sizes: readonly number[];
  /** Position in the population's reserved wallets (dormant and new wallets), else -1. */
  readonly reserved: number;
}

/** An instance whose wallets are chosen and whose steps are scheduled or done. */
export interface RunningInstance {
  readonly spec: InstanceSpec;
  /** Participants, the central wallet first (collector, origin, hub, mule, ...), cycles in order. */
  readonly wallets: number[];
  remaining: number;
  firstSeq: number;
  lastSeq: number;
  /** Set if a step had to be cut to fit a limit or dropped; tests require it never happens. */
  degraded: boolean;
}

/** One laundering payment, waiting for the payments it depends on (money must arrive first). */
export interface Step {
  readonly instance: RunningInstance;
  readonly from: number;
  readonly to: number;
  amount: number;
  readonly prefund: number;
  /** For a root step: absolute time. Otherwise: delay after the last dependency executes. */
  readonly at: number;
  waiting: number;
  readyAt: number;
  readonly next: Step[];
  postponed: number;
}

export class StepPlan {
  readonly steps: Step[] = [];

  constructor(readonly instance: RunningInstance) {}

  private make(
    from: number,
    to: number,
    amount: number,
    at: number,
    prefund: number,
    deps: readonly Step[],
  ): Step {
    if (!Number.isSafeInteger(amount) || amount <= 0)
      throw new RangeError(`step amount ${amount} is not positive`);
    if (from === to) throw new RangeError('a step cannot pay its own wallet');
    const step: Step = {
      instance: this.instance,
      from,
      to,
      amount,
      prefund,
      at,
      waiting: deps.length,
      readyAt: 0,
      next: [],
      postponed: 0,
    };
    for (const d of deps) d.next.push(step);
    this.steps.push(step);
    return step;
  }

  /** A payment at an absolute time; `prefund` tops the payer up to cover a whole run of payments. */
  root(from: number, to: number, amount: number, atMs: number, prefund = 0): Step {
    return this.make(from, to, amount, atMs, prefund, []);
  }

  /** A payment made `delayMs` after every step in `deps` has happened. */
  after(deps: readonly Step[], from: number, to: number, amount: number, delayMs: number): Step {
    if (deps.length === 0) throw new RangeError('after() needs at least one dependency');
    return this.make(from, to, amount, delayMs, 0, deps);
  }
}
