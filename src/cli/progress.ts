import cliProgress from 'cli-progress';

/** A progress bar on a terminal, or a line every few seconds when output is piped (CI logs). */
export interface Progress {
  update(done: number, total?: number): void;
  stop(): void;
}

export const PROGRESS_LOG_INTERVAL_MS = 5_000;

export function progress(label: string, total: number): Progress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label.padEnd(22)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`,
        stream: process.stderr,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return {
      update: (done, t) => {
        if (t !== undefined) bar.setTotal(t);
        bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let current = 0;
  let max = total;
  return {
    update(done, t) {
      current = done;
      if (t !== undefined) max = t;
      if (Date.now() - last >= PROGRESS_LOG_INTERVAL_MS) {
        last = Date.now();
        process.stderr.write(`${label}: ${done}/${max}\n`);
      }
    },
    stop() {
      process.stderr.write(`${label}: ${current}/${max} done\n`);
    },
  };
}
