import { describe, expect, it } from 'vitest';
import { normaliseHost, RuleMatcher, type ForwardingRule } from './rules';

function rule(RuleId: string, Domain: string | undefined, Url: string | undefined): ForwardingRule {
  return { RuleId, Domain, Url, VServerGroupId: `rsp-${RuleId}` };
}

/** The RuleId that serves (host, path), or null for the listener's default; rule() must pick what match() picks. */
function served(rules: ForwardingRule[], host: string, path: string): string | null {
  const matcher = new RuleMatcher(rules);
  const m = matcher.match(host, path);
  expect(matcher.rule(host, path)).toBe(m.rule);
  return m.rule < 0 ? null : (rules[m.rule] as ForwardingRule).RuleId;
}

// DOMAIN §3's example set. The wildcards come first and the exact rule last, so rule order cannot
// be what makes the right rule win.
const domains = [
  rule('wild-aliyun', '*.aliyun.com', undefined),
  rule('wild-market', '*.market.aliyun.com', undefined),
  rule('exact-www', 'www.aliyun.com', undefined),
];

describe('SLB domain rules', () => {
  it('an exact domain beats every wildcard that also matches: www.aliyun.com → the exact rule', () => {
    expect(served(domains, 'www.aliyun.com', '/')).toBe('exact-www');
    expect(new RuleMatcher(domains).match('www.aliyun.com', '/').why).toContain('beats wildcard *.aliyun.com');
  });

  it('market.aliyun.com → *.aliyun.com: *.market.aliyun.com does not match its own base domain', () => {
    expect(served(domains, 'market.aliyun.com', '/')).toBe('wild-aliyun');
  });

  it('info.market.aliyun.com → *.market.aliyun.com: the longest wildcard wins, whatever the rule order', () => {
    expect(served(domains, 'info.market.aliyun.com', '/')).toBe('wild-market');
    expect(served([...domains].reverse(), 'info.market.aliyun.com', '/')).toBe('wild-market');
  });

  it('a wildcard matches any depth of subdomain but never the bare domain', () => {
    const rules = [rule('w', '*.aliyun.com', undefined)];
    expect(served(rules, 'a.b.c.aliyun.com', '/')).toBe('w');
    expect(served(rules, 'aliyun.com', '/')).toBeNull();
    expect(served(rules, 'notaliyun.com', '/')).toBeNull();
    expect(served(rules, '.aliyun.com', '/')).toBeNull();
  });

  it('compares domains case-insensitively, on both sides', () => {
    expect(served([rule('r', 'WWW.Aliyun.COM', undefined)], 'www.aliyun.com', '/')).toBe('r');
    expect(served([rule('r', '*.ALIYUN.com', undefined)], 'Shop.aliyun.com', '/')).toBe('r');
  });
});

describe('SLB URL rules', () => {
  const urls = [rule('abc', undefined, '/abc'), rule('abcd', undefined, '/abcd')];

  it('the longest matching prefix wins: /abcde → /abcd, whatever the rule order', () => {
    expect(served(urls, 'x', '/abcde')).toBe('abcd');
    expect(served([...urls].reverse(), 'x', '/abcde')).toBe('abcd');
    expect(served(urls, 'x', '/abcx')).toBe('abc');
  });

  it('/ab matches no URL rule: the listener default serves', () => {
    const m = new RuleMatcher(urls).match('x', '/ab');
    expect(m.rule).toBe(-1);
    expect(m.why).toBe('no rule matches host x path /ab: default');
  });

  it('ignores the query string: /abcd?q matches /abcd, and a Url that reaches into the query never matches', () => {
    expect(served(urls, 'x', '/abcd?q=1')).toBe('abcd');
    expect(served([rule('q', undefined, '/search?q')], 'x', '/search?q=slb')).toBeNull();
    expect(new RuleMatcher(urls).match('x', '/abcde?q=/x').why).toContain('matching /abcde');
  });

  it('compares paths case-sensitively', () => {
    expect(served(urls, 'x', '/ABCD')).toBeNull();
  });

  it('within a domain, any matching Url beats the same domain without a Url; the Url-less rule takes the rest', () => {
    const rules = [rule('any', 'www.aliyun.com', undefined), rule('img', 'www.aliyun.com', '/img')];
    expect(served(rules, 'www.aliyun.com', '/img/a.png')).toBe('img');
    expect(served(rules, 'www.aliyun.com', '/index.html')).toBe('any');
  });
});

