import { TongbaoError } from '../errors/index.ts';
import { AccountKind, AccountStatus, WALLET_KIND_CODES } from './accounts.ts';
import type {
  ChangeCategoryCommand,
  CloseWalletCommand,
  FreezeCommand,
  OpenWalletCommand,
  UnfreezeCommand,
} from './commands.ts';
import { checkFamilyCategory, checkSubWallet, joinFamily, refreshSubLimits, subWalletKey } from './family.ts';
import type { SubWalletRecord } from './payments-state.ts';
import { currencyIdx, operatorNum, walletNum } from './resolve.ts';
import type { LedgerState } from './state.ts';

export const FREEZE_REASON_MAX_LENGTH = 500;

export type AccountEventType = 'opened' | 'category_changed' | 'closed' | 'frozen' | 'unfrozen';

/** A change to a wallet's standing, stored with the batch so that its history is kept. */
export interface AccountEvent {
  readonly num: number;
  readonly ts: number;
  readonly type: AccountEventType;
  readonly details: Readonly<Record<string, string | number | null>>;
}

export function openWallet(
  state: LedgerState,
  cmd: OpenWalletCommand,
  ts: number,
  events: AccountEvent[],
): number {
  const op = operatorNum(state, cmd.operator_id);
  const kind = WALLET_KIND_CODES[cmd.kind];
  if (kind === undefined)
    throw new TongbaoError('wallet_kind_invalid', 'kind must be personal, corporate or merchant', 'kind');
  const personal = kind === AccountKind.personal;
  if (
    personal
      ? !(cmd.category >= 1 && cmd.category <= 4 && Number.isInteger(cmd.category))
      : cmd.category !== 0
  ) {
    throw new TongbaoError(
      'category_invalid',
      personal ? 'personal wallets need category 1-4' : 'only personal wallets have a category',
      'category',
    );
  }
  const ci = currencyIdx(state, cmd.currency);
  const parent = cmd.sub_wallet === undefined ? 0 : checkSubWallet(state, cmd, kind);
  const num = state.accounts.add(kind, cmd.category, op, ci, ts);
  if (cmd.sub_wallet !== undefined) {
    const record: SubWalletRecord = {
      key: subWalletKey(num),
      num,
      parent,
      label: cmd.sub_wallet.label,
      limits: { ...cmd.sub_wallet.limits },
    };
    joinFamily(state, record);
    state.payments.touch({ kind: 'sub_wallet', value: record });
  }
  events.push({
    num,
    ts,
    type: 'opened',
    details: {
      kind: cmd.kind,
      category: cmd.category || null,
      currency: cmd.currency,
      ...(parent === 0 ? {} : { parent }),
    },
  });
  return num;
}

export function changeCategory(
  state: LedgerState,
  cmd: ChangeCategoryCommand,
  ts: number,
  events: AccountEvent[],
): number {
  const num = walletNum(state, cmd.wallet_id, 'wallet_id');
  const a = state.accounts;
  if (a.kind[num] !== AccountKind.personal) {
    throw new TongbaoError('category_invalid', 'only personal wallets have a category', 'category');
  }
  if (!(Number.isInteger(cmd.category) && cmd.category >= 1 && cmd.category <= 4)) {
    throw new TongbaoError('category_invalid', 'category must be 1-4', 'category');
  }
  if (a.status[num] === AccountStatus.closed) throw new TongbaoError('wallet_closed', undefined, 'wallet_id');
  const from = a.category[num]!;
  if (from === cmd.category) return num;
  const family = a.family[num]!;
  if (family !== 0 && family !== num)
    throw new TongbaoError(
      'sub_wallet_invalid',
      "a sub-wallet has its parent's category: change the parent's",
      'category',
    );
  if (family === num) checkFamilyCategory(state, num, cmd.category);
  const cap = state.limitsFor(AccountKind.personal, cmd.category).balance_cap;
  if (a.balance[num]! + a.pending_in[num]! > cap) {
    throw new TongbaoError(
      'category_balance_exceeds_cap',
      `the balance exceeds the cap of category ${cmd.category}`,
      'category',
    );
  }
  a.category[num] = cmd.category;
  a.markDirty(num);
  for (const child of state.payments.children.get(num) ?? []) {
    a.category[child] = cmd.category;
    a.markDirty(child);
    events.push({
      num: child,
      ts,
      type: 'category_changed',
      details: { from, to: cmd.category, parent: num },
    });
  }
  if (family === num) refreshSubLimits(state, num);
  events.push({ num, ts, type: 'category_changed', details: { from, to: cmd.category } });
  return num;
}

export function closeWallet(
  state: LedgerState,
  cmd: CloseWalletCommand,
  ts: number,
  events: AccountEvent[],
): number {
  const num = walletNum(state, cmd.wallet_id, 'wallet_id');
  const a = state.accounts;
  const status = a.status[num];
  if (status === AccountStatus.closed)
    throw new TongbaoError('wallet_already_closed', undefined, 'wallet_id');
  if (status !== AccountStatus.active)
    throw new TongbaoError('wallet_frozen', 'a frozen wallet cannot be closed', 'wallet_id');
  if (a.balance[num] !== 0 || a.pending_out[num] !== 0 || a.pending_in[num] !== 0) {
    throw new TongbaoError(
      'wallet_not_empty',
      'exchange the balance out and settle pending transfers first',
      'wallet_id',
    );
  }
  if (
    state.payments.openByWallet.has(num) ||
    (state.payments.children.get(num) ?? []).some((c) => a.status[c] !== AccountStatus.closed)
  ) {
    throw new TongbaoError(
      'wallet_not_empty',
      'retire its hard wallets, close its open conditions, schedules and sub-wallets first',
      'wallet_id',
    );
  }
  a.status[num] = AccountStatus.closed;
  a.markDirty(num);
  events.push({ num, ts, type: 'closed', details: {} });
  return num;
}

export function freezeWallet(
  state: LedgerState,
  cmd: FreezeCommand,
  ts: number,
  events: AccountEvent[],
): number {
  const num = walletNum(state, cmd.wallet_id, 'wallet_id');
  const a = state.accounts;
  if (a.status[num] === AccountStatus.closed) throw new TongbaoError('wallet_closed', undefined, 'wallet_id');
  a.status[num] = cmd.mode === 'all' ? AccountStatus.frozen_all : AccountStatus.frozen_out;
  a.markDirty(num);
  events.push({
    num,
    ts,
    type: 'frozen',
    details: { mode: cmd.mode, reason: cmd.reason, reference: cmd.reference },
  });
  return num;
}

export function unfreezeWallet(
  state: LedgerState,
  cmd: UnfreezeCommand,
  ts: number,
  events: AccountEvent[],
): number {
  const num = walletNum(state, cmd.wallet_id, 'wallet_id');
  const a = state.accounts;
  const status = a.status[num];
  if (status === AccountStatus.closed) throw new TongbaoError('wallet_closed', undefined, 'wallet_id');
  if (status === AccountStatus.active) throw new TongbaoError('wallet_not_frozen', undefined, 'wallet_id');
  a.status[num] = AccountStatus.active;
  a.markDirty(num);
  events.push({ num, ts, type: 'unfrozen', details: { reason: cmd.reason } });
  return num;
}
