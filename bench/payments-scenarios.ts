import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/index.ts';
import { bytesToHex, generateSm2KeyPair } from '../src/crypto/index.ts';
import { Engine } from '../src/engine/index.ts';
import { accountId, type Command, compileRule, evaluateRule, type RuleSpec } from '../src/ledger/index.ts';
import { OfflinePayments } from '../src/payments/offline-service.ts';
import { SignatureCheckPool } from '../src/payments/signature-check.ts';
import { type SignedVoucher, signStatement, signVoucher, voucherDigest } from '../src/payments/voucher.ts';
import { openStore } from '../src/store/index.ts';
import { Latencies, peakRssMb, type ScenarioResult } from './stats.ts';

/**
 * Payments benchmarks (issue 6), for bench/main.ts to run: offline voucher settlement and condition
 * evaluation, each on a node of its own (an embedded store in a throwaway folder, durable commits).
 * `transfers_per_s` is vouchers settled (or condition actions applied) per second; extras say what
 * bounds it: SM2 verification of every voucher, against the ledger's own rate when told the signatures
 * are good.
 */
export interface PaymentsBenchOptions {
  readonly seconds: number;
  readonly log: (line: string) => void;
}

const DAY = 86_400_000;
/** Vouchers signed beforehand per second of the run: above what settlement reaches, so it never runs dry. */
const VOUCHERS_SIGNED_PER_S = 2_000;
/** Devices uploading at the same time. */
const UPLOADS_IN_FLIGHT = 4;
const UPLOAD = 512;