describe('domain first, then URL, then URL-only fallback', () => {
  const rules = [
    rule('only-abc', undefined, '/abc'),
    rule('wild-static', '*.aliyun.com', '/static'),
    rule('www-api', 'www.aliyun.com', '/api'),
    rule('wild-any', '*.aliyun.com', undefined),
  ];

  it('only the best domain\'s rules are candidates: an exact domain whose URLs miss does not fall to the wildcard', () => {
    // www.aliyun.com's only rule is /api; *.aliyun.com/static would match the path but its domain lost.
    expect(served(rules, 'www.aliyun.com', '/static/x')).toBeNull();
  });

  it('when the best domain has no matching URL, the URL-only rules are tried', () => {
    const m = new RuleMatcher(rules).match('www.aliyun.com', '/abcde');
    expect(m.rule).toBe(0);
    expect(m.why).toBe(
      'rule only-abc: domain www.aliyun.com (exact, beats wildcard *.aliyun.com) has no URL matching /abcde, so URL-only rules: URL /abc matching /abcde',
    );
  });

  it('a host no domain rule matches falls to the URL-only rules', () => {
    expect(served(rules, 'example.com', '/abc')).toBe('only-abc');
    expect(served(rules, 'example.com', '/static')).toBeNull();
  });

  it('a domain rule beats a longer URL-only prefix', () => {
    const r = [rule('only-long', undefined, '/static/img'), rule('wild-static', '*.aliyun.com', '/static')];
    expect(served(r, 'img.aliyun.com', '/static/img/a')).toBe('wild-static');
  });

  it('says which domain and prefix won over which others', () => {
    const r = [
      rule('rule-1', '*.aliyun.com', '/abc'),
      rule('rule-2', '*.aliyun.com', '/abcd'),
      rule('rule-3', '*.market.aliyun.com', '/abc'),
    ];
    const m = new RuleMatcher(r).match('info.market.aliyun.com', '/abcde');
    expect(m.why).toBe(
      'rule rule-3: domain *.market.aliyun.com (wildcard, the longest of *.aliyun.com, *.market.aliyun.com matching info.market.aliyun.com) and URL /abc matching /abcde',
    );
    expect(new RuleMatcher(r).match('a.aliyun.com', '/abcde').why).toBe(
      'rule rule-2: domain *.aliyun.com (wildcard; no exact rule for a.aliyun.com) and URL /abcd, the longest of /abc, /abcd matching /abcde',
    );
  });
});

describe('normaliseHost', () => {
  it('lower-cases, strips the port and one trailing dot', () => {
    expect(normaliseHost('WWW.Aliyun.com:8080')).toBe('www.aliyun.com');
    expect(normaliseHost('www.aliyun.com.')).toBe('www.aliyun.com');
    expect(normaliseHost('www.aliyun.com.:443')).toBe('www.aliyun.com');
    expect(normaliseHost('www.aliyun.com..')).toBe('www.aliyun.com.');
    expect(normaliseHost('[2001:DB8::1]:80')).toBe('[2001:db8::1]');
  });

  it('a host with port, upper case and a trailing dot still finds the exact rule', () => {
    expect(served(domains, 'WWW.ALIYUN.COM.:80', '/')).toBe('exact-www');
    expect(served(domains, 'Info.Market.Aliyun.Com:8080', '/')).toBe('wild-market');
  });
});
