import { beforeAll, describe, expect, test } from 'vitest';
import { generateSm2KeyPair } from '../crypto/index.ts';
import { signCheckpoint } from './checkpoint.ts';
import { type AuditEntryDraft, decodeAuditEntry, encodeAuditEntry } from './entry.ts';
import { AuditLog } from './log.ts';
import { MemoryAuditStorage } from './memory-storage.ts';
import { leafHash, MerkleFrontier } from './merkle.ts';
import type { AuditStorage, StoredCheckpoint, StoredEntry } from './storage.ts';
import type { NodeCoord } from './tree-math.ts';
import { type AuditFindingKind, type AuditVerifyReport, verifyLog } from './verify.ts';

const KEY = generateSm2KeyPair();
const OTHER = generateSm2KeyPair();
const ORIGIN = 'tongbao.example/audit/verify-test';
const SIZE = 3000;

/** What an attacker with write access to the database sees and edits: plain rows, no rules. */
class RawStorage implements AuditStorage {
  constructor(
    readonly entries: StoredEntry[],
    readonly nodes: Map<string, Uint8Array>,
    readonly checkpoints: StoredCheckpoint[],
  ) {}

  async write(): Promise<void> {
    throw new Error('read only');
  }

  async size(): Promise<number> {
    return (this.entries.at(-1)?.index ?? -1) + 1;
  }

  async readEntries(start: number, limit: number): Promise<StoredEntry[]> {
    return this.entries.filter((e) => e.index >= start).slice(0, limit);
  }

  async readNodes(coords: readonly NodeCoord[]): Promise<(Uint8Array | undefined)[]> {
    return coords.map((c) => this.nodes.get(`${c.level}:${c.index}`));
  }

  async readCheckpoints(min: number, limit: number): Promise<StoredCheckpoint[]> {
    return this.checkpoints.filter((c) => c.tree_size >= min).slice(0, limit);
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | undefined> {
    return this.checkpoints.at(-1);
  }

  clone(): RawStorage {
    return new RawStorage(
      this.entries.map((e) => ({ ...e })),
      new Map(this.nodes),
      this.checkpoints.map((c) => ({ ...c })),
    );
  }

  /** Rows renumbered 0..n-1, as an attacker hiding a deletion or insertion would. */
  renumber(): this {
    this.entries.forEach((e, i) => {
      (e as { index: number }).index = i;
    });
    return this;
  }

  /** Recomputes every stored subtree hash from the entries as they now are. */
  rebuildNodes(): this {
    this.nodes.clear();
    const frontier = new MerkleFrontier();
    for (const e of this.entries) {
      for (const n of frontier.push(leafHash(e.bytes))) this.nodes.set(`${n.level}:${n.index}`, n.hash);
    }
    return this;
  }
}

function draft(i: number): AuditEntryDraft {
  return {
    ts_ms: 1_760_000_000_000 + i,
    actor: `operator:${i % 11}`,
    action: i % 3 === 0 ? 'transfer.create' : 'wallet.freeze',
    subject: `wallet:${1000 + i}`,
    details: { amount: `${i}.00`, note: i % 50 === 0 ? '大额' : 'routine' },
  };
}

function edit(bytes: Uint8Array, change: (entry: Record<string, unknown>) => void): Uint8Array {
  const entry = { ...decodeAuditEntry(bytes) } as Record<string, unknown>;
  change(entry);
  return encodeAuditEntry(entry as unknown as Parameters<typeof encodeAuditEntry>[0]);
}

let honest: RawStorage;
let liveLog: AuditLog;

beforeAll(async () => {
  const storage = new MemoryAuditStorage();
  liveLog = await AuditLog.open(storage, {
    origin: ORIGIN,
    signing_key: KEY.privateKey,
    checkpoint_every_entries: 256,
  });
  for (let i = 0; i < SIZE; i += 100)
    await liveLog.append(Array.from({ length: 100 }, (_, k) => draft(i + k)));
  await liveLog.checkpointNow();
  const entries = await storage.readEntries(0, SIZE);
  const nodes = new Map<string, Uint8Array>();
  for (let level = 0, width = 1; width <= SIZE; level++, width *= 2) {
    const coords = Array.from({ length: Math.floor(SIZE / width) }, (_, index) => ({ level, index }));
    const hashes = await storage.readNodes(coords);
    coords.forEach((c, i) => {
      nodes.set(`${c.level}:${c.index}`, hashes[i]!);
    });
  }
  honest = new RawStorage(entries, nodes, await storage.readCheckpoints(0, 1000));
});

async function verify(storage: AuditStorage): Promise<AuditVerifyReport> {
  return verifyLog(storage, KEY.publicKey, { origin: ORIGIN });
}

function kinds(report: AuditVerifyReport): Set<AuditFindingKind> {
  return new Set(report.findings.map((f) => f.kind));
}

function only(report: AuditVerifyReport, kind: AuditFindingKind) {
  return report.findings.filter((f) => f.kind === kind);
}

describe('verifyLog on an honest log', () => {
  test('finds nothing wrong and reports what the signatures cover', async () => {
    const report = await verify(honest);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.entries).toBe(SIZE);
    expect(report.verified_size).toBe(SIZE);
    expect(report.unsigned_entries).toBe(0);
    expect(report.valid_checkpoints).toBe(report.checkpoints);
    expect(report.checkpoints).toBeGreaterThanOrEqual(10);
    expect(report.root_hash).toBe(Buffer.from(liveLog.root_hash).toString('hex'));
  });

  test('entries after the newest checkpoint are reported as unsigned, not as an error', async () => {
    const storage = new MemoryAuditStorage();
    const log = await AuditLog.open(storage, {
      origin: ORIGIN,
      signing_key: KEY.privateKey,
      checkpoint_every_entries: 100,
    });
    await log.append(Array.from({ length: 150 }, (_, i) => draft(i)));
    await log.append(Array.from({ length: 30 }, (_, i) => draft(i)));
    const report = await verify(storage);
    expect(report.ok).toBe(true);
    expect(report.verified_size).toBe(150);
    expect(report.unsigned_entries).toBe(30);
  });
});

