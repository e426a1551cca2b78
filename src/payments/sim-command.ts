import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/index.ts';
import { Engine } from '../engine/index.ts';
import { openStore } from '../store/index.ts';
import { storeAlertSink } from './alerts.ts';
import { runDeviceSim } from './device-sim.ts';
import { OfflinePayments } from './offline-service.ts';

/**
 * `tongbao simulate --devices N`: hard wallets paying each other offline, some cheating, settled by a
 * node of its own (a throwaway data folder, or --data). The `simulate` command belongs to the economy
 * simulator (src/sim); this adds the device options to it and runs the device simulation instead when
 * --devices is given, or registers `simulate` itself where the economy simulator is not installed.
 */
const DEVICES_MAX = 100_000;

function whole(max: number) {
  return (value: string): number => {
    const n = Number(value.replaceAll('_', ''));
    if (!Number.isSafeInteger(n) || n < 1 || n > max)
      throw new InvalidArgumentError(`must be a whole number from 1 to ${max}`);
    return n;
  };
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

interface DeviceArgs {
  devices?: number;
  rounds: number;
  cheaters: number;
  online: number;
  capAmount: number;
  capPayments: number;
  deviceData?: string;
  seed?: number;
}

export async function runDeviceSimCommand(a: DeviceArgs & { devices: number }): Promise<void> {
  const dir = a.deviceData ?? mkdtempSync(join(tmpdir(), 'tongbao-devices-'));
  const store = await openStore({ dataDir: dir, databaseUrl: undefined });
  const engine = await Engine.open({ store, config: loadConfig() });
  try {
    if (!engine.state.operatorByKey.has('sim')) {
      await engine.submit([
        {
          type: 'register_operator',
          id: 'sim',
          name: 'Device simulation',
          issuance_quota: 1e13,
          reserve: 1e13,
        },
      ]);
      await engine.submit([
        { type: 'issue', id: 'sim-devices-issue', operator_id: 'sim', amount: 1e12, currency: 'CNY' },
      ]);
    }
    const service = new OfflinePayments(engine, storeAlertSink(store));
    const report = await runDeviceSim(engine, service, {
      devices: a.devices,
      rounds: a.rounds,
      cheaters: a.cheaters,
      seed: a.seed ?? 42,
      online: a.online,
      cap_amount: a.capAmount * 100,
      cap_count: a.capPayments,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    const ok =
      report.honest_settled_once === report.honest_vouchers &&
      report.cheaters_caught === report.cheaters_acted;
    process.stderr.write(
      ok
        ? `every honest voucher settled exactly once (${report.honest_vouchers}); every cheat caught (${report.cheaters_caught})\n`
        : 'NOT every honest voucher settled once or NOT every cheat was caught\n',
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await engine.stop();
    await store.close();
    if (a.deviceData === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

/** Adds the device options to `simulate` (creating it if absent); call after the other commands. */
export function registerDeviceSimulation(program: Command): void {
  let simulate = program.commands.find((c) => c.name() === 'simulate');
  const own = simulate === undefined;
  simulate ??= program.command('simulate').description('Simulate hard wallets paying offline (--devices)');
  simulate
    .addOption(
      new Option(
        '--devices <n>',
        'simulate this many hard wallets paying each other offline instead (some cheat)',
      ).argParser(whole(DEVICES_MAX)),
    )
    .addOption(
      new Option('--rounds <n>', 'with --devices: rounds of offline payments')
        .argParser(whole(10_000))
        .default(10),
    )
    .addOption(
      new Option('--cheaters <share>', 'with --devices: share of devices that cheat')
        .argParser(share)
        .default(0.05),
    )
    .addOption(
      new Option('--online <share>', 'with --devices: chance a device comes online in a round')
        .argParser(share)
        .default(0.3),
    )
    .addOption(
      new Option('--cap-amount <yuan>', 'with --devices: offline cap per device, in yuan')
        .argParser(whole(10_000))
        .default(500),
    )
    .addOption(
      new Option('--cap-payments <n>', 'with --devices: offline payments per device between syncs')
        .argParser(whole(1000))
        .default(10),
    )
    .addOption(
      new Option(
        '--device-data <dir>',
        'with --devices: keep the node data here (default: a throwaway folder)',
      ),
    );
  if (own && simulate.options.every((o) => o.long !== '--seed'))
    simulate.addOption(new Option('--seed <n>', 'random seed').argParser(whole(2 ** 31)).default(42));
  const run = async (a: DeviceArgs) => {
    if (a.devices === undefined) {
      process.stderr.write('simulate --devices N runs the hard-wallet simulation\n');
      process.exitCode = 2;
      return;
    }
    try {
      await runDeviceSimCommand({ ...a, devices: a.devices });
    } catch (error) {
      process.stderr.write(
        `simulate --devices failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  };
  if (own) {
    simulate.action(run);
    return;
  }
  // The economy simulator's own action runs after this hook; a device run ends the process first.
  simulate.hook('preAction', async (command) => {
    const a = command.opts<DeviceArgs>();
    if (a.devices === undefined) return;
    await run(a);
    process.exit(process.exitCode ?? 0);
  });
}
