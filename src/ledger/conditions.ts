import { TongbaoError } from '../errors/index.ts';
import { AccountKind, isWalletKind } from './accounts.ts';
import { compileRule, evaluateRule, ruleTimes, ruleWallets } from './condition-rule.ts';
import { checkInflow, checkOutflow } from './family.ts';
import { EntryKind } from './journal.ts';
import type { ConditionActionCommand, CreateConditionCommand, PaymentValue } from './payment-commands.ts';
import { checkSettlement, emitMove } from './payments-moves.ts';
import {
  CONDITION_HISTORY_MAX,
  CONDITIONS_MAX,
  type ConditionEvent,
  type ConditionRecord,
  type ConditionStatus,
} from './payments-state.ts';
import {
  checkCanPay,
  checkCanReceive,
  checkFunds,
  currencyIdx,
  findExisting,
  type KnownTransfers,
  walletNum,
} from './resolve.ts';
import type { LedgerState } from './state.ts';
import type { Registrar } from './transfers.ts';

/**
 * Programmable money as restricted, declarative conditions. The funds of a condition sit in an account
 * of their own (kind conditional) that only the condition moves:
 * - escrow: released in full to the payee when its rule holds (approvals, dates), else back to the
 *   payer at the deadline; the payee may give it back early.
 * - prepaid: a customer's prepayment held in custody, released to the merchant per service the
 *   customer confirms; what is left goes back to the customer if either cancels or at the deadline.
 * - grant: purpose-bound funds the beneficiary may spend only at merchants of the given categories or
 *   regions until the deadline; the remainder then returns to the issuer by itself.
 */
export const CONDITION_TERM_MS_MAX = 366 * 24 * 3600 * 1000;
export const CONDITION_CODES_MAX = 32;
const MCC = /^[0-9]{4}$/;
const REGION = /^[0-9]{2,6}$/;

export const conditionKey = (id: string) => `condition/${id}`;

function conditionOf(state: LedgerState, id: string): ConditionRecord {
  const c = state.payments.conditions.get(conditionKey(id));
  if (c === undefined) throw new TongbaoError('condition_not_found', `no condition ${id}`, 'condition');
  return c;
}

function invalid(detail: string, field: string): TongbaoError {
  return new TongbaoError('condition_invalid', detail, field);
}

