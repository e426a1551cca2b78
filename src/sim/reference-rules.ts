import { inOf, outOf, slidingDistinct, type TableIndex } from './reference-index.ts';
import type { TransferTable } from './table.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, shanghaiDay } from './time.ts';

/**
 * Reference rules: the plain windowed rules a supervisor would write first, used only to check
 * that every injected typology can be found (recall) without drowning in honest look-alikes
 * (precision). They are not the product's monitoring (src/monitoring); see docs/simulator.md.
 */
export const PERSONAL = 0;
export const MERCHANT = 2;
const FEN = 100;
/** "Mid-size" payment: the size of a laundering leg, above most everyday transfers between people. */
export const MID_FEN = 1_000 * FEN;

export const FAN_WINDOW_MS = 72 * MS_PER_HOUR;
export const FAN_MIN_DISTINCT = 8;
export const GS_WINDOW_MS = 48 * MS_PER_HOUR;
export const GS_MIN_DISTINCT = 5;
export const PT_MIN_FEN = 2_000 * FEN;
export const PT_FORWARD_MS = 60 * MS_PER_MINUTE;
export const PT_MIN_SHARE = 0.8;
export const PT_MAX_SHARE = 1.05;
export const PT_EPISODES = 2;
export const PT_EPISODE_WINDOW_MS = 14 * MS_PER_DAY;
export const BIP_WINDOW_MS = 72 * MS_PER_HOUR;
export const BIP_MIN_DEGREE = 3;
export const STRUCT_THRESHOLDS_FEN = [5_000 * FEN, 50_000 * FEN] as const;
export const STRUCT_BAND = 0.96;
export const STRUCT_WINDOW_MS = 10 * MS_PER_DAY;
export const STRUCT_MIN_COUNT = 3;
export const DORMANT_SILENCE_MS = 90 * MS_PER_DAY;
export const DORMANT_WINDOW_MS = 7 * MS_PER_DAY;
export const DORMANT_MIN_FEN = 20_000 * FEN;
export const DORMANT_MIN_PARTIES = 3;
export const NEW_WINDOW_MS = 72 * MS_PER_HOUR;
export const NEW_MIN_COUNT = 5;
export const NEW_MIN_FEN = 8_000 * FEN;

export type Flag = (i: number) => void;

/**
 * Mid-size payments between people into (or out of) one personal wallet: a window fires when it
 * holds enough distinct counterparties the wallet had never dealt with, and then every mid-size
 * payment in it is flagged (mules are reused, so some pairs in a scheme are not new).
 */
function fanWindows(
  t: TransferTable,
  ix: TableIndex,
  list: Int32Array,
  other: Int32Array,
  windowMs: number,
  minDistinct: number,
  hit: (members: number[]) => void,
): void {
  const all = [...list].filter((i) => t.kind[other[i]!] === PERSONAL && t.amount[i]! >= MID_FEN);
  const fresh = all.filter((i) => ix.novel[i] === 1);
  slidingDistinct(
    fresh,
    t.ts,
    (i) => other[i]!,
    windowMs,
    minDistinct,
    (lo, hi) => {
      const start = t.ts[fresh[lo]!]!;
      const end = t.ts[fresh[hi]!]!;
      hit(all.filter((i) => t.ts[i]! >= start && t.ts[i]! <= end));
    },
  );
}

export function fanRules(t: TransferTable, ix: TableIndex, flagIn: Flag, flagOut: Flag): void {
  for (let w = 0; w < t.walletIds.length; w += 1) {
    if (t.kind[w] !== PERSONAL) continue;
    fanWindows(t, ix, inOf(ix, w), t.from, FAN_WINDOW_MS, FAN_MIN_DISTINCT, (m) => m.forEach(flagIn));
    fanWindows(t, ix, outOf(ix, w), t.to, FAN_WINDOW_MS, FAN_MIN_DISTINCT, (m) => m.forEach(flagOut));
  }
}

