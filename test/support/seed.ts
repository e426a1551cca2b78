import type { Engine } from '../../src/engine/index.ts';
import { accountId, BATCH_COMMANDS_MAX, type Command, type CommandResult } from '../../src/ledger/index.ts';

export interface SeedOptions {
  readonly operators: readonly string[];
  readonly wallets: number;
  /** Balance each wallet receives, in fen. */
  readonly fund_fen: number;
  /** Category of the personal wallets (1 has no limits). */
  readonly category?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

async function run(engine: Engine, commands: Command[]): Promise<CommandResult[]> {
  const results: CommandResult[] = [];
  for (let i = 0; i < commands.length; i += BATCH_COMMANDS_MAX) {
    results.push(...(await engine.submit(commands.slice(i, i + BATCH_COMMANDS_MAX))));
  }
  for (const r of results)
    if (!r.ok) throw new Error(`seed command refused: ${r.error.code} ${r.error.message}`);
  return results;
}

/** Opens and funds wallets spread over operators, straight through the engine (fast, for tests and benchmarks). */
export async function seedWallets(engine: Engine, options: SeedOptions): Promise<string[]> {
  const { operators, wallets, fund_fen } = options;
  const perOperator = Math.ceil(wallets / operators.length) * fund_fen * 2;
  await run(
    engine,
    operators.map((id) => ({
      type: 'register_operator',
      id,
      name: id.toUpperCase(),
      issuance_quota: perOperator * 10,
      reserve: perOperator * 10,
    })),
  );
  await run(
    engine,
    operators.map((id, i) => ({
      type: 'issue',
      id: `seed-issue-${i}`,
      operator_id: id,
      amount: perOperator,
      currency: 'CNY',
    })),
  );
  const ids: string[] = [];
  for (let done = 0; done < wallets; done += BATCH_COMMANDS_MAX) {
    const n = Math.min(BATCH_COMMANDS_MAX, wallets - done);
    const opened = await run(
      engine,
      Array.from(
        { length: n },
        (_, i): Command => ({
          type: 'open_wallet',
          operator_id: operators[(done + i) % operators.length]!,
          kind: 'personal',
          category: options.category ?? 1,
          currency: 'CNY',
          holder: null,
        }),
      ),
    );
    const batch = opened.map((r) =>
      accountId(engine.state, (r as { ok: true; value: { num: number } }).value.num),
    );
    await run(
      engine,
      batch.map(
        (id, i): Command => ({
          type: 'exchange',
          id: `seed-fund-${done + i}`,
          wallet_id: id,
          direction: 'in',
          amount: fund_fen,
        }),
      ),
    );
    ids.push(...batch);
    options.onProgress?.(ids.length, wallets);
  }
  return ids;
}
