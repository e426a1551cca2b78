import { Accounts } from './accounts.ts';
import type { DatasetInstance } from './dataset-format.ts';
import type { EconomyState, RunSummary, SimEvent } from './economy.ts';
import type { RunningInstance, Step } from './instance.ts';
import { type Intent, IntentHeap, Purpose } from './intent.ts';
import { buildInstance } from './laundering.ts';
import { MAX_DURATION_MS } from './laundering-plan.ts';
import { firmsDay } from './legit-firms.ts';
import { dayRates, householdDay } from './legit-households.ts';
import { lookalikesDay } from './lookalikes.ts';
import { Prng } from './prng.ts';
import { Recruiter } from './recruiter.ts';
import { dayInfo, dayStartMs, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, shanghaiDay } from './time.ts';
import { PERSONAL } from './wallets.ts';

/** A laundering payment that cannot go through waits; after this many tries it is cut to fit. */
const POSTPONE_MAX = 40;
/** Mules are kept out of other instances this long after an instance's longest possible run. */
const BUSY_MARGIN_MS = 3 * MS_PER_DAY;
/** Personal wallets top up in whole hundreds of yuan, firms in whole thousands. */
const PERSONAL_TOPUP_UNIT_FEN = 10_000;
const FIRM_TOPUP_UNIT_FEN = 100_000;
/** If ordinary traffic has not reached its count by this many spans, the model is broken. */
const SPAN_OVERRUN_FACTOR = 4;

const OK = 0;
const NOT_OPEN = 1;
const LIMIT = 2;
const ROOM = 3;
const FUNDS = 4;

