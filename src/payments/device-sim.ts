import { bytesToHex, generateSm2KeyPair, type Sm2PrivateKey, Sm2PublicKey } from '../crypto/index.ts';
import type { Engine } from '../engine/index.ts';
import { accountId, type Command, EntryKind } from '../ledger/index.ts';
import type { OfflinePayments } from './offline-service.ts';
import { type SignedVoucher, signStatement, signVoucher, verifyHex, voucherBytes } from './voucher.ts';

/**
 * Hard wallets paying each other offline, some of them cheating on purpose, with the node settling what
 * they upload when they come online. The devices follow the published e-CNY hard-wallet designs: the
 * payer's secure element signs a voucher with a monotonic counter and keeps its offline balance; the
 * payee checks the signature, that the counter moved on, that the payer is not on the blocklist it got
 * at its last sync, and its own receive cap, and cannot spend what it received until it is online.
 *
 * Cheaters (their secure element is broken):
 * - reuse: signs a second voucher with a counter already used, to another payee (a cloned card);
 * - overspend: its balance never goes down, so it pays more than was loaded;
 * - forge: uploads vouchers it made up itself in another device's name.
 */
export type Cheat = 'reuse' | 'overspend' | 'forge';

export interface DeviceSimOptions {
  readonly devices: number;
  readonly rounds: number;
  /** Share of devices that cheat, spread evenly over the three kinds. */
  readonly cheaters: number;
  readonly seed: number;
  /** Chance a device goes online in a round (uploads, syncs, reloads). */
  readonly online: number;
  readonly cap_amount: number;
  readonly cap_count: number;
  readonly log?: (line: string) => void;
}

export interface DeviceSimReport {
  readonly devices: number;
  readonly vouchers: number;
  readonly honest_vouchers: number;
  readonly honest_settled_once: number;
  readonly cheaters: Readonly<Record<Cheat, number>>;
  readonly cheaters_acted: number;
  readonly cheaters_caught: number;
  /** Per kind of cheat: devices whose cheat landed, and how many of them were blocked for that very cheat. */
  readonly by_kind: Readonly<Record<Cheat, { readonly acted: number; readonly caught: number }>>;
  readonly refused_by_payees: number;
  readonly shortfall_fen: number;
  readonly settle_ms: number;
}

