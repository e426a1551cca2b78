import type { FastifyInstance } from 'fastify';
import { buildApp, VERSION } from '../api/index.ts';
import { loadConfig, type NodeConfig } from '../config/index.ts';
import { Engine } from '../engine/index.ts';
import { type Supervision, startSupervision, supervisionNotice } from '../monitoring/live/index.ts';
import { publicKeyFingerprint, Security } from '../security/index.ts';
import { statsFor } from '../stats/index.ts';
import { openStore, type Store } from '../store/index.ts';
import type { NodeOptions } from './options.ts';

export interface RunningNode {
  readonly engine: Engine;
  readonly app: FastifyInstance;
  readonly store: Store;
  readonly security: Security;
  readonly supervision: Supervision;
  readonly config: NodeConfig;
  /** What the operator should be told at start: key files created, loose file modes, the log key. */
  readonly notices: readonly string[];
  readonly url: string;
  /** Runs fn first when the node closes (e.g. to stop a load it drives). */
  beforeClose(fn: () => void | Promise<void>): void;
  close(): Promise<void>;
}

/** Opens the store, rebuilds the ledger, serves the API; close() stops in the reverse order. */
export async function startNode(
  options: NodeOptions,
  onLoad?: (stage: string) => void,
): Promise<RunningNode> {
  const config = loadConfig(options.config);
  const store = await openStore({ dataDir: options.data, databaseUrl: options.databaseUrl });
  let engine: Engine;
  let security: Security;
  try {
    engine = await Engine.open({ store, config, onLoadProgress: onLoad });
    onLoad?.('audit log');
    security = await Security.open({
      engine,
      dataDir: options.data,
      databaseUrl: options.databaseUrl,
      version: VERSION,
    }).catch(async (error: unknown) => {
      await engine.stop();
      throw error;
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  // A failed audit log leaves state changes unrecorded: the node stops as it does when storage fails.
  security.onFatal = (error) => engine.emit('fatal', error);
  onLoad?.('monitoring');
  const supervision = await startSupervision({ engine, security, configPath: options.config }).catch(
    async (error: unknown) => {
      await engine.stop();
      await security.close();
      await store.close();
      throw error;
    },
  );
  const notices: string[] = [
    ...security.secrets.created.map(
      (f) => `created ${f} (mode 600): keep it outside backups of the database`,
    ),
    ...security.secrets.warnings,
    `audit log ${security.log.origin}, public key SM3 ${publicKeyFingerprint(security.publicKey)}`,
    supervisionNotice(supervision),
  ];
  // Live statistics for the console (src/stats): counted from the start, pushed only while watched.
  await statsFor(engine);
  const app = await buildApp({ engine, security });
  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  notices.push(`web console: http://${options.host}:${port}/ (sign in with an API key)`);
  let closing: Promise<void> | null = null;
  const hooks: Array<() => void | Promise<void>> = [];
  return {
    engine,
    app,
    store,
    security,
    supervision,
    config,
    notices,
    url: `http://${options.host}:${port}`,
    beforeClose(fn) {
      hooks.push(fn);
    },
    close() {
      closing ??= (async () => {
        for (const hook of hooks) await hook();
        await app.close();
        await supervision.stop();
        await engine.stop();
        await security.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** Ctrl-C (or SIGTERM) stops cleanly; a second one exits at once. */
export function stopOnSignals(node: RunningNode, say: (line: string) => void): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    say(`${signal}: stopping (final checkpoint)...`);
    node.close().then(
      () => {
        say('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        say(`stop failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  node.engine.on('fatal', (error: Error) => {
    say(`FATAL: storage failed, refusing further commands: ${error.message}`);
    process.exit(70);
  });
}