export function* runEconomy(state: EconomyState): Generator<SimEvent, RunSummary, undefined> {
  const { resolved, plan, population: pop } = state;
  const w = pop.wallets;
  const accounts = new Accounts(state.walletLimits);
  for (let i = 0; i < w.count; i += 1) if (w.initialFen[i]! > 0) accounts.deposit(i, w.initialFen[i]!);
  const revenue = new Float64Array(w.count);
  const heap = new IntentHeap();
  const out: SimEvent[] = [];
  const legitRng = Prng.stream(resolved.seed, 'legit');
  const launderRng = Prng.stream(resolved.seed, 'laundering');
  const recruiter = new Recruiter(pop, accounts, Prng.stream(resolved.seed, 'recruiter'));
  const buildCtx = { rng: launderRng, recruiter, reserved: (slot: number) => pop.reserved[slot]! };
  const awake = pop.households.flatMap((h, i) => (h.sleep === 'awake' ? [i] : []));
  const push = (it: Intent): void => heap.push(it);
  const seedTag = `s${resolved.seed}-`;

  let seq = 0;
  let legit = 0;
  let laundering = 0;
  let exchanges = 0;
  let skipped = 0;
  let dropped = 0;
  let pending = plan.transfers;
  let lastTs = resolved.startMs;
  const completed: DatasetInstance[] = [];
  let degraded = 0;

  const topupFor = (wallet: number, needAll: number, needAmount: number): number => {
    const room = accounts.room(wallet);
    const personal = w.kind[wallet] === PERSONAL;
    const unit = personal ? PERSONAL_TOPUP_UNIT_FEN : FIRM_TOPUP_UNIT_FEN;
    const h = pop.householdOf[wallet]!;
    const usual = h >= 0 ? pop.households[h]!.topupFen : 0;
    let topup = Math.ceil(Math.max(needAll, usual) / unit) * unit;
    if (topup > room) topup = Math.max(Math.ceil(needAmount / unit) * unit, Math.floor(room / unit) * unit);
    if (topup > room) topup = room;
    return topup;
  };

  const attempt = (
    from: number,
    to: number,
    amount: number,
    ts: number,
    prefund: number,
    instance: string | null,
  ) => {
    if (w.openedMs[from]! > ts || w.openedMs[to]! > ts) return NOT_OPEN;
    if (amount > accounts.payLimit(from, ts)) return LIMIT;
    if (amount > accounts.room(to)) return ROOM;
    const balance = accounts.balance[from]!;
    const needAll = Math.max(amount, prefund) - balance;
    if (needAll > 0) {
      const topup = topupFor(from, needAll, amount - balance);
      if (topup < amount - balance) return FUNDS;
      if (topup > 0) {
        accounts.deposit(from, topup);
        exchanges += 1;
        out.push({
          kind: 'exchange_in',
          ts_ms: ts,
          wallet: w.id(from),
          amount_fen: topup,
          before_seq: seq + 1,
        });
      }
    }
    accounts.transfer(from, to, amount, ts);
    seq += 1;
    revenue[to] = revenue[to]! + amount;
    lastTs = ts;
    out.push({
      kind: 'transfer',
      seq,
      id: `${seedTag}${seq}`,
      ts_ms: ts,
      from: w.id(from),
      to: w.id(to),
      amount_fen: amount,
      currency: resolved.currency,
      instance,
    });
    return OK;
  };

  const schedule = (step: Step, ts: number): void => {
    heap.push({
      ts,
      ord: 0,
      purpose: Purpose.Laundering,
      from: step.from,
      to: step.to,
      amount: step.amount,
      prefund: step.prefund,
      step,
      spec: -1,
    });
  };

  const finishStep = (step: Step, ts: number, done: boolean): void => {
    const inst = step.instance;
    inst.remaining -= 1;
    pending -= 1;
    if (done) {
      laundering += 1;
      if (inst.firstSeq < 0) inst.firstSeq = seq;
      inst.lastSeq = seq;
    }
    for (const next of step.next) {
      next.waiting -= 1;
      next.readyAt = Math.max(next.readyAt, ts);
      if (next.waiting === 0) schedule(next, next.readyAt + next.at);
    }
    if (inst.remaining === 0) {
      if (inst.degraded) degraded += 1;
      if (inst.firstSeq >= 0) completed.push(record(inst));
    }
  };

  const record = (inst: RunningInstance): DatasetInstance => ({
    instance: inst.spec.id,
    typology: inst.spec.typology,
    wallets: inst.wallets.map((x) => w.id(x)),
    first_seq: inst.firstSeq,
    last_seq: inst.lastSeq,
  });

  const runStep = (step: Step, ts: number): void => {
    const status = attempt(step.from, step.to, step.amount, ts, step.prefund, step.instance.spec.id);
    if (status === OK) {
      finishStep(step, ts, true);
      return;
    }
    step.postponed += 1;
    if (step.postponed > POSTPONE_MAX) {
      // Cut the payment to what limits allow now rather than lose the instance's shape.
      const fit = Math.min(step.amount, accounts.payLimit(step.from, ts), accounts.room(step.to));
      step.instance.degraded = true;
      if (fit > 0 && w.openedMs[step.to]! <= ts) {
        step.amount = Math.floor(fit);
        if (attempt(step.from, step.to, step.amount, ts, 0, step.instance.spec.id) === OK) {
          finishStep(step, ts, true);
          return;
        }
      }
      dropped += 1;
      finishStep(step, ts, false);
      return;
    }
    let next: number;
    if (status === NOT_OPEN)
      next = Math.max(w.openedMs[step.from]!, w.openedMs[step.to]!) + launderRng.int(10 * MS_PER_MINUTE);
    else if (status === LIMIT)
      next = dayStartMs(shanghaiDay(ts) + 1) + Math.floor(launderRng.uniform(7, 10) * MS_PER_HOUR);
    else next = ts + Math.floor(launderRng.uniform(1, 6) * MS_PER_HOUR);
    schedule(step, next);
  };

  let now = resolved.startMs;
  const execute = (it: Intent, legitOpen: boolean): void => {
    // Nothing happens in the past: an intent scheduled before the clock (a relay minutes before a
    // payment just after midnight) happens now.
    if (it.ts < now) it.ts = now;
    now = it.ts;
    if (it.purpose === Purpose.StartInstance) {
      const spec = plan.specs[it.spec]!;
      const built = buildInstance(spec, buildCtx);
      recruiter.claim(built.instance.wallets, spec.t0 + MAX_DURATION_MS[spec.typology] + BUSY_MARGIN_MS);
      for (const step of built.steps) if (step.waiting === 0) schedule(step, step.at);
      return;
    }
    if (it.step !== null) {
      runStep(it.step, it.ts);
      return;
    }
    if (!legitOpen) return;
    if (attempt(it.from, it.to, it.amount, it.ts, it.prefund, null) === OK) legit += 1;
    else skipped += 1;
  };

  plan.specs.forEach((spec, i) => {
    heap.push({
      ts: spec.t0,
      ord: 0,
      purpose: Purpose.StartInstance,
      from: -1,
      to: -1,
      amount: 0,
      prefund: 0,
      step: null,
      spec: i,
    });
  });
  const firstDay = shanghaiDay(resolved.startMs);
  const lastDay = firstDay + SPAN_OVERRUN_FACTOR * resolved.days + 30;
  let legitOpen = true;
  for (let day = firstDay; legitOpen || pending > 0; day += 1) {
    if (day > lastDay)
      throw new Error('the economy did not reach its transfer count; the model is miscalibrated');
    const start = dayStartMs(day);
    if (legitOpen) {
      const rates = dayRates(dayInfo(day), start);
      const hctx = { pop, rng: legitRng, push };
      for (const h of pop.households) householdDay(hctx, h, rates);
      firmsDay({ pop, rng: legitRng, revenue, push }, rates);
      lookalikesDay({ pop, rng: legitRng, awake, push }, rates);
    }
    const end = start + MS_PER_DAY;
    for (let top = heap.peek(); top !== undefined && top.ts < end; top = heap.peek()) {
      heap.pop();
      execute(top, legitOpen);
      if (out.length > 0) {
        for (const e of out) yield e;
        out.length = 0;
      }
      if (legitOpen && legit >= resolved.transfers - (plan.transfers - dropped)) legitOpen = false;
      if (!legitOpen && pending === 0) break;
    }
  }
  completed.sort((a, b) => (a.instance < b.instance ? -1 : 1));
  return {
    transfers: seq,
    laundering_transfers: laundering,
    exchanges,
    start_ms: resolved.startMs,
    end_ms: lastTs,
    instances: completed,
    degraded_instances: degraded,
    skipped,
  };
}