class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (Math.imul(this.s ^ (this.s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return this.s / 2 ** 32;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export class SimDevice {
  balance = 0;
  counter = 0;
  base = 0;
  sent: SignedVoucher[] = [];
  received: SignedVoucher[] = [];
  blocklist = new Set<string>();
  lastSeen = new Map<string, number>();
  /** A cheat of this device landed: a payee accepted the voucher it broke a rule for. */
  acted = false;
  /** The counter and balance a reuse cheater rolls back to before its next payment. */
  private rollback: { counter: number; balance: number } | null = null;

  constructor(
    readonly id: string,
    readonly key: Sm2PrivateKey,
    readonly publicKey: Sm2PublicKey,
    readonly cheat: Cheat | null,
    readonly cap_amount: number,
    readonly cap_count: number,
  ) {}

  /**
   * Signs a voucher, or refuses as an honest secure element would. A cheater bends the rule it breaks and
   * says so in `cheat` (the caller counts the cheat as done once a payee accepts the voucher).
   */
  pay(
    payee: SimDevice,
    amount: number,
    rng: Rng,
  ): { voucher: SignedVoucher; cheat: boolean; reuses: string | null } | null {
    if (this.counter - this.base >= this.cap_count) return null;
    let cheat = false;
    let reuses: string | null = null;
    if (amount > this.balance) {
      if (this.cheat !== 'overspend' || this.loaded === 0) return null;
      // The broken element forgets what it spent: its balance is back to what it last loaded.
      this.balance = this.loaded;
      cheat = true;
      if (amount > this.balance) return null;
    }
    if (this.rollback !== null) {
      reuses = `${this.id}/${this.rollback.counter + 1}`;
      this.counter = this.rollback.counter;
      this.balance = this.rollback.balance;
      this.rollback = null;
      cheat = true;
    } else if (this.cheat === 'reuse' && rng.next() < 0.5)
      this.rollback = { counter: this.counter, balance: this.balance };
    this.counter += 1;
    this.balance -= amount;
    const voucher = signVoucher(this.key, {
      payer_device: this.id,
      payee_device: payee.id,
      amount,
      counter: this.counter,
      balance_after: this.balance,
      currency: 'CNY',
    });
    this.sent.push(voucher);
    return { voucher, cheat, reuses };
  }

  /** Loaded amount of the last load (an overspending element falls back to it). */
  loaded = 0;

  /** What an honest receiving device checks before it accepts a voucher. */
  accept(v: SignedVoucher, payer: SimDevice): boolean {
    if (this.blocklist.has(v.payer_device)) return false;
    if (v.counter <= (this.lastSeen.get(v.payer_device) ?? 0)) return false;
    const pending = this.received.reduce((s, r) => s + r.amount, 0);
    if (this.received.length >= this.cap_count || pending + v.amount > this.cap_amount) return false;
    if (v.amount + v.balance_after > payer.cap_amount) return false;
    // A fresh key object each time: a key object precomputes after a few checks (0.65 MB each), which
    // thousands of simulated devices cannot all keep.
    if (!verifyHex(Sm2PublicKey.fromBytes(payer.publicKey.toBytes()), voucherBytes(v), v.signature))
      return false;
    this.lastSeen.set(v.payer_device, v.counter);
    this.received.push(v);
    return true;
  }
}

async function submitOk(engine: Engine, command: Command): Promise<unknown> {
  const [r] = await engine.submit([command]);
  if (r === undefined || !r.ok)
    throw new Error(`${command.type}: ${r?.ok === false ? r.error.code : 'no result'}`);
  return r.value;
}

/** Runs the simulation against a node's engine (its books must have an operator `sim` with e-CNY to exchange). */
export async function runDeviceSim(
  engine: Engine,
  service: OfflinePayments,
  o: DeviceSimOptions,
): Promise<DeviceSimReport> {
  const rng = new Rng(o.seed);
  const log = o.log ?? (() => {});
  const devices: SimDevice[] = [];
  const kinds: Cheat[] = ['reuse', 'overspend', 'forge'];
  const cheaterCount = Math.round(o.devices * o.cheaters);
  for (let i = 0; i < o.devices; i += 1) {
    const { num } = (await submitOk(engine, {
      type: 'open_wallet',
      operator_id: 'sim',
      kind: 'personal',
      category: 2,
      currency: 'CNY',
      holder: null,
    })) as { num: number };
    const wallet = accountId(engine.state, num);
    await submitOk(engine, {
      type: 'exchange',
      id: `sim-fund-${i}-${o.seed}`,
      wallet_id: wallet,
      direction: 'in',
      amount: 10 * o.cap_amount,
    });
    const pair = generateSm2KeyPair();
    const reg = (await submitOk(engine, {
      type: 'register_device',
      wallet_id: wallet,
      public_key: bytesToHex(pair.publicKey.toBytes()),
      label: `sim-${i}`,
      cap_amount: o.cap_amount,
      cap_count: o.cap_count,
    })) as { key: string };
    const cheat = i < cheaterCount ? kinds[i % 3]! : null;
    devices.push(
      new SimDevice(
        reg.key.slice('device/'.length),
        pair.privateKey,
        pair.publicKey,
        cheat,
        o.cap_amount,
        o.cap_count,
      ),
    );
  }
  log(`${o.devices} devices registered, ${cheaterCount} of them cheat`);
  let loads = 0;
  const goOnline = async (d: SimDevice) => {
    // Honest devices upload what they paid and received; a cheater hides what it paid.
    const vouchers =
      d.cheat === 'reuse' || d.cheat === 'overspend' ? [...d.received] : [...d.sent, ...d.received];
    if (d.cheat === 'forge' && rng.next() < 0.5) {
      const victim = devices[rng.int(devices.length)]!;
      if (victim !== d) {
        vouchers.push({
          payer_device: victim.id,
          payee_device: d.id,
          amount: 1 + rng.int(o.cap_amount),
          counter: 1 + rng.int(50),
          balance_after: 0,
          currency: 'CNY',
          signature: bytesToHex(new Uint8Array(70).map(() => rng.int(256))),
        });
        d.acted = true;
      }
    }
    for (let i = 0; i < vouchers.length; i += 256) await service.upload(d.id, vouchers.slice(i, i + 256));
    d.sent = [];
    d.received = [];
    const state = engine.state.payments.devices.get(`device/${d.id}`)!;
    d.blocklist = new Set(
      [...engine.state.payments.devices.values()].filter((x) => x.status === 'blocked').map((x) => x.id),
    );
    if (state.status !== 'active') return;
    await service.sync(
      d.id,
      d.counter,
      signStatement(d.key, { device: d.id, purpose: 'sync', counter: d.counter, amount: 0, request_id: '' }),
    );
    d.base = d.counter;
    const top = o.cap_amount - engine.state.accounts.balance[state.num]!;
    if (top > 0) {
      loads += 1;
      const id = `sim-load-${o.seed}-${loads}`;
      await service.move(
        'load',
        id,
        d.id,
        top,
        d.counter,
        signStatement(d.key, {
          device: d.id,
          purpose: 'load',
          counter: d.counter,
          amount: top,
          request_id: id,
        }),
      );
      d.balance += top;
      d.loaded = d.balance;
    }
  };
  for (const d of devices) await goOnline(d);
  const honest = new Map<string, SignedVoucher>();
  const accepted = new Set<string>();
  let total = 0;
  let refused = 0;
  for (let round = 0; round < o.rounds; round += 1) {
    for (let k = 0; k < devices.length; k += 1) {
      const payer = devices[rng.int(devices.length)]!;
      const payee = devices[rng.int(devices.length)]!;
      if (payer === payee) continue;
      // An overspender buys big, so that it runs past its balance within a few payments.
      const amount =
        payer.cheat === 'overspend'
          ? Math.floor(o.cap_amount / 3) + rng.int(Math.floor(o.cap_amount / 3))
          : 1 + rng.int(Math.floor(o.cap_amount / 4));
      const made = payer.pay(payee, amount, rng);
      if (made === null) continue;
      const v = made.voucher;
      total += 1;
      if (!payee.accept(v, payer)) {
        refused += 1;
        continue;
      }
      const key = `${v.payer_device}/${v.counter}`;
      if (payer.cheat === null) honest.set(key, v);
      // A reused counter is a cheat that landed when both vouchers under it were accepted.
      if (made.cheat && (made.reuses === null || accepted.has(made.reuses))) payer.acted = true;
      accepted.add(key);
    }
    for (const d of devices) if (rng.next() < o.online) await goOnline(d);
    log(`round ${round + 1}/${o.rounds}: ${total} vouchers signed, ${honest.size} honest accepted`);
  }
  const t0 = performance.now();
  for (const d of devices) await goOnline(d);
  const settle_ms = performance.now() - t0;
  // Each honest voucher is in the journal exactly once, paid in full.
  await engine.read(() => 0);
  const paid = new Map<string, number[]>();
  for (let after = 0; after < engine.committed; ) {
    const rows = await engine.store.readRows(after, 8192);
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.kind !== EntryKind.voucher || r.id === null) continue;
      const key = r.id.split('/').slice(1, 3).join('/');
      paid.set(key, [...(paid.get(key) ?? []), r.amount]);
    }
    after = rows[rows.length - 1]!.seq;
  }
  let once = 0;
  for (const [key, v] of honest) {
    const got = paid.get(key);
    if (got !== undefined && got.length === 1 && got[0] === v.amount) once += 1;
  }
  const actors = devices.filter((d) => d.cheat !== null && d.acted);
  const caught = actors.filter(
    (d) => engine.state.payments.devices.get(`device/${d.id}`)!.status === 'blocked',
  );
  // An overspend shows as a voucher the reserve cannot cover, or as a balance that went up without a load.
  const expected: Record<Cheat, readonly string[]> = {
    reuse: ['counter_reused'],
    overspend: ['overspent', 'balance_inconsistent'],
    forge: ['forged_signature'],
  };
  const by_kind = Object.fromEntries(
    kinds.map((kind) => {
      const acted = actors.filter((d) => d.cheat === kind);
      const caught = acted.filter((d) =>
        engine.state.payments.devices
          .get(`device/${d.id}`)!
          .frauds.some((f) => expected[kind].includes(f.kind)),
      );
      return [kind, { acted: acted.length, caught: caught.length }];
    }),
  ) as Record<Cheat, { acted: number; caught: number }>;
  const shortfall = [...engine.state.payments.devices.values()].reduce((s, d) => s + d.shortfall, 0);
  return {
    devices: o.devices,
    vouchers: total,
    honest_vouchers: honest.size,
    honest_settled_once: once,
    cheaters: {
      reuse: devices.filter((d) => d.cheat === 'reuse').length,
      overspend: devices.filter((d) => d.cheat === 'overspend').length,
      forge: devices.filter((d) => d.cheat === 'forge').length,
    },
    cheaters_acted: actors.length,
    cheaters_caught: caught.length,
    by_kind,
    refused_by_payees: refused,
    shortfall_fen: shortfall,
    settle_ms: Math.round(settle_ms),
  };
}
