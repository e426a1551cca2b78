import { type Command, InvalidArgumentError } from 'commander';
import { progress } from '../../cli/progress.ts';
import { runSimulateToDataset } from '../dataset-writer.ts';
import { driveNode } from './driver.ts';
import { loadDriverKeys } from './keys.ts';

function count(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

interface SimulateArgs {
  seed: number;
  transfers: number;
  out?: string;
  target?: string;
  rate: number;
  launderingRate?: number;
  days?: number;
  operators?: number;
  keys?: string;
  key: string[];
  seconds?: number;
  tag?: string;
}

/** `tongbao simulate`: a labelled dataset folder (--out), or a running node driven over HTTP (--target). */
export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Simulate an e-CNY economy with labelled laundering: write a dataset folder (--out) or drive a running node over its API (--target)',
    )
    .option('--seed <n>', 'random seed (same seed and options, same economy)', count, 42)
    .option('--transfers <n>', 'transfers in the economy', count, 1_000_000)
    .option(
      '--out <dir>',
      'write the dataset here (manifest.json, wallets.csv, transfers.csv, instances.csv)',
    )
    .option('--target <url>', 'drive this node instead, e.g. http://127.0.0.1:8080')
    .option('--rate <n>', 'with --target: payments per second', positive, 100)
    .option('--laundering-rate <r>', 'share of transfers that are laundering (default 0.004)', share)
    .option('--days <n>', 'simulated days (default 182)', count)
    .option('--operators <n>', 'operators in the economy (default 8)', count)
    .option('--keys <file>', 'with --target: API keys file in the demo format (data/keys.json)')
    .option(
      '--key <name=token>',
      'with --target: a key as central_bank=TOKEN or operator:<id>=TOKEN (repeatable)',
      (v: string, prev: string[]) => [...prev, v],
      [] as string[],
    )
    .option('--seconds <n>', 'with --target: stop after this many seconds of payments', positive)
    .option('--tag <tag>', 'with --target: prefix of client ids (default: sim<seed>-<time>)')
    .action(async (a: SimulateArgs) => {
      const economy = {
        seed: a.seed,
        transfers: a.transfers,
        ...(a.launderingRate === undefined ? {} : { laundering_rate: a.launderingRate }),
        ...(a.days === undefined ? {} : { days: a.days }),
        ...(a.operators === undefined ? {} : { operators: a.operators }),
      };
      if ((a.out === undefined) === (a.target === undefined)) {
        process.stderr.write('simulate needs exactly one of --out DIR and --target URL\n');
        process.exitCode = 2;
        return;
      }
      try {
        if (a.out !== undefined) {
          const bar = progress('simulating', a.transfers);
          const started = Date.now();
          const manifest = await runSimulateToDataset({
            ...economy,
            out: a.out,
            onProgress: (done) => bar.update(done),
          });
          bar.stop();
          const s = (Date.now() - started) / 1000;
          process.stdout.write(
            `${manifest.transfers} transfers (${manifest.laundering_transfers} laundering in ${manifest.instances} instances), ${manifest.wallets} wallets, written to ${a.out} in ${s.toFixed(1)} s\n`,
          );
          return;
        }
        const report = await driveNode({
          ...economy,
          target: a.target!,
          rate: a.rate,
          keys: loadDriverKeys(a.keys, a.key),
          tag: a.tag ?? `sim${a.seed}-${Date.now().toString(36)}`,
          ...(a.seconds === undefined ? {} : { seconds: a.seconds }),
          onPhase: (phase, total) => progress(phase, total),
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } catch (error) {
        process.stderr.write(`simulate failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      }
    });
}
