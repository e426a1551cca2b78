import type { Typology } from './dataset-format.ts';
import { readInstances, readManifest, readTransfers, readWallets } from './dataset-reader.ts';
import type { Economy } from './economy.ts';

/**
 * A run held column-wise in memory (about 40 bytes per transfer), for the reference rules and the
 * report. Wallets are numbered in the order first seen; `label` is an index into `typologies`
 * per instance, -1 for legitimate transfers.
 */
export interface TransferTable {
  readonly startMs: number;
  readonly walletIds: readonly string[];
  readonly kind: Uint8Array;
  readonly category: Uint8Array;
  readonly openedMs: Float64Array;
  readonly n: number;
  readonly ts: Float64Array;
  readonly from: Int32Array;
  readonly to: Int32Array;
  readonly amount: Float64Array;
  /** Instance index per transfer, -1 when legitimate. */
  readonly instance: Int32Array;
  readonly instanceIds: readonly string[];
  readonly instanceTypology: readonly Typology[];
}

const KIND_CODE: Readonly<Record<string, number>> = { personal: 0, corporate: 1, merchant: 2 };

class Builder {
  readonly ids: string[] = [];
  readonly index = new Map<string, number>();
  readonly kind: number[] = [];
  readonly category: number[] = [];
  readonly opened: number[] = [];
  ts: number[] = [];
  from: number[] = [];
  to: number[] = [];
  amount: number[] = [];
  instance: number[] = [];
  readonly instanceIndex = new Map<string, number>();
  readonly instanceIds: string[] = [];
  readonly typologies: Typology[] = [];

  wallet(id: string, kind: string, category: number | null, opened: number): void {
    this.index.set(id, this.ids.length);
    this.ids.push(id);
    this.kind.push(KIND_CODE[kind]!);
    this.category.push(category ?? 0);
    this.opened.push(opened);
  }

  private instanceOf(id: string): number {
    let i = this.instanceIndex.get(id);
    if (i === undefined) {
      i = this.instanceIds.length;
      this.instanceIndex.set(id, i);
      this.instanceIds.push(id);
      this.typologies.push('fan_in');
    }
    return i;
  }

  label(id: string, typology: Typology): void {
    this.typologies[this.instanceOf(id)] = typology;
  }

  transfer(ts: number, from: string, to: string, amount: number, instance: string | null): void {
    this.ts.push(ts);
    this.from.push(this.index.get(from)!);
    this.to.push(this.index.get(to)!);
    this.amount.push(amount);
    this.instance.push(instance === null ? -1 : this.instanceOf(instance));
  }

  build(startMs: number): TransferTable {
    return {
      startMs,
      walletIds: this.ids,
      kind: Uint8Array.from(this.kind),
      category: Uint8Array.from(this.category),
      openedMs: Float64Array.from(this.opened),
      n: this.ts.length,
      ts: Float64Array.from(this.ts),
      from: Int32Array.from(this.from),
      to: Int32Array.from(this.to),
      amount: Float64Array.from(this.amount),
      instance: Int32Array.from(this.instance),
      instanceIds: this.instanceIds,
      instanceTypology: this.typologies,
    };
  }
}

/** Runs an economy into a table (no disk involved). */
export function tableFromEconomy(economy: Economy): TransferTable {
  const b = new Builder();
  for (const w of economy.wallets()) b.wallet(w.wallet, w.kind, w.category, w.opened_ms);
  const events = economy.events();
  for (;;) {
    const next = events.next();
    if (next.done === true) {
      for (const i of next.value.instances) b.label(i.instance, i.typology);
      break;
    }
    const e = next.value;
    if (e.kind === 'transfer') b.transfer(e.ts_ms, e.from, e.to, e.amount_fen, e.instance);
  }
  return b.build(economy.startMs);
}

/** Reads a dataset folder into a table. */
export async function tableFromDataset(dir: string): Promise<TransferTable> {
  const manifest = await readManifest(dir);
  const b = new Builder();
  for await (const w of readWallets(dir)) b.wallet(w.wallet, w.kind, w.category, w.opened_ms);
  for (const i of await readInstances(dir)) b.label(i.instance, i.typology);
  for await (const t of readTransfers(dir)) b.transfer(t.ts_ms, t.from, t.to, t.amount_fen, t.instance);
  return b.build(manifest.start_ms);
}
