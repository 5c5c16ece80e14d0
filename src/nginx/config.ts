import { CodedError } from '../shared/errors';
import { toBytes } from './bytes';
import { translatePcre, UnsupportedRegex, type TranslatedRegex } from './pcre';
import { parseDirectives, type Directive } from './tokenize';

/**
 * The part of nginx.conf that decides who serves a request: `http { upstream … server { listen;
 * server_name; location { proxy_pass; return; } } }`. Everything else is kept out of the model;
 * directives that would change routing in ways this model ignores (rewrite, if, try_files,
 * include, …) are listed in `warnings` so a user sees that the answer may differ.
 */
export interface NginxReturn {
  code: number;
  /** The text or redirect URL, if any. */
  text: string | undefined;
}

export type LocationModifier = 'prefix' | '=' | '^~' | '~' | '~*' | '@';

export interface NginxLocation {
  /** 0-based index among its server's locations, in file order. */
  index: number;
  line: number;
  modifier: LocationModifier;
  /** As written (a regex without its modifier). */
  pattern: string;
  /** Prefix and exact names as bytes (nginx compares bytes). */
  name: string;
  regex: TranslatedRegex | undefined;
  proxyPass: string | undefined;
  ret: NginxReturn | undefined;
}

export interface NginxListen {
  port: number;
  /** The address part, or undefined for `listen PORT` / `*:PORT`. */
  address: string | undefined;
  defaultServer: boolean;
  line: number;
}

export interface NginxServerName {
  /** Lower-cased unless a regex; regexes keep their "~". */
  name: string;
  regex: TranslatedRegex | undefined;
}

export interface NginxServer {
  /** 0-based index among the http block's servers, in file order. */
  index: number;
  line: number;
  listens: NginxListen[];
  names: NginxServerName[];
  locations: NginxLocation[];
  /** A server-level `return`, which runs before any location is looked up. */
  ret: NginxReturn | undefined;
}

export interface NginxPeer {
  address: string;
  weight: number;
  down: boolean;
  backup: boolean;
}

export interface NginxUpstream {
  name: string;
  line: number;
  peers: NginxPeer[];
}

export interface NginxConfig {
  servers: NginxServer[];
  upstreams: NginxUpstream[];
  warnings: string[];
}

function configError(line: number, message: string): CodedError {
  return new CodedError('NginxConfigInvalid', `nginx.conf line ${line}: ${message}`, `line ${line}`);
}

/** Directives that change routing in ways the model leaves out: their presence is a warning. */
const UNMODELLED = new Set(['rewrite', 'if', 'try_files', 'include', 'internal', 'error_page', 'set', 'map', 'geo', 'split_clients', 'alias', 'least_conn', 'ip_hash', 'hash', 'random', 'sticky']);

function unmodelled(d: Directive, warnings: string[]): void {
  if (UNMODELLED.has(d.name)) warnings.push(`line ${d.line}: "${d.name}" is not modelled; nginx may route differently`);
}

function compileRegex(pattern: string, caseless: boolean, line: number, what: string): TranslatedRegex {
  try {
    return translatePcre(pattern, caseless);
  } catch (error) {
    if (error instanceof UnsupportedRegex) throw configError(line, `${what}: ${error.message}`);
    throw error;
  }
}

function parseReturn(d: Directive): NginxReturn {
  const [first, second, extra] = d.args;
  if (first === undefined || extra !== undefined) throw configError(d.line, `"return" takes CODE [TEXT|URL] or URL, got ${d.args.length} arguments`);
  if (/^\d+$/.test(first)) {
    const code = Number(first);
    if (code > 999) throw configError(d.line, `"return" code ${first} is invalid (0–999)`);
    return { code, text: second };
  }
  if (second === undefined && /^(https?:\/\/|\$scheme)/.test(first)) return { code: 302, text: first };
  throw configError(d.line, `"return": invalid return code "${first}"`);
}

