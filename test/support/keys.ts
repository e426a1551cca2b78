import { createKeyOffline, type KeySpec } from '../../src/security/index.ts';
import { openSecurityDb } from '../../src/store/security-db.ts';

/**
 * Creates keys in a data folder (or PostgreSQL database) from outside the node, as `tongbao keys
 * create` does: works whether or not a node is running on it. Returns the tokens in order.
 */
export async function offlineKeys(
  dir: string,
  url: string | undefined,
  specs: readonly KeySpec[],
): Promise<string[]> {
  const db = await openSecurityDb({ dataDir: dir, databaseUrl: url, create: true });
  try {
    const tokens: string[] = [];
    for (const spec of specs) tokens.push((await createKeyOffline(db, spec, 'test:setup')).token);
    return tokens;
  } finally {
    await db.close();
  }
}

/** The operator number digits a wallet id starts with ("001"). */
export const operatorDigits = (walletId: string) => walletId.slice(0, 3);
