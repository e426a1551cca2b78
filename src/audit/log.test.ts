import { describe, expect, test } from 'vitest';
import { generateSm2KeyPair } from '../crypto/index.ts';
import { openCheckpoint } from './checkpoint.ts';
import { type AuditEntryDraft, encodeAuditEntry } from './entry.ts';
import { AuditError } from './errors.ts';
import { AuditLog, type AuditLogOptions, MAX_APPEND_BATCH_ENTRIES } from './log.ts';
import { MemoryAuditStorage } from './memory-storage.ts';
import { leafHash, MerkleFrontier, verifyConsistency, verifyInclusion } from './merkle.ts';
import {
  consistencyProofFromJson,
  consistencyProofToJson,
  inclusionProofFromJson,
  inclusionProofToJson,
} from './proof-json.ts';
import type { AuditStorage, AuditWriteBatch } from './storage.ts';

const KEY = generateSm2KeyPair();
const ORIGIN = 'tongbao.example/audit/test';

function draft(i: number): AuditEntryDraft {
  return {
    ts_ms: 1_000 + i,
    actor: `user:${i % 7}`,
    action: 'wallet.freeze',
    subject: `wallet:${i}`,
    details: { n: i },
  };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms), set: (ms: number) => (now = ms) };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AuditError) return error.code;
    throw error;
  }
  return 'ok';
}

function options(extra: Partial<AuditLogOptions> = {}): AuditLogOptions {
  return { origin: ORIGIN, signing_key: KEY.privateKey, ...extra };
}

