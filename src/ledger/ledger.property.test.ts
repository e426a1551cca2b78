import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { loadConfig } from '../config/index.ts';
import { type AccountKindCode, isWalletKind } from './accounts.ts';
import { type CheckpointData, CheckpointTracker, type RestoredAccount, restoreState } from './checkpoint.ts';
import type { Command, TransferRecord } from './commands.ts';
import { EntryKind, type JournalRow } from './journal.ts';
import { Ledger } from './ledger.ts';
import type { LedgerState } from './state.ts';
import { LedgerHarness } from './testing.ts';
import { checkInvariants } from './views.ts';
import { formatWalletId } from './wallet-id.ts';

/**
 * Random sequences of every command against a small world, checking after each batch that money is
 * conserved, no wallet passes its limits, no balance goes below zero, repeats return the first result,
 * linked batches are all-or-nothing, holds are released once, and that replaying the emitted rows from
 * any checkpoint rebuilds exactly the same state (the pair assertion the store relies on).
 */
const config = loadConfig();
const WALLETS = 6;
const IDS = 40;

const amount = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 300_000 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      100_000,
      150_000,
      199_999,
      200_000,
      200_001,
      499_999,
      500_000,
      1_000_000,
      5_000_000,
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000_000_000 }) },
  { weight: 1, arbitrary: fc.constant(Number.MAX_SAFE_INTEGER) },
);
const walletIndex = fc.integer({ min: 0, max: WALLETS + 1 });
/** Payers lean towards the small-limit wallets so that daily and annual limits are reached often. */
const payerIndex = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 1) },
  { weight: 2, arbitrary: walletIndex },
);
const id = fc.integer({ min: 0, max: IDS - 1 }).map((n) => `id-${n}`);

type Step = { commands: Array<(w: string[]) => Command>; linked: boolean; advance_ms: number };

const transferGen = fc
  .record({
    id,
    from: payerIndex,
    to: walletIndex,
    amount,
    pending: fc.boolean(),
    timeout: fc.constantFrom(0, 0, 5, 60),
    memo: fc.constantFrom(null, 'rent'),
  })
  .map(
    (t) =>
      (w: string[]): Command => ({
        type: 'transfer',
        id: t.id,
        from: w[t.from]!,
        to: w[t.to]!,
        amount: t.amount,
        currency: 'CNY',
        pending: t.pending,
        timeout_s: t.pending ? t.timeout : 0,
        memo: t.memo,
      }),
  );

const otherGen = fc.oneof(
  fc
    .record({ id, amount: fc.option(amount, { nil: null }) })
    .map((p) => (): Command => ({ type: 'post', pending_id: p.id, amount: p.amount })),
  id.map((pid) => (): Command => ({ type: 'void', pending_id: pid })),
  fc.record({ id, w: walletIndex, dir: fc.constantFrom('in' as const, 'out' as const), amount }).map(
    (e) =>
      (w: string[]): Command => ({
        type: 'exchange',
        id: e.id,
        wallet_id: w[e.w]!,
        direction: e.dir,
        amount: e.amount,
      }),
  ),
  fc.record({ id, op: fc.constantFrom('a', 'b', 'zz'), redeem: fc.boolean(), amount }).map(
    (i) => (): Command => ({
      type: i.redeem ? 'redeem' : 'issue',
      id: i.id,
      operator_id: i.op,
      amount: i.amount,
      currency: 'CNY',
    }),
  ),
  fc.record({ w: walletIndex, mode: fc.constantFrom('out' as const, 'all' as const), un: fc.boolean() }).map(
    (f) =>
      (w: string[]): Command =>
        f.un
          ? { type: 'unfreeze', wallet_id: w[f.w]!, reason: 'r' }
          : { type: 'freeze', wallet_id: w[f.w]!, mode: f.mode, reason: 'r', reference: null },
  ),
  fc.record({ w: walletIndex, category: fc.integer({ min: 0, max: 5 }) }).map(
    (c) =>
      (w: string[]): Command => ({ type: 'change_category', wallet_id: w[c.w]!, category: c.category }),
  ),
  walletIndex.map(
    (i) =>
      (w: string[]): Command => ({ type: 'close_wallet', wallet_id: w[i]! }),
  ),
);

const stepGen: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      commands: fc.array(
        fc.oneof({ weight: 3, arbitrary: transferGen }, { weight: 2, arbitrary: otherGen }),
        { minLength: 0, maxLength: 6 },
      ),
      linked: fc.constant(false),
      advance_ms: fc.constantFrom(0, 0, 0, 1_000, 30_000, 3_600_000, 86_400_000),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      commands: fc.array(transferGen, { minLength: 1, maxLength: 4 }),
      linked: fc.constant(true),
      advance_ms: fc.constant(0),
    }),
  },
);

