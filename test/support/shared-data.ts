import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The shared data folder (../shared/data beside the clone, as the project's data README says), or
 * TONGBAO_SHARED_DATA. Tests that need it fail when it is missing rather than skip, so a run without
 * the data cannot pass silently.
 */
const CANDIDATES = [
  process.env.TONGBAO_SHARED_DATA,
  fileURLToPath(new URL('../../../shared/data', import.meta.url)),
  '/work/shared/data',
].filter((p): p is string => p !== undefined && p !== '');

export function sharedData(relative: string): string {
  for (const base of CANDIDATES) {
    const path = `${base}/${relative}`;
    if (existsSync(path)) return path;
  }
  throw new Error(`shared data ${relative} not found in ${CANDIDATES.join(', ')}; set TONGBAO_SHARED_DATA`);
}

export const AMLSIM_SAMPLE = 'amlsim/20K_fanin200.tgz';