export function createCondition(
  state: LedgerState,
  cmd: CreateConditionCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): PaymentValue {
  const p = state.payments;
  const key = conditionKey(cmd.id);
  const from = walletNum(state, cmd.from, 'from');
  const to = walletNum(state, cmd.to, 'to');
  const existing = p.conditions.get(key);
  if (existing !== undefined || findExisting(state, cmd.id, known) !== undefined) {
    if (
      existing?.kind === cmd.kind &&
      existing.from === from &&
      existing.to === to &&
      existing.amount === cmd.amount
    )
      return { payment: 'condition', key, row_seq: null, replayed: true };
    throw new TongbaoError('id_conflict', `id ${cmd.id} was already used with a different body`, 'id');
  }
  if (from === to) throw new TongbaoError('same_account', 'from and to are the same wallet', 'to');
  const a = state.accounts;
  const ci = currencyIdx(state, cmd.currency);
  if (a.currency[from] !== ci || a.currency[to] !== ci)
    throw new TongbaoError('currency_mismatch', `both wallets must be in ${cmd.currency}`, 'currency');
  if (
    !(Number.isSafeInteger(cmd.deadline) && cmd.deadline > ts && cmd.deadline - ts <= CONDITION_TERM_MS_MAX)
  )
    throw invalid('the deadline must be in the future, within 366 days', 'deadline');
  let rule = null;
  if (cmd.kind === 'escrow') {
    if (cmd.release === null) throw invalid('an escrow needs a release rule', 'release');
    rule = compileRule(cmd.release, (id, field) => walletNum(state, id, field), ts, cmd.deadline);
  } else if (cmd.release !== null) throw invalid(`a ${cmd.kind} has no release rule`, 'release');
  if (cmd.kind !== 'prepaid' && cmd.unit_amount !== 0)
    throw invalid('only prepaid funds have a unit amount', 'unit_amount');
  if (
    cmd.kind === 'prepaid' &&
    !(Number.isSafeInteger(cmd.unit_amount) && cmd.unit_amount >= 0 && cmd.unit_amount <= cmd.amount)
  )
    throw invalid('unit_amount is at most the amount', 'unit_amount');
  if (cmd.kind === 'grant') {
    if (cmd.mcc.length === 0 && cmd.regions.length === 0)
      throw invalid('a grant names the merchant categories or regions it may be spent at', 'mcc');
    if (cmd.mcc.length > CONDITION_CODES_MAX || cmd.mcc.some((m) => !MCC.test(m)))
      throw invalid(`mcc holds up to ${CONDITION_CODES_MAX} four-digit codes`, 'mcc');
    if (cmd.regions.length > CONDITION_CODES_MAX || cmd.regions.some((r) => !REGION.test(r)))
      throw invalid(`regions holds up to ${CONDITION_CODES_MAX} codes of 2-6 digits`, 'regions');
  } else if (cmd.mcc.length > 0 || cmd.regions.length > 0)
    throw invalid('only grants are restricted to merchant categories or regions', 'mcc');
  if (cmd.kind === 'prepaid' && a.kind[to] !== AccountKind.merchant && a.kind[to] !== AccountKind.corporate)
    throw invalid('prepaid funds are held for a merchant or corporate wallet', 'to');
  checkCanPay(state, from, 'from');
  checkCanReceive(state, to, 'to');
  checkOutflow(state, from, 0, cmd.amount, ts);
  checkFunds(state, from, cmd.amount, 'amount');
  if (p.conditions.size >= CONDITIONS_MAX)
    throw new TongbaoError('payments_limit_reached', `at most ${CONDITIONS_MAX} conditions`);
  const num = a.add(AccountKind.conditional, 0, a.operator[from]!, ci, ts);
  const seq = emitMove(
    state,
    EntryKind.condition_lock,
    cmd.id,
    from,
    num,
    cmd.amount,
    cmd.memo,
    ts,
    registrar,
  );
  const c: ConditionRecord = {
    key,
    id: cmd.id,
    kind: cmd.kind,
    num,
    from,
    to,
    amount: cmd.amount,
    currency: cmd.currency,
    created_ts: ts,
    deadline: cmd.deadline,
    rule,
    unit_amount: cmd.unit_amount,
    mcc: [...cmd.mcc],
    regions: [...cmd.regions],
    memo: cmd.memo,
    status: 'open',
    released: 0,
    returned: 0,
    closed_ts: 0,
    approvals: [],
    history: [{ ts, type: 'created', by: from, amount: cmd.amount, to: 0, seq }],
    moves: 0,
  };
  indexCondition(state, c);
  p.touch({ kind: 'condition', value: c });
  return { payment: 'condition', key, row_seq: seq, replayed: false };
}

/** Adds a condition to the indexes and, while open, its deadline and dates to the timed work. */
export function indexCondition(state: LedgerState, c: ConditionRecord): void {
  const p = state.payments;
  p.conditions.set(c.key, c);
  // On restore the stored owner is already set: it is kept, so checkInvariants compares the two.
  if (state.accounts.owner[c.num] === 0) state.accounts.owner[c.num] = c.from;
  p.addIndex(p.conditionsByWallet, c.from, c.key);
  p.addIndex(p.conditionsByWallet, c.to, c.key);
  if (c.status !== 'open') return;
  p.adjustOpen(c.from, 1);
  p.adjustOpen(c.to, 1);
  p.due.push({ at: c.deadline, key: c.key });
  if (c.rule !== null) for (const at of ruleTimes(c.rule)) p.due.push({ at, key: c.key });
}

const remaining = (c: ConditionRecord) => c.amount - c.released - c.returned;