/** A personal wallet collects from several new payers, then pays several people within days. */
export function gatherScatterRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  for (let w = 0; w < t.walletIds.length; w += 1) {
    if (t.kind[w] !== PERSONAL) continue;
    const ins = [...inOf(ix, w)].filter((i) => t.kind[t.from[i]!] === PERSONAL && t.amount[i]! >= MID_FEN);
    if (ins.length < GS_MIN_DISTINCT) continue;
    const outs = [...outOf(ix, w)].filter((i) => t.kind[t.to[i]!] === PERSONAL && t.amount[i]! >= MID_FEN);
    slidingDistinct(
      outs,
      t.ts,
      (i) => t.to[i]!,
      GS_WINDOW_MS,
      GS_MIN_DISTINCT,
      (lo, hi) => {
        const first = t.ts[outs[lo]!]!;
        const before = ins.filter(
          (i) => t.ts[i]! <= first && t.ts[i]! >= first - GS_WINDOW_MS - FAN_WINDOW_MS,
        );
        const fresh = new Set(before.filter((i) => ix.novel[i] === 1).map((i) => t.from[i]!));
        if (fresh.size < GS_MIN_DISTINCT) return;
        before.forEach(flag);
        for (let k = lo; k <= hi; k += 1) flag(outs[k]!);
      },
    );
  }
}

/** Repeatedly paid and, within the hour, passing most of it on to people, some of them new. */
export function passThroughRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  for (let w = 0; w < t.walletIds.length; w += 1) {
    if (t.kind[w] !== PERSONAL) continue;
    const outs = outOf(ix, w);
    const episodes: { ts: number; members: number[] }[] = [];
    let o = 0;
    for (const i of inOf(ix, w)) {
      if (t.amount[i]! < PT_MIN_FEN || t.kind[t.from[i]!] === MERCHANT) continue;
      while (o < outs.length && outs[o]! <= i) o += 1;
      const members = [i];
      let sent = 0;
      let fresh = ix.novel[i]!;
      for (let k = o; k < outs.length && t.ts[outs[k]!]! - t.ts[i]! <= PT_FORWARD_MS; k += 1) {
        const x = outs[k]!;
        if (t.kind[t.to[x]!] === MERCHANT) continue;
        sent += t.amount[x]!;
        fresh |= ix.novel[x]!;
        members.push(x);
      }
      if (fresh === 1 && sent >= PT_MIN_SHARE * t.amount[i]! && sent <= PT_MAX_SHARE * t.amount[i]!) {
        episodes.push({ ts: t.ts[i]!, members });
      }
    }
    for (let e = 0; e < episodes.length; e += 1) {
      const near = episodes.filter((x) => Math.abs(x.ts - episodes[e]!.ts) <= PT_EPISODE_WINDOW_MS).length;
      if (near >= PT_EPISODES) for (const m of episodes[e]!.members) flag(m);
    }
  }
}

/**
 * Mid-size payments between people where the payer pays, and the payee hears from, several
 * others within days, and the payer's payments are mostly to people it had never paid.
 */
export function bipartiteRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  const eligible = (i: number): boolean =>
    t.amount[i]! >= MID_FEN && t.kind[t.from[i]!] === PERSONAL && t.kind[t.to[i]!] === PERSONAL;
  const around = (list: Int32Array, i: number): number[] =>
    [...list].filter((x) => Math.abs(t.ts[x]! - t.ts[i]!) <= BIP_WINDOW_MS && eligible(x));
  for (let i = 0; i < t.n; i += 1) {
    if (!eligible(i) || ix.novel[i] !== 1) continue;
    const outs = around(outOf(ix, t.from[i]!), i);
    if (new Set(outs.map((x) => t.to[x]!)).size < BIP_MIN_DEGREE) continue;
    if (2 * outs.filter((x) => ix.novel[x] === 1).length < outs.length) continue;
    const ins = around(inOf(ix, t.to[i]!), i);
    if (new Set(ins.map((x) => t.from[x]!)).size >= BIP_MIN_DEGREE) outs.forEach(flag);
  }
}