describe('AuditLog appends', () => {
  test('numbers entries, stores their bytes, and keeps the RFC 6962 root', async () => {
    const storage = new MemoryAuditStorage();
    const log = await AuditLog.open(storage, options({ checkpoint_every_entries: 1_000 }));
    const reference = new MerkleFrontier();
    for (let batch = 0; batch < 20; batch++) {
      const drafts = Array.from({ length: batch % 5 }, (_, k) => draft(batch * 10 + k));
      const { entries } = await log.append(drafts);
      for (const entry of entries) {
        expect(entry.index).toBe(reference.size);
        reference.push(leafHash(encodeAuditEntry(entry)));
      }
    }
    expect(log.size).toBe(reference.size);
    expect(await storage.size()).toBe(reference.size);
    expect(Buffer.from(log.root_hash)).toEqual(Buffer.from(reference.root()));
    const read = await log.readEntries(0, 1_000);
    expect(read.map((e) => e.index)).toEqual(Array.from({ length: reference.size }, (_, i) => i));
    expect(read[3]?.details).toEqual({ n: 30 });
  });

  test('signs a checkpoint every N entries, inside the same write', async () => {
    const storage = new MemoryAuditStorage();
    const time = clock();
    const log = await AuditLog.open(storage, options({ checkpoint_every_entries: 10, now_ms: time.now }));
    const sizes: number[] = [];
    for (let i = 0; i < 25; i++) {
      const { checkpoint } = await log.append([draft(i)]);
      if (checkpoint !== undefined) sizes.push(checkpoint.tree_size);
    }
    expect(sizes).toEqual([10, 20]);
    const { checkpoint } = await log.append(Array.from({ length: 30 }, (_, i) => draft(i)));
    expect(checkpoint?.tree_size).toBe(55);
    const stored = await storage.readCheckpoints(0, 100);
    expect(stored.map((c) => c.tree_size)).toEqual([10, 20, 55]);
    for (const row of stored) {
      const opened = openCheckpoint(row.note, KEY.publicKey, { origin: ORIGIN });
      expect(opened.ok).toBe(true);
      if (opened.ok)
        expect(Buffer.from(opened.checkpoint.root_hash)).toEqual(
          Buffer.from(await log.rootAt(row.tree_size)),
        );
    }
  });

  test('signs after T ms when entries wait, via append or the timer hook; never for an unchanged tree', async () => {
    const time = clock();
    const log = await AuditLog.open(
      new MemoryAuditStorage(),
      options({ checkpoint_interval_ms: 5_000, now_ms: time.now }),
    );
    expect((await log.append([draft(0)])).checkpoint).toBeUndefined();
    expect(await log.checkpointIfDue()).toBeUndefined();
    time.advance(5_000);
    const due = await log.checkpointIfDue();
    expect(due?.tree_size).toBe(1);
    expect(due?.timestamp_ms).toBe(1_005_000);
    time.advance(60_000);
    expect(await log.checkpointIfDue()).toBeUndefined();
    expect((await log.append([draft(1)])).checkpoint?.tree_size).toBe(2);
    expect(await log.checkpointNow()).toBeUndefined();
    await log.append([draft(2)]);
    expect((await log.checkpointNow())?.tree_size).toBe(3);
    expect((await log.latestCheckpoint())?.tree_size).toBe(3);
  });

  test('a clock that steps back does not date a checkpoint before the previous one', async () => {
    const time = clock();
    const log = await AuditLog.open(new MemoryAuditStorage(), options({ now_ms: time.now }));
    await log.append([draft(0)]);
    const first = await log.checkpointNow();
    time.set(10);
    await log.append([draft(1)]);
    const second = await log.checkpointNow();
    expect(second!.timestamp_ms).toBe(first!.timestamp_ms);
  });

  test('a failed write changes nothing; the next append continues from the committed state', async () => {
    const storage = new MemoryAuditStorage();
    let failNext = false;
    const flaky: AuditStorage = {
      write: (batch: AuditWriteBatch) =>
        failNext ? Promise.reject(new Error('disk full')) : storage.write(batch),
      size: () => storage.size(),
      readEntries: (s, l) => storage.readEntries(s, l),
      readNodes: (c) => storage.readNodes(c),
      readCheckpoints: (m, l) => storage.readCheckpoints(m, l),
      latestCheckpoint: () => storage.latestCheckpoint(),
    };
    const log = await AuditLog.open(flaky, options({ checkpoint_every_entries: 2 }));
    await log.append([draft(0)]);
    const root = log.root_hash;
    failNext = true;
    await expect(log.append([draft(1), draft(2)])).rejects.toThrow('disk full');
    expect(log.size).toBe(1);
    expect(log.root_hash).toEqual(root);
    failNext = false;
    const { entries, checkpoint } = await log.append([draft(3)]);
    expect(entries[0]?.index).toBe(1);
    expect(checkpoint?.tree_size).toBe(2);
  });

  test('concurrent appends are serialised into one contiguous sequence', async () => {
    const log = await AuditLog.open(new MemoryAuditStorage(), options({ checkpoint_every_entries: 7 }));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => log.append([draft(i), draft(i + 100)])),
    );
    const indices = results.flatMap((r) => r.entries.map((e) => e.index)).sort((a, b) => a - b);
    expect(indices).toEqual(Array.from({ length: 80 }, (_, i) => i));
  });

  test('refuses oversized batches and invalid drafts without writing anything', async () => {
    const storage = new MemoryAuditStorage();
    const log = await AuditLog.open(storage, options());
    const many = Array.from({ length: MAX_APPEND_BATCH_ENTRIES + 1 }, (_, i) => draft(i));
    expect(await codeOf(log.append(many))).toBe('audit_batch_too_large');
    expect(await codeOf(log.append([draft(0), { ...draft(1), action: 'Bad Action' }]))).toBe(
      'audit_entry_invalid',
    );
    expect(await storage.size()).toBe(0);
    expect((await log.append([])).entries).toEqual([]);
  });
});

