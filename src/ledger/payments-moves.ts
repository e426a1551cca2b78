import type { EntryKindCode } from './journal.ts';
import { checkCanHold, checkFunds } from './resolve.ts';
import type { LedgerState } from './state.ts';
import { makeRow, type Registrar, recordOf } from './transfers.ts';

/**
 * Checks what moving `amount` from `debit` to a wallet `credit` of another operator needs: the payee
 * operator's vault pays the payer operator's vault (the batch nets these into one settlement row per
 * pair of vaults, as for transfers), so each operator's books balance at every instant.
 */
export function checkSettlement(
  state: LedgerState,
  debit: number,
  credit: number,
  amount: number,
  field: string,
): void {
  const a = state.accounts;
  const from = a.operator[debit]!;
  const to = a.operator[credit]!;
  if (from === to) return;
  const ci = a.currency[debit]!;
  checkFunds(state, state.operators[to]!.vault[ci]!, amount, field);
  checkCanHold(state, state.operators[from]!.vault[ci]!, amount, field);
}

/** Emits one payments row (checked before), with its cross-operator settlement owed, and returns its seq. */
export function emitMove(
  state: LedgerState,
  kind: EntryKindCode,
  id: string,
  debit: number,
  credit: number,
  amount: number,
  memo: string | null,
  ts: number,
  registrar: Registrar,
): number {
  const a = state.accounts;
  const currency = state.config.currencies[a.currency[debit]!]!.code;
  const row = makeRow(state.nextSeq(), id, kind, 0, debit, credit, amount, currency, ts, 0, 0, memo, state);
  state.emit(row);
  registrar.register(recordOf(row, id), row.id_hash);
  const from = a.operator[debit]!;
  const to = a.operator[credit]!;
  if (from !== to) {
    const ci = a.currency[debit]!;
    state.oweSettlement(state.operators[to]!.vault[ci]!, state.operators[from]!.vault[ci]!, amount);
  }
  return row.seq;
}