/** Several payments just under a threshold, on more than one day (a payroll run is one day). */
export function structuringRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  const under = (i: number): boolean => {
    if (t.kind[t.from[i]!] !== PERSONAL || t.kind[t.to[i]!] === MERCHANT) return false;
    const a = t.amount[i]!;
    return STRUCT_THRESHOLDS_FEN.some((th) => a < th && a >= STRUCT_BAND * th);
  };
  const check = (list: Int32Array): void => {
    const hits = [...list].filter(under);
    for (let k = 0; k < hits.length; k += 1) {
      const near = hits.filter((x) => Math.abs(t.ts[x]! - t.ts[hits[k]!]!) <= STRUCT_WINDOW_MS);
      const days = new Set(near.map((x) => shanghaiDay(t.ts[x]!)));
      if (near.length >= STRUCT_MIN_COUNT && days.size >= 2) flag(hits[k]!);
    }
  };
  for (let w = 0; w < t.walletIds.length; w += 1) {
    check(outOf(ix, w));
    check(inOf(ix, w));
  }
}

function incidence(ix: TableIndex, w: number): number[] {
  const all = [...outOf(ix, w), ...inOf(ix, w)];
  return all.sort((a, b) => a - b);
}

function counterparty(t: TransferTable, i: number, w: number): number {
  return t.from[i] === w ? t.to[i]! : t.from[i]!;
}

/**
 * A wallet silent for 90 days (since opening, or since the data starts) that suddenly moves a lot
 * with several people (one large gift passed on to one seller is a family matter).
 */
export function dormantRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  for (let w = 0; w < t.walletIds.length; w += 1) {
    const list = incidence(ix, w);
    let last = Math.max(t.openedMs[w]!, t.startMs);
    for (let k = 0; k < list.length; k += 1) {
      const i = list[k]!;
      if (t.ts[i]! - last >= DORMANT_SILENCE_MS) {
        const burst: number[] = [];
        let volume = 0;
        for (let j = k; j < list.length && t.ts[list[j]!]! - t.ts[i]! <= DORMANT_WINDOW_MS; j += 1) {
          burst.push(list[j]!);
          volume += t.amount[list[j]!]!;
        }
        const parties = new Set(
          burst.filter((b) => t.kind[counterparty(t, b, w)] !== MERCHANT).map((b) => counterparty(t, b, w)),
        );
        if (volume >= DORMANT_MIN_FEN && parties.size >= DORMANT_MIN_PARTIES) for (const b of burst) flag(b);
      }
      last = t.ts[i]!;
    }
  }
}

/** A wallet opened during the data that moves a lot with other people in its first three days. */
export function newWalletRule(t: TransferTable, ix: TableIndex, flag: Flag): void {
  for (let w = 0; w < t.walletIds.length; w += 1) {
    const opened = t.openedMs[w]!;
    if (opened < t.startMs) continue;
    const early = incidence(ix, w).filter(
      (i) => t.ts[i]! - opened <= NEW_WINDOW_MS && t.kind[counterparty(t, i, w)] === PERSONAL,
    );
    const volume = early.reduce((s, i) => s + t.amount[i]!, 0);
    if (early.length >= NEW_MIN_COUNT && volume >= NEW_MIN_FEN) for (const i of early) flag(i);
  }
}

/**
 * Watch-list: once a rule has alerted on a payment, later mid-size payments between the same two
 * wallets are flagged too (networks reuse their mules with the same handlers). Uses only alerts
 * raised before each payment: an alert counts from the time of the transfer it flagged.
 */
export function watchListRule(t: TransferTable, flagged: Uint16Array, flag: Flag): void {
  const wallets = t.walletIds.length;
  const pair = (i: number): number =>
    Math.min(t.from[i]!, t.to[i]!) * wallets + Math.max(t.from[i]!, t.to[i]!);
  const known = new Map<number, number>();
  for (let i = 0; i < t.n; i += 1) if (flagged[i] !== 0 && !known.has(pair(i))) known.set(pair(i), t.ts[i]!);
  for (let i = 0; i < t.n; i += 1) {
    if (t.amount[i]! < MID_FEN) continue;
    const since = known.get(pair(i));
    if (since !== undefined && since < t.ts[i]!) flag(i);
  }
}
