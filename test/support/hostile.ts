import fc from 'fast-check';

/**
 * Hostile request material: strings, numbers and bodies that break naive parsers, validators and
 * queries. Deterministic from a seed, so a failing run can be replayed.
 */
export const NASTY_STRINGS = [
  '',
  ' ',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  'a'.repeat(2_000),
  '%00',
  '\u0000',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '%',
  '%%20',
  '😀',
  '\u202e\u0041',
  '"',
  "'; drop table transfers; --",
  '<script>alert(1)</script>',
  ['$', '{jndi:ldap://x}'].join(''),
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'true',
  '[]',
  '{}',
  '１２３',
  '0010000000000040',
  '0010000000000041',
  '9990000000000016',
  'k0000000000000000',
  'rv-0000000000-00000000',
];

export const NASTY_AMOUNTS = [
  '0',
  '-1',
  '0.001',
  '1e3',
  '１',
  ' 1',
  '1 ',
  '99999999999999999999',
  '1.',
  '.5',
  '00.10',
  '0x10',
  '1,000',
  '-0',
];

export const NASTY_NUMBERS = [
  -1,
  0,
  1,
  2 ** 31,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53),
  1e308,
  0.5,
  -0.0001,
  Number.MIN_VALUE,
];

/** A value of any JSON type, leaning towards the nasty ones. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.constantFrom(...NASTY_AMOUNTS),
  fc.constantFrom(...NASTY_NUMBERS),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.constantFrom(...NASTY_STRINGS), { maxLength: 5 }),
);

/** A body for a route whose request schema names `fields`: right names, wrong or boundary values. */
export function nastyBody(fields: readonly string[]): fc.Arbitrary<unknown> {
  const obj = fc
    .tuple(
      fc.subarray([...fields]),
      fc.array(fc.constantFrom('__proto__', 'constructor', 'extra', 'transfers', 'role', 'amount'), {
        maxLength: 2,
      }),
    )
    .chain(([names, extras]) =>
      fc
        .tuple(...[...names, ...extras].map((n) => fc.tuple(fc.constant(n), nastyValue)))
        .map((pairs) => Object.fromEntries(pairs)),
    );
  return fc.oneof(
    { weight: 6, arbitrary: obj },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
    { weight: 1, arbitrary: fc.constant({ transfers: Array.from({ length: 8_191 }, () => ({})) }) },
  );
}

/** Raw body text that is not JSON, or is JSON nobody should accept. */
export const RAW_BODIES = [
  '{',
  '{"a":',
  '[',
  'null',
  '"string"',
  '12',
  '{"a":1,"a":2}',
  `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
  `{"x":"${'y'.repeat(70_000)}"}`,
  '\u0000\u0001\u0002',
  '{"__proto__":{"admin":true}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  'id=1&amount=2',
];
