/**
 * SLB forwarding rules ("forwarding based on domain names or URLs", DOMAIN §3). This is SLB's
 * documented order, not nginx's server_name/location order (importing nginx configs needs that
 * one; it lives elsewhere):
 *   1. the best domain: an exact domain beats every wildcard; among wildcards `*.x.y` the longest
 *      suffix wins; `*.x.y` matches any depth of subdomain of x.y but not x.y itself;
 *   2. among the rules of that one domain, the longest URL prefix of the path; a rule without a Url
 *      matches every path and loses to any matching Url;
 *   3. otherwise the rules without a Domain, by the same longest prefix; otherwise none (-1), and
 *      the listener's group serves.
 * Everything that does not depend on the request is sorted once in the constructor: a listener has
 * at most 40 rules, but every request passes through here.
 */

export interface ForwardingRule {
  RuleId: string;
  RuleName?: string | undefined;
  Domain?: string | undefined;
  Url?: string | undefined;
  VServerGroupId: string;
}

export interface RuleMatch {
  /** Index into the rules given to the matcher; -1 = no rule matches. */
  rule: number;
  /** One line for a journey: which domain and which prefix won over which others. */
  why: string;
}

/** Lower-case, without ":port" and without one trailing dot: the Host header as a domain compares. */
export function normaliseHost(host: string): string {
  let h = host;
  if (h.startsWith('[')) {
    // An IPv6 literal: its colons are not a port separator; only what follows "]" is.
    const end = h.indexOf(']');
    if (end >= 0) h = h.slice(0, end + 1);
  } else {
    const colon = h.indexOf(':');
    if (colon >= 0) h = h.slice(0, colon);
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h.toLowerCase();
}

/** The rules of one domain (or of no domain), longest Url first so the first prefix match is the longest. */
interface UrlGroup {
  /** The domain, normalised (for `why`); '' for URL-only rules. */
  label: string;
  /** Rule indices, by Url length descending; rules without a Url (length 0) last, in rule order. */
  rules: number[];
  urls: string[];
}

interface Wildcard {
  /** ".market.aliyun.com" for "*.market.aliyun.com": the host must end with it and be longer. */
  suffix: string;
  group: UrlGroup;
}

export class RuleMatcher {
  private readonly rules: readonly ForwardingRule[];
  private readonly exact = new Map<string, UrlGroup>();
  /** Longest suffix first, so the first wildcard that matches is the most specific. */
  private readonly wildcards: Wildcard[] = [];
  private readonly urlOnly: UrlGroup = { label: '', rules: [], urls: [] };

  constructor(rules: readonly ForwardingRule[]) {
    this.rules = rules;
    const wildcardBySuffix = new Map<string, UrlGroup>();
    rules.forEach((rule, index) => {
      const domain = normaliseDomain(rule.Domain);
      let group: UrlGroup;
      if (domain === '') {
        group = this.urlOnly;
      } else if (domain.startsWith('*.') && domain.length > 2) {
        const suffix = domain.slice(1);
        group = wildcardBySuffix.get(suffix) ?? newGroup(domain);
        if (!wildcardBySuffix.has(suffix)) {
          wildcardBySuffix.set(suffix, group);
          this.wildcards.push({ suffix, group });
        }
      } else {
        // Any other '*' is not a form SLB documents; compared literally, it matches no real host.
        group = this.exact.get(domain) ?? newGroup(domain);
        this.exact.set(domain, group);
      }
      group.rules.push(index);
    });
    // Stable sorts: equal suffixes cannot occur (merged above); equal Urls keep rule order.
    this.wildcards.sort((a, b) => b.suffix.length - a.suffix.length);
    for (const group of [this.urlOnly, ...this.exact.values(), ...wildcardBySuffix.values()]) {
      group.rules.sort((a, b) => urlOf(rules, b).length - urlOf(rules, a).length);
      group.urls = group.rules.map((i) => urlOf(rules, i));
    }
  }

  match(host: string, path: string): RuleMatch {
    const h = normaliseHost(host);
    const q = path.indexOf('?');
    const p = q >= 0 ? path.slice(0, q) : path;

    let domainWhy = '';
    let group = this.exact.get(h);
    const wildcards = this.matchingWildcards(h);
    if (group !== undefined) {
      const beaten = wildcards.length > 0 ? `, beats wildcard ${labels(wildcards)}` : '';
      domainWhy = `domain ${group.label} (exact${beaten})`;
    } else if (wildcards.length > 0) {
      group = wildcards[0] as UrlGroup;
      domainWhy =
        wildcards.length > 1
          ? `domain ${group.label} (wildcard, the longest of ${labels(wildcards.reverse())} matching ${h})`
          : `domain ${group.label} (wildcard; no exact rule for ${h})`;
    }

    let fallbackWhy: string;
    if (group !== undefined) {
      const hit = this.longestPrefix(group, p);
      if (hit.rule >= 0) return { rule: hit.rule, why: `rule ${this.ruleId(hit.rule)}: ${domainWhy} and ${hit.why}` };
      fallbackWhy = `${domainWhy} has no URL matching ${p}, so URL-only rules`;
    } else {
      fallbackWhy = `no domain rule matches ${h}, so URL-only rules`;
    }

    const hit = this.longestPrefix(this.urlOnly, p);
    if (hit.rule >= 0) return { rule: hit.rule, why: `rule ${this.ruleId(hit.rule)}: ${fallbackWhy}: ${hit.why}` };
    return { rule: -1, why: `no rule matches host ${h} path ${p}: default` };
  }

  /**
   * The rule match() picks (-1: the listener's default), without saying why: Tengine's
   * per-request path, which builds no strings. The same choice, step by step: the exact domain,
   * else the most specific wildcard, then its first (longest) matching URL, then the URL-only rules.
   */
  rule(host: string, path: string): number {
    const h = normaliseHost(host);
    const q = path.indexOf('?');
    const p = q >= 0 ? path.slice(0, q) : path;
    let group = this.exact.get(h);
    for (let i = 0; group === undefined && i < this.wildcards.length; i++) {
      const w = this.wildcards[i] as Wildcard;
      if (hostUnder(h, w.suffix)) group = w.group;
    }
    const hit = group === undefined ? -1 : firstPrefix(group, p);
    return hit >= 0 ? hit : firstPrefix(this.urlOnly, p);
  }

  /** The wildcard groups that match `host`, most specific first (the first is the winner). */
  private matchingWildcards(host: string): UrlGroup[] {
    const out: UrlGroup[] = [];
    for (const w of this.wildcards) if (hostUnder(host, w.suffix)) out.push(w.group);
    return out;
  }

  private longestPrefix(group: UrlGroup, path: string): { rule: number; why: string } {
    const { rules, urls } = group;
    let winner = -1;
    for (let i = 0; i < urls.length; i++) {
      if (path.startsWith(urls[i] as string)) {
        winner = i;
        break;
      }
    }
    if (winner < 0) {
      const tried = urls.filter((u) => u !== '');
      return { rule: -1, why: tried.length > 0 ? `${tried.join(', ')} do not match ${path}` : 'no rules' };
    }
    const url = urls[winner] as string;
    const rule = rules[winner] as number;
    if (url === '') {
      const others = urls.filter((u) => u !== '');
      const beside = others.length > 0 ? ` (${others.join(', ')} do not match ${path})` : '';
      return { rule, why: `no URL, which matches every path${beside}` };
    }
    // Every other prefix that also matches is shorter (sorted); list them shortest first.
    const matching = urls.filter((u) => u !== '' && path.startsWith(u)).reverse();
    const why =
      matching.length > 1
        ? `URL ${url}, the longest of ${matching.join(', ')} matching ${path}`
        : `URL ${url} matching ${path}`;
    return { rule, why };
  }

  private ruleId(index: number): string {
    return (this.rules[index] as ForwardingRule).RuleId;
  }
}

/** The rule of the group's first URL that prefixes `path` (URLs are longest first), or -1. */
function firstPrefix(group: UrlGroup, path: string): number {
  const { rules, urls } = group;
  for (let i = 0; i < urls.length; i++) if (path.startsWith(urls[i] as string)) return rules[i] as number;
  return -1;
}

function labels(groups: readonly UrlGroup[]): string {
  return groups.map((g) => g.label).join(', ');
}

function newGroup(label: string): UrlGroup {
  return { label, rules: [], urls: [] };
}

/** Domains compare case-insensitively and a trailing dot is the same name; '' or absent = no domain. */
function normaliseDomain(domain: string | undefined): string {
  if (domain === undefined) return '';
  const d = domain.trim().toLowerCase();
  return d.endsWith('.') ? d.slice(0, -1) : d;
}

function urlOf(rules: readonly ForwardingRule[], index: number): string {
  return (rules[index] as ForwardingRule).Url ?? '';
}

/** `*.x.y` covers a.x.y and a.b.x.y, but not x.y: the host must be longer than ".x.y". */
function hostUnder(host: string, suffix: string): boolean {
  return host.length > suffix.length && host.endsWith(suffix);
}
