import { describe, expect, it } from 'vitest';
import { parseNginxConfig } from './config';
import { findLocation, type LocationMatch } from './locations';

/** Locations of one server, given as "MODIFIER PATTERN [proxy]" lines. */
function finder(specs: string[]): (uri: string) => string {
  const body = specs
    .map((spec) => {
      const proxy = spec.endsWith(' proxy');
      const head = proxy ? spec.slice(0, -' proxy'.length) : spec;
      return `location ${head} { ${proxy ? 'proxy_pass http://b;' : 'return 200;'} }`;
    })
    .join('\n');
  const server = parseNginxConfig(`upstream b { server 10.0.0.1; }\nserver { listen 80;\n${body}\n}`).servers[0]!;
  return (uri) => describeMatch(findLocation(server.locations, uri));
}

function describeMatch(match: LocationMatch): string {
  if (match.kind === 'none') return 'none';
  return `${match.kind} ${match.location.index}${match.kind === 'redirect' ? ' → ' + match.target : ''}`;
}

describe('location matching in nginx order (DOMAIN §3)', () => {
  it('"=" matches only the exact URI, and before anything else', () => {
    const find = finder(['/', '= /', '~ ^/$']);
    expect(find('/')).toBe('exact 1');
    expect(find('/a')).toBe('prefix 0');
  });

  it('the longest prefix wins: with /abc and /abcd, /abcde → /abcd', () => {
    const find = finder(['/abc', '/abcd', '/']);
    expect(find('/abcde')).toBe('prefix 1');
    expect(find('/abc')).toBe('prefix 0');
    expect(find('/ab')).toBe('prefix 2');
  });

  it('a ^~ longest prefix stops the search before regexes', () => {
    const find = finder(['^~ /static/', '~ \\.png$', '/static/img/']);
    expect(find('/static/a.png')).toBe('prefix 0');
    // only when it is the longest: a longer plain prefix lets regexes run
    expect(find('/static/img/a.png')).toBe('regex 1');
  });

  it('else the first matching regex in file order beats the longest prefix', () => {
    const find = finder(['/a/', '~ ^/a/b', '~ b', '~* B$']);
    expect(find('/a/b')).toBe('regex 1');
    expect(find('/a/xb')).toBe('regex 2');
    expect(find('/a/x')).toBe('prefix 0');
  });

  it('"~" is case-sensitive and "~*" is not; prefixes are case-sensitive', () => {
    const find = finder(['~ \\.PHP$', '~* \\.jpg$', '/Img/']);
    expect(find('/x.php')).toBe('none');
    expect(find('/x.PHP')).toBe('regex 0');
    expect(find('/x.JPG')).toBe('regex 1');
    expect(find('/img/a')).toBe('none');
    expect(find('/Img/a')).toBe('prefix 2');
  });

  it('no regex match: the longest prefix; no prefix either: none', () => {
    const find = finder(['/a', '~ ^/b']);
    expect(find('/ax')).toBe('prefix 0');
    expect(find('/c')).toBe('none');
  });

  describe('auto redirect: a proxy_pass location "X/" answers "X" with 301 to "X/"', () => {
    it('redirects, and regexes are not even tried', () => {
      const find = finder(['/api/ proxy', '~ api']);
      expect(find('/api')).toBe('redirect 0 → /api/');
      expect(find('/api/v1')).toBe('regex 1'); // without the redirect, regexes run as usual
    });

    it('even when a shorter prefix matches "X"', () => {
      expect(finder(['/', '/api/ proxy'])('/api')).toBe('redirect 1 → /api/');
    });

    it('not when a location named exactly "X" exists, or when "X/" has no proxy_pass', () => {
      expect(finder(['/api', '/api/ proxy'])('/api')).toBe('prefix 0');
      expect(finder(['= /api', '/api/ proxy'])('/api')).toBe('exact 0');
      expect(finder(['/', '/api/'])('/api')).toBe('prefix 0');
    });

    it('an "=" location "X/" with proxy_pass redirects too, and wins over a prefix "X/"', () => {
      expect(finder(['= /api/ proxy'])('/api')).toBe('redirect 0 → /api/');
      expect(finder(['/api/ proxy', '= /api/'])('/api')).toBe('redirect 1 → /api/');
    });
  });
});
