import { describe, expect, test } from 'vitest';
import { STORE_KINDS } from '../../../test/support/stores.ts';
import { engineFixture, must, payment, seedPeople, TestClock } from '../../../test/support/supervision.ts';
import { parseWalletId } from '../../ledger/index.ts';
import { loadRuleSet } from '../rules/load.ts';
import { AccountDirectory } from './account-directory.ts';
import { WatchedWallets } from './counterparty-alerts.ts';
import { RangeEvaluator } from './range-evaluator.ts';
import { DEFAULT_RULES_PATH } from './supervision-config.ts';

/** Small monitor tables: these tests judge a handful of payments. */
const SMALL = { max_tracked_wallets: 1_024, max_edges: 4_096, max_relationships: 4_096 };
const DAY = 86_400_000;

describe.each(STORE_KINDS)('monitoring reads on %s', (kind) => {
  const fixture = engineFixture(kind);
  const open = (clock?: TestClock) => fixture.open(clock);

  test('the account directory reads parties through a reader and drops what a category change made stale', async () => {
    const { store, engine, reader } = await open();
    const people = await seedPeople(engine, 3);
    const nums = people.map((w) => parseWalletId(w)!.account);
    const vault = JSON.parse(
      (await store.db.selectFrom('operators').select('vault_nums').executeTakeFirstOrThrow()).vault_nums,
    ) as number[];
    const directory = new AccountDirectory(reader, 64);
    await directory.init();
    await directory.load([...nums, ...vault.filter((n) => n > 0)]);
    expect(directory.get(nums[0]!)).toMatchObject({
      wallet: people[0],
      operator: 'icbc',
      kind: 'personal',
      category: 1,
    });
    expect(directory.get(vault.find((n) => n > 0)!)).toBeNull();
    const kept = directory.get(nums[0]!);

    await must(engine, [payment('drain', people[1]!, people[2]!, 1_999_990)]);
    await must(engine, [{ type: 'change_category', wallet_id: people[1]!, category: 2 }]);
    await directory.load([nums[0]!, nums[1]!]);
    expect(directory.invalidations).toBe(1);
    expect(directory.get(nums[1]!)?.category).toBe(2);
    // Entries no change touched stay the same objects (the monitor's wallet table relies on it).
    expect(directory.get(nums[0]!)).toBe(kept);
  });

  test('the evaluator judges committed ranges in order and refuses anything else', async () => {
    const clock = new TestClock();
    const { engine, reader } = await open(clock);
    const people = await seedPeople(engine, 4);
    clock.advance(10 * DAY);
    const evaluator = await RangeEvaluator.open({
      reader,
      ruleSet: loadRuleSet(DEFAULT_RULES_PATH),
      limits: SMALL,
      watched: new WatchedWallets(),
    });
    await expect(evaluator.range(1, 2)).rejects.toThrow(/before the rebuild/);
    expect(await evaluator.rebuild(0)).toEqual({ from_seq: 0, rows: 0, events: 0, ms: 0 });
    await must(engine, [
      payment('p-1', people[0]!, people[1]!, 10),
      payment('p-2', people[2]!, people[3]!, 20),
    ]);
    // A held payment is judged when posted.
    await must(engine, [payment('h-1', people[1]!, people[2]!, 30, true)]);
    const first = await evaluator.range(1, engine.committed);
    expect(first.payments).toBe(2);
    await must(engine, [{ type: 'post', pending_id: 'h-1', amount: null }]);
    const upTo = engine.committed;
    const second = await evaluator.range(first.evaluated_seq + 1, upTo);
    expect(second).toMatchObject({ alerts: [], evaluated_seq: upTo, payments: 1 });
    expect(second.stats.events).toBe(3);
    await expect(evaluator.range(upTo + 2, upTo + 3)).rejects.toThrow(/expected a range from seq/);
    await expect(evaluator.range(upTo + 1, upTo + 5)).rejects.toThrow(/not all stored/);
  });
});
