import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isNormalUri, normalizeUri } from './uri';

describe('URI normalisation (nginx 1.22 ngx_http_parse_complex_uri, merge_slashes on)', () => {
  it.each([
    ['/', '/'],
    ['/a//b///c', '/a/b/c'],
    ['/a/./b/.', '/a/b/'],
    ['/a/b/../c', '/a/c'],
    ['/a/b/..', '/a/'],
    ['/a/..b/...', '/a/..b/...'],
    ['/%61%62', '/ab'],
    ['/a%2Fb', '/a/b'], // a decoded "/" is a slash …
    ['/a%2f%2fb', '/a/b'], // … merged like one
    ['/a/%2e%2E/b', '/b'], // and decoded dots make segments
    ['/a%3Fb', '/a?b'], // but a decoded "?" is data
    ['/a%23b', '/a#b'],
    ['/a%25%32%46', '/a%2F'], // decoded "%" is data: no double decoding
    ['/a%FF', '/a\xff'],
    ['/a?b=/../..', '/a'],
    ['/a/./?x', '/a/'],
    ['/a/b/..?x', '/a/'],
    ['/a#frag', '/a'],
    ['/a/b/..#x', '/a/'],
  ])('%s → %j', (target, uri) => {
    const result = normalizeUri(target);
    expect(result.ok && result.uri).toBe(uri);
  });

  it('keeps the query string apart', () => {
    expect(normalizeUri('/x.php?a=1&b=/c')).toEqual({ ok: true, uri: '/x.php', args: 'a=1&b=/c' });
  });

  it.each([
    ['/..', '"/.." climbs above the root'],
    ['/a/../..', '"/.." climbs above the root'],
    ['//..', '"/.." climbs above the root'],
    ['/%2e%2e/a', '"/.." climbs above the root'],
    ['/../?x', '"/.." climbs above the root'],
    ['/a%', 'a bad %-escape at "%"'],
    ['/a%4', 'a bad %-escape at "%4"'],
    ['/a%zz', 'a bad %-escape at "%zz"'],
    ['/a%00', 'a %00 byte'],
    ['a', 'the request target does not start with "/"'],
  ])('%s is an invalid request (400): %s', (target, reason) => {
    expect(normalizeUri(target)).toEqual({ ok: false, reason });
  });
});

describe('isNormalUri: the fast path', () => {
  it('accepts only targets normalizeUri leaves unchanged, and the common ones', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\/[a-z0-9./%?#_-]{0,12}$/), (target) => {
        if (isNormalUri(target)) expect(normalizeUri(target)).toEqual({ ok: true, uri: target, args: '' });
      }),
      { seed: 11, numRuns: 3000 },
    );
    for (const target of ['/', '/api/users', '/static/app.min.js', '/a/b/', '/v1.2/x']) expect(isNormalUri(target)).toBe(true);
    for (const target of ['/a//b', '/a/./b', '/a/../b', '/a?x', '/a%41', '/.well-known', '/a#f']) expect(isNormalUri(target)).toBe(false);
  });
});