function parseListen(d: Directive): NginxListen {
  const [where, ...options] = d.args;
  if (where === undefined) throw configError(d.line, '"listen" needs an address or port');
  if (where.startsWith('unix:')) throw configError(d.line, `"listen ${where}": unix sockets are not supported by the router`);
  let address: string | undefined;
  let portText: string;
  const m = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(where);
  if (m) {
    address = m[1] === '*' ? undefined : m[1];
    portText = m[2]!;
  } else if (/^\d+$/.test(where)) {
    portText = where;
  } else {
    address = where;
    portText = '80';
  }
  const port = Number(portText);
  if (!(port >= 1 && port <= 65535)) throw configError(d.line, `"listen ${where}": port must be 1–65535`);
  const defaultServer = options.includes('default_server') || options.includes('default');
  return { port, address, defaultServer, line: d.line };
}

function parseServerNames(d: Directive): NginxServerName[] {
  return d.args.map((raw) => {
    const first = raw[0];
    if ((first === '*' && (raw.length < 3 || raw[1] !== '.')) || (first === '.' && raw.length < 2)) throw configError(d.line, `server name "${raw}" is invalid`);
    if (first !== '~') return { name: raw.toLowerCase(), regex: undefined };
    if (raw.length === 1) throw configError(d.line, `empty regex in server name "${raw}"`);
    // nginx makes a server-name regex caseless only when it contains an upper-case letter,
    // since the Host it is matched against is already lower-cased
    const pattern = raw.slice(1);
    return { name: raw, regex: compileRegex(pattern, /[A-Z]/.test(pattern), d.line, `server_name ${raw}`) };
  });
}

function parseLocation(d: Directive, index: number, warnings: string[]): NginxLocation {
  let modifier: LocationModifier = 'prefix';
  let pattern: string;
  const [a, b, extra] = d.args;
  if (a === undefined || extra !== undefined) throw configError(d.line, '"location" takes [=|^~|~|~*] PATTERN');
  if (b !== undefined) {
    if (a !== '=' && a !== '^~' && a !== '~' && a !== '~*') throw configError(d.line, `invalid location modifier "${a}"`);
    modifier = a;
    pattern = b;
  } else if (a.startsWith('=')) {
    modifier = '=';
    pattern = a.slice(1);
  } else if (a.startsWith('^~')) {
    modifier = '^~';
    pattern = a.slice(2);
  } else if (a.startsWith('~*')) {
    modifier = '~*';
    pattern = a.slice(2);
  } else if (a.startsWith('~')) {
    modifier = '~';
    pattern = a.slice(1);
  } else if (a.startsWith('@')) {
    modifier = '@';
    pattern = a;
  } else {
    pattern = a;
  }
  const regex = modifier === '~' || modifier === '~*' ? compileRegex(pattern, modifier === '~*', d.line, `location ${modifier} ${pattern}`) : undefined;
  let proxyPass: string | undefined;
  let ret: NginxReturn | undefined;
  for (const inner of d.block ?? []) {
    if (inner.name === 'location') throw configError(inner.line, 'nested locations are not supported by the router');
    if (inner.name === 'proxy_pass') {
      if (inner.args.length !== 1) throw configError(inner.line, '"proxy_pass" takes one URL');
      proxyPass = inner.args[0];
    } else if (inner.name === 'return') {
      // the first `return` in a location's rewrite phase ends it; later ones never run
      ret ??= parseReturn(inner);
    } else {
      unmodelled(inner, warnings);
    }
  }
  if (d.block === undefined) throw configError(d.line, '"location" needs a { … } block');
  return { index, line: d.line, modifier, pattern, name: toBytes(pattern), regex, proxyPass, ret };
}