function world(): { h: LedgerHarness; wallets: string[] } {
  const h = new LedgerHarness(config);
  h.operator('a');
  h.operator('b');
  h.issue('a', 1_000_000_000);
  h.issue('b', 1_000_000_000);
  const wallets = [
    h.wallet('a', 'personal', 4),
    h.wallet('a', 'personal', 3),
    h.wallet('b', 'personal', 2),
    h.wallet('b', 'personal', 1),
    h.wallet('a', 'merchant'),
    h.wallet('b', 'corporate'),
    formatWalletId(1, 999_999),
    'not-a-wallet',
  ];
  h.fund(wallets[0]!, 1_000_000);
  h.fund(wallets[1]!, 2_000_000);
  h.fund(wallets[2]!, 20_000_000);
  h.fund(wallets[3]!, 20_000_000);
  h.fund(wallets[5]!, 50_000_000);
  return { h, wallets };
}

function fingerprint(state: LedgerState): string {
  const a = state.accounts;
  const parts: unknown[] = [state.lastSeq];
  for (let n = 1; n <= a.count; n += 1) {
    parts.push([
      a.balance[n],
      a.pending_out[n],
      a.pending_in[n],
      a.day_key[n],
      a.day_out[n],
      a.year_key[n],
      a.year_out[n],
      a.last_seq[n],
      a.status[n],
      a.category[n],
    ]);
  }
  parts.push(state.operators.map((op) => op && [op.issued, op.redeemed]));
  parts.push([...state.pendingBySeq.keys()].sort((x, y) => x - y));
  return JSON.stringify(parts);
}

/** Rebuilds a ledger from a checkpoint plus the rows after it, as the store's loader does. */
function rebuild(original: LedgerState, checkpoint: CheckpointData | null, rows: JournalRow[]): LedgerState {
  const fresh = new Ledger(config);
  const a = original.accounts;
  const snaps = new Map(checkpoint?.accounts.map((s) => [s.num, s]) ?? []);
  const accounts: RestoredAccount[] = [];
  for (let num = 1; num <= a.count; num += 1) {
    const s = snaps.get(num);
    accounts.push({
      num,
      kind: a.kind[num] as AccountKindCode,
      category: a.category[num]!,
      status: a.status[num]!,
      operator: a.operator[num]!,
      currency: a.currency[num]!,
      opened_ts: a.opened_ts[num]!,
      owner: a.owner[num]!,
      balance: s?.balance ?? 0,
      day_key: s?.day_key ?? 0,
      day_out: s?.day_out ?? 0,
      year_key: s?.year_key ?? 0,
      year_out: s?.year_out ?? 0,
      last_seq: s?.last_seq ?? 0,
    });
  }
  const counters = new Map(checkpoint?.operators.map((o) => [o.num, o]) ?? []);
  const operators = original.operators.flatMap((op) =>
    op === undefined
      ? []
      : [
          {
            ...op,
            issued: counters.get(op.num)?.issued ?? op.issued.map(() => 0),
            redeemed: counters.get(op.num)?.redeemed ?? op.redeemed.map(() => 0),
          },
        ],
  );
  restoreState(
    fresh.state,
    checkpoint?.seq ?? 0,
    checkpoint?.ts ?? 0,
    operators,
    accounts,
    checkpoint?.pending_added ?? [],
  );
  for (const row of rows) if (row.seq > (checkpoint?.seq ?? 0)) fresh.replayRow(row);
  return fresh.state;
}

