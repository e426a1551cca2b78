import { readFileSync } from 'node:fs';

/** Latency samples in ms, summarised as the benchmark table reports them. */
export class Latencies {
  private samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  percentile(p: number): number {
    if (this.samples.length === 0) return 0;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  get count(): number {
    return this.samples.length;
  }
}

/** Peak resident set of a process in MB (VmHWM), from /proc. */
export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match === null ? 0 : Math.round(Number(match[1]) / 1024);
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? 0 : Math.round(Number(match[1]) / 1024);
}

/** CPU seconds (user + system) a process has used so far, from /proc (all its threads). */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly store: 'sqlite' | 'postgres';
  readonly transfers_per_s: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly peak_rss_mb: number;
  readonly [extra: string]: unknown;
}
