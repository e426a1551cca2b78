import type { WalletKind } from '../monitoring/transfer-event.ts';
import { hashSeed } from './prng.ts';

export const KIND_NAMES: readonly WalletKind[] = ['personal', 'corporate', 'merchant'];
export const PERSONAL = 0;
export const CORPORATE = 1;
export const MERCHANT = 2;

/** Most wallets a simulation may hold: ids are a permutation of 32-bit numbers. */
export const WALLETS_MAX = 50_000_000;

/**
 * The e-CNY operators (authorised institutions) wallets are spread over, with rough market shares.
 * A simulation uses the first `operators` of them.
 */
export const OPERATORS: readonly (readonly [string, number])[] = [
  ['icbc', 20],
  ['ccb', 17],
  ['abc', 16],
  ['boc', 13],
  ['psbc', 10],
  ['bocom', 7],
  ['webank', 9],
  ['mybank', 8],
  ['cmb', 6],
  ['cib', 4],
];

export type Category = 1 | 2 | 3 | 4;

/** Column-wise wallet attributes, indexed by the wallet's position. */
export class WalletTable {
  readonly kind: number[] = [];
  /** 0 for corporate and merchant wallets. */
  readonly category: number[] = [];
  readonly operator: number[] = [];
  readonly openedMs: number[] = [];
  readonly mcc: (string | null)[] = [];
  readonly initialFen: number[] = [];
  private ids: string[] | null = null;

  get count(): number {
    return this.kind.length;
  }

  add(
    kind: number,
    category: number,
    operator: number,
    openedMs: number,
    mcc: string | null,
    initialFen = 0,
  ): number {
    if (this.ids !== null) throw new Error('wallet table is sealed');
    if (this.kind.length >= WALLETS_MAX) throw new RangeError(`more than ${WALLETS_MAX} wallets`);
    this.kind.push(kind);
    this.category.push(category);
    this.operator.push(operator);
    this.openedMs.push(Math.floor(openedMs));
    this.mcc.push(mcc);
    this.initialFen.push(initialFen);
    return this.kind.length - 1;
  }

  /**
   * Gives every wallet its public id: "w" + 8 hex digits from a keyed permutation of its position,
   * so ids are unique and say nothing about who the wallet belongs to or when it was created.
   */
  seal(seed: number): void {
    const keys = [0, 1, 2, 3].map((round) => hashSeed(seed, `wallet-id-${round}`));
    this.ids = this.kind.map((_, index) => `w${feistel32(index, keys).toString(16).padStart(8, '0')}`);
  }

  id(wallet: number): string {
    if (this.ids === null) throw new Error('wallet table is not sealed yet');
    return this.ids[wallet]!;
  }
}

/** Four-round Feistel network over two 16-bit halves: a bijection on 32-bit numbers. */
function feistel32(value: number, keys: readonly number[]): number {
  let left = (value >>> 16) & 0xffff;
  let right = value & 0xffff;
  for (const key of keys) {
    let f = Math.imul(right ^ key, 0x9e3779b1);
    f ^= f >>> 15;
    f = Math.imul(f, 0x85ebca77);
    const next = (left ^ (f >>> 16)) & 0xffff;
    left = right;
    right = next;
  }
  return ((left << 16) | right) >>> 0;
}