async function node(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `tongbao-bench-${name}-`));
  const store = await openStore({ dataDir: dir, databaseUrl: undefined });
  const clock = { now: Date.UTC(2026, 10, 23, 2) };
  const engine = await Engine.open({ store, config: loadConfig(), clock: () => clock.now });
  const ok = async (commands: Command[]) => {
    const results = await engine.submit(commands);
    for (const r of results) if (!r.ok) throw new Error(`bench setup refused: ${r.error.code}`);
    return results;
  };
  await ok([{ type: 'register_operator', id: 'bench', name: 'BENCH', issuance_quota: 1e14, reserve: 1e14 }]);
  await ok([{ type: 'issue', id: 'bench-issue', operator_id: 'bench', amount: 1e13, currency: 'CNY' }]);
  let calls = 0;
  const wallets = async (n: number, kind: 'personal' | 'merchant' = 'personal') => {
    calls += 1;
    const opened = await ok(
      Array.from(
        { length: n },
        () =>
          ({
            type: 'open_wallet',
            operator_id: 'bench',
            kind,
            category: kind === 'personal' ? 1 : 0,
            currency: 'CNY',
            holder: null,
          }) as Command,
      ),
    );
    const ids = opened.map((r) =>
      accountId(engine.state, (r as { ok: true; value: { num: number } }).value.num),
    );
    await ok(
      ids.map((w, i) => ({
        type: 'exchange',
        id: `bench-fund-${name}-${calls}-${i}`,
        wallet_id: w,
        direction: 'in',
        amount: 1_000_000_00,
      })),
    );
    return ids;
  };
  return {
    engine,
    clock,
    ok,
    wallets,
    async close() {
      await engine.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Vouchers settled per second through the whole path: SM2 check of each, then the ledger, durably. */
export async function voucherSettlementScenario(o: PaymentsBenchOptions): Promise<ScenarioResult> {
  const n = await node('vouchers');
  const signatures = new SignatureCheckPool();
  try {
    const devices = 200;
    const holders = await n.wallets(devices);
    // As the node's API does: signatures checked on a worker pool (src/payments/signature-check.ts).
    const service = new OfflinePayments(n.engine, null, signatures);
    const keys = holders.map(() => generateSm2KeyPair());
    const ids: string[] = [];
    for (const [i, w] of holders.entries()) {
      const [r] = await n.ok([
        {
          type: 'register_device',
          wallet_id: w,
          public_key: bytesToHex(keys[i]!.publicKey.toBytes()),
          label: null,
          cap_amount: 10_000_00,
          cap_count: 1000,
        },
      ]);
      const id = (r as { ok: true; value: { key: string } }).value.key.slice(7);
      ids.push(id);
      await service.move(
        'load',
        `bl-${i}`,
        id,
        10_000_00,
        0,
        signStatement(keys[i]!.privateKey, {
          device: id,
          purpose: 'load',
          counter: 0,
          amount: 10_000_00,
          request_id: `bl-${i}`,
        }),
      );
    }
    // Vouchers are signed beforehand (that is the devices' work, offline), 1 fen each so reserves last;
    // each device then uploads what it paid, up to 512 vouchers at a time, as at an online sync.
    const perDevice = Math.max(10, Math.min(1000, Math.ceil((o.seconds * VOUCHERS_SIGNED_PER_S) / devices)));
    o.log(`  signing ${perDevice * devices} vouchers on ${devices} devices`);
    const uploads: Array<{ by: string; vouchers: SignedVoucher[] }> = [];
    for (const [i, payer] of ids.entries()) {
      const mine = Array.from({ length: perDevice }, (_, k) =>
        signVoucher(keys[i]!.privateKey, {
          payer_device: payer,
          payee_device: ids[(i + 1 + (k % 7)) % devices]!,
          amount: 1,
          counter: k + 1,
          balance_after: 10_000_00 - k - 1,
          currency: 'CNY',
        }),
      );
      for (let k = 0; k < mine.length; k += UPLOAD)
        uploads.push({ by: payer, vouchers: mine.slice(k, k + UPLOAD) });
    }
    const latencies = new Latencies();
    let settled = 0;
    const t0 = performance.now();
    // Several devices sync at once, as they would: one upload's signatures are checked while another's
    // vouchers are committed.
    let next = 0;
    const device = async () => {
      while (next < uploads.length && performance.now() - t0 < o.seconds * 1000) {
        const u = uploads[next++]!;
        const s = performance.now();
        const results = await service.upload(u.by, u.vouchers);
        latencies.add(performance.now() - s);
        settled += results.filter((r) => r.ok).length;
      }
    };
    await Promise.all(Array.from({ length: UPLOADS_IN_FLIGHT }, device));
    const seconds = (performance.now() - t0) / 1000;
    // The ledger alone, told the signatures were checked: what settlement costs without SM2.
    const extra = await n.wallets(20);
    const fakes: string[] = [];
    for (const [i, w] of extra.entries()) {
      const [r] = await n.ok([
        {
          type: 'register_device',
          wallet_id: w,
          public_key: `04${String(i).padStart(2, '0').repeat(64)}`,
          label: null,
          cap_amount: 10_000_00,
          cap_count: 1000,
        },
      ]);
      const id = (r as { ok: true; value: { key: string } }).value.key.slice(7);
      await n.ok([{ type: 'device_load', id: `fl-${i}`, device: id, amount: 10_000_00, counter: 0 }]);
      fakes.push(id);
    }
    const ledgerOnly: Command[] = [];
    for (let k = 1; k <= 1000; k += 1)
      for (const [i, payer] of fakes.entries()) {
        const v = {
          payer_device: payer,
          payee_device: fakes[(i + 1) % fakes.length]!,
          amount: 1,
          counter: k,
          balance_after: 10_000_00 - k,
          currency: 'CNY',
        };
        ledgerOnly.push({
          type: 'settle_voucher',
          id: `ov/${payer}/${k}`,
          payer_device: payer,
          payee_device: v.payee_device,
          amount: 1,
          counter: k,
          balance_after: v.balance_after,
          digest: voucherDigest(v),
          uploaded_by: payer,
        });
      }
    const l0 = performance.now();
    for (let i = 0; i < ledgerOnly.length; i += 8190) await n.engine.submit(ledgerOnly.slice(i, i + 8190));
    const ledgerPerS = Math.round(ledgerOnly.length / ((performance.now() - l0) / 1000));
    return {
      scenario: 'voucher-settle',
      store: 'sqlite',
      transfers_per_s: Math.round(settled / seconds),
      p50_ms: Number(latencies.percentile(50).toFixed(2)),
      p99_ms: Number(latencies.percentile(99).toFixed(2)),
      peak_rss_mb: peakRssMb(process.pid),
      vouchers_settled: settled,
      upload_size: UPLOAD,
      ledger_only_vouchers_per_s: ledgerPerS,
      bound: `SM2 verification of each voucher (sm-crypto-v2, ${signatures.size} worker threads)`,
    };
  } finally {
    await signatures.close();
    await n.close();
  }
}

/** Condition actions per second (grant spends checked against merchant category and region), deadlines
 * expired per second by the timed work, and rule evaluations per second in memory. */
export async function conditionEvaluationScenario(o: PaymentsBenchOptions): Promise<ScenarioResult> {
  const n = await node('conditions');
  try {
    const people = await n.wallets(500);
    const agency = (await n.wallets(1, 'merchant'))[0]!;
    const shops = await n.wallets(20, 'merchant');
    await n.ok(
      shops.map((w, i) => ({
        type: 'merchant_profile',
        wallet_id: w,
        name: `SHOP ${i}`,
        name_zh: null,
        city: 'BEIJING',
        city_zh: null,
        mcc: i % 2 === 0 ? '4111' : '5812',
        region: '110105',
      })),
    );
    const grants = people.map(
      (to, i): Command => ({
        type: 'create_condition',
        id: `g-${i}`,
        kind: 'grant',
        from: agency,
        to,
        amount: 1_000_00,
        currency: 'CNY',
        deadline: n.clock.now + 30 * DAY,
        release: null,
        unit_amount: 0,
        mcc: ['4111'],
        regions: ['11'],
        memo: null,
      }),
    );
    await n.ok(grants);
    const latencies = new Latencies();
    let actions = 0;
    let batch = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < o.seconds * 1000) {
      const commands = Array.from({ length: 4096 }, (_, k): Command => {
        const i = (batch * 4096 + k) % people.length;
        return {
          type: 'condition_action',
          id: `s-${batch}-${k}`,
          condition: `g-${i}`,
          action: 'spend',
          by: people[i]!,
          amount: 1,
          to: shops[(k % 10) * 2]!,
        };
      });
      const s = performance.now();
      const results = await n.engine.submit(commands);
      latencies.add(performance.now() - s);
      actions += results.filter((r) => r.ok).length;
      batch += 1;
    }
    const seconds = (performance.now() - t0) / 1000;
    // Deadlines: move the clock past them; the engine's timer returns every grant's remainder.
    const e0 = performance.now();
    n.clock.now += 31 * DAY;
    while (n.engine.state.nextExpiryAt() !== 0) await n.engine.submit([]).then(() => n.engine.read(() => 0));
    const expiredPerS = Math.round(grants.length / ((performance.now() - e0) / 1000));
    // Rules alone: a two-level escrow rule over approvals and a date.
    const rule = compileRule(
      {
        all: [
          { any: [{ approved_by: people[0]! }, { approved_by: people[1]! }] },
          { after: n.clock.now + DAY },
        ],
      } as RuleSpec,
      () => 7,
      n.clock.now,
      n.clock.now + 2 * DAY,
    );
    const r0 = performance.now();
    let held = 0;
    for (let i = 0; i < 1_000_000; i += 1)
      if (evaluateRule(rule, [i % 9], n.clock.now + (i % 3) * DAY)) held += 1;
    const rulesPerS = Math.round(1_000_000 / ((performance.now() - r0) / 1000));
    return {
      scenario: 'condition-eval',
      store: 'sqlite',
      transfers_per_s: Math.round(actions / seconds),
      p50_ms: Number(latencies.percentile(50).toFixed(2)),
      p99_ms: Number(latencies.percentile(99).toFixed(2)),
      peak_rss_mb: peakRssMb(process.pid),
      condition_actions: actions,
      batch_size: 4096,
      deadlines_returned_per_s: expiredPerS,
      rule_evaluations_per_s: rulesPerS,
      rules_held: held,
    };
  } finally {
    await n.close();
  }
}
