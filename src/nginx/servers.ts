import { CodedError } from '../shared/errors';
import type { NginxConfig, NginxServer } from './config';
import type { TranslatedRegex } from './pcre';

/**
 * Which server block answers a Host on one port, in nginx's order (`ngx_http_find_virtual_server`
 * over the hashes `ngx_http_server_names` builds): the exact name; else the longest leading
 * wildcard (`*.example.com` needs at least one more label, `.example.com` also takes
 * `example.com` itself); else the longest trailing wildcard (`www.example.*`); else the first
 * matching regex, servers and names in file order; else the port's default server — the one
 * whose `listen` says `default_server`, or the first server on the port.
 *
 * A name that repeats one seen earlier on the port is ignored, as nginx does after warning
 * "conflicting server name" — the first one wins. `.x` and `*.x` conflict with each other, and
 * `.x` with an exact `x`.
 */
export interface PortServers {
  port: number;
  servers: NginxServer[];
  defaultServer: NginxServer;
  /** Names ignored as conflicting, for warnings. */
  conflicts: string[];
  find(host: string | undefined): { server: NginxServer; how: string };
}

interface Wildcard {
  /** The fixed part: "example.com" for "*.example.com", "www.example" for "www.example.*". */
  part: string;
  /** ".example.com": also the bare domain. */
  bare: boolean;
  server: NginxServer;
}

function invalidName(name: string, port: number, server: NginxServer): CodedError {
  return new CodedError('NginxConfigInvalid', `nginx.conf line ${server.line}: invalid server name or wildcard "${name}" on port ${port}`, `line ${server.line}`);
}

export function buildPortServers(config: NginxConfig, port: number): PortServers | undefined {
  const servers = config.servers.filter((s) => s.listens.some((l) => l.port === port));
  const first = servers[0];
  if (first === undefined) return undefined;
  const defaultServer = servers.find((s) => s.listens.some((l) => l.port === port && l.defaultServer)) ?? first;
  const exact = new Map<string, NginxServer>();
  // names reserved in nginx's exact-key table: ".x" reserves "x" even though "x" is then found
  // through the wildcard table, so a later exact "x" conflicts with it
  const reserved = new Set<string>();
  const heads: Wildcard[] = [];
  const headKeys = new Set<string>();
  const tails: Wildcard[] = [];
  const tailKeys = new Set<string>();
  const regexes: { name: string; regex: TranslatedRegex; server: NginxServer }[] = [];
  const conflicts: string[] = [];

  // nginx builds the name tables only when a port has more than one server
  if (servers.length > 1) {
    for (const server of servers) {
      for (const { name, regex } of server.names) {
        if (regex) {
          regexes.push({ name, regex, server });
          continue;
        }
        const stars = name.split('*').length - 1;
        if (stars > 1 || name.includes('..') || name.includes('\0')) throw invalidName(name, port, server);
        if (name.length > 1 && name.startsWith('.')) {
          const part = name.slice(1);
          if (reserved.has(part) || headKeys.has(part)) {
            if (!reserved.has(part)) reserved.add(part);
            conflicts.push(name);
            continue;
          }
          reserved.add(part);
          headKeys.add(part);
          heads.push({ part, bare: true, server });
        } else if (name.length > 2 && name.startsWith('*.')) {
          const part = name.slice(2);
          if (headKeys.has(part)) conflicts.push(name);
          else {
            headKeys.add(part);
            heads.push({ part, bare: false, server });
          }
        } else if (name.length > 2 && name.endsWith('.*')) {
          const part = name.slice(0, -2);
          if (tailKeys.has(part)) conflicts.push(name);
          else {
            tailKeys.add(part);
            tails.push({ part, bare: false, server });
          }
        } else if (stars > 0) {
          throw invalidName(name, port, server);
        } else if (reserved.has(name)) {
          conflicts.push(name);
        } else {
          reserved.add(name);
          exact.set(name, server);
        }
      }
    }
  }

  const longest = (list: Wildcard[], matches: (w: Wildcard) => boolean): Wildcard | undefined => {
    let best: Wildcard | undefined;
    for (const w of list) if (matches(w) && (best === undefined || w.part.length > best.part.length)) best = w;
    return best;
  };

  return {
    port,
    servers,
    defaultServer,
    conflicts,
    find(host) {
      if (servers.length === 1) return { server: first, how: 'the only server on the port' };
      const name = host ?? '';
      const hit = exact.get(name);
      if (hit) return { server: hit, how: `server_name ${name === '' ? '""' : name}` };
      if (name !== '') {
        const head = longest(heads, (w) => name.endsWith('.' + w.part) || (w.bare && name === w.part));
        if (head) return { server: head.server, how: `server_name ${head.bare ? '.' : '*.'}${head.part}` };
        const tail = longest(tails, (w) => name.startsWith(w.part + '.'));
        if (tail) return { server: tail.server, how: `server_name ${tail.part}.*` };
        const regex = regexes.find((r) => r.regex.test(name));
        if (regex) return { server: regex.server, how: `server_name ${regex.name}` };
      }
      return { server: defaultServer, how: 'the default server of the port' };
    },
  };
}
