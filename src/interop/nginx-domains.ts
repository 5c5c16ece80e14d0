/**
 * SLB's rule order and nginx's server blocks, both ways. SLB looks at the rules of the host's
 * domain first (the longest matching Url; a rule without a Url matches every path but loses to any
 * matching Url), then, only when none matches, at the URL-only rules, then the listener's group.
 * nginx picks one server block by name and in it the longest matching prefix location. The export
 * writes a block per domain whose locations give SLB's answer for every path; the import reads a
 * block back into domain rules that give nginx's answer for every path.
 */

/** A location of a server block: its prefix and the upstream it proxies to (undefined: it answers itself). */
export interface Route {
  url: string;
  upstream: string | undefined;
}

/**
 * The export: the locations of one domain's server block. A URL-only location is copied into the
 * block only where no own rule would match first: not under a rule without a Url, nor under an own
 * Url that is a prefix of it.
 */
export function domainRoutes(own: readonly { Url?: string | undefined; VServerGroupId: string }[], urlOnly: ReadonlyMap<string, string | undefined>): Map<string, string | undefined> {
  const catchAll = own.find((r) => r.Url === undefined);
  const ownUrls = own.flatMap((r) => (r.Url === undefined ? [] : [r.Url]));
  const routes = new Map<string, string | undefined>();
  if (catchAll === undefined) {
    for (const [url, group] of urlOnly) if (url === '/' || !ownUrls.some((u) => url.startsWith(u))) routes.set(url, group);
  } else routes.set('/', catchAll.VServerGroupId);
  // Each own Url (the first rule of a repeated one, as SLB orders them), '/' included, beats the rule without a Url.
  const placed = new Set<string>();
  for (const url of ownUrls) {
    if (placed.has(url)) continue;
    placed.add(url);
    routes.set(url, own.find((r) => r.Url === url)!.VServerGroupId);
  }
  return routes;
}

/** An own rule of a domain as the import makes it: url undefined is the rule without a Url. */
export interface DomainRule {
  url: string | undefined;
  upstream: string | undefined;
}

/** The longest key of `routes` that is a prefix of `path` (nginx's and SLB's prefix match). */
function longest<T>(routes: ReadonlyMap<string, T>, path: string): string | undefined {
  let best: string | undefined;
  for (const url of routes.keys()) if (path.startsWith(url) && (best === undefined || url.length > best.length)) best = url;
  return best;
}

/**
 * The import: the domain rules that make SLB answer every path as this server block does. The
 * fewest (at least one) first (the locations that differ from the default server's, which is what the export
 * writes); if SLB would then answer some path differently (checked on every location's own path,
 * which decides for all paths: a path's answer depends only on its longest matching location),
 * every location becomes a rule, '/' as the rule without a Url, which always answers as nginx does.
 */
export function domainRulesOf(routes: readonly Route[], defaults: readonly Route[]): DomainRule[] {
  const located = new Map<string, string | undefined>();
  for (const r of routes) if (!located.has(r.url)) located.set(r.url, r.upstream);
  const urlOnly = new Map<string, string | undefined>();
  for (const r of defaults) if (!urlOnly.has(r.url)) urlOnly.set(r.url, r.upstream);
  const fewest: DomainRule[] = [...located]
    .filter(([url, upstream]) => !urlOnly.has(url) || urlOnly.get(url) !== upstream)
    .map(([url, upstream]) => ({ url: url === '/' ? undefined : url, upstream }));
  const slb = (own: readonly DomainRule[], path: string): string | undefined | null => {
    const urls = new Map(own.flatMap((r) => (r.url === undefined ? [] : [[r.url, r.upstream] as const])));
    const hit = longest(urls, path);
    if (hit !== undefined) return urls.get(hit);
    const catchAll = own.find((r) => r.url === undefined);
    if (catchAll) return catchAll.upstream;
    const fallback = longest(urlOnly, path);
    return fallback === undefined ? null : urlOnly.get(fallback);
  };
  const nginx = (path: string): string | undefined | null => {
    const hit = longest(located, path);
    return hit === undefined ? null : located.get(hit);
  };
  const paths = new Set(['/', ...located.keys(), ...urlOnly.keys()]);
  // At least one rule: a domain without rules does not exist for SLB, and its hosts would go to a wildcard domain or the URL-only rules.
  if (fewest.length > 0 && [...paths].every((path) => slb(fewest, path) === nginx(path))) return fewest;
  return [...located].map(([url, upstream]) => ({ url: url === '/' ? undefined : url, upstream }));
}
