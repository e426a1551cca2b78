import type { DeviceRecord } from './payments-state.ts';

/**
 * A device's balance as its vouchers tell it. A secure element's balance only goes down between two
 * online statements: after voucher p and up to voucher c it is what it was after p, plus what was
 * loaded (less unloaded) at statements made in between, less the amounts of the vouchers in between.
 * Vouchers not uploaded yet only lower it further, so with a subset known the balances must satisfy
 *   balance_after(c) <= balance_after(p) + moves(p..c) - amount(c)        (p the nearest known before c)
 *   balance_after(n) <= balance_after(c) + moves(c..n) - amount(n)        (n the nearest known after c)
 * An element whose balance was reset (it spent more than was loaded) breaks one of them as soon as the
 * vouchers on both sides of the reset are known, even when the reserve happens to cover them. Honest
 * elements never do. The last CHAIN_KEPT_MAX vouchers and moves are kept; a pair is checked only when
 * every move between them is still known, so dropping old entries never causes a false alarm.
 */
export const CHAIN_KEPT_MAX = 64;

/** Loads (+) and unloads (-) at a statement with this counter, i.e. after voucher `counter`. */
export function recordMove(d: DeviceRecord, counter: number, delta: number): void {
  d.moves.push([counter, delta]);
  d.moves.sort((x, y) => x[0] - y[0]);
  while (d.moves.length > CHAIN_KEPT_MAX) {
    const dropped = d.moves.shift()!;
    d.moves_floor = Math.max(d.moves_floor, dropped[0] + 1);
  }
}

export function recordVoucher(d: DeviceRecord, counter: number, amount: number, balanceAfter: number): void {
  if (d.chain.some((e) => e[0] === counter)) return;
  d.chain.push([counter, balanceAfter, amount]);
  d.chain.sort((x, y) => x[0] - y[0]);
  // Keep the highest counters: those are the ones later vouchers sit next to.
  while (d.chain.length > CHAIN_KEPT_MAX) d.chain.shift();
}

function net(d: DeviceRecord, from: number, to: number): number {
  let sum = 0;
  for (const [k, delta] of d.moves) if (k >= from && k < to) sum += delta;
  return sum;
}

/** Describes how a new voucher contradicts the known ones, or returns null when it fits. */
export function chainBreak(
  d: DeviceRecord,
  counter: number,
  amount: number,
  balanceAfter: number,
): string | null {
  let prev: [number, number, number] | undefined;
  let next: [number, number, number] | undefined;
  for (const e of d.chain) {
    if (e[0] < counter) prev = e;
    else if (e[0] > counter && next === undefined) next = e;
  }
  if (prev !== undefined && prev[0] >= d.moves_floor) {
    const most = prev[1] + net(d, prev[0], counter) - amount;
    if (balanceAfter > most)
      return `the balance after counter ${counter} (${balanceAfter}) exceeds what counter ${prev[0]} left (${most})`;
  }
  if (next !== undefined && counter >= d.moves_floor) {
    const most = balanceAfter + net(d, counter, next[0]) - next[2];
    if (next[1] > most)
      return `the balance after counter ${next[0]} (${next[1]}) exceeds what counter ${counter} left (${most})`;
  }
  return null;
}
