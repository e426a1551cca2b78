import { readFileSync } from 'node:fs';

/** The bearer keys the driver acts with: the central bank's (optional) and one per operator it drives. */
export interface DriverKeys {
  readonly central_bank: string | null;
  /** Operator id -> token. */
  readonly operators: ReadonlyMap<string, string>;
}

/**
 * Keys from a keys file in the demo's format (`{"keys": [{"role", "token", "operator_id"?}]}`, what
 * `npm start` writes to data/keys.json) and/or `NAME=TOKEN` pairs where NAME is `central_bank` or
 * `operator:<id>`. Later entries win.
 */
export function loadDriverKeys(file: string | undefined, pairs: readonly string[] = []): DriverKeys {
  let central: string | null = null;
  const operators = new Map<string, string>();
  if (file !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read keys file ${file}: ${(error as Error).message}`);
    }
    const keys = (doc as { keys?: unknown }).keys;
    if (!Array.isArray(keys)) throw new Error(`${file}: expected {"keys": [{"role", "token", ...}]}`);
    for (const k of keys as Array<Record<string, unknown>>) {
      if (typeof k.token !== 'string') continue;
      if (k.role === 'central_bank') central = k.token;
      if (k.role === 'operator' && typeof k.operator_id === 'string') operators.set(k.operator_id, k.token);
    }
  }
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? '' : pair.slice(0, eq);
    const token = pair.slice(eq + 1);
    if (name === 'central_bank') central = token;
    else if (name.startsWith('operator:') && name.length > 9) operators.set(name.slice(9), token);
    else throw new Error(`--key ${pair}: expected central_bank=TOKEN or operator:<id>=TOKEN`);
  }
  return { central_bank: central, operators };
}
