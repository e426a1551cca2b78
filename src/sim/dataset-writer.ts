import { type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DATASET_FILES,
  DATASET_FORMAT,
  DATASET_VERSION,
  type DatasetManifest,
  EXCHANGES_HEADER,
  INSTANCES_HEADER,
  TRANSFERS_HEADER,
  WALLETS_HEADER,
} from './dataset-format.ts';
import { createEconomy, type RunSummary } from './economy.ts';
import type { EconomyOptions } from './options.ts';

/** Text buffered per file before a write: bounded memory whatever the dataset's size. */
const WRITE_BUFFER_CHARS = 1 << 20;
/** Progress is reported at most this often (in transfers), and once at the end. */
const PROGRESS_EVERY_TRANSFERS = 10_000;

export interface SimulateOptions extends EconomyOptions {
  /** Folder to write the dataset into (created if missing; files in it are replaced). */
  readonly out: string;
  readonly onProgress?: (done: number, total: number) => void;
}

class CsvFile {
  private parts: string[] = [];
  private chars = 0;
  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string, header: string): Promise<CsvFile> {
    const file = new CsvFile(await open(path, 'w'));
    file.add(header);
    return file;
  }

  /** Queues a line; true when the buffer is full and should be flushed. */
  add(line: string): boolean {
    this.parts.push(line);
    this.chars += line.length + 1;
    return this.chars >= WRITE_BUFFER_CHARS;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const text = `${this.parts.join('\n')}\n`;
    this.parts = [];
    this.chars = 0;
    await this.handle.write(text);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.handle.close();
  }
}

/**
 * Generates an economy and streams it to `out` in the dataset format (see dataset-format.ts).
 * The manifest is written last, under a temporary name renamed into place, so a folder with a
 * manifest is a complete dataset. Same options, same bytes.
 */
export async function runSimulateToDataset(options: SimulateOptions): Promise<DatasetManifest> {
  const economy = createEconomy(options);
  await mkdir(options.out, { recursive: true });
  const path = (name: string): string => join(options.out, name);
  // A manifest left from an earlier run must not vouch for the files being rewritten.
  await rm(path(DATASET_FILES.manifest), { force: true });

  const wallets = await CsvFile.create(path(DATASET_FILES.wallets), WALLETS_HEADER);
  const exchanges = await CsvFile.create(path(DATASET_FILES.exchanges), EXCHANGES_HEADER);
  const list = economy.wallets();
  for (const w of list) {
    const line = `${w.wallet},${w.operator},${w.kind},${w.category ?? ''},${w.opened_ms},${w.mcc ?? ''}`;
    if (wallets.add(line)) await wallets.flush();
    if (
      w.initial_topup_fen > 0 &&
      exchanges.add(`1,${w.opened_ms},${w.wallet},${w.initial_topup_fen},opening`)
    ) {
      await exchanges.flush();
    }
  }
  await wallets.close();

  const transfers = await CsvFile.create(path(DATASET_FILES.transfers), TRANSFERS_HEADER);
  const total = options.transfers;
  const events = economy.events();
  let summary: RunSummary;
  for (;;) {
    const next = events.next();
    if (next.done === true) {
      summary = next.value;
      break;
    }
    const e = next.value;
    if (e.kind === 'exchange_in') {
      if (exchanges.add(`${e.before_seq},${e.ts_ms},${e.wallet},${e.amount_fen},topup`))
        await exchanges.flush();
      continue;
    }
    const line = `${e.seq},${e.id},${e.ts_ms},${e.from},${e.to},${e.amount_fen},${e.currency},${e.instance ?? ''}`;
    if (transfers.add(line)) await transfers.flush();
    if (e.seq % PROGRESS_EVERY_TRANSFERS === 0) options.onProgress?.(e.seq, total);
  }
  await transfers.close();
  await exchanges.close();

  const instances = await CsvFile.create(path(DATASET_FILES.instances), INSTANCES_HEADER);
  for (const i of summary.instances) {
    instances.add(`${i.instance},${i.typology},${i.wallets.join('|')},${i.first_seq},${i.last_seq}`);
  }
  await instances.close();

  const manifest: DatasetManifest = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    seed: options.seed,
    wallets: list.length,
    transfers: summary.transfers,
    laundering_transfers: summary.laundering_transfers,
    instances: summary.instances.length,
    start_ms: summary.start_ms,
    end_ms: summary.end_ms,
    options: {
      ...economy.options,
      exchanges: summary.exchanges + list.filter((w) => w.initial_topup_fen > 0).length,
      skipped_payments: summary.skipped,
      degraded_instances: summary.degraded_instances,
    },
  };
  const temporary = path(`${DATASET_FILES.manifest}.partial`);
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path(DATASET_FILES.manifest));
  options.onProgress?.(summary.transfers, total);
  return manifest;
}
