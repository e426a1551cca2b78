import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/index.ts';
import { accountId, BATCH_COMMANDS_MAX, type Command, type CommandResult } from '../ledger/index.ts';
import { seedPaymentsDemo } from '../payments/demo.ts';
import { createEconomy, type Economy, type SimEvent } from '../sim/index.ts';
import { progress } from './progress.ts';

/** The demo economy: sized for a laptop, a few minutes to seed, a light stream of payments after. */
export const DEMO_TRANSFERS_PER_RUN = 160_000;
export const DEMO_DAYS = 14;
export const DEMO_OPERATORS = 3;
export const DEMO_LAUNDERING_RATE = 0.004;
/**
 * Laundering may start after this much simulated time (about half a minute of the stream at the
 * default rate) instead of the simulator's usual fifth of the span, so the console shows alerts within
 * the first minutes of `npm start`.
 */
export const DEMO_WARMUP_DAYS = 0.05;
export const DEMO_RATE_PER_S = 20;
/** Payments sent per tick of the stream. */
export const DEMO_TICK_MS = 250;
/** e-CNY an operator asks the central bank for whenever its vault runs low. */
export const DEMO_TOP_UP_FEN = 50_000_000_00;
export const DEMO_STATE_FILE = 'demo.json';

const OPERATOR_NAMES: Readonly<Record<string, string>> = {
  icbc: '中国工商银行 Industrial and Commercial Bank of China',
  ccb: '中国建设银行 China Construction Bank',
  abc: '中国农业银行 Agricultural Bank of China',
  boc: '中国银行 Bank of China',
  psbc: '中国邮政储蓄银行 Postal Savings Bank of China',
  bocom: '交通银行 Bank of Communications',
  webank: '微众银行 WeBank',
  mybank: '网商银行 MYbank',
  cmb: '招商银行 China Merchants Bank',
  cib: '兴业银行 Industrial Bank',
};

interface DemoState {
  readonly seed: number;
  /** Simulator wallet id -> node wallet id. */
  readonly wallets: Record<string, string>;
  /** Events of the current run already sent. */
  sent: number;
  run: number;
}

export interface DemoStats {
  sent: number;
  accepted: number;
  refused: Map<string, number>;
}

function saveState(dir: string, state: DemoState): void {
  const path = join(dir, DEMO_STATE_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state));
  renameSync(`${path}.tmp`, path);
}

async function submitAll(engine: Engine, commands: Command[]): Promise<CommandResult[]> {
  const out: CommandResult[] = [];
  for (let i = 0; i < commands.length; i += BATCH_COMMANDS_MAX)
    out.push(...(await engine.submit(commands.slice(i, i + BATCH_COMMANDS_MAX))));
  return out;
}

function economyFor(seed: number): Economy {
  return createEconomy({
    seed,
    transfers: DEMO_TRANSFERS_PER_RUN,
    days: DEMO_DAYS,
    operators: DEMO_OPERATORS,
    laundering_rate: DEMO_LAUNDERING_RATE,
    warmup_days: DEMO_WARMUP_DAYS,
  });
}

/** Registers the operators, opens and funds the simulator's wallets, and records the mapping. */
async function seedDemo(
  engine: Engine,
  dir: string,
  seed: number,
  say: (l: string) => void,
): Promise<DemoState> {
  const economy = economyFor(seed);
  const wallets = economy.wallets();
  const operators = [...new Set(wallets.map((w) => w.operator))];
  say(
    `seeding the demo economy: the central bank, ${operators.length} operators (${operators.join(', ')}), ${wallets.length} wallets`,
  );
  const total = wallets.reduce((s, w) => s + w.initial_topup_fen, 0);
  await submitAll(
    engine,
    operators.map((id) => ({
      type: 'register_operator',
      id,
      name: OPERATOR_NAMES[id] ?? id.toUpperCase(),
      issuance_quota: 100_000_000_000_00,
      reserve: 100_000_000_000_00,
    })),
  );
  await submitAll(
    engine,
    operators.map((id) => ({
      type: 'issue',
      id: `demo-issue-${id}-0`,
      operator_id: id,
      amount: total + DEMO_TOP_UP_FEN,
      currency: 'CNY',
    })),
  );
  const map: Record<string, string> = {};
  const bar = progress('opening wallets', wallets.length);
  for (let i = 0; i < wallets.length; i += BATCH_COMMANDS_MAX) {
    const chunk = wallets.slice(i, i + BATCH_COMMANDS_MAX);
    const opened = await submitAll(
      engine,
      chunk.map((w) => ({
        type: 'open_wallet',
        operator_id: w.operator,
        kind: w.kind,
        category: w.category ?? 0,
        currency: 'CNY',
        holder: null,
      })),
    );
    const funding: Command[] = [];
    chunk.forEach((w, k) => {
      const r = opened[k]!;
      if (!r.ok) throw new Error(`demo wallet refused: ${r.error.code}`);
      const id = accountId(engine.state, (r.value as { num: number }).num);
      map[w.wallet] = id;
      if (w.initial_topup_fen > 0)
        funding.push({
          type: 'exchange',
          id: `demo-open-${w.wallet}`,
          wallet_id: id,
          direction: 'in',
          amount: w.initial_topup_fen,
        });
    });
    await submitAll(engine, funding);
    bar.update(Math.min(i + BATCH_COMMANDS_MAX, wallets.length));
  }
  bar.stop();
  await seedPaymentsDemo(engine, Object.values(map), Date.now(), say);
  const state: DemoState = { seed, wallets: map, sent: 0, run: 0 };
  saveState(dir, state);
  return state;
}

