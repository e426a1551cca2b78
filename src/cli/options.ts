import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

/** Shared option parsing: ports, data folders and counts, with the environment as fallback. */
export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('must be a port number 0-65535');
  return port;
}

export function parseCount(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('must be a whole number');
  return n;
}

export function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export interface NodeOptions {
  readonly data: string;
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string | undefined;
  readonly config: string | undefined;
}

export function nodeOptions(raw: {
  data?: string;
  port?: number;
  host?: string;
  databaseUrl?: string;
  config?: string;
}): NodeOptions {
  const envPort = process.env.TONGBAO_PORT;
  return {
    data: resolve(raw.data ?? process.env.TONGBAO_DATA ?? 'data'),
    port: raw.port ?? (envPort === undefined ? DEFAULT_PORT : parsePort(envPort)),
    host: raw.host ?? process.env.TONGBAO_HOST ?? DEFAULT_HOST,
    databaseUrl: raw.databaseUrl ?? (process.env.TONGBAO_DATABASE_URL || undefined),
    config: raw.config ?? process.env.TONGBAO_CONFIG,
  };
}
