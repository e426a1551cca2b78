import { AuditError } from './errors.ts';

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) for the values we allow: object keys sorted by UTF-16
 * code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them. Refuses
 * anything JSON.stringify would silently change (undefined, NaN, Dates, Maps, class instances, sparse
 * arrays, lone surrogates) so that what is hashed is exactly what a verifier will re-derive.
 */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export const MAX_JSON_DEPTH = 16;

const LONE_SURROGATE = /\p{Cs}/u;

function invalid(path: string, message: string): never {
  throw new AuditError('audit_entry_invalid', `${path}: ${message}`);
}

function checkString(value: string, path: string): void {
  if (LONE_SURROGATE.test(value)) invalid(path, 'string holds a lone surrogate (not UTF-8 encodable)');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, depth: number, out: string[]): void {
  if (depth > MAX_JSON_DEPTH) invalid(path, `nested deeper than ${MAX_JSON_DEPTH}`);
  if (value === null) {
    out.push('null');
  } else if (typeof value === 'boolean') {
    out.push(value ? 'true' : 'false');
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) invalid(path, 'numbers must be finite');
    out.push(JSON.stringify(value));
  } else if (typeof value === 'string') {
    checkString(value, path);
    out.push(JSON.stringify(value));
  } else if (Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) invalid(`${path}[${i}]`, 'sparse arrays are not JSON');
      if (i > 0) out.push(',');
      write(value[i], `${path}[${i}]`, depth + 1, out);
    }
    out.push(']');
  } else if (isPlainObject(value)) {
    if (Object.getOwnPropertySymbols(value).length > 0) invalid(path, 'symbol keys are not JSON');
    const keys = Object.keys(value).sort();
    out.push('{');
    keys.forEach((key, i) => {
      checkString(key, `${path}.${key}`);
      if (i > 0) out.push(',');
      out.push(JSON.stringify(key), ':');
      write(value[key], `${path}.${key}`, depth + 1, out);
    });
    out.push('}');
  } else {
    invalid(path, `${typeof value === 'object' ? 'non-plain object' : typeof value} is not JSON`);
  }
}

/** Throws `audit_entry_invalid` naming the path of the first value that is not canonical JSON. */
export function canonicalJson(value: unknown, path = '$'): string {
  const out: string[] = [];
  write(value, path, 0, out);
  return out.join('');
}
