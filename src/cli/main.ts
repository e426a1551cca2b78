import { Command, Option } from 'commander';
import { VERSION } from '../api/index.ts';
import { registerSupervisionCommands } from '../monitoring/cli/commands.ts';
import { registerDeviceSimulation } from '../payments/sim-command.ts';
import { registerBenchCommand } from './bench-command.ts';
import { registerNodeCommands } from './node-commands.ts';
import { registerSecurityCommands } from './security-commands.ts';

const program = new Command()
  .name('tongbao')
  .description('Tongbao: a two-tier retail digital currency node with supervision built in')
  .version(VERSION)
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerNodeCommands(program);
registerBenchCommand(program);
registerSecurityCommands(program);
registerSupervisionCommands(program);

// Last: it adds --devices to `simulate` when another module registered that command.
registerDeviceSimulation(program);

program.addOption(new Option('--no-color', 'plain output').hideHelp());
await program.parseAsync(process.argv);
