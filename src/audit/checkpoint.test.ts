import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateSm2KeyPair, sm2PublicKeyToPem, sm2Verify, sm3 } from '../crypto/index.ts';
import { type Checkpoint, checkpointKeyId, openCheckpoint, signCheckpoint } from './checkpoint.ts';
import { AuditError } from './errors.ts';

const LOG = generateSm2KeyPair();
const OTHER = generateSm2KeyPair();
const ORIGIN = 'tongbao.example/audit/op-1';
const CP: Checkpoint = { origin: ORIGIN, tree_size: 20852163, root_hash: sm3('root') };
const signed = signCheckpoint(CP, 1_760_000_000_123, LOG.privateKey);

function sigLine(note: string): { name: string; bytes: Buffer } {
  const line = note.trimEnd().split('\n').at(-1)!;
  const [, name, b64] = line.split(' ') as [string, string, string];
  return { name, bytes: Buffer.from(b64, 'base64') };
}

function problem(note: string, key = LOG.publicKey, options = {}): string {
  const result = openCheckpoint(note, key, options);
  return result.ok ? 'ok' : result.problem;
}

describe('checkpoint notes', () => {
  test('follow the C2SP tlog-checkpoint layout', () => {
    const lines = signed.note.split('\n');
    expect(lines.slice(0, 4)).toEqual([ORIGIN, '20852163', Buffer.from(CP.root_hash).toString('base64'), '']);
    expect(lines[4]!.startsWith(`\u2014 ${ORIGIN} `)).toBe(true);
    expect(lines[5]).toBe('');
    expect(lines).toHaveLength(6);
  });

  test('signature = key id || big-endian ms timestamp || SM2 DER over header, time line and note text', () => {
    const { name, bytes } = sigLine(signed.note);
    expect(name).toBe(ORIGIN);
    const expectedKeyId = sm3(
      Buffer.concat([
        Buffer.from(`${ORIGIN}\n`),
        Buffer.from([0xff]),
        Buffer.from('tongbao-sm2-sm3-checkpoint/v1'),
        LOG.publicKey.toBytes(),
      ]),
    ).subarray(0, 4);
    expect(Buffer.from(bytes.subarray(0, 4))).toEqual(Buffer.from(expectedKeyId));
    expect(Buffer.from(checkpointKeyId(ORIGIN, LOG.publicKey))).toEqual(Buffer.from(expectedKeyId));
    expect(bytes.readBigUInt64BE(4)).toBe(1_760_000_000_123n);
    const text = signed.note.slice(0, signed.note.indexOf('\n\n') + 1);
    const message = `tongbao-checkpoint/v1\ntime 1760000000123\n${text}`;
    expect(sm2Verify(LOG.publicKey, message, bytes.subarray(12))).toBe(true);
  });

  test('open returns the signed values', () => {
    const result = openCheckpoint(signed.note, LOG.publicKey, { origin: ORIGIN });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.checkpoint.tree_size).toBe(CP.tree_size);
      expect(result.checkpoint.root_hash).toEqual(CP.root_hash);
      expect(result.checkpoint.timestamp_ms).toBe(1_760_000_000_123);
      expect(result.checkpoint.origin).toBe(ORIGIN);
    }
  });

  test('a forged body, time, key id, or another signer is refused', () => {
    const [origin, size, root] = signed.note.split('\n') as [string, string, string];
    const rest = signed.note.slice(`${origin}\n${size}\n${root}\n`.length);
    const otherRoot = Buffer.from(sm3('other')).toString('base64');
    expect(problem(`${origin}\n${size}\n${otherRoot}\n${rest}`)).toBe('bad_signature');
    expect(problem(`${origin}\n20852164\n${root}\n${rest}`)).toBe('bad_signature');

    const { bytes } = sigLine(signed.note);
    const withBytes = (b: Buffer) =>
      `${signed.note.slice(0, signed.note.indexOf('\u2014'))}\u2014 ${ORIGIN} ${b.toString('base64')}\n`;
    const laterTime = Buffer.from(bytes);
    laterTime.writeBigUInt64BE(1_760_000_000_124n, 4);
    expect(problem(withBytes(laterTime))).toBe('bad_signature');
    const flippedSig = Buffer.from(bytes);
    flippedSig[bytes.length - 1] = flippedSig[bytes.length - 1]! ^ 1;
    expect(problem(withBytes(flippedSig))).toBe('bad_signature');
    const otherKeyId = Buffer.from(bytes);
    otherKeyId[0] = otherKeyId[0]! ^ 1;
    expect(problem(withBytes(otherKeyId))).toBe('no_signature');

    const byOther = signCheckpoint(CP, 1, OTHER.privateKey);
    expect(problem(byOther.note)).toBe('no_signature');
    expect(openCheckpoint(byOther.note, OTHER.publicKey).ok).toBe(true);
    // Another key's signature under our key id: claims to be ours, fails to verify.
    const forgedUnderOurId = Buffer.concat([bytes.subarray(0, 4), sigLine(byOther.note).bytes.subarray(4)]);
    expect(problem(withBytes(forgedUnderOurId))).toBe('bad_signature');
    expect(problem(signCheckpoint(CP, 1, LOG.privateKey, 'someone.else/key').note)).toBe('no_signature');
  });

  test('unknown signatures are ignored, as the signed-note spec requires', () => {
    const extra = `\u2014 witness.example/w1 ${Buffer.alloc(76, 7).toString('base64')}\n`;
    expect(problem(signed.note + extra)).toBe('ok');
    const byOther = sigLine(signCheckpoint(CP, 1, OTHER.privateKey, 'witness.example/w2').note);
    expect(problem(`${signed.note}\u2014 witness.example/w2 ${byOther.bytes.toString('base64')}\n`)).toBe(
      'ok',
    );
  });

  test('origin is checked when the caller names one', () => {
    expect(problem(signed.note, LOG.publicKey, { origin: 'tongbao.example/audit/op-2' })).toBe(
      'wrong_origin',
    );
  });

  test('malformed notes are refused', () => {
    const [origin, size, root] = signed.note.split('\n') as [string, string, string];
    const rest = signed.note.slice(`${origin}\n${size}\n${root}\n`.length);
    const variants = [
      '',
      signed.note.replace('\n\n', '\n'),
      signed.note.slice(0, -1),
      `${origin}\n020852163\n${root}\n${rest}`,
      `${origin}\n-1\n${root}\n${rest}`,
      `${origin}\n${size}\n${root.slice(4)}\n${rest}`,
      `${origin}\n${size}\n${Buffer.alloc(31).toString('base64')}\n${rest}`,
      `${origin}\n${size}\n${rest}`,
      `${origin}\n${size}\n${root}\n\n${rest}`,
      signed.note.replace(ORIGIN, `${ORIGIN}\t`),
      signed.note.replace('\u2014', '-'),
      `${signed.note}${'\u2014 a AAAAAAA=\n'.repeat(16)}`,
      'x'.repeat(17 * 1024),
    ];
    for (const note of variants) expect(problem(note)).toBe('malformed');
  });

  test('refuses to sign a bad checkpoint', () => {
    expect(() => signCheckpoint({ ...CP, origin: 'has space' }, 1, LOG.privateKey)).toThrow(AuditError);
    expect(() => signCheckpoint({ ...CP, origin: '' }, 1, LOG.privateKey)).toThrow(AuditError);
    expect(() => signCheckpoint({ ...CP, tree_size: -1 }, 1, LOG.privateKey)).toThrow(AuditError);
    expect(() => signCheckpoint({ ...CP, root_hash: new Uint8Array(31) }, 1, LOG.privateKey)).toThrow(
      AuditError,
    );
    expect(() => signCheckpoint(CP, -1, LOG.privateKey)).toThrow(AuditError);
    expect(() => signCheckpoint(CP, 1.5, LOG.privateKey)).toThrow(AuditError);
  });

  // Runs wherever the suite runs (README: test requirements): a skipped cross-check proves nothing.
  test('can be verified by hand with openssl, as docs/audit-log.md shows', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tongbao-cp-'));
    try {
      const { bytes } = sigLine(signed.note);
      const text = signed.note.slice(0, signed.note.indexOf('\n\n') + 1);
      const time = bytes.readBigUInt64BE(4).toString();
      writeFileSync(join(dir, 'msg'), `tongbao-checkpoint/v1\ntime ${time}\n${text}`);
      writeFileSync(join(dir, 'sig'), bytes.subarray(12));
      writeFileSync(join(dir, 'pub.pem'), sm2PublicKeyToPem(LOG.publicKey));
      const verify = (msg: string) =>
        spawnSync('/usr/bin/openssl', [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          join(dir, 'pub.pem'),
          '-rawin',
          '-digest',
          'sm3',
          '-pkeyopt',
          'distid:1234567812345678',
          '-in',
          join(dir, msg),
          '-sigfile',
          join(dir, 'sig'),
        ]).status;
      expect(verify('msg')).toBe(0);
      writeFileSync(
        join(dir, 'msg2'),
        `tongbao-checkpoint/v1\ntime ${time}\n${text.replace('20852163', '20852162')}`,
      );
      expect(verify('msg2')).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