function note(state: LedgerState, c: ConditionRecord, event: ConditionEvent): void {
  c.history.push(event);
  if (c.history.length > CONDITION_HISTORY_MAX) c.history.splice(1, 1);
  state.payments.touch({ kind: 'condition', value: c });
}

function close(state: LedgerState, c: ConditionRecord, status: ConditionStatus, ts: number): void {
  c.status = status;
  c.closed_ts = ts;
  state.payments.adjustOpen(c.from, -1);
  state.payments.adjustOpen(c.to, -1);
}

/** Pays `amount` out of the condition to `payee` (checked first, so a refusal leaves nothing). */
function release(
  state: LedgerState,
  c: ConditionRecord,
  payee: number,
  amount: number,
  id: string,
  by: number,
  ts: number,
  registrar: Registrar,
  type: ConditionEvent['type'],
): number {
  checkCanReceive(state, payee, 'to');
  checkInflow(state, c.num, payee, amount, 'to');
  checkSettlement(state, c.num, payee, amount, 'to');
  c.moves += 1;
  const seq = emitMove(state, EntryKind.condition_release, id, c.num, payee, amount, c.memo, ts, registrar);
  c.released += amount;
  note(state, c, { ts, type, by, amount, to: payee, seq });
  if (remaining(c) === 0) close(state, c, 'released', ts);
  return seq;
}

/**
 * Gives what is left back to where it came from. Like a void, a return is refused by nothing (not
 * the balance cap, not a freeze): the funds were the payer's, and a deadline must always complete.
 */
function giveBack(
  state: LedgerState,
  c: ConditionRecord,
  status: ConditionStatus,
  id: string,
  by: number,
  ts: number,
  registrar: Registrar,
): number | null {
  const left = remaining(c);
  let seq: number | null = null;
  if (left > 0) {
    c.moves += 1;
    seq = emitMove(state, EntryKind.condition_return, id, c.num, c.from, left, c.memo, ts, registrar);
    c.returned += left;
  }
  note(state, c, {
    ts,
    type: status === 'expired' ? 'expired' : status === 'cancelled' ? 'cancelled' : 'returned',
    by,
    amount: left,
    to: c.from,
    seq: seq ?? 0,
  });
  close(state, c, status, ts);
  return seq;
}

/** A derived row id for what the node does by itself (not a client id: `/` is refused there). */
const derivedId = (c: ConditionRecord) => `cnd/${c.id}/${c.moves + 1}`;

