import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { ALL_SCENARIOS, runBench, table } from '../../bench/main.ts';
import { parseCount, parsePositive } from './options.ts';

const DEFAULT_OUT = fileURLToPath(new URL('../../bench/results/latest.json', import.meta.url));

export function registerBenchCommand(program: Command): void {
  program
    .command('bench')
    .description(
      'Measure throughput, latency, memory and restart time; prints a table and writes bench/results/latest.json',
    )
    .option(
      '--scenarios <list>',
      `comma-separated, from: ${ALL_SCENARIOS.join(', ')}`,
      ALL_SCENARIOS.join(','),
    )
    .option('--seconds <n>', 'measured seconds per load scenario (after a 3 s warm-up)', parsePositive, 20)
    .option('--wallets <n>', 'wallets in the load scenarios', parseCount, 100_000)
    .option('--restart-wallets <n>', 'wallets for the memory and restart scenarios', parseCount, 1_000_000)
    .option('--restart-transfers <n>', 'transfers stored before the restart scenario', parseCount, 10_000_000)
    .option('--database-url <url>', 'PostgreSQL server to use (default: start a throwaway cluster)')
    .option('--out <file>', 'where to write the results', DEFAULT_OUT)
    .action(
      async (raw: {
        scenarios: string;
        seconds: number;
        wallets: number;
        restartWallets: number;
        restartTransfers: number;
        databaseUrl?: string;
        out: string;
      }) => {
        const results = await runBench({
          scenarios: raw.scenarios
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
          seconds: raw.seconds,
          wallets: raw.wallets,
          restartWallets: raw.restartWallets,
          restartTransfers: raw.restartTransfers,
          databaseUrl: raw.databaseUrl ?? (process.env.TONGBAO_DATABASE_URL || undefined),
          out: raw.out,
          log: (line) => process.stderr.write(`${line}\n`),
        });
        process.stdout.write(`${table(results)}\n\nwritten to ${raw.out}\n`);
      },
    );
}
