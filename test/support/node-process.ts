import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const TONGBAO_BIN = fileURLToPath(new URL('../../bin/tongbao.js', import.meta.url));
/** How long a node may take to load and start serving before a test gives up. */
export const NODE_START_TIMEOUT_MS = 60_000;

export interface NodeProcess {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly output: () => string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

/** Starts `tongbao <command>` as a real process on 127.0.0.1 and resolves once it serves. */
export function spawnNode(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<NodeProcess> {
  // TONGBAO_CHILD_NODE_ARGS passes flags to the node binary itself, e.g. `--cpu-prof` to profile a benchmark.
  const nodeArgs = (process.env.TONGBAO_CHILD_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
  const child = spawn(
    process.execPath,
    [...nodeArgs, TONGBAO_BIN, ...args, '--host', '127.0.0.1', '--port', '0'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? null : -1))),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node did not start within ${NODE_START_TIMEOUT_MS} ms:\n${output}`));
    }, NODE_START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.on('data', (c: Buffer) => {
          output += c.toString();
        });
        resolve({
          url: match[1]!,
          pid: child.pid!,
          child,
          output: () => output,
          kill(signal) {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code} before serving:\n${output}`));
    });
  });
}