describe('ledger properties', () => {
  test('random command sequences keep every invariant', () => {
    fc.assert(
      fc.property(
        fc.array(stepGen, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 39 }),
        (steps, checkpointAt) => {
          const { h, wallets } = world();
          const state = h.ledger.state;
          const accepted = new Map<string, { cmd: Command; record: TransferRecord }>();
          const categoryChangedDay = new Map<number, number>();
          const tracker = new CheckpointTracker();
          // The world's setup rows are part of the history a rebuild must replay.
          const rows: JournalRow[] = h.outputs.flatMap((o) => o.rows);
          const setupCheckpoint = tracker.take(state);
          let checkpoint: CheckpointData | null = null;
          let rowsAtCheckpoint = 0;
          steps.forEach((step, index) => {
            h.now += step.advance_ms;
            const commands = step.commands.map((make) => make(wallets));
            const before = fingerprint(state);
            const results = h.batch(commands, step.linked);
            rows.push(...h.outputs.at(-1)!.rows);
            expect(checkInvariants(state)).toEqual([]);
            if (step.linked && !results.every((r) => r.ok)) {
              expect(results.every((r) => !r.ok)).toBe(true);
              expect(fingerprint(state)).toBe(before);
            }
            results.forEach((r, i) => {
              const cmd = commands[i]!;
              if (cmd.type === 'change_category' && r.ok)
                categoryChangedDay.set(Number(cmd.wallet_id.slice(3, 15)), state.dayOf(h.now));
              if (!r.ok || !('id' in cmd) || cmd.type === 'register_operator') return;
              const record = r.value as TransferRecord;
              if (!record.replayed) accepted.set(cmd.id, { cmd, record });
              if (!record.replayed && cmd.type === 'transfer' && !categoryChangedDay.has(record.debit)) {
                expect(record.amount).toBeLessThanOrEqual(state.limitsOf(record.debit).single_payment);
              } else expect(record.seq).toBe(accepted.get(cmd.id)!.record.seq);
            });
            // Repeating an accepted command returns the first result and changes nothing.
            const [firstId] = accepted.keys();
            if (firstId !== undefined && index % 3 === 0) {
              const { cmd, record } = accepted.get(firstId)!;
              const snapshot = fingerprint(state);
              const again = h.batch([cmd])[0]!;
              rows.push(...h.outputs.at(-1)!.rows);
              expect(
                again.ok && (again.value as TransferRecord).replayed && (again.value as TransferRecord).seq,
              ).toBe(record.seq);
              if (h.outputs.at(-1)!.expired === 0) expect(fingerprint(state)).toBe(snapshot);
            }
            const a = state.accounts;
            for (let num = 1; num <= a.count; num += 1) {
              if (!isWalletKind(a.kind[num]!)) continue;
              const limits = state.limitsOf(num);
              expect(a.balance[num]).toBeGreaterThanOrEqual(0);
              expect(a.balance[num]! + a.pending_in[num]!).toBeLessThanOrEqual(limits.balance_cap);
              if (categoryChangedDay.get(num) === undefined) {
                expect(state.usedToday(num, h.now)).toBeLessThanOrEqual(limits.daily_total);
                expect(state.usedThisYear(num, h.now)).toBeLessThanOrEqual(limits.annual_total);
              }
            }
            if (index + 1 === checkpointAt) {
              checkpoint = tracker.take(state);
              rowsAtCheckpoint = rows.length;
            }
          });
          // Each hold is resolved at most once, and only holds are resolved.
          const pendingSeqs = new Set(rows.filter((r) => (r.flags & 1) !== 0).map((r) => r.seq));
          const resolved = rows
            .filter((r) => r.kind === EntryKind.post || r.kind === EntryKind.void)
            .map((r) => r.ref_seq);
          expect(new Set(resolved).size).toBe(resolved.length);
          for (const seq of resolved) expect(pendingSeqs.has(seq)).toBe(true);
          // Usage counters equal an independent model computed from the rows alone.
          const model = usageModel(state, rows);
          for (let num = 1; num <= state.accounts.count; num += 1) {
            if (!isWalletKind(state.accounts.kind[num]!)) continue;
            expect(state.usedToday(num, h.now)).toBe(model.get(`${num}:d${state.dayOf(h.now)}`) ?? 0);
            expect(state.usedThisYear(num, h.now)).toBe(model.get(`${num}:y${state.yearOf(h.now)}`) ?? 0);
          }
          // Rows are dense and strictly ordered.
          for (const [i, r] of rows.entries()) expect(r.seq).toBe(i + 1);
          // Replaying the rows from the setup checkpoint and from a later one rebuilds the same state.
          const all = fingerprint(state);
          expect(fingerprint(rebuild(state, null, rows))).toBe(all);
          expect(fingerprint(rebuild(state, setupCheckpoint, rows))).toBe(all);
          if (checkpoint !== null) {
            expect(rowsAtCheckpoint).toBeGreaterThan(0);
            expect(fingerprint(rebuild(state, mergeCheckpoints(setupCheckpoint, checkpoint), rows))).toBe(
              all,
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Payment usage per wallet and day/year: transfers count when made, holds give back what they did not move. */
function usageModel(state: LedgerState, rows: JournalRow[]): Map<string, number> {
  const usage = new Map<string, number>();
  const bySeq = new Map(rows.map((r) => [r.seq, r]));
  const add = (key: string, v: number) => usage.set(key, (usage.get(key) ?? 0) + v);
  for (const row of rows) {
    if (row.kind === EntryKind.transfer && isWalletKind(state.accounts.kind[row.debit]!)) {
      add(`${row.debit}:d${state.dayOf(row.ts)}`, row.amount);
      add(`${row.debit}:y${state.yearOf(row.ts)}`, row.amount);
    }
    if (row.kind === EntryKind.post || row.kind === EntryKind.void) {
      const hold = bySeq.get(row.ref_seq)!;
      if (hold.kind !== EntryKind.transfer) continue;
      const back = hold.amount - (row.kind === EntryKind.post ? row.amount : 0);
      if (state.dayOf(row.ts) === state.dayOf(hold.ts)) add(`${hold.debit}:d${state.dayOf(hold.ts)}`, -back);
      if (state.yearOf(row.ts) === state.yearOf(hold.ts))
        add(`${hold.debit}:y${state.yearOf(hold.ts)}`, -back);
    }
  }
  return usage;
}

/** Checkpoints write only what changed; the store merges them, and so does this test. */
function mergeCheckpoints(first: CheckpointData, second: CheckpointData): CheckpointData {
  const accounts = new Map(first.accounts.map((s) => [s.num, s]));
  for (const s of second.accounts) accounts.set(s.num, s);
  const pending = new Map(first.pending_added.map((p) => [p.seq, p]));
  for (const seq of second.pending_removed) pending.delete(seq);
  for (const p of second.pending_added) pending.set(p.seq, p);
  return {
    ...second,
    accounts: [...accounts.values()],
    pending_added: [...pending.values()],
    pending_removed: [],
  };
}
