import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { canonicalJson, type JsonObject } from './canonical-json.ts';
import { type AuditEntry, decodeAuditEntry, encodeAuditEntry, MAX_ENTRY_BYTES } from './entry.ts';
import { AuditError } from './errors.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuditError) return error.code;
    throw error;
  }
  return 'ok';
}

const ENTRY: AuditEntry = {
  index: 7,
  ts_ms: 1_760_000_000_000,
  actor: 'supervisor:li.wei',
  action: 'identity.reveal',
  subject: 'wallet:0012345678901234',
  details: { case_id: 'C-2031', approvers: ['zhang', 'wang'], reason: '可疑交易', amount: '12.34' },
};

/** JSON values whose canonical form is unique (no -0, which JSON cannot keep apart from 0). */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
    fc.string({ unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 6 }), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('canonical JSON', () => {
  test('sorts keys, drops whitespace, escapes as JSON.stringify does', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x\n"y'], c: { z: 0.5, y: 1e21 } })).toBe(
      '{"a":[true,null,"x\\n\\"y"],"b":1,"c":{"y":1e+21,"z":0.5}}',
    );
  });

  test('sorts by UTF-16 code units (RFC 8785), not by code points', () => {
    // U+E000 sorts before U+1F600 by code point, after it by UTF-16 code unit (0xD83D < 0xE000).
    expect(canonicalJson({ '\u{e000}': 1, '\u{1f600}': 2, a: 3 })).toBe('{"a":3,"\u{1f600}":2,"\u{e000}":1}');
  });

  test('parse after canonicalise is the identity, and canonical form is stable', () => {
    fc.assert(
      fc.property(jsonValue, (value) => {
        const once = canonicalJson(value);
        expect(canonicalJson(JSON.parse(once))).toBe(once);
      }),
    );
  });

  test('refuses what JSON.stringify would silently change', () => {
    const bad: unknown[] = [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      10n,
      new Date(0),
      new Map(),
      () => 1,
      Symbol('s'),
      { a: undefined },
      new Array<number>(3),
      'lone \ud800 surrogate',
      { 'key \udc00': 1 },
      { [Symbol('k')]: 1 },
      new (class Point {
        x = 1;
      })(),
    ];
    for (const value of bad) expect(codeOf(() => canonicalJson(value))).toBe('audit_entry_invalid');
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(codeOf(() => canonicalJson(deep))).toBe('audit_entry_invalid');
  });
});

describe('audit entry encoding', () => {
  test('is canonical JSON of the six fields in key order', () => {
    expect(text(encodeAuditEntry(ENTRY))).toBe(
      '{"action":"identity.reveal","actor":"supervisor:li.wei","details":{"amount":"12.34","approvers":["zhang","wang"],"case_id":"C-2031","reason":"可疑交易"},"index":7,"subject":"wallet:0012345678901234","ts_ms":1760000000000}',
    );
  });

  test('round-trips and is independent of key insertion order', () => {
    fc.assert(
      fc.property(jsonValue, fc.nat(), (value, index) => {
        const details = { v: value } as JsonObject;
        const entry: AuditEntry = { ...ENTRY, index, details };
        const reversed = Object.fromEntries(Object.entries(entry).reverse()) as unknown as AuditEntry;
        const bytes = encodeAuditEntry(entry);
        expect(encodeAuditEntry(reversed)).toEqual(bytes);
        expect(encodeAuditEntry(decodeAuditEntry(bytes))).toEqual(bytes);
      }),
    );
  });

  test('refuses invalid entries with audit_entry_invalid', () => {
    const bad: unknown[] = [
      { ...ENTRY, index: -1 },
      { ...ENTRY, index: 1.5 },
      { ...ENTRY, index: 2 ** 53 },
      { ...ENTRY, ts_ms: -5 },
      { ...ENTRY, actor: '' },
      { ...ENTRY, actor: 'a\nb' },
      { ...ENTRY, actor: 'x'.repeat(129) },
      { ...ENTRY, action: 'Wallet.Freeze' },
      { ...ENTRY, action: 'wallet..freeze' },
      { ...ENTRY, action: '' },
      { ...ENTRY, subject: 7 },
      { ...ENTRY, subject: 's\u2028' },
      { ...ENTRY, details: [] },
      { ...ENTRY, details: null },
      { ...ENTRY, details: { when: new Date() } },
      { ...ENTRY, details: { big: 'x'.repeat(MAX_ENTRY_BYTES) } },
      { ...ENTRY, extra: 1 },
      (({ subject: _s, ...rest }) => rest)(ENTRY),
      null,
    ];
    for (const entry of bad)
      expect(codeOf(() => encodeAuditEntry(entry as AuditEntry))).toBe('audit_entry_invalid');
  });

  test('decoding refuses anything but canonical bytes', () => {
    const canonical = text(encodeAuditEntry(ENTRY));
    const variants = [
      canonical.replace('{"action"', '{ "action"'),
      canonical.replace('"index":7', '"index":7.0'),
      canonical.replace('"index":7,', '"index":7,"index":7,'),
      `${canonical}\n`,
      canonical.replace(
        '"action":"identity.reveal","actor":"supervisor:li.wei"',
        '"actor":"supervisor:li.wei","action":"identity.reveal"',
      ),
      canonical.replace('可疑交易', '\\u53ef\\u7591\\u4ea4\\u6613'),
      '[]',
      'not json',
    ];
    for (const v of variants)
      expect(codeOf(() => decodeAuditEntry(new TextEncoder().encode(v)))).toBe('audit_entry_invalid');
    expect(codeOf(() => decodeAuditEntry(Uint8Array.of(0xff, 0xfe)))).toBe('audit_entry_invalid');
  });
});
