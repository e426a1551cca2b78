import { formatAmount } from '../../money/index.ts';
import { createEconomy, type SimEvent, type SimWallet } from '../economy.ts';
import type { EconomyOptions } from '../options.ts';
import { NodeClient, problem } from './http-client.ts';
import type { DriverKeys } from './keys.ts';

/** Payments go out in ticks this long, each a few batch requests. */
export const DRIVE_TICK_MS = 100;
/** Transfers per batch request (the node's batch limit). */
export const DRIVE_BATCH_MAX = 8_190;
/** Requests (wallet openings, exchanges) in flight at once. */
export const DRIVE_CONCURRENCY = 16;
/** e-CNY an operator asks for when its vault runs low (as the demo's treasury desk does). */
export const DRIVE_TOP_UP_FEN = 50_000_000_00;

export interface DriveOptions extends EconomyOptions {
  readonly target: string;
  /** Payments (and top-ups) per second. */
  readonly rate: number;
  readonly keys: DriverKeys;
  /** Prefix of every client id, so a second run against the same node does not replay the first. */
  readonly tag: string;
  /** Stop after this many seconds of payments (default: when the economy's events run out). */
  readonly seconds?: number;
  readonly onPhase?: (phase: string, total: number) => { update(done: number): void; stop(): void };
  readonly log?: (line: string) => void;
}

export interface DriveReport {
  readonly operators: Readonly<Record<string, string>>;
  readonly wallets: number;
  readonly events: number;
  readonly transfers: number;
  readonly accepted: number;
  readonly refused: Readonly<Record<string, number>>;
  readonly exchanges: number;
  readonly seconds: number;
  readonly transfers_per_s: number;
}

const amount = (fen: number) => formatAmount(fen, 2);

/** Runs `fn` over items with at most DRIVE_CONCURRENCY at once, in order of start. */
async function pool<T>(
  items: readonly T[],
  fn: (item: T, i: number) => Promise<void>,
  done: (n: number) => void,
) {
  let next = 0;
  let finished = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
      done(++finished);
    }
  };
  await Promise.all(Array.from({ length: Math.min(DRIVE_CONCURRENCY, items.length) }, worker));
}

/**
 * Drives a running node over its HTTP API with the simulator's economy: registers the operators (with
 * the central bank's key, when given) and funds their vaults, opens every wallet and tops it up, then
 * sends the economy's payments and top-ups in time order at `rate` per second, batched per operator.
 * The simulator's operators are spread over the operators the driver has keys for, since each payment
 * must be sent with the key of the payer's operator.
 */
