import { TongbaoError } from '../errors/index.ts';
import { AccountKind } from './accounts.ts';
import type { ExchangeCommand, IssueCommand, RegisterOperatorCommand, TransferRecord } from './commands.ts';
import { checkInflow } from './family.ts';
import { EntryKind } from './journal.ts';
import {
  checkCanHold,
  checkCanPay,
  checkCanReceive,
  checkFunds,
  currencyIdx,
  findExisting,
  type KnownTransfers,
  operatorNum,
  walletNum,
} from './resolve.ts';
import type { LedgerState, OperatorState } from './state.ts';
import { makeRow, type Registrar, recordOf, replayOrConflict } from './transfers.ts';

export const OPERATOR_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const OPERATOR_NAME_MAX_LENGTH = 120;

export interface OperatorCreated {
  readonly operator: OperatorState;
  readonly replayed: boolean;
}

/** Registers an operator with a reserve and a vault per currency, funding its reserve from the central bank. */
export function registerOperator(
  state: LedgerState,
  cmd: RegisterOperatorCommand,
  ts: number,
): OperatorCreated {
  if (!OPERATOR_ID_PATTERN.test(cmd.id)) {
    throw new TongbaoError(
      'id_invalid',
      'operator id must be 1-32 of a-z, 0-9 and -, starting with a letter or digit',
      'id',
    );
  }
  const existing = state.operatorByKey.get(cmd.id);
  if (existing !== undefined) {
    const op = state.operators[existing]!;
    if (op.name === cmd.name && op.issuance_quota === cmd.issuance_quota)
      return { operator: op, replayed: true };
    throw new TongbaoError('operator_exists', `operator ${cmd.id} already exists`, 'id');
  }
  const num = state.operators.length;
  if (num > state.config.operators.max_operators) {
    throw new TongbaoError(
      'operator_limit_reached',
      `at most ${state.config.operators.max_operators} operators`,
    );
  }
  const a = state.accounts;
  const op: OperatorState = {
    num,
    id: cmd.id,
    name: cmd.name,
    issuance_quota: cmd.issuance_quota,
    opened_ts: ts,
    reserve: [],
    vault: [],
    issued: [],
    redeemed: [],
  };
  state.config.currencies.forEach((currency, ci) => {
    if (state.centralBank[ci] === undefined)
      state.centralBank[ci] = a.add(AccountKind.central_bank, 0, 0, ci, ts);
    op.reserve.push(a.add(AccountKind.reserve, 0, num, ci, ts));
    op.vault.push(a.add(AccountKind.vault, 0, num, ci, ts));
    op.issued.push(0);
    op.redeemed.push(0);
    if (ci === 0 && cmd.reserve > 0) {
      const cb = state.centralBank[ci]!;
      state.emit(
        makeRow(
          state.nextSeq(),
          null,
          EntryKind.fund,
          0,
          cb,
          op.reserve[ci]!,
          cmd.reserve,
          currency.code,
          ts,
          0,
          0,
          null,
          state,
        ),
      );
    }
  });
  state.operators.push(op);
  state.operatorByKey.set(cmd.id, num);
  return { operator: op, replayed: false };
}

function sameMovement(
  existing: TransferRecord,
  kind: number,
  debit: number,
  credit: number,
  amount: number,
  currency: string,
) {
  return (
    existing.kind === kind &&
    existing.debit === debit &&
    existing.credit === credit &&
    existing.amount === amount &&
    existing.currency === currency
  );
}

/** Central bank <-> operator: issuance moves reserve to vault, redemption moves it back. */
export function applyIssue(
  state: LedgerState,
  cmd: IssueCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): TransferRecord {
  const opNum = operatorNum(state, cmd.operator_id);
  const ci = currencyIdx(state, cmd.currency);
  const op = state.operators[opNum]!;
  const reserve = op.reserve[ci]!;
  const vault = op.vault[ci]!;
  const kind = cmd.type === 'issue' ? EntryKind.issue : EntryKind.redeem;
  const [debit, credit] = cmd.type === 'issue' ? [reserve, vault] : [vault, reserve];
  const existing = findExisting(state, cmd.id, known);
  if (existing !== undefined) {
    return replayOrConflict(
      state,
      existing,
      sameMovement(existing, kind, debit, credit, cmd.amount, cmd.currency),
    );
  }
  if (cmd.type === 'issue') {
    const outstanding = op.issued[ci]! - op.redeemed[ci]!;
    if (outstanding + cmd.amount > op.issuance_quota) {
      throw new TongbaoError(
        'issuance_quota_exceeded',
        `operator ${op.id} may have at most its quota outstanding`,
        'amount',
      );
    }
  }
  checkFunds(state, debit, cmd.amount, 'amount');
  checkCanHold(state, credit, cmd.amount, 'amount');
  const row = makeRow(
    state.nextSeq(),
    cmd.id,
    kind,
    0,
    debit,
    credit,
    cmd.amount,
    cmd.currency,
    ts,
    0,
    0,
    null,
    state,
  );
  state.emit(row);
  const record = recordOf(row, cmd.id);
  registrar.register(record, row.id_hash);
  return record;
}

/** Operator <-> holder: deposits become e-CNY in the wallet (in) or go back to deposits (out). */
export function applyExchange(
  state: LedgerState,
  cmd: ExchangeCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): TransferRecord {
  const wallet = walletNum(state, cmd.wallet_id, 'wallet_id');
  const a = state.accounts;
  const ci = a.currency[wallet]!;
  const currency = state.config.currencies[ci]!.code;
  const vault = state.operators[a.operator[wallet]!]!.vault[ci]!;
  const kind = cmd.direction === 'in' ? EntryKind.exchange_in : EntryKind.exchange_out;
  const [debit, credit] = cmd.direction === 'in' ? [vault, wallet] : [wallet, vault];
  const existing = findExisting(state, cmd.id, known);
  if (existing !== undefined) {
    return replayOrConflict(
      state,
      existing,
      sameMovement(existing, kind, debit, credit, cmd.amount, currency),
    );
  }
  if (cmd.direction === 'in') {
    checkCanReceive(state, wallet, 'wallet_id');
    checkFunds(state, vault, cmd.amount, 'amount');
    checkInflow(state, vault, wallet, cmd.amount, 'amount');
  } else {
    checkCanPay(state, wallet, 'wallet_id');
    checkFunds(state, wallet, cmd.amount, 'amount');
    checkCanHold(state, vault, cmd.amount, 'amount');
  }
  const row = makeRow(
    state.nextSeq(),
    cmd.id,
    kind,
    0,
    debit,
    credit,
    cmd.amount,
    currency,
    ts,
    0,
    0,
    null,
    state,
  );
  state.emit(row);
  const record = recordOf(row, cmd.id);
  registrar.register(record, row.id_hash);
  return record;
}
