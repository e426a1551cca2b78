import { bytesToHex, generateSm2KeyPair } from '../crypto/index.ts';
import type { Engine } from '../engine/index.ts';
import { AccountKind, accountId, type Command, type CommandResult, parseWalletId } from '../ledger/index.ts';
import { storeAlertSink } from './alerts.ts';
import { OfflinePayments } from './offline-service.ts';
import { signStatement, signVoucher } from './voucher.ts';

/**
 * Payments in the demo economy: merchant profiles (buses, appliance shops, restaurants, groceries),
 * green subsidies and consumption vouchers from a city agency, hard wallets that loaded and paid each
 * other offline (one of them a cloned card, caught), an escrow, a gym prepayment, monthly rent and a
 * family with sub-wallets. Deterministic in its choice of wallets; the device keys are fresh.
 */
export const DEMO_DEVICES = 24;
export const DEMO_GRANTS = 40;
const DAY = 86_400_000;
const PROFILES = [
  {
    name: 'BEIJING BUS',
    name_zh: '北京公交',
    city: 'BEIJING',
    city_zh: '北京',
    mcc: '4111',
    region: '110105',
  },
  {
    name: 'GREEN HOME APPLIANCES',
    name_zh: '绿色家电',
    city: 'SHANGHAI',
    city_zh: '上海',
    mcc: '5722',
    region: '310104',
  },
  {
    name: 'LAO ZHANG NOODLES',
    name_zh: '老张面馆',
    city: 'BEIJING',
    city_zh: '北京',
    mcc: '5812',
    region: '110101',
  },
  {
    name: 'FRESH MART',
    name_zh: '鲜果超市',
    city: 'SHENZHEN',
    city_zh: '深圳',
    mcc: '5411',
    region: '440305',
  },
  {
    name: 'METRO LINE 4',
    name_zh: '地铁四号线',
    city: 'BEIJING',
    city_zh: '北京',
    mcc: '4111',
    region: '110108',
  },
  { name: 'CITY GYM', name_zh: '城市健身', city: 'SHANGHAI', city_zh: '上海', mcc: '7997', region: '310101' },
] as const;

async function run(engine: Engine, commands: Command[]): Promise<CommandResult[]> {
  return commands.length === 0 ? [] : engine.submit(commands);
}