export async function driveNode(o: DriveOptions): Promise<DriveReport> {
  const say = o.log ?? (() => {});
  const nodeOps = [...o.keys.operators.keys()].sort();
  if (nodeOps.length === 0)
    throw new Error('the driver needs an operator key (--keys FILE or --key operator:<id>=TOKEN)');
  if (!(o.rate > 0)) throw new Error('--rate must be a positive number');
  const client = new NodeClient(o.target);
  const economy = createEconomy(o);
  const wallets = economy.wallets();
  const simOps = [...new Set(wallets.map((w) => w.operator))];
  const opOf = new Map(simOps.map((s, i) => [s, nodeOps[i % nodeOps.length]!]));
  const walletOp = new Map(wallets.map((w) => [w.wallet, opOf.get(w.operator)!]));
  const keyOf = (op: string) => o.keys.operators.get(op)!;
  const refused = new Map<string, number>();
  const refuse = (code: string) => refused.set(code, (refused.get(code) ?? 0) + 1);
  try {
    const cb = o.keys.central_bank;
    const issue = async (op: string, fen: number, n: number) => {
      if (cb === null) return false;
      await client.ok('POST', '/v1/issuances', cb, {
        id: `${o.tag}-issue-${op}-${n}`,
        operator_id: op,
        amount: amount(fen),
      });
      return true;
    };
    if (cb !== null) {
      for (const op of nodeOps) {
        const r = await client.call('POST', '/v1/operators', cb, { id: op, name: op.toUpperCase() });
        const exists = r.status === 409 && (r.body as { code?: string }).code === 'operator_exists';
        if ((r.status < 200 || r.status >= 300) && !exists) throw problem('POST', '/v1/operators', r);
        const need = wallets
          .filter((w) => opOf.get(w.operator) === op)
          .reduce((s, w) => s + w.initial_topup_fen, 0);
        await issue(op, need + DRIVE_TOP_UP_FEN, 0);
      }
    } else say('no central bank key: operators must exist and hold e-CNY in their vaults already');

    const ids = new Map<string, string>();
    const bar = o.onPhase?.('opening wallets', wallets.length);
    await pool(
      wallets,
      async (w: SimWallet) => {
        const op = opOf.get(w.operator)!;
        const opened = await client.ok('POST', '/v1/wallets', keyOf(op), {
          operator_id: op,
          kind: w.kind,
          ...(w.kind === 'personal' ? { category: w.category } : {}),
        });
        const id = opened.id as string;
        ids.set(w.wallet, id);
        if (w.initial_topup_fen > 0)
          await client.ok('POST', '/v1/exchanges', keyOf(op), {
            id: `${o.tag}-open-${w.wallet}`,
            wallet_id: id,
            direction: 'in',
            amount: amount(w.initial_topup_fen),
          });
      },
      (n) => bar?.update(n),
    );
    bar?.stop();

    const pay = o.onPhase?.('payments', o.transfers);
    let events = 0;
    let transfers = 0;
    let accepted = 0;
    let exchanges = 0;
    let issues = 1;
    const started = Date.now();
    const deadline = o.seconds === undefined ? Number.POSITIVE_INFINITY : started + o.seconds * 1000;
    const stream = economy.events();
    let carry = 0;
    let exhausted = false;
    for (let tick = 0; !exhausted && Date.now() < deadline; tick++) {
      carry += (o.rate * DRIVE_TICK_MS) / 1000;
      const take = Math.floor(carry);
      carry -= take;
      const tops: Array<{ op: string; body: Record<string, unknown> }> = [];
      const batches = new Map<string, Array<Record<string, unknown>>>();
      for (let i = 0; i < take; i++) {
        const next = stream.next();
        if (next.done === true) {
          exhausted = true;
          break;
        }
        events++;
        const e: SimEvent = next.value;
        if (e.kind === 'exchange_in') {
          const id = ids.get(e.wallet);
          if (id === undefined) continue;
          const op = walletOp.get(e.wallet)!;
          tops.push({
            op,
            body: {
              id: `${o.tag}-x${e.before_seq}-${e.wallet}`,
              wallet_id: id,
              direction: 'in',
              amount: amount(e.amount_fen),
            },
          });
          continue;
        }
        const from = ids.get(e.from);
        const to = ids.get(e.to);
        if (from === undefined || to === undefined) continue;
        const op = walletOp.get(e.from)!;
        const list = batches.get(op) ?? [];
        list.push({ id: `${o.tag}-${e.id}`, from, to, amount: amount(e.amount_fen) });
        batches.set(op, list);
      }
      // Top-ups first: the payments after them in the economy's order may need the money.
      await pool(
        tops,
        async (t) => {
          const r = await client.call('POST', '/v1/exchanges', keyOf(t.op), t.body);
          if (r.status < 300) exchanges++;
          else refuse(String((r.body as { code?: string }).code ?? r.status));
        },
        () => {},
      );
      const requests: Promise<void>[] = [];
      for (const [op, list] of batches)
        for (let i = 0; i < list.length; i += DRIVE_BATCH_MAX) {
          const chunk = list.slice(i, i + DRIVE_BATCH_MAX);
          requests.push(
            client.ok('POST', '/v1/transfers/batch', keyOf(op), { transfers: chunk }).then((b) => {
              for (const r of b.results as Array<{ status?: string; code?: string }>) {
                transfers++;
                if (r.code === undefined) accepted++;
                else refuse(r.code);
              }
            }),
          );
        }
      await Promise.all(requests);
      if ((refused.get('vault_insufficient') ?? 0) > 0 && cb !== null) {
        refused.delete('vault_insufficient');
        for (const op of nodeOps) await issue(op, DRIVE_TOP_UP_FEN, issues++);
      }
      pay?.update(transfers);
      const due = started + (tick + 1) * DRIVE_TICK_MS;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    pay?.stop();
    const seconds = (Date.now() - started) / 1000;
    return {
      operators: Object.fromEntries(opOf),
      wallets: wallets.length,
      events,
      transfers,
      accepted,
      refused: Object.fromEntries(refused),
      exchanges,
      seconds: Number(seconds.toFixed(1)),
      transfers_per_s: Math.round(transfers / Math.max(seconds, 0.001)),
    };
  } finally {
    client.close();
  }
}