function parseServer(d: Directive, index: number, warnings: string[]): NginxServer {
  const server: NginxServer = { index, line: d.line, listens: [], names: [], locations: [], ret: undefined };
  const seen = new Map<string, number>();
  for (const inner of d.block ?? []) {
    switch (inner.name) {
      case 'listen':
        server.listens.push(parseListen(inner));
        break;
      case 'server_name':
        server.names.push(...parseServerNames(inner));
        break;
      case 'location': {
        const location = parseLocation(inner, server.locations.length, warnings);
        if (location.modifier !== '~' && location.modifier !== '~*') {
          // "=" and prefix names may share a string; two prefixes (plain or ^~) may not
          const key = (location.modifier === '=' ? '=' : '') + location.name;
          const earlier = seen.get(key);
          if (earlier !== undefined) throw configError(inner.line, `duplicate location "${location.pattern}" (first at line ${earlier})`);
          seen.set(key, inner.line);
        }
        server.locations.push(location);
        break;
      }
      case 'return':
        server.ret ??= parseReturn(inner);
        break;
      default:
        unmodelled(inner, warnings);
    }
  }
  // nginx: a server without `listen` listens on *:80 (when started as root) …
  if (server.listens.length === 0) server.listens.push({ port: 80, address: undefined, defaultServer: false, line: d.line });
  // … and one without `server_name` has the name "".
  if (server.names.length === 0) server.names.push({ name: '', regex: undefined });
  return server;
}

function parseUpstream(d: Directive, warnings: string[]): NginxUpstream {
  const name = d.args[0];
  if (name === undefined || d.args.length !== 1) throw configError(d.line, '"upstream" takes one name');
  const upstream: NginxUpstream = { name, line: d.line, peers: [] };
  for (const inner of d.block ?? []) {
    if (inner.name !== 'server') {
      unmodelled(inner, warnings);
      continue;
    }
    const [address, ...params] = inner.args;
    if (address === undefined) throw configError(inner.line, '"server" in an upstream needs an address');
    const peer: NginxPeer = { address, weight: 1, down: false, backup: false };
    for (const param of params) {
      const weight = /^weight=(\d+)$/.exec(param);
      if (weight) {
        peer.weight = Number(weight[1]);
        if (peer.weight < 1) throw configError(inner.line, `invalid weight "${param}" (must be ≥ 1)`);
      } else if (param === 'down') peer.down = true;
      else if (param === 'backup') peer.backup = true;
      else if (!/^(max_fails|fail_timeout|max_conns|slow_start)=/.test(param) && param !== 'resolve') throw configError(inner.line, `invalid parameter "${param}"`);
    }
    upstream.peers.push(peer);
  }
  if (d.block === undefined) throw configError(d.line, '"upstream" needs a { … } block');
  if (upstream.peers.length === 0) throw configError(d.line, `no servers are inside upstream "${name}"`);
  return upstream;
}

/**
 * Reads an nginx.conf: the `http` block's servers and upstreams (a file with `server` blocks at
 * the top, as in sites-enabled/, is read as if it were inside `http`).
 */
export function parseNginxConfig(text: string): NginxConfig {
  const top = parseDirectives(text);
  const http = top.filter((d) => d.name === 'http');
  if (http.length > 1) throw configError(http[1]!.line, '"http" directive is duplicate');
  const body = http[0]?.block ?? top;
  const warnings: string[] = [];
  const config: NginxConfig = { servers: [], upstreams: [], warnings };
  for (const d of body) {
    if (d.name === 'server' && d.block !== undefined) config.servers.push(parseServer(d, config.servers.length, warnings));
    else if (d.name === 'upstream') {
      const upstream = parseUpstream(d, warnings);
      if (config.upstreams.some((u) => u.name.toLowerCase() === upstream.name.toLowerCase())) throw configError(d.line, `duplicate upstream "${upstream.name}"`);
      config.upstreams.push(upstream);
    } else unmodelled(d, warnings);
  }
  if (config.servers.length === 0) throw configError(1, 'no server blocks: nothing would answer a request');
  for (const server of config.servers) {
    const ports = new Set<string>();
    for (const listen of server.listens) {
      const key = `${listen.address ?? '*'}:${listen.port}`;
      if (ports.has(key)) throw configError(listen.line, `duplicate listen ${key}`);
      ports.add(key);
    }
  }
  const defaults = new Map<number, NginxServer>();
  for (const server of config.servers) {
    for (const listen of server.listens) {
      if (!listen.defaultServer) continue;
      const other = defaults.get(listen.port);
      if (other) throw configError(listen.line, `a duplicate default server for port ${listen.port} (the first is the server at line ${other.line})`);
      defaults.set(listen.port, server);
    }
  }
  return config;
}