describe('verifyLog finds every kind of tampering', () => {
  test('an entry changed in place', async () => {
    const s = honest.clone();
    s.entries[1234] = {
      index: 1234,
      bytes: edit(s.entries[1234]!.bytes, (e) => (e.subject = 'wallet:forged')),
    };
    const report = await verify(s);
    expect(report.ok).toBe(false);
    expect(only(report, 'entry_changed')).toMatchObject([{ index: 1234, position: 1234 }]);
    expect(kinds(report)).toEqual(new Set(['entry_changed', 'checkpoint_root_mismatch']));
    expect(report.verified_size).toBeLessThanOrEqual(1234);
  });

  test('an entry changed with every subtree hash recomputed to match', async () => {
    const s = honest.clone();
    s.entries[1234] = {
      index: 1234,
      bytes: edit(s.entries[1234]!.bytes, (e) => (e.actor = 'operator:evil')),
    };
    s.rebuildNodes();
    const report = await verify(s);
    const [mismatch] = only(report, 'checkpoint_root_mismatch');
    expect(mismatch?.tree_size).toBeGreaterThan(1234);
    expect(mismatch?.message).toContain('before');
    expect(report.verified_size).toBeLessThanOrEqual(1234);
    expect(kinds(report).has('entry_changed')).toBe(false);
  });

  test('entries removed, rows renumbered or left with a gap', async () => {
    for (const renumber of [true, false]) {
      const s = honest.clone();
      s.entries.splice(500, 10);
      if (renumber) s.renumber();
      const report = await verify(s);
      expect(only(report, 'entries_removed')).toMatchObject([{ index: 500, count: 10 }]);
      // The newest checkpoint signed 3000 entries; 2990 are left.
      expect(kinds(report)).toEqual(
        new Set(['entries_removed', 'checkpoint_root_mismatch', 'checkpoint_beyond_log']),
      );
    }
  });

  test('entries removed from the end, below a signed checkpoint', async () => {
    const s = honest.clone();
    s.entries.splice(SIZE - 100, 100);
    const report = await verify(s);
    expect(only(report, 'entries_removed')).toMatchObject([{ index: SIZE - 100, count: 100 }]);
    expect(only(report, 'checkpoint_beyond_log')).toMatchObject([{ tree_size: SIZE }]);
  });

  test('a forged entry inserted in the middle', async () => {
    const s = honest.clone();
    const forged = edit(s.entries[700]!.bytes, (e) => (e.details = { amount: '999999.00' }));
    s.entries.splice(700, 0, { index: 700, bytes: forged });
    s.renumber();
    const report = await verify(s);
    expect(only(report, 'entries_inserted')).toMatchObject([{ position: 700, index: 700, count: 1 }]);
    expect(kinds(report)).toEqual(new Set(['entries_inserted', 'checkpoint_root_mismatch']));
  });

  test('a copy of an old entry inserted later, and an entry with an index past the end', async () => {
    const s = honest.clone();
    s.entries.splice(2000, 0, { index: 0, bytes: s.entries[5]!.bytes });
    s.entries.splice(2500, 0, { index: 0, bytes: edit(s.entries[9]!.bytes, (e) => (e.index = 123_456)) });
    s.renumber();
    const report = await verify(s);
    expect(only(report, 'entries_inserted')).toMatchObject([
      { position: 2000, index: 5, count: 1 },
      { position: 2500, index: 123_456, count: 1 },
    ]);
    expect(kinds(report).has('entries_removed')).toBe(false);
  });

  test('entries swapped, and one moved far away', async () => {
    const s = honest.clone();
    const a = s.entries[100]!.bytes;
    s.entries[100] = { index: 100, bytes: s.entries[2000]!.bytes };
    s.entries[2000] = { index: 2000, bytes: a };
    const [moved] = s.entries.splice(42, 1);
    s.entries.splice(2500, 0, moved!);
    s.renumber();
    const report = await verify(s);
    const reordered = only(report, 'entries_reordered');
    expect(reordered.map((f) => f.index).sort((x, y) => x! - y!)).toEqual([42, 100, 2000]);
    expect(kinds(report)).toEqual(new Set(['entries_reordered', 'checkpoint_root_mismatch']));
  });

  test('an unreadable entry is reported as such, not as removed', async () => {
    const s = honest.clone();
    s.entries[77] = { index: 77, bytes: new TextEncoder().encode('{"garbage":') };
    const report = await verify(s);
    expect(only(report, 'entry_malformed')).toMatchObject([{ position: 77 }]);
    expect(kinds(report)).toEqual(new Set(['entry_malformed', 'checkpoint_root_mismatch']));
  });

  test('a forged checkpoint (root altered, signature kept)', async () => {
    const s = honest.clone();
    const target = s.checkpoints[3]!;
    const lines = target.note.split('\n');
    lines[2] = Buffer.alloc(32, 9).toString('base64');
    s.checkpoints[3] = { ...target, note: lines.join('\n') };
    const report = await verify(s);
    expect(report.findings).toMatchObject([
      { kind: 'checkpoint_bad_signature', tree_size: target.tree_size },
    ]);
    expect(report.findings[0]?.message).toContain('does not verify');
  });

  test('a checkpoint signed by another key, even with the true root', async () => {
    const s = honest.clone();
    const target = s.checkpoints[5]!;
    const root = await liveLog.rootAt(target.tree_size);
    const note = signCheckpoint(
      { origin: ORIGIN, tree_size: target.tree_size, root_hash: root },
      1,
      OTHER.privateKey,
    ).note;
    s.checkpoints[5] = { ...target, note };
    const report = await verify(s);
    expect(report.findings).toMatchObject([
      { kind: 'checkpoint_bad_signature', tree_size: target.tree_size },
    ]);
    expect(report.findings[0]?.message).toContain('not signed by the log key');
  });

  test('a checkpoint for another origin, and stored under the wrong size', async () => {
    const s = honest.clone();
    const root = await liveLog.rootAt(512);
    s.checkpoints.splice(1, 0, {
      tree_size: 512,
      timestamp_ms: 1,
      note: signCheckpoint(
        { origin: 'tongbao.example/elsewhere', tree_size: 512, root_hash: root },
        1,
        KEY.privateKey,
      ).note,
    });
    s.checkpoints[0] = { ...s.checkpoints[0]!, tree_size: s.checkpoints[0]!.tree_size + 1 };
    const report = await verify(s);
    expect(kinds(report)).toEqual(new Set(['checkpoint_wrong_origin', 'checkpoint_malformed']));
  });

  test('corrupt subtree hashes, leaf or interior, with the entries intact', async () => {
    const s = honest.clone();
    s.nodes.set('0:321', new Uint8Array(32).fill(1));
    s.nodes.set('4:17', new Uint8Array(32).fill(2));
    s.nodes.delete('2:100');
    const report = await verify(s);
    const corrupt = only(report, 'tree_node_corrupt').map((f) => `${f.level}:${f.index}`);
    expect(corrupt).toEqual(expect.arrayContaining(['0:321', '4:17', '2:100']));
    expect(kinds(report).has('entry_changed')).toBe(false);
    expect(kinds(report).has('checkpoint_root_mismatch')).toBe(false);
  });

  test('a signer who forks history: two valid checkpoints that are not consistent', async () => {
    const s = honest.clone();
    const forkRoot = leafHash(new TextEncoder().encode('another history'));
    const last = s.checkpoints.at(-1)!;
    s.checkpoints.push({
      tree_size: SIZE + 1,
      timestamp_ms: last.timestamp_ms + 1,
      note: signCheckpoint(
        { origin: ORIGIN, tree_size: SIZE + 1, root_hash: forkRoot },
        last.timestamp_ms + 1,
        KEY.privateKey,
      ).note,
    });
    s.entries.push({ index: SIZE, bytes: encodeAuditEntry({ ...draft(SIZE), index: SIZE }) });
    s.nodes.set(`0:${SIZE}`, leafHash(s.entries.at(-1)!.bytes));
    const report = await verify(s);
    expect(kinds(report)).toEqual(new Set(['checkpoint_root_mismatch', 'checkpoint_inconsistent']));
  });
});