export function conditionAction(
  state: LedgerState,
  cmd: ConditionActionCommand,
  ts: number,
  known: KnownTransfers,
  registrar: Registrar,
): PaymentValue {
  const c = conditionOf(state, cmd.condition);
  const by = walletNum(state, cmd.by, 'by');
  const done = (seq: number | null, replayed = false): PaymentValue => ({
    payment: 'condition',
    key: c.key,
    row_seq: seq,
    replayed,
  });
  const existing = findExisting(state, cmd.id, known);
  if (existing !== undefined) {
    // Only a release or return of this condition (its account is the debit) answers a repeated action.
    if (existing.debit !== c.num)
      throw new TongbaoError('id_conflict', `id ${cmd.id} was already used for something else`, 'id');
    return done(existing.seq, true);
  }
  if (cmd.action === 'approve' && c.approvals.includes(by)) return done(null, true);
  if (c.status !== 'open')
    throw new TongbaoError('condition_closed', `condition ${c.id} is ${c.status}`, 'condition');
  const notParty = () =>
    new TongbaoError('condition_not_party', `this wallet may not ${cmd.action} condition ${c.id}`, 'by');
  const wrongKind = () =>
    new TongbaoError('condition_action_invalid', `a ${c.kind} cannot be asked to ${cmd.action}`, 'action');
  const amountOr = (fallback: number): number => {
    const amount = cmd.amount ?? fallback;
    if (!(Number.isSafeInteger(amount) && amount > 0))
      throw new TongbaoError('condition_action_invalid', 'name the amount', 'amount');
    if (amount > remaining(c))
      throw new TongbaoError(
        'condition_funds_insufficient',
        `the condition holds ${(remaining(c) / 100).toFixed(2)}`,
        'amount',
      );
    return amount;
  };
  switch (cmd.action) {
    case 'approve': {
      if (c.kind !== 'escrow') throw wrongKind();
      if (!ruleWallets(c.rule!).includes(by)) throw notParty();
      const approvals = [...c.approvals, by];
      if (evaluateRule(c.rule!, approvals, ts)) {
        c.approvals = approvals;
        return done(release(state, c, c.to, remaining(c), cmd.id, by, ts, registrar, 'released'));
      }
      c.approvals = approvals;
      note(state, c, { ts, type: 'approved', by, amount: 0, to: 0, seq: 0 });
      return done(null);
    }
    case 'release': {
      if (c.kind !== 'prepaid') throw wrongKind();
      if (by !== c.from) throw notParty();
      return done(release(state, c, c.to, amountOr(c.unit_amount), cmd.id, by, ts, registrar, 'released'));
    }
    case 'spend': {
      if (c.kind !== 'grant') throw wrongKind();
      if (by !== c.to) throw notParty();
      if (cmd.to === null) throw new TongbaoError('condition_action_invalid', 'name the merchant paid', 'to');
      const merchant = walletNum(state, cmd.to, 'to');
      checkAllowed(state, c, merchant);
      return done(release(state, c, merchant, amountOr(0), cmd.id, by, ts, registrar, 'spent'));
    }
    case 'cancel': {
      const may =
        c.kind === 'escrow'
          ? by === c.to
          : c.kind === 'prepaid'
            ? by === c.from || by === c.to
            : by === c.from;
      if (!may) throw notParty();
      return done(giveBack(state, c, 'cancelled', cmd.id, by, ts, registrar));
    }
  }
}

/** A grant may be spent only at a merchant whose profile matches its categories or regions. */
function checkAllowed(state: LedgerState, c: ConditionRecord, merchant: number): void {
  if (!isWalletKind(state.accounts.kind[merchant]!) || merchant === c.from || merchant === c.to)
    throw new TongbaoError('condition_not_allowed', 'pay a merchant with these funds', 'to');
  const profile = state.payments.merchants.get(merchant);
  if (profile === undefined)
    throw new TongbaoError(
      'condition_not_allowed',
      'the payee has no merchant profile (category and region)',
      'to',
    );
  const mccOk = c.mcc.length === 0 || c.mcc.includes(profile.mcc);
  const regionOk = c.regions.length === 0 || c.regions.some((r) => profile.region.startsWith(r));
  if (!mccOk || !regionOk)
    throw new TongbaoError(
      'condition_not_allowed',
      `these funds may be spent only at ${c.mcc.length > 0 ? `categories ${c.mcc.join(', ')}` : ''}${c.mcc.length > 0 && c.regions.length > 0 ? ' in ' : ''}${c.regions.length > 0 ? `regions ${c.regions.join(', ')}` : ''}`,
      'to',
    );
}

/** Timed work of a condition: a date in its rule (release if the rule now holds) or its deadline. */
export function conditionDue(state: LedgerState, key: string, ts: number, registrar: Registrar): void {
  const c = state.payments.conditions.get(key);
  if (c === undefined || c.status !== 'open') return;
  if (ts >= c.deadline) {
    giveBack(state, c, 'expired', derivedId(c), 0, ts, registrar);
    return;
  }
  if (c.rule !== null && evaluateRule(c.rule, c.approvals, ts)) {
    try {
      release(state, c, c.to, remaining(c), derivedId(c), 0, ts, registrar, 'released');
    } catch (error) {
      // The payee cannot take it now (frozen, closed to payments, cap): the deadline returns it.
      if (!(error instanceof TongbaoError)) throw error;
    }
  }
}
