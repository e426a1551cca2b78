import { generateKeyringDocument, generateSm2KeyPair, Keyring } from '../../src/crypto/index.ts';
import type { Engine } from '../../src/engine/index.ts';
import {
  auditOrigin,
  type KeySpec,
  type NodeSecrets,
  ROLES,
  type Role,
  Security,
} from '../../src/security/index.ts';

/** Secrets made in memory, so a test node writes no key files. */
export function testSecrets(): NodeSecrets {
  const { privateKey } = generateSm2KeyPair();
  return {
    signingKey: privateKey,
    keyring: Keyring.fromJson(generateKeyringDocument('t1')),
    origin: auditOrigin(privateKey.publicKey),
    created: [],
    warnings: [],
  };
}

export async function openTestSecurity(
  engine: Engine,
  dir: string,
  url: string | undefined,
  options: {
    checkpoint_every_entries?: number;
    checkpoint_interval_ms?: number;
    secrets?: NodeSecrets;
    clock?: () => number;
  } = {},
): Promise<Security> {
  return Security.open({
    engine,
    dataDir: dir,
    databaseUrl: url,
    secrets: options.secrets ?? testSecrets(),
    ...(options.checkpoint_every_entries === undefined
      ? {}
      : { checkpoint_every_entries: options.checkpoint_every_entries }),
    ...(options.checkpoint_interval_ms === undefined
      ? {}
      : { checkpoint_interval_ms: options.checkpoint_interval_ms }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });
}

/** Creates a key as the node's own set-up would, returning the token. */
export async function createKey(security: Security, spec: KeySpec): Promise<string> {
  return (await security.keys.create('test:setup', spec)).token;
}

/** The Authorization header for a token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** One key for every role without a scope, by role name. */
export async function unscopedKeys(
  security: Security,
): Promise<Record<Exclude<Role, 'operator' | 'holder' | 'merchant'>, string>> {
  const out: Partial<Record<Role, string>> = {};
  for (const role of ROLES)
    if (role !== 'operator' && role !== 'holder' && role !== 'merchant')
      out[role] = await createKey(security, { role });
  return out as Record<Exclude<Role, 'operator' | 'holder' | 'merchant'>, string>;
}
