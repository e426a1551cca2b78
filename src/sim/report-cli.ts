import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runSimulateToDataset } from './dataset-writer.ts';
import { evaluateReferenceRules } from './reference-eval.ts';
import { datasetStats } from './report.ts';
import { tableFromDataset } from './table.ts';

/**
 * Reproduces the numbers in docs/simulator.md:
 *   npx tsx src/sim/report-cli.ts --seed 42 --transfers 1000000 --out /tmp/tongbao-ds
 * Generates the dataset (timed), reads it back and prints its statistics and how the reference
 * rules score on it. With --no-generate it only reports on an existing dataset folder.
 */
export async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      seed: { type: 'string', default: '42' },
      transfers: { type: 'string', default: '1000000' },
      rate: { type: 'string' },
      out: { type: 'string' },
      'no-generate': { type: 'boolean', default: false },
    },
  });
  if (values.out === undefined) throw new Error('--out DIR is required');
  if (!values['no-generate']) {
    const started = performance.now();
    const manifest = await runSimulateToDataset({
      seed: Number(values.seed),
      transfers: Number(values.transfers),
      out: values.out,
      ...(values.rate === undefined ? {} : { laundering_rate: Number(values.rate) }),
    });
    const seconds = (performance.now() - started) / 1_000;
    const rate = Math.round(manifest.transfers / seconds);
    process.stdout.write(
      `generated ${manifest.transfers} transfers in ${seconds.toFixed(1)} s (${rate}/s)\n`,
    );
  }
  const table = await tableFromDataset(values.out);
  process.stdout.write(`${JSON.stringify(datasetStats(table), null, 1)}\n`);
  const evaluation = evaluateReferenceRules(table);
  process.stdout.write(`${JSON.stringify(evaluation, null, 1)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
