import { type Sm2PrivateKey, type Sm2PublicKey, sm2Sign, sm2Verify, sm3 } from '../crypto/index.ts';
import { AuditError } from './errors.ts';
import { HASH_BYTES } from './merkle.ts';
import { MAX_TREE_SIZE } from './tree-math.ts';

/**
 * Checkpoints are C2SP tlog-checkpoint signed notes:
 *
 *   <origin>\n<tree size>\n<base64 root hash>\n
 *   \n
 *   — <key name> base64(key id[4] || timestamp_ms[8, big-endian] || SM2 DER signature)\n
 *
 * SM2 has no signature type byte in the signed-note registry, so it uses 0xff followed by the identifier
 * below, as that spec recommends. As in tlog-cosignature, the time is carried in the signature and
 * signed with the note text; the signed message is
 *
 *   "tongbao-checkpoint/v1\n" || "time " || decimal timestamp_ms || "\n" || note text
 *
 * signed with SM2 (SM3, user id 1234567812345678). key id = SM3(key name || 0x0a || 0xff || identifier
 * || 65-byte public key)[0:4] (SM3 in place of the suggested SHA-256, so that only SM algorithms appear).
 */
export const CHECKPOINT_SIGNATURE_TYPE = 0xff;
export const CHECKPOINT_SIGNATURE_IDENTIFIER = 'tongbao-sm2-sm3-checkpoint/v1';
export const CHECKPOINT_SIGNED_HEADER = 'tongbao-checkpoint/v1';
export const MAX_ORIGIN_BYTES = 256;
export const MAX_NOTE_BYTES = 16 * 1024;
/** The signed-note spec asks verifiers to accept at least 16. */
export const MAX_NOTE_SIGNATURES = 16;
export const MAX_TIMESTAMP_MS = Number.MAX_SAFE_INTEGER;

export interface Checkpoint {
  readonly origin: string;
  readonly tree_size: number;
  readonly root_hash: Uint8Array;
}

export interface SignedCheckpoint extends Checkpoint {
  readonly timestamp_ms: number;
  /** The whole signed note, as stored and served. */
  readonly note: string;
}

const encoder = new TextEncoder();
const SIZE_PATTERN = /^(?:0|[1-9][0-9]{0,15})$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
const EM_DASH = '\u2014';

function hasControl(value: string, allowNewline: boolean): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && !(allowNewline && code === 0x0a)) || code === 0x7f) return true;
  }
  return false;
}

/** Origins double as key names: non-empty, no spaces or '+', printable. */
export function assertOrigin(origin: string): void {
  if (
    typeof origin !== 'string' ||
    origin.length === 0 ||
    Buffer.byteLength(origin) > MAX_ORIGIN_BYTES ||
    /[\s+]/u.test(origin) ||
    hasControl(origin, false)
  ) {
    throw new AuditError(
      'audit_config_invalid',
      'origin must be 1-256 bytes without spaces, "+" or controls',
    );
  }
}

export function checkpointBody(checkpoint: Checkpoint): string {
  assertOrigin(checkpoint.origin);
  const { tree_size, root_hash } = checkpoint;
  if (!Number.isSafeInteger(tree_size) || tree_size < 0 || tree_size > MAX_TREE_SIZE) {
    throw new AuditError('audit_checkpoint_invalid', 'tree size out of range');
  }
  if (!(root_hash instanceof Uint8Array) || root_hash.byteLength !== HASH_BYTES) {
    throw new AuditError('audit_checkpoint_invalid', 'root hash must be 32 bytes');
  }
  return `${checkpoint.origin}\n${tree_size}\n${Buffer.from(root_hash).toString('base64')}\n`;
}

export function checkpointKeyId(key_name: string, publicKey: Sm2PublicKey): Uint8Array {
  const digest = sm3(
    Buffer.concat([
      encoder.encode(key_name),
      Uint8Array.of(0x0a, CHECKPOINT_SIGNATURE_TYPE),
      encoder.encode(CHECKPOINT_SIGNATURE_IDENTIFIER),
      publicKey.toBytes(),
    ]),
  );
  return digest.slice(0, 4);
}

function signedMessage(timestamp_ms: number, text: string): Uint8Array {
  return encoder.encode(`${CHECKPOINT_SIGNED_HEADER}\ntime ${timestamp_ms}\n${text}`);
}

function timestampBytes(timestamp_ms: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(timestamp_ms), false);
  return out;
}

export function signCheckpoint(
  checkpoint: Checkpoint,
  timestamp_ms: number,
  key: Sm2PrivateKey,
  key_name: string = checkpoint.origin,
): SignedCheckpoint {
  assertOrigin(key_name);
  if (!Number.isSafeInteger(timestamp_ms) || timestamp_ms < 0) {
    throw new AuditError('audit_checkpoint_invalid', 'timestamp must be a non-negative integer of ms');
  }
  const text = checkpointBody(checkpoint);
  const signature = sm2Sign(key, signedMessage(timestamp_ms, text));
  const payload = Buffer.concat([
    checkpointKeyId(key_name, key.publicKey),
    timestampBytes(timestamp_ms),
    signature,
  ]);
  const note = `${text}\n${EM_DASH} ${key_name} ${payload.toString('base64')}\n`;
  return { ...checkpoint, root_hash: Uint8Array.from(checkpoint.root_hash), timestamp_ms, note };
}

