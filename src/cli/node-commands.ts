import type { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { verifyStore } from '../engine/index.ts';
import { reconcile } from '../ledger/index.ts';
import { openStore } from '../store/index.ts';
import { booksLines } from './books-report.ts';
import { DEMO_RATE_PER_S, runDemo } from './demo.ts';
import { ensureDemoKeys } from './demo-keys.ts';
import { nodeOptions, parsePort, parsePositive } from './options.ts';
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
    for (const notice of node.notices) say(notice);
    const r = node.engine.loadReport;
    const stages = Object.entries(r.stages_ms)
      .map(([name, ms]) => `${name} ${ms}`)
      .join(', ');
    say(
      `loaded ${r.accounts} accounts, ${r.transfers_indexed} transfers (replayed ${r.replayed_rows}) in ${r.load_ms} ms: ${stages}`,
    );
    say(`Tongbao ${node.engine.store.dialect} node serving on ${node.url} (API docs: ${node.url}/docs)`);
    stopOnSignals(node, say);
  });

  withNodeOptions(
    program
      .command('demo')
      .description(
        'Run a node with a demo economy: seeded the first time, then a light stream of simulated payments (npm start)',
      ),
  )
    .option('--rate <n>', 'simulated payments per second', parsePositive, DEMO_RATE_PER_S)
    .action(
      async (raw: {
        rate: number;
        data?: string;
        port?: number;
        host?: string;
        databaseUrl?: string;
        config?: string;
      }) => {
        const options = nodeOptions(raw);
        const node = await startNode(options, (stage) => say(`loading: ${stage}`));
        say(`Tongbao demo node on ${node.url}  (API docs: ${node.url}/docs; data in ${options.data})`);
        for (const notice of node.notices) say(notice);
        const demo = await runDemo(node.engine, options.data, raw.rate, say);
        const keys = await ensureDemoKeys(node.security, options.data);
        say(
          keys.created
            ? `created one API key per role in ${keys.path} (mode 600); send one as Authorization: Bearer <token>`
            : `API keys for every role are in ${keys.path}`,
        );
        say(`simulated payments flowing at ${raw.rate}/s; Ctrl-C stops cleanly, starting again resumes`);
        let last = 0;
        const timer = setInterval(() => {
          const s = demo.stats;
          const refused = [...s.refused.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([code, n]) => `${code} ${n}`);
          const books = reconcile(node.engine.state).balanced ? 'books balance' : 'BOOKS DO NOT BALANCE';
          say(
            `payments: ${s.sent - last} in the last 10 s, ${s.accepted} accepted${refused.length > 0 ? `, refused: ${refused.join(', ')}` : ''}; journal at seq ${node.engine.committed}; ${books}`,
          );
          last = s.sent;
        }, 10_000);
        timer.unref();
        node.beforeClose(() => {
          clearInterval(timer);
          demo.stop();
        });
        stopOnSignals(node, say);
      },
    );

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
        const config = loadConfig(options.config);
        const report = await verifyStore(store, config, (done, total) => bar.update(done, total));
        bar.stop();
        for (const line of booksLines(report.books, config)) say(line);
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
