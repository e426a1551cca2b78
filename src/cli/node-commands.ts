import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { verifyStore } from '../engine/index.ts';
import { openStore } from '../store/index.ts';
import { nodeOptions, parsePort } from './options.ts';
import { progress } from './progress.ts';
import { startNode, stopOnSignals } from './start-node.ts';

const say = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

function withNodeOptions(cmd: Command): Command {
  return cmd
    .option('--data <dir>', 'data folder for the embedded store (env TONGBAO_DATA)', undefined)
    .option('--port <n>', 'HTTP port (env TONGBAO_PORT)', parsePort)
    .option('--host <host>', 'address to listen on (env TONGBAO_HOST)', undefined)
    .option('--database-url <url>', 'PostgreSQL URL instead of the embedded store (env TONGBAO_DATABASE_URL)')
    .option('--config <file>', 'configuration file (env TONGBAO_CONFIG; default config/default.json)');
}

export function registerNodeCommands(program: Command): void {
  withNodeOptions(
    program
      .command('serve')
      .description('Run a node on its data folder (an empty folder starts empty books, no demo)'),
  ).action(async (raw) => {
    const options = nodeOptions(raw);
    const node = await startNode(options, (stage) => say(`loading: ${stage}`));
    const r = node.engine.loadReport;
    say(
      `loaded ${r.accounts} accounts, ${r.transfers_indexed} transfers (replayed ${r.replayed_rows}) in ${r.load_ms} ms`,
    );
    say(`Tongbao ${node.engine.store.dialect} node serving on ${node.url} (API docs: ${node.url}/docs)`);
    stopOnSignals(node, say);
  });

  program
    .command('verify')
    .description(
      "Check a data folder's books offline: replay the whole journal and prove every operator balances",
    )
    .option('--data <dir>', 'data folder (env TONGBAO_DATA)')
    .option('--database-url <url>', 'PostgreSQL URL (env TONGBAO_DATABASE_URL)')
    .option('--config <file>', 'configuration file')
    .action(async (raw) => {
      const options = nodeOptions(raw);
      const store = await openStore({ dataDir: options.data, databaseUrl: options.databaseUrl });
      try {
        const bar = progress('verifying journal', 1);
        const report = await verifyStore(store, loadConfig(options.config), (done, total) =>
          bar.update(done, total),
        );
        bar.stop();
        for (const o of report.books.operators) {
          say(
            `${o.balanced ? 'ok  ' : 'FAIL'} ${o.operator_id} ${o.currency}: issued-redeemed ${o.issued - o.redeemed} = vault ${o.vault} + wallets ${o.wallets}`,
          );
        }
        for (const c of report.books.central_bank)
          say(
            `${c.balanced ? 'ok  ' : 'FAIL'} central bank ${c.currency}: outstanding ${c.outstanding} = operators ${c.operators_total}`,
          );
        for (const p of report.problems) say(`problem: ${p}`);
        if (report.problem_count > report.problems.length)
          say(`... and ${report.problem_count - report.problems.length} more problems`);
        say(
          `${report.ok ? 'VERIFIED' : 'FAILED'}: ${report.rows} journal rows, ${report.accounts} accounts, ${report.problem_count} problems`,
        );
        process.exitCode = report.ok ? 0 : 1;
      } finally {
        await store.close();
      }
    });
}
