import type { NginxLocation } from './config';

/**
 * The location for a URI, in nginx's order (`ngx_http_core_find_location` and
 * `ngx_http_core_find_static_location`):
 * 1. an `=` location with exactly this URI;
 * 2. else the longest matching prefix (`^~` or plain); a prefix equal to the whole URI counts;
 *    but if none is equal to the URI and a location named URI + "/" has `proxy_pass`, nginx
 *    answers 301 to URI + "/" right away (its "auto redirect"), before any regex;
 * 3. if that prefix has `^~`, it is the answer;
 * 4. else the first regex location, in file order, that matches (`~` case-sensitive, `~*` not);
 * 5. else the longest prefix from step 2, if any; else none (the server's own config, 404 here).
 * Names are compared as bytes, case-sensitively (nginx on Linux).
 */
export type LocationMatch =
  | { kind: 'exact' | 'prefix' | 'regex'; location: NginxLocation }
  | { kind: 'redirect'; location: NginxLocation; target: string }
  | { kind: 'none' };

export function findLocation(locations: readonly NginxLocation[], uri: string): LocationMatch {
  let longest: NginxLocation | undefined;
  let same: NginxLocation | undefined;
  let slashExact: NginxLocation | undefined;
  let slashPrefix: NginxLocation | undefined;
  const slashed = uri + '/';
  for (const location of locations) {
    if (location.modifier === '=') {
      if (location.name === uri) return { kind: 'exact', location };
      if (location.name === slashed) slashExact = location;
    } else if (location.modifier === 'prefix' || location.modifier === '^~') {
      if (location.name === uri) same = location;
      if (location.name === slashed) slashPrefix = location;
      if (uri.startsWith(location.name) && (longest === undefined || location.name.length > longest.name.length)) longest = location;
    }
  }
  if (same === undefined && (slashExact?.proxyPass !== undefined || slashPrefix?.proxyPass !== undefined)) {
    // nginx redirects with the `=` location's settings when both share the name
    return { kind: 'redirect', location: (slashExact ?? slashPrefix) as NginxLocation, target: slashed };
  }
  if (longest?.modifier === '^~') return { kind: 'prefix', location: longest };
  for (const location of locations) {
    if (location.regex !== undefined && location.regex.test(uri)) return { kind: 'regex', location };
  }
  return longest ? { kind: 'prefix', location: longest } : { kind: 'none' };
}
