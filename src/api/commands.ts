import type { NodeConfig } from '../config/index.ts';
import { TongbaoError } from '../errors/index.ts';
import type { Command, TransferCommand } from '../ledger/index.ts';
import { DEFAULT_CURRENCY, parseAmount } from '../money/index.ts';
import type {
  ExchangeCreate,
  IssuanceCreate,
  OperatorCreate,
  TransferCreate,
  WalletCreate,
} from './schemas.ts';

/** A field's path for errors: `amount`, or `transfers/3/amount` inside a batch. */
function fieldName(index: number, name: string): string {
  return index < 0 ? name : `transfers/${index}/${name}`;
}

/** Turns validated request bodies into ledger commands: the only place amounts are parsed from text. */
export class CommandBuilder {
  private readonly minorUnits = new Map<string, number>();

  constructor(private readonly config: NodeConfig) {
    for (const c of config.currencies) this.minorUnits.set(c.code, c.minor_units);
  }

  private units(currency: string, field: string): number {
    const units = this.minorUnits.get(currency);
    if (units === undefined)
      throw new TongbaoError('currency_unknown', `currency ${currency} is not configured`, field);
    return units;
  }

  private get home(): string {
    return this.config.currencies[0]?.code ?? DEFAULT_CURRENCY;
  }

  amount(text: string, currency: string, field: string): number {
    return parseAmount(text, this.units(currency, field), field);
  }

  /**
   * A transfer command from its request body. `index` is the transfer's place in a batch; field names
   * for errors (`transfers/3/amount`) are only built when there is an error, since this runs 8,190 times
   * per batch.
   */
  transfer(body: TransferCreate, index = -1): TransferCommand {
    const currency = body.currency ?? this.home;
    const units = this.minorUnits.get(currency);
    if (units === undefined)
      throw new TongbaoError(
        'currency_unknown',
        `currency ${currency} is not configured`,
        fieldName(index, 'currency'),
      );
    if (body.timeout_s !== undefined && body.pending !== true) {
      throw new TongbaoError(
        'timeout_invalid',
        'timeout_s is only valid with pending: true',
        fieldName(index, 'timeout_s'),
      );
    }
    let amount: number;
    try {
      amount = parseAmount(body.amount, units, 'amount');
    } catch (error) {
      if (index >= 0 && error instanceof TongbaoError)
        throw new TongbaoError(
          error.code,
          `${fieldName(index, 'amount')}${error.message.slice('amount'.length)}`,
          fieldName(index, 'amount'),
        );
      throw error;
    }
    return {
      type: 'transfer',
      id: body.id,
      from: body.from,
      to: body.to,
      amount,
      currency,
      pending: body.pending ?? false,
      timeout_s: body.timeout_s ?? 0,
      memo: body.memo ?? null,
    };
  }

  issuance(type: 'issue' | 'redeem', body: IssuanceCreate): Command {
    const currency = body.currency ?? this.home;
    return {
      type,
      id: body.id,
      operator_id: body.operator_id,
      amount: parseAmount(body.amount, this.units(currency, 'currency')),
      currency,
    };
  }

  exchange(body: ExchangeCreate, walletCurrency: string): Command {
    return {
      type: 'exchange',
      id: body.id,
      wallet_id: body.wallet_id,
      direction: body.direction,
      amount: parseAmount(body.amount, this.units(walletCurrency, 'wallet_id')),
    };
  }

  operator(body: OperatorCreate, generatedId: string): Command {
    const units = this.units(this.home, 'issuance_quota');
    return {
      type: 'register_operator',
      id: body.id ?? generatedId,
      name: body.name,
      issuance_quota:
        body.issuance_quota === undefined
          ? this.config.operators.default_issuance_quota_fen
          : parseAmount(body.issuance_quota, units, 'issuance_quota'),
      reserve:
        body.reserve === undefined
          ? this.config.operators.default_reserve_fen
          : parseAmount(body.reserve, units, 'reserve'),
    };
  }

  wallet(body: WalletCreate, holder: string | null): Command {
    const currency = body.currency ?? this.home;
    this.units(currency, 'currency');
    if (body.kind === 'personal' && body.category === undefined) {
      throw new TongbaoError('category_invalid', 'personal wallets need a category 1-4', 'category');
    }
    if (body.kind !== 'personal' && body.category !== undefined) {
      throw new TongbaoError('category_invalid', 'only personal wallets have a category', 'category');
    }
    return {
      type: 'open_wallet',
      operator_id: body.operator_id,
      kind: body.kind,
      category: body.category ?? 0,
      currency,
      holder,
    };
  }
}