export async function seedPaymentsDemo(
  engine: Engine,
  wallets: readonly string[],
  now: number,
  say: (line: string) => void,
): Promise<void> {
  const s = engine.state;
  const kindOf = (id: string) => s.accounts.kind[parseWalletId(id)!.account];
  const balanceOf = (id: string) => s.accounts.balance[parseWalletId(id)!.account]!;
  const merchants = wallets.filter((w) => kindOf(w) === AccountKind.merchant).slice(0, PROFILES.length);
  // The richest first (ties by id), so the same economy always gives the same choices.
  const richest = (kind: number) =>
    wallets.filter((w) => kindOf(w) === kind).sort((x, y) => balanceOf(y) - balanceOf(x) || (x < y ? -1 : 1));
  const people = richest(AccountKind.personal).filter((w) => balanceOf(w) >= 1500_00);
  const firms = richest(AccountKind.corporate);
  if (
    merchants.length < PROFILES.length ||
    people.length < DEMO_DEVICES + DEMO_GRANTS ||
    firms.length === 0
  ) {
    say('payments demo skipped: the economy has too few merchants, people or firms');
    return;
  }
  await run(
    engine,
    merchants.map((w, i) => ({ type: 'merchant_profile', wallet_id: w, ...PROFILES[i]! })),
  );
  const [bus, appliances, noodles, grocery, metro, gym] = merchants as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  // A city agency funds green subsidies (transport, efficient appliances) and consumption vouchers.
  const agency = firms[0]!;
  const deadline = now + 30 * DAY;
  const grants: Command[] = people.slice(0, DEMO_GRANTS).map((to, i) =>
    i % 2 === 0
      ? {
          type: 'create_condition',
          id: `demo-green-${i}`,
          kind: 'grant',
          from: agency,
          to,
          amount: 200_00,
          currency: 'CNY',
          deadline,
          release: null,
          unit_amount: 0,
          mcc: ['4111', '5722'],
          regions: [],
          memo: 'green subsidy',
        }
      : {
          type: 'create_condition',
          id: `demo-voucher-${i}`,
          kind: 'grant',
          from: agency,
          to,
          amount: 100_00,
          currency: 'CNY',
          deadline: now + 14 * DAY,
          release: null,
          unit_amount: 0,
          mcc: ['5812', '5411'],
          regions: ['11', '44'],
          memo: 'consumption voucher',
        },
  );
  // The agency funds the subsidies from its bank deposits first (a fresh economy's firms hold little).
  const budget = grants.reduce((sum, g) => sum + (g.type === 'create_condition' ? g.amount : 0), 0);
  const funded = await run(engine, [
    { type: 'exchange', id: 'demo-agency-budget', wallet_id: agency, direction: 'in', amount: budget },
  ]);
  if (!funded[0]!.ok) say(`payments demo: the agency could not be funded (${funded[0]!.error.code})`);
  const created = await run(engine, grants);
  const granted = created.filter((r) => r.ok).length;
  const refused = created.find((r) => !r.ok);
  if (refused !== undefined && !refused.ok)
    say(
      `payments demo: ${grants.length - granted} of ${grants.length} grants refused (${refused.error.code}: ${refused.error.message})`,
    );
  const spends: Command[] = [];
  grants.forEach((g, i) => {
    if (!created[i]!.ok || g.type !== 'create_condition' || i % 3 === 2) return;
    const to = g.mcc.includes('4111') ? (i % 4 === 0 ? bus : appliances) : i % 4 === 1 ? noodles : grocery;
    spends.push({
      type: 'condition_action',
      id: `demo-spend-${i}`,
      condition: g.id,
      action: 'spend',
      by: g.to,
      amount: 30_00,
      to,
    });
  });
  await run(engine, spends);
  // Hard wallets: registered, loaded, paying each other offline, uploaded; one card was cloned.
  const offline = new OfflinePayments(engine, storeAlertSink(engine.store));
  const holders = people.slice(DEMO_GRANTS, DEMO_GRANTS + DEMO_DEVICES);
  const devices: Array<{
    id: string;
    key: ReturnType<typeof generateSm2KeyPair>;
    counter: number;
    balance: number;
  }> = [];
  for (const [i, wallet] of holders.entries()) {
    const key = generateSm2KeyPair();
    const [r] = await run(engine, [
      {
        type: 'register_device',
        wallet_id: wallet,
        public_key: bytesToHex(key.publicKey.toBytes()),
        label: i % 2 === 0 ? 'visual card' : 'wearable',
        cap_amount: 500_00,
        cap_count: 10,
      },
    ]);
    if (r === undefined || !r.ok) continue;
    const id = (r.value as { key: string }).key.slice('device/'.length);
    const loadId = `demo-load-${i}`;
    await offline.move(
      'load',
      loadId,
      id,
      300_00,
      0,
      signStatement(key.privateKey, {
        device: id,
        purpose: 'load',
        counter: 0,
        amount: 300_00,
        request_id: loadId,
      }),
    );
    devices.push({ id, key, counter: 0, balance: 300_00 });
  }
  let vouchers = 0;
  for (let i = 0; i + 1 < devices.length; i += 1) {
    const payer = devices[i]!;
    const payee = devices[(i * 7 + 3) % devices.length]!;
    if (payer === payee) continue;
    const amount = 5_00 + ((i * 1337) % 40_00);
    payer.counter += 1;
    payer.balance -= amount;
    const v = signVoucher(payer.key.privateKey, {
      payer_device: payer.id,
      payee_device: payee.id,
      amount,
      counter: payer.counter,
      balance_after: payer.balance,
      currency: 'CNY',
    });
    await offline.upload(payee.id, [v]);
    vouchers += 1;
    if (i === 5) {
      // The cloned card: the same counter spent again at another device.
      const other = devices[(i + 11) % devices.length]!;
      const clone = signVoucher(payer.key.privateKey, {
        ...v,
        payee_device: other.id,
        amount: 250_00,
        balance_after: 0,
      });
      await offline.upload(other.id, [clone]);
      vouchers += 1;
    }
  }
  // An escrowed purchase, a gym prepayment used twice, monthly rent and a family with pocket money.
  const [buyer, tenant, parent] = people.slice(0, 3) as [string, string, string];
  await run(engine, [
    {
      type: 'create_condition',
      id: 'demo-escrow-1',
      kind: 'escrow',
      from: buyer,
      to: appliances,
      amount: 1200_00,
      currency: 'CNY',
      deadline: now + 10 * DAY,
      release: { any: [{ approved_by: buyer }, { after: now + 7 * DAY }] },
      unit_amount: 0,
      mcc: [],
      regions: [],
      memo: 'fridge, on delivery',
    },
    {
      type: 'create_condition',
      id: 'demo-gym-1',
      kind: 'prepaid',
      from: tenant,
      to: gym,
      amount: 600_00,
      currency: 'CNY',
      deadline: now + 180 * DAY,
      release: null,
      unit_amount: 50_00,
      mcc: [],
      regions: [],
      memo: '12 classes',
    },
    {
      type: 'create_schedule',
      id: 'demo-rent-1',
      from: tenant,
      to: firms[1 % firms.length]!,
      amount: 1500_00,
      currency: 'CNY',
      first_at: now + DAY,
      unit: 'month',
      every: 1,
      count: 12,
      until: 0,
      memo: 'rent',
    },
  ]);
  await run(
    engine,
    [1, 2].map(
      (n) =>
        ({
          type: 'condition_action',
          id: `demo-gym-class-${n}`,
          condition: 'demo-gym-1',
          action: 'release',
          by: tenant,
          amount: null,
          to: null,
        }) as Command,
    ),
  );
  const [sub] = await run(engine, [
    {
      type: 'open_wallet',
      operator_id: s.operators[s.accounts.operator[parseWalletId(parent)!.account]!]!.id,
      kind: 'personal',
      category: s.accounts.category[parseWalletId(parent)!.account]!,
      currency: 'CNY',
      holder: null,
      sub_wallet: {
        parent,
        label: 'child',
        limits: { balance_cap: 500_00, single_payment: 50_00, daily_total: 100_00, annual_total: null },
      },
    },
  ]);
  if (sub?.ok) {
    const kid = accountId(s, (sub.value as { num: number }).num);
    await run(engine, [
      {
        type: 'create_schedule',
        id: 'demo-pocket-1',
        from: parent,
        to: kid,
        amount: 50_00,
        currency: 'CNY',
        first_at: now + DAY,
        unit: 'week',
        every: 1,
        count: 0,
        until: 0,
        memo: 'pocket money',
      },
    ]);
  }
  say(
    `payments demo: ${PROFILES.length} merchant profiles with metro as ${metro}, ${granted} grants, ${devices.length} hard wallets with ${vouchers} offline vouchers (one cloned card), an escrow, a prepayment, schedules and a family`,
  );
}
