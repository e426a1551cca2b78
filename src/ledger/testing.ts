import { loadConfig, type NodeConfig, parseConfig } from '../config/index.ts';
import type { Command, CommandResult, TransferRecord } from './commands.ts';
import { type BatchOutput, Ledger } from './ledger.ts';
import type { KnownTransfers } from './resolve.ts';
import { accountId } from './views.ts';

/** Helpers for tests of the state machine: a ledger with a clock and one-command conveniences. */
export class LedgerHarness {
  readonly ledger: Ledger;
  now = Date.UTC(2026, 5, 1, 2, 0, 0);
  readonly outputs: BatchOutput[] = [];

  constructor(config: NodeConfig = loadConfig()) {
    this.ledger = new Ledger(config);
  }

  static withCurrencies(codes: string[]): LedgerHarness {
    const base = JSON.parse(JSON.stringify({ currencies: codes.map((code) => ({ code, minor_units: 2 })) }));
    const defaults = loadConfig();
    const personal = Object.fromEntries(
      ([1, 2, 3, 4] as const).map((c) => [c, limitsAsConfig(defaults.wallet_limits.personal[c])]),
    );
    return new LedgerHarness(parseConfig({ ...base, wallet_limits: { personal } }));
  }

  batch(commands: Command[], linked = false, known: KnownTransfers = new Map()): CommandResult[] {
    const out = this.ledger.applyBatch([{ commands, linked }], this.now, known);
    this.outputs.push(out);
    return out.results[0]!;
  }

  one(command: Command): CommandResult {
    return this.batch([command])[0]!;
  }

  ok<T>(command: Command): T {
    const result = this.one(command);
    if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
    return result.value as T;
  }

  code(command: Command): string {
    const result = this.one(command);
    return result.ok ? 'ok' : result.error.code;
  }

  operator(id: string, reserve = 1_000_000_000_00): void {
    this.ok({
      type: 'register_operator',
      id,
      name: id.toUpperCase(),
      issuance_quota: 500_000_000_00,
      reserve,
    });
  }

  wallet(
    operator: string,
    kind: 'personal' | 'corporate' | 'merchant' = 'personal',
    category = 2,
    currency = 'CNY',
  ): string {
    const { num } = this.ok<{ num: number }>({
      type: 'open_wallet',
      operator_id: operator,
      kind,
      category: kind === 'personal' ? category : 0,
      currency,
      holder: null,
    });
    return accountId(this.ledger.state, num);
  }

  private seq = 0;

  fund(wallet: string, amount: number): void {
    this.ok<TransferRecord>({
      type: 'exchange',
      id: `fund-${++this.seq}`,
      wallet_id: wallet,
      direction: 'in',
      amount,
    });
  }

  issue(operator: string, amount: number, currency = 'CNY'): void {
    this.ok<TransferRecord>({
      type: 'issue',
      id: `issue-${++this.seq}`,
      operator_id: operator,
      amount,
      currency,
    });
  }

  balance(wallet: string): number {
    const num = Number(wallet.slice(3, 15));
    return this.ledger.state.accounts.balance[num]!;
  }
}

function limitsAsConfig(l: {
  balance_cap: number;
  single_payment: number;
  daily_total: number;
  annual_total: number;
}) {
  const f = (v: number) => (Number.isFinite(v) ? (v / 100).toFixed(2) : null);
  return {
    balance_cap: f(l.balance_cap),
    single_payment: f(l.single_payment),
    daily_total: f(l.daily_total),
    annual_total: f(l.annual_total),
  };
}

export function transfer(
  id: string,
  from: string,
  to: string,
  amount: number,
  extra: Partial<Extract<Command, { type: 'transfer' }>> = {},
): Command {
  return {
    type: 'transfer',
    id,
    from,
    to,
    amount,
    currency: 'CNY',
    pending: false,
    timeout_s: 0,
    memo: null,
    ...extra,
  };
}
