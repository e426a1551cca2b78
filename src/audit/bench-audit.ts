/**
 * Throughput of the audit log with the in-memory storage. Prints figures; asserts nothing about time.
 *   npx tsx src/audit/bench-audit.ts [entries=1000000] [batch=1000]
 */
import { generateSm2KeyPair } from '../crypto/index.ts';
import type { AuditEntryDraft } from './entry.ts';
import { AuditLog } from './log.ts';
import { MemoryAuditStorage } from './memory-storage.ts';
import { verifyConsistency, verifyInclusion } from './merkle.ts';
import { MAX_TREE_SIZE } from './tree-math.ts';
import { verifyLog } from './verify.ts';

const MAX_BENCH_ENTRIES = 20_000_000;
const PROOF_SAMPLES = 2_000;

function arg(position: number, fallback: number, max: number): number {
  const value = Number(process.argv[position] ?? fallback);
  if (!Number.isSafeInteger(value) || value < 1 || value > max)
    throw new Error(`argument ${position - 1} out of range`);
  return value;
}

function draft(i: number): AuditEntryDraft {
  return {
    ts_ms: 1_760_000_000_000 + i,
    actor: `operator:${i % 97}`,
    action: 'transfer.create',
    subject: `wallet:${(i * 7919) % 1_000_003}`,
    details: { transfer_id: `t-${i}`, amount: `${i % 10_000}.00`, payee: `wallet:${i % 65_537}` },
  };
}

const entries = arg(2, 1_000_000, Math.min(MAX_BENCH_ENTRIES, MAX_TREE_SIZE));
const batch = arg(3, 1_000, 10_000);
const key = generateSm2KeyPair();
const storage = new MemoryAuditStorage();
const log = await AuditLog.open(storage, { origin: 'bench.tongbao/audit', signing_key: key.privateKey });

let started = performance.now();
for (let done = 0; done < entries; done += batch) {
  const n = Math.min(batch, entries - done);
  await log.append(Array.from({ length: n }, (_, k) => draft(done + k)));
}
await log.checkpointNow();
const appendMs = performance.now() - started;
const checkpoints = (await storage.readCheckpoints(0, 1_000_000)).length;
console.log(
  `appended ${entries} entries in batches of ${batch}: ${(appendMs / 1000).toFixed(2)} s, ${Math.round(entries / (appendMs / 1000))} entries/s, ${checkpoints} signed checkpoints`,
);
console.log(`rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MiB`);

const root = log.root_hash;
let seed = 12345;
const random = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed % n;
};

started = performance.now();
for (let i = 0; i < PROOF_SAMPLES; i++) {
  const index = random(entries);
  const proof = await log.inclusionProof(index, entries);
  if (!verifyInclusion(index, entries, proof.leaf_hash, proof.path, root))
    throw new Error('inclusion proof failed');
}
const inclusionUs = ((performance.now() - started) * 1000) / PROOF_SAMPLES;
console.log(
  `inclusion proof at size ${entries}: ${inclusionUs.toFixed(0)} us each (build + verify, ${PROOF_SAMPLES} samples)`,
);

started = performance.now();
for (let i = 0; i < PROOF_SAMPLES; i++) {
  const first = 1 + random(entries - 1);
  const proof = await log.consistencyProof(first, entries);
  const firstRoot = await log.rootAt(first);
  if (!verifyConsistency(first, entries, firstRoot, root, proof.path))
    throw new Error('consistency proof failed');
}
const consistencyUs = ((performance.now() - started) * 1000) / PROOF_SAMPLES;
console.log(
  `consistency proof to size ${entries}: ${consistencyUs.toFixed(0)} us each (build + old root + verify)`,
);

started = performance.now();
const report = await verifyLog(storage, key.publicKey);
const verifyMs = performance.now() - started;
console.log(
  `verifyLog: ${report.ok ? 'ok' : 'FAILED'}, ${report.entries} entries, ${report.valid_checkpoints} checkpoints, ${(verifyMs / 1000).toFixed(2)} s (${Math.round(report.entries / (verifyMs / 1000))} entries/s, tree nodes checked)`,
);
