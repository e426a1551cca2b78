import { canonicalJson, isPlainObject, type JsonObject } from './canonical-json.ts';
import { AuditError } from './errors.ts';

/**
 * One audited event: a state-changing command, a freeze, a de-anonymisation, a privileged read.
 * Its canonical bytes (canonical JSON, UTF-8) are what the Merkle tree hashes:
 *   {"action":…,"actor":…,"details":{…},"index":…,"subject":…,"ts_ms":…}
 * The entry carries its own index so that a reordering in storage is visible in the bytes themselves.
 */
export interface AuditEntry {
  readonly index: number;
  readonly ts_ms: number;
  /** Who acted: a user, operator, service or `system`. */
  readonly actor: string;
  /** Dotted lower-case verb, e.g. `wallet.freeze`, `identity.reveal`, `transfer.create`. */
  readonly action: string;
  /** What it acted on: a wallet, case or transfer id; empty when nothing in particular. */
  readonly subject: string;
  readonly details: JsonObject;
}

export type AuditEntryDraft = Omit<AuditEntry, 'index'>;

export const MAX_ENTRY_BYTES = 32 * 1024;
export const MAX_ACTOR_LENGTH = 128;
export const MAX_ACTION_LENGTH = 64;
export const MAX_SUBJECT_LENGTH = 256;
export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)*$/;

const ENTRY_KEYS = ['action', 'actor', 'details', 'index', 'subject', 'ts_ms'];
/** C0 and C1 controls and the two JavaScript line terminators: never wanted in one-line fields. */
function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

function invalid(message: string): never {
  throw new AuditError('audit_entry_invalid', message);
}

function checkText(name: string, value: unknown, max: number, allowEmpty: boolean): void {
  if (typeof value !== 'string') invalid(`${name} must be a string`);
  if (!allowEmpty && value.length === 0) invalid(`${name} must not be empty`);
  if (value.length > max) invalid(`${name} is longer than ${max} characters`);
  if (hasControl(value)) invalid(`${name} must not contain control characters`);
}

function checkEntry(entry: Record<string, unknown>): void {
  const { index, ts_ms, actor, action, subject, details } = entry;
  if (!Number.isSafeInteger(index) || (index as number) < 0) invalid('index must be a non-negative integer');
  if (!Number.isSafeInteger(ts_ms) || (ts_ms as number) < 0) invalid('ts_ms must be a non-negative integer');
  checkText('actor', actor, MAX_ACTOR_LENGTH, false);
  checkText('action', action, MAX_ACTION_LENGTH, false);
  if (!ACTION_PATTERN.test(action as string)) invalid(`action must match ${ACTION_PATTERN}`);
  checkText('subject', subject, MAX_SUBJECT_LENGTH, true);
  if (!isPlainObject(details)) invalid('details must be a plain JSON object');
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The canonical bytes of an entry; throws `audit_entry_invalid` for anything not loggable. */
export function encodeAuditEntry(entry: AuditEntry): Uint8Array {
  if (!isPlainObject(entry)) invalid('an entry is a plain object');
  const keys = Object.keys(entry).sort();
  if (keys.join(',') !== ENTRY_KEYS.join(','))
    invalid(`an entry has exactly the fields ${ENTRY_KEYS.join(', ')}`);
  checkEntry(entry);
  const bytes = encoder.encode(canonicalJson(entry, 'entry'));
  if (bytes.byteLength > MAX_ENTRY_BYTES) invalid(`an entry is limited to ${MAX_ENTRY_BYTES} bytes encoded`);
  return bytes;
}

/** Parses canonical bytes back; bytes that are valid JSON but not in canonical form are refused. */
export function decodeAuditEntry(bytes: Uint8Array): AuditEntry {
  if (!(bytes instanceof Uint8Array) || bytes.byteLength > MAX_ENTRY_BYTES) invalid('entry bytes too large');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    invalid('entry bytes are not UTF-8 JSON');
  }
  if (!isPlainObject(parsed)) invalid('entry bytes do not hold an object');
  const entry = parsed as unknown as AuditEntry;
  const again = encodeAuditEntry(entry);
  if (Buffer.compare(again, bytes) !== 0) invalid('entry bytes are not in canonical form');
  return entry;
}
