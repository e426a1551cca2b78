import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AccountKind, formatWalletId, type LedgerState } from '../ledger/index.ts';
import { getKey, type KeySpec, type Security } from '../security/index.ts';

/** Where the demo writes its keys (readable by the owner only). */
export const DEMO_KEYS_FILE = 'keys.json';

interface DemoKey {
  readonly role: string;
  readonly key_id: string;
  readonly token: string;
  readonly operator_id?: string;
  readonly wallets?: readonly string[];
  readonly label: string;
}

/** The first wallet of a kind at an operator: the demo's sample holder and merchant. */
function firstWallet(state: LedgerState, operatorNum: number, kind: number): string | undefined {
  const a = state.accounts;
  for (let num = 1; num <= a.count; num += 1)
    if (a.kind[num] === kind && a.operator[num] === operatorNum) return formatWalletId(operatorNum, num);
  return undefined;
}

/**
 * On a demo's first start, one key per role (and a second supervisor, since a reveal needs two) is
 * created and written to DATA/keys.json with mode 600, so that the API and the console can be tried
 * at once. Later starts reuse the file while its keys still exist in the database.
 */
export async function ensureDemoKeys(
  security: Security,
  dir: string,
): Promise<{ path: string; created: boolean }> {
  const path = join(dir, DEMO_KEYS_FILE);
  if (existsSync(path)) {
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { keys?: DemoKey[] };
    const first = saved.keys?.[0];
    if (first !== undefined && (await getKey(security.db, first.key_id)) !== undefined)
      return { path, created: false };
  }
  const state = security.engine.state;
  const operator = state.operators.find((op) => op !== undefined);
  if (operator === undefined) throw new Error('the demo has no operator to make keys for');
  const holder = firstWallet(state, operator.num, AccountKind.personal);
  const merchant = firstWallet(state, operator.num, AccountKind.merchant);
  const specs: Array<KeySpec & { label: string }> = [
    { role: 'central_bank', label: 'demo: the central bank' },
    { role: 'operator', operator_id: operator.id, label: `demo: operator ${operator.id}` },
    ...(merchant === undefined ? [] : [{ role: 'merchant', wallets: [merchant], label: 'demo: a merchant' }]),
    ...(holder === undefined ? [] : [{ role: 'holder', wallets: [holder], label: 'demo: a wallet holder' }]),
    { role: 'supervisor', label: 'demo: supervisor A (asks for reveals)' },
    { role: 'supervisor', label: 'demo: supervisor B (approves reveals)' },
    { role: 'auditor', label: 'demo: an auditor' },
    { role: 'admin', label: 'demo: the administrator' },
  ];
  const keys: DemoKey[] = [];
  for (const spec of specs) {
    const { key, token } = await security.keys.create('system:demo', spec);
    keys.push({
      role: key.role,
      key_id: key.key_id,
      token,
      label: key.label,
      ...(key.operator_id === null ? {} : { operator_id: key.operator_id }),
      ...(key.wallets.length === 0 ? {} : { wallets: key.wallets }),
    });
  }
  const doc = {
    note: 'Demo API keys, one per role. Send one as: Authorization: Bearer <token>. Keep this file private.',
    keys,
  };
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`, { mode: 0o600 });
  // The mode only applies to a new file: an old one (keys of a database since replaced) is tightened too.
  chmodSync(path, 0o600);
  return { path, created: true };
}
