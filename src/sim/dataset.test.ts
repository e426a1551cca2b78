import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_FILES } from './dataset-format.ts';
import {
  readDataset,
  readExchanges,
  readInstances,
  readLabelledEvents,
  readManifest,
  readTransfers,
} from './dataset-reader.ts';
import { runSimulateToDataset } from './dataset-writer.ts';

const SEED = 7;
const TRANSFERS = 30_000;
let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tongbao-sim-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function bytes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of Object.values(DATASET_FILES)) out[name] = await readFile(join(dir, name), 'utf8');
  return out;
}

describe('dataset writer and reader', () => {
  it('writes byte-identical datasets for the same seed and different ones for another seed', async () => {
    const progress: number[] = [];
    const a = await runSimulateToDataset({
      seed: SEED,
      transfers: TRANSFERS,
      out: join(root, 'a'),
      onProgress: (done) => progress.push(done),
    });
    await runSimulateToDataset({ seed: SEED, transfers: TRANSFERS, out: join(root, 'b') });
    await runSimulateToDataset({ seed: SEED + 1, transfers: TRANSFERS, out: join(root, 'c') });
    const [fa, fb, fc] = await Promise.all([
      bytes(join(root, 'a')),
      bytes(join(root, 'b')),
      bytes(join(root, 'c')),
    ]);
    expect(fa).toEqual(fb);
    expect(fa[DATASET_FILES.transfers]).not.toEqual(fc[DATASET_FILES.transfers]);
    expect(a.transfers).toBe(TRANSFERS);
    expect(progress.at(-1)).toBe(TRANSFERS);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));
  });

  it('reads back what it wrote: wallets first, then every transfer in seq order with its label', async () => {
    const dir = join(root, 'a');
    const manifest = await readManifest(dir);
    let wallets = 0;
    let transfers = 0;
    let labelled = 0;
    let sawTransfer = false;
    for await (const row of readDataset(dir)) {
      if (row.type === 'wallet') {
        expect(sawTransfer).toBe(false);
        wallets += 1;
      } else {
        sawTransfer = true;
        transfers += 1;
        expect(row.transfer.seq).toBe(transfers);
        if (row.transfer.instance !== null) labelled += 1;
      }
    }
    expect({ wallets, transfers, labelled }).toEqual({
      wallets: manifest.wallets,
      transfers: manifest.transfers,
      labelled: manifest.laundering_transfers,
    });
    const instances = await readInstances(dir);
    expect(instances.length).toBe(manifest.instances);
    let exchanges = 0;
    for await (const _ of readExchanges(dir)) exchanges += 1;
    expect(exchanges).toBe(manifest.options.exchanges);
  });

  it('turns rows into TransferEvents carrying both parties', async () => {
    const dir = join(root, 'a');
    let n = 0;
    for await (const { event, instance } of readLabelledEvents(dir)) {
      n += 1;
      expect(event.from.wallet).not.toBe(event.to.wallet);
      expect(event.from.opened_ms).toBeLessThanOrEqual(event.ts_ms);
      expect(event.to.opened_ms).toBeLessThanOrEqual(event.ts_ms);
      expect(event.to.kind === 'merchant').toBe(event.to.mcc !== undefined);
      if (instance !== null) expect(instance).toMatch(/^ml-\d{5}$/);
      if (n >= 2_000) break;
    }
    expect(n).toBe(2_000);
  });

  it('rejects a file whose header is not the format', async () => {
    const dir = join(root, 'bad');
    await runSimulateToDataset({ seed: 1, transfers: 2_000, out: dir });
    await writeFile(join(dir, DATASET_FILES.transfers), 'seq,id\n1,x\n');
    await expect(async () => {
      for await (const _ of readTransfers(dir)) break;
    }).rejects.toThrow(/header must be/);
  });
});
