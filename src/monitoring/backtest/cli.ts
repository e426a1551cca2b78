/**
 * `npx tsx src/monitoring/backtest/cli.ts --rules config/rules/default.json --data DIR [--out result.json]`
 * Replays DIR (tongbao dataset or AMLSim folder) through the rules and prints the score table.
 */
import { parseArgs } from 'node:util';
import { MonitoringError } from '../errors.ts';
import { runBacktest } from './run.ts';

const { values } = parseArgs({
  options: {
    rules: { type: 'string', default: 'config/rules/default.json' },
    data: { type: 'string' },
    out: { type: 'string' },
  },
});
if (!values.data) {
  process.stderr.write('usage: cli.ts --rules FILE --data DIR [--out FILE]\n');
  process.exit(2);
}
try {
  runBacktest({ rules: values.rules, data: values.data, ...(values.out ? { out: values.out } : {}) });
} catch (err) {
  if (err instanceof MonitoringError) {
    process.stderr.write(`${err.code}: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
