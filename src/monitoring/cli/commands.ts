import type { Command } from 'commander';
import { registerSimulateCommand } from '../../sim/drive/command.ts';
import { formatNodeTable, isNodeDataDir, runNodeBacktest } from '../backtest/node-history.ts';
import { runBacktest } from '../backtest/run.ts';
import { toTongbaoError } from '../error-map.ts';
import { DEFAULT_RULES_PATH } from '../live/supervision-config.ts';
import { DEFAULT_ALERT_THRESHOLD, runScreen } from '../screening/index.ts';

/** A refusal (bad rule file, dataset, list or names file) ends the command with its code, not a stack. */
function fail(command: string, error: unknown): void {
  const coded = toTongbaoError(error);
  process.stderr.write(
    coded === null
      ? `${command} failed: ${error instanceof Error ? error.message : String(error)}\n`
      : `${command} refused: ${coded.code}: ${coded.message}\n`,
  );
  process.exitCode = 1;
}

/** `tongbao simulate`, `tongbao backtest` and `tongbao screen`. */
export function registerSupervisionCommands(program: Command): void {
  registerSimulateCommand(program);

  program
    .command('backtest')
    .description(
      "Replay a labelled dataset (tongbao dataset or AMLSim folder) or a node's stored history through a rule file and score it, without touching live alerts",
    )
    .option('--rules <file>', 'rule file', DEFAULT_RULES_PATH)
    .option(
      '--data <dir>',
      'a dataset folder, an AMLSim folder (nodes.csv, transactions.csv) or a node data folder',
    )
    .option('--database-url <url>', "a PostgreSQL node's database instead of --data (its stored history)")
    .option('--out <file>', 'also write the result as JSON')
    .option('--json', 'print the JSON instead of the table')
    .action(
      async (a: { rules: string; data?: string; databaseUrl?: string; out?: string; json?: boolean }) => {
        if (a.data === undefined && a.databaseUrl === undefined) {
          process.stderr.write(
            'backtest needs --data DIR (or --database-url URL for a node on PostgreSQL)\n',
          );
          process.exitCode = 2;
          return;
        }
        const print = (text: string) => process.stdout.write(text);
        try {
          if (a.databaseUrl !== undefined || (a.data !== undefined && isNodeDataDir(a.data))) {
            const r = await runNodeBacktest({
              rules: a.rules,
              ...(a.data === undefined ? {} : { dataDir: a.data }),
              ...(a.databaseUrl === undefined ? {} : { databaseUrl: a.databaseUrl }),
              ...(a.out === undefined ? {} : { out: a.out }),
            });
            print(a.json === true ? `${JSON.stringify(r, null, 2)}\n` : formatNodeTable(r));
            return;
          }
          const r = runBacktest({
            rules: a.rules,
            data: a.data!,
            ...(a.out === undefined ? {} : { out: a.out }),
            print: a.json === true ? null : print,
          });
          if (a.json === true) print(`${JSON.stringify(r, null, 2)}\n`);
          if (a.out !== undefined) process.stderr.write(`written to ${a.out}\n`);
        } catch (error) {
          fail('backtest', error);
        }
      },
    );

  program
    .command('screen')
    .description(
      'Screen a CSV of names (id,name) against a watch list (FollowTheMoney JSON lines or UN XML); one JSON line per candidate {name_id, entity_id, score}',
    )
    .requiredOption('--list <file>', 'watch list file')
    .requiredOption('--names <file>', 'CSV with a header naming id and name columns')
    .requiredOption('--out <file>', 'where to write the JSON lines')
    .option(
      '--threshold <t>',
      `lowest score written (default ${DEFAULT_ALERT_THRESHOLD})`,
      Number,
      DEFAULT_ALERT_THRESHOLD,
    )
    .action(async (a: { list: string; names: string; out: string; threshold: number }) => {
      try {
        const r = await runScreen({ list: a.list, names: a.names, out: a.out, threshold: a.threshold });
        process.stdout.write(
          `screened ${r.names} names: ${r.candidates} candidates at or above ${a.threshold}, written to ${a.out}\n`,
        );
      } catch (error) {
        fail('screen', error);
      }
    });
}