describe('AuditLog reopen', () => {
  test('continues the same tree after a restart', async () => {
    const storage = new MemoryAuditStorage();
    const first = await AuditLog.open(storage, options({ checkpoint_every_entries: 16 }));
    await first.append(Array.from({ length: 37 }, (_, i) => draft(i)));
    const again = await AuditLog.open(storage, options({ checkpoint_every_entries: 16 }));
    expect(again.size).toBe(37);
    expect(again.root_hash).toEqual(first.root_hash);
    await again.append([draft(37)]);
    await first.append([]);
    const proof = await again.inclusionProof(37, 38);
    expect(verifyInclusion(37, 38, proof.leaf_hash, proof.path, again.root_hash)).toBe(true);
  });

  test('refuses storage whose newest checkpoint is another key, origin or tree', async () => {
    const storage = new MemoryAuditStorage();
    const log = await AuditLog.open(storage, options({ checkpoint_every_entries: 4 }));
    await log.append(Array.from({ length: 9 }, (_, i) => draft(i)));
    const other = generateSm2KeyPair();
    expect(await codeOf(AuditLog.open(storage, options({ signing_key: other.privateKey })))).toBe(
      'audit_storage_corrupt',
    );
    expect(await codeOf(AuditLog.open(storage, options({ origin: 'tongbao.example/other' })))).toBe(
      'audit_storage_corrupt',
    );
    const lying: AuditStorage = Object.assign(Object.create(storage) as AuditStorage, {
      readNodes: async (coords: Parameters<AuditStorage['readNodes']>[0]) =>
        (await storage.readNodes(coords)).map((h) =>
          h === undefined ? h : Uint8Array.from(h, (b) => b ^ 1),
        ),
      size: () => storage.size(),
      latestCheckpoint: () => storage.latestCheckpoint(),
    });
    expect(await codeOf(AuditLog.open(lying, options()))).toBe('audit_storage_corrupt');
  });

  test('refuses bad configuration', async () => {
    const storage = new MemoryAuditStorage();
    expect(await codeOf(AuditLog.open(storage, options({ origin: 'has space' })))).toBe(
      'audit_config_invalid',
    );
    expect(await codeOf(AuditLog.open(storage, options({ checkpoint_every_entries: 0 })))).toBe(
      'audit_config_invalid',
    );
    expect(await codeOf(AuditLog.open(storage, options({ checkpoint_interval_ms: 1 })))).toBe(
      'audit_config_invalid',
    );
    expect(await codeOf(AuditLog.open(storage, options({ checkpoint_interval_ms: 1.5e8 })))).toBe(
      'audit_config_invalid',
    );
  });
});

describe('AuditLog proofs', () => {
  test('every entry proves into every checkpoint, and checkpoints prove consistent', async () => {
    const log = await AuditLog.open(new MemoryAuditStorage(), options({ checkpoint_every_entries: 13 }));
    await log.append(Array.from({ length: 100 }, (_, i) => draft(i)));
    const checkpoints = (await log.readCheckpoints(0, 100)).map((row) => {
      const opened = openCheckpoint(row.note, KEY.publicKey);
      if (!opened.ok) throw new Error(opened.message);
      return opened.checkpoint;
    });
    expect(checkpoints.map((c) => c.tree_size)).toEqual([100]);
    const log2 = await AuditLog.open(new MemoryAuditStorage(), options({ checkpoint_every_entries: 13 }));
    for (let i = 0; i < 100; i++) await log2.append([draft(i)]);
    const cps = (await log2.readCheckpoints(0, 100)).map((row) => {
      const opened = openCheckpoint(row.note, KEY.publicKey);
      if (!opened.ok) throw new Error(opened.message);
      return opened.checkpoint;
    });
    expect(cps.map((c) => c.tree_size)).toEqual([13, 26, 39, 52, 65, 78, 91]);
    for (const cp of cps) {
      for (let i = 0; i < cp.tree_size; i++) {
        const proof = await log2.inclusionProof(i, cp.tree_size);
        const wire = inclusionProofFromJson(JSON.parse(JSON.stringify(inclusionProofToJson(proof))));
        expect(verifyInclusion(i, cp.tree_size, wire.leaf_hash, wire.path, cp.root_hash)).toBe(true);
      }
    }
    for (let a = 0; a < cps.length; a++) {
      for (let b = a; b < cps.length; b++) {
        const proof = await log2.consistencyProof(cps[a]!.tree_size, cps[b]!.tree_size);
        const wire = consistencyProofFromJson(JSON.parse(JSON.stringify(consistencyProofToJson(proof))));
        expect(
          verifyConsistency(
            wire.first_size,
            wire.second_size,
            cps[a]!.root_hash,
            cps[b]!.root_hash,
            wire.path,
          ),
        ).toBe(true);
      }
    }
  });

  test('asks outside the log are refused with client-visible codes', async () => {
    const log = await AuditLog.open(new MemoryAuditStorage(), options());
    await log.append([draft(0), draft(1), draft(2)]);
    expect(await codeOf(log.inclusionProof(3, 3))).toBe('audit_index_out_of_range');
    expect(await codeOf(log.inclusionProof(-1, 3))).toBe('audit_index_out_of_range');
    expect(await codeOf(log.inclusionProof(0, 4))).toBe('audit_tree_size_invalid');
    expect(await codeOf(log.inclusionProof(0, 0))).toBe('audit_index_out_of_range');
    expect(await codeOf(log.inclusionProof(0.5, 3))).toBe('audit_index_out_of_range');
    expect(await codeOf(log.consistencyProof(2, 1))).toBe('audit_tree_size_invalid');
    expect(await codeOf(log.consistencyProof(1, 4))).toBe('audit_tree_size_invalid');
    expect(await codeOf(log.rootAt(Number.NaN))).toBe('audit_tree_size_invalid');
    expect(await codeOf(log.readEntries(4, 10))).toBe('audit_index_out_of_range');
    expect((await log.consistencyProof(0, 3)).path).toEqual([]);
  });

  test('wire proofs are parsed strictly', () => {
    const good = { leaf_index: 0, tree_size: 1, leaf_hash: Buffer.alloc(32).toString('base64'), path: [] };
    expect(inclusionProofFromJson(good).tree_size).toBe(1);
    const bad: unknown[] = [
      null,
      [],
      { ...good, extra: 1 },
      { ...good, leaf_index: -1 },
      { ...good, tree_size: '1' },
      { ...good, leaf_hash: Buffer.alloc(31).toString('base64') },
      { ...good, leaf_hash: Buffer.alloc(32).toString('hex') },
      { ...good, path: 'x' },
      { ...good, path: Array.from({ length: 53 }, () => good.leaf_hash) },
    ];
    for (const value of bad) expect(() => inclusionProofFromJson(value)).toThrow(AuditError);
    expect(() => consistencyProofFromJson({ first_size: 1, second_size: 2 })).toThrow(AuditError);
  });
});

