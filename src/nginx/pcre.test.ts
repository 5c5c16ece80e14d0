import { describe, expect, it } from 'vitest';
import { translatePcre, UnsupportedRegex } from './pcre';

const re = (pattern: string, caseless = false) => translatePcre(pattern, caseless);

describe('PCRE → JS RegExp, with PCRE meaning on bytes', () => {
  it('searches without anchoring, like pcre2_match', () => {
    expect(re('b+c').test('/abbcd')).toBe(true);
    expect(re('^/a$').test('/a')).toBe(true);
    expect(re('^/a$').test('/ab')).toBe(false);
  });

  it('"." matches \\r but not \\n, as PCRE with newline=LF', () => {
    expect(re('^a.b$').test('a\rb')).toBe(true);
    expect(re('^a.b$').test('a\nb')).toBe(false);
  });

  it('"$" and \\Z also match before a final \\n; \\z only at the very end; \\A is the start', () => {
    expect(re('x$').test('/x\n')).toBe(true);
    expect(re('x$').test('/x\n\n')).toBe(false);
    expect(re('x\\Z').test('/x\n')).toBe(true);
    expect(re('x\\z').test('/x\n')).toBe(false);
    expect(re('\\A/x').test('/x')).toBe(true);
    expect(re('\\A/x').test('//x')).toBe(false);
  });

  it('\\s is only space, \\t \\n \\v \\f \\r (JS would add U+00A0, byte 0xA0 here)', () => {
    expect(re('a\\sb').test('a\vb')).toBe(true);
    expect(re('a\\sb').test('a\xa0b')).toBe(false);
    expect(re('a\\Sb').test('a\xa0b')).toBe(true);
    expect(re('a[\\s]b').test('a\xa0b')).toBe(false);
  });

  it('case-insensitive matching folds ASCII only: bytes 0xC9 and 0xE9 stay different', () => {
    expect(re('^/abc', true).test('/ABC')).toBe(true);
    expect(re('\\xe9', true).test('/\xc9')).toBe(false);
    expect(re('\\xe9', true).test('/\xe9')).toBe(true);
    expect(re('é').test('/\xc3\xa9')).toBe(true); // a UTF-8 pattern is its bytes
    expect(re('\\w').test('\xe9')).toBe(false);
  });

  it('a leading (?i) is the caseless flag', () => {
    expect(re('(?i)^/img').test('/IMG/x')).toBe(true);
    expect(re('^/img').test('/IMG/x')).toBe(false);
  });

  it('character classes: "]" first is literal; ranges may cross 0x80; POSIX classes', () => {
    expect(re('^[]a]+$').test(']a]')).toBe(true);
    expect(re('^[^]a]$').test('b')).toBe(true);
    expect(re('^[\\x70-\\x90]$').test('\x85')).toBe(true);
    expect(re('^[\\x70-\\x90]$').test('\x91')).toBe(false);
    expect(re('^[a-]$').test('-')).toBe(true);
    expect(re('^[\\d-z]+$').test('1-z')).toBe(true);
    expect(re('^[[:alpha:]]+$').test('abZ')).toBe(true);
    expect(re('^[[:digit:]]+$').test('12a')).toBe(false);
  });

  it('groups: non-capturing, lookarounds, named (both spellings), backreferences, lazy quantifiers', () => {
    expect(re('^/(?:a|b)(?=/)').test('/b/')).toBe(true);
    expect(re('(?<!x)y').test('zy')).toBe(true);
    expect(re('^/(?P<n>\\w+)/(?<m>\\d)').test('/ab/1')).toBe(true);
    expect(re("^/(?'n'a)").test('/a')).toBe(true);
    expect(re('^/(a)\\1$').test('/aa')).toBe(true);
    expect(re('^/a+?b{1,2}?$').test('/aab')).toBe(true);
  });

  it('"{" that is not a quantifier is literal, as in PCRE', () => {
    expect(re('^/a{x}$').test('/a{x}')).toBe(true);
    expect(re('^/a{2}$').test('/aa')).toBe(true);
  });

  it.each([
    ['a++', 'a possessive quantifier'],
    ['a{2}+', 'a possessive quantifier'],
    ['(?>a)', 'the group "(?>a…"'],
    ['(?s)a', 'the group "(?s)…"'],
    ['\\Qa\\E', 'the escape \\Q'],
    ['\\x{41}', '\\x{…}'],
    ['\\p{L}', 'the escape \\p'],
    ['a\\Kb', 'the escape \\K'],
    ['(*UTF)a', 'a backtracking verb'],
    ['[[:graph:]]', 'the POSIX class [:graph:]'],
    ['[\\S]', '\\S in a character class'],
    ['(a', 'Unterminated group'],
  ])('rejects %s (%s)', (pattern, why) => {
    expect(() => re(pattern)).toThrow(UnsupportedRegex);
    expect(() => re(pattern)).toThrow(why);
  });
});