function toCommand(e: SimEvent, wallets: Record<string, string>, tag: string): Command | null {
  if (e.kind === 'exchange_in') {
    const wallet = wallets[e.wallet];
    return wallet === undefined
      ? null
      : {
          type: 'exchange',
          id: `${tag}x${e.before_seq}-${e.wallet}`,
          wallet_id: wallet,
          direction: 'in',
          amount: e.amount_fen,
        };
  }
  const from = wallets[e.from];
  const to = wallets[e.to];
  if (from === undefined || to === undefined) return null;
  return {
    type: 'transfer',
    id: `${tag}${e.id}`,
    from,
    to,
    amount: e.amount_fen,
    currency: 'CNY',
    pending: false,
    timeout_s: 0,
    memo: null,
  };
}

/**
 * Starts the demo on a running engine: seeds the economy the first time (or resumes it), then replays
 * the simulator's events at `rate` per second until stop() is called.
 */
export async function runDemo(
  engine: Engine,
  dir: string,
  rate: number,
  say: (l: string) => void,
): Promise<{ stats: DemoStats; stop: () => void }> {
  const path = join(dir, DEMO_STATE_FILE);
  let state: DemoState;
  if (existsSync(path)) {
    state = JSON.parse(readFileSync(path, 'utf8')) as DemoState;
    say(
      `resuming the demo economy (${Object.keys(state.wallets).length} wallets, run ${state.run}, ${state.sent} events sent)`,
    );
  } else if (engine.state.operators.length > 1) {
    throw new Error(`${dir} holds books that are not a demo's; use \`tongbao serve\` for them`);
  } else {
    state = await seedDemo(engine, dir, 20_261_123, say);
  }
  const stats: DemoStats = { sent: 0, accepted: 0, refused: new Map() };
  let events = economyFor(state.seed + state.run).events();
  for (let skipped = 0; skipped < state.sent; skipped += 1) if (events.next().done === true) break;
  let stopped = false;
  let carry = 0;
  const tick = async () => {
    carry += (rate * DEMO_TICK_MS) / 1000;
    const commands: Command[] = [];
    while (carry >= 1) {
      carry -= 1;
      let next = events.next();
      if (next.done === true) {
        // One simulated fortnight is over: start the next with fresh ids and the same wallets.
        state.run += 1;
        state.sent = 0;
        events = economyFor(state.seed + state.run).events();
        next = events.next();
        if (next.done === true) return;
      }
      state.sent += 1;
      const cmd = toCommand(next.value, state.wallets, `demo-r${state.run}-`);
      if (cmd !== null) commands.push(cmd);
    }
    if (commands.length === 0) return;
    const results = await engine.submit(commands);
    for (const r of results) {
      stats.sent += 1;
      if (r.ok) stats.accepted += 1;
      else stats.refused.set(r.error.code, (stats.refused.get(r.error.code) ?? 0) + 1);
    }
    if (results.some((r) => !r.ok && r.error.code === 'vault_insufficient')) await refill(engine);
  };
  const loop = async () => {
    while (!stopped) {
      const started = Date.now();
      await tick().catch((error: unknown) => say(`demo payments paused: ${String(error)}`));
      saveState(dir, state);
      await new Promise((r) => setTimeout(r, Math.max(0, DEMO_TICK_MS - (Date.now() - started))));
    }
  };
  void loop();
  return {
    stats,
    stop: () => {
      stopped = true;
      saveState(dir, state);
    },
  };
}

/** The operators ask the central bank for more e-CNY when a vault runs low, as a treasury desk would. */
async function refill(engine: Engine): Promise<void> {
  const commands: Command[] = engine.state.operators.flatMap((op, i) =>
    op === undefined
      ? []
      : [
          {
            type: 'issue',
            id: `demo-issue-${op.id}-${Date.now()}-${i}`,
            operator_id: op.id,
            amount: DEMO_TOP_UP_FEN,
            currency: 'CNY',
          } as Command,
        ],
  );
  await engine.submit(commands);
}