export type CheckpointProblem = 'malformed' | 'wrong_origin' | 'no_signature' | 'bad_signature';

export type CheckpointResult =
  | { readonly ok: true; readonly checkpoint: SignedCheckpoint }
  | { readonly ok: false; readonly problem: CheckpointProblem; readonly message: string };

function refuse(problem: CheckpointProblem, message: string): CheckpointResult {
  return { ok: false, problem, message };
}

interface ParsedNote {
  readonly text: string;
  readonly checkpoint: Checkpoint;
  readonly signatures: readonly { name: string; bytes: Uint8Array }[];
}

function parseNote(note: string): ParsedNote | string {
  if (typeof note !== 'string' || Buffer.byteLength(note) > MAX_NOTE_BYTES)
    return 'not a note of acceptable size';
  if (hasControl(note, true)) return 'control characters other than newline';
  if (/\p{Cs}/u.test(note)) return 'not valid UTF-8';
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return 'no blank line before the signatures';
  const text = note.slice(0, split + 1);
  const sigLines = note.slice(split + 2, -1).split('\n');
  if (sigLines.length === 0 || sigLines.length > MAX_NOTE_SIGNATURES) return 'between 1 and 16 signatures';
  const signatures: { name: string; bytes: Uint8Array }[] = [];
  for (const line of sigLines) {
    const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (match === null) return 'malformed signature line';
    const bytes = new Uint8Array(Buffer.from(match[2]!, 'base64'));
    if (Buffer.from(bytes).toString('base64') !== match[2] || bytes.byteLength < 5)
      return 'malformed signature';
    signatures.push({ name: match[1]!, bytes });
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3 || lines.some((line) => line.length === 0))
    return 'a checkpoint has 3+ non-empty lines';
  const [origin, size, root] = lines as [string, string, string];
  if (!SIZE_PATTERN.test(size) || Number(size) > MAX_TREE_SIZE) return 'tree size is not a decimal in range';
  if (!BASE64_PATTERN.test(root)) return 'root hash is not base64';
  const root_hash = new Uint8Array(Buffer.from(root, 'base64'));
  if (root_hash.byteLength !== HASH_BYTES || Buffer.from(root_hash).toString('base64') !== root) {
    return 'root hash is not 32 bytes of canonical base64';
  }
  return { text, checkpoint: { origin, tree_size: Number(size), root_hash }, signatures };
}

/**
 * Verifies a checkpoint note against the log's public key. Signatures by other keys are ignored, as the
 * signed-note spec requires; a note with no valid signature by this key is refused, and so is a note in
 * which a signature that claims to be by this key fails.
 */
export function openCheckpoint(
  note: string,
  publicKey: Sm2PublicKey,
  options: { origin?: string; key_name?: string } = {},
): CheckpointResult {
  const parsed = parseNote(note);
  if (typeof parsed === 'string') return refuse('malformed', parsed);
  const { checkpoint, text } = parsed;
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    return refuse('wrong_origin', `origin is ${checkpoint.origin}, expected ${options.origin}`);
  }
  const keyName = options.key_name ?? checkpoint.origin;
  const keyId = checkpointKeyId(keyName, publicKey);
  let verified: number | undefined;
  for (const signature of parsed.signatures) {
    if (signature.name !== keyName || Buffer.compare(signature.bytes.subarray(0, 4), keyId) !== 0) continue;
    if (signature.bytes.byteLength < 4 + 8 + 8) return refuse('bad_signature', 'signature too short');
    const timestamp = new DataView(signature.bytes.buffer, signature.bytes.byteOffset + 4, 8).getBigUint64(
      0,
      false,
    );
    if (timestamp > BigInt(MAX_TIMESTAMP_MS)) return refuse('bad_signature', 'timestamp out of range');
    const timestamp_ms = Number(timestamp);
    const ok = sm2Verify(publicKey, signedMessage(timestamp_ms, text), signature.bytes.subarray(12));
    if (!ok) return refuse('bad_signature', `signature by ${keyName} does not verify`);
    if (verified !== undefined && verified !== timestamp_ms) {
      return refuse('bad_signature', 'two signatures by the log key with different times');
    }
    verified = timestamp_ms;
  }
  if (verified === undefined) {
    return refuse(
      'no_signature',
      `no signature by ${keyName} with key id ${Buffer.from(keyId).toString('hex')}`,
    );
  }
  return { ok: true, checkpoint: { ...checkpoint, timestamp_ms: verified, note } };
}
