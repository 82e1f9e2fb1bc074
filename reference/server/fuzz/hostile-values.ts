/**
 * @module Hostile inputs: injection strings (SQL incl. `LIKE` wildcards, NoSQL, template, path,
 * header and script), unicode edge cases, huge strings and values of the wrong type.
 */
import fc from 'fast-check'

/** Strings that break naive SQL, `LIKE` patterns, templates, paths, shells and HTML. */
export const INJECTION_STRINGS: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  "1' UNION SELECT password_hash FROM users --",
  '%',
  '_',
  '%%',
  '%_%',
  '\\%',
  '\\_',
  "%' ESCAPE '\\",
  '[a-z]%',
  '*',
  '{"$gt": ""}',
  '{{7*7}}',
  '${7*7}',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  'a\r\nX-Injected: 1',
  '$(id)',
  '`id`',
  'null',
  'undefined',
  'NaN',
  '-1',
  '0',
  '1e309',
  'true',
  '[]',
  '{}',
]

/** Unicode edge cases: lone surrogates, NUL, BOM, bidi overrides, combining marks, astral. */
export const UNICODE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\uFEFFbom',
  '\uD800',
  '\uDFFFx',
  '\u202Eevil\u202C',
  'e\u0301\u0301\u0301',
  '\u200B\u200C\u200D',
  '😀👩‍👩‍👧‍👦',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'ǅ İ ß ﬁ',
  '\u0085\u2028\u2029',
  '\u001b[31m',
  '\uFFFF\uFFFE',
  'Ａｃｍｅ',
  '\t \n \r',
]

/** A string of `length` copies of a char (a huge value, e.g. 100 000 characters). */
export const hugeString = fc
  .tuple(fc.constantFrom('a', 'é', '😀', '%', '\u0000'), fc.constantFrom(1_000, 10_000, 100_000))
  .map(([char, length]) => char.repeat(length))

/** Any hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...INJECTION_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...UNICODE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom(...INJECTION_STRINGS), fc.constantFrom(...UNICODE_STRINGS))
      .map(([a, b]) => `${a}${b}`),
  },
)

/** A value of any JSON type, for "wrong type" mutations. */
export const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 63), 1e308, 0.5),
  hostileString,
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.integer(), fc.string()), {
    maxKeys: 3,
  }),
)