describe('MemoryAuditStorage contract', () => {
  const node = (level: number, index: number, fill = 1) => ({
    level,
    index,
    hash: new Uint8Array(32).fill(fill),
  });

  test('refuses gaps, rewrites and shrinking checkpoints, all or nothing', async () => {
    const storage = new MemoryAuditStorage();
    const entry = (index: number) => ({ index, bytes: Uint8Array.of(index) });
    const cp = (tree_size: number) => ({ tree_size, timestamp_ms: 0, note: 'n' });
    await storage.write({
      entries: [entry(0), entry(1)],
      nodes: [node(0, 0), node(0, 1), node(1, 0)],
      checkpoint: cp(2),
    });
    const attempts: AuditWriteBatch[] = [
      { entries: [entry(3)], nodes: [], checkpoint: undefined },
      { entries: [entry(2), entry(2)], nodes: [], checkpoint: undefined },
      { entries: [entry(2)], nodes: [node(0, 1, 9)], checkpoint: undefined },
      { entries: [entry(2)], nodes: [node(0, 3)], checkpoint: undefined },
      { entries: [entry(2)], nodes: [node(0, 2)], checkpoint: cp(2) },
      { entries: [entry(2)], nodes: [node(0, 2)], checkpoint: cp(4) },
      { entries: [], nodes: [{ level: 0, index: 2, hash: new Uint8Array(31) }], checkpoint: undefined },
    ];
    for (const batch of attempts) expect(await codeOf(storage.write(batch))).toBe('audit_storage_conflict');
    expect(await storage.size()).toBe(2);
    expect(await storage.readNodes([{ level: 0, index: 2 }])).toEqual([undefined]);
    await storage.write({ entries: [entry(2)], nodes: [node(0, 1), node(0, 2)], checkpoint: cp(3) });
    expect((await storage.readEntries(1, 10)).map((e) => e.index)).toEqual([1, 2]);
    expect((await storage.readCheckpoints(3, 10)).map((c) => c.tree_size)).toEqual([3]);
  });
});
