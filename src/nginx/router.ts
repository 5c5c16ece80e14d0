import { SmoothWrr } from '../engine/tengine/smooth-wrr';
import { CodedError } from '../shared/errors';
import { showBytes, toBytes } from './bytes';
import type { NginxConfig, NginxLocation, NginxServer, NginxUpstream } from './config';
import { validateHost } from './host';
import { findLocation } from './locations';
import { buildPortServers, type PortServers } from './servers';
import { normalizeUri } from './uri';

/** One request: the Host header (absent, null or "" = no Host header, as in HTTP/1.0), the request target, the port. */
export interface NginxRequest {
  host?: string | null | undefined;
  path: string;
  port?: number | undefined;
}

/** Who serves the request (`route --json` prints exactly these fields). */
export interface NginxRouteAnswer {
  /** 0-based index of the server block in the http block. */
  server: number;
  /** 0-based index of the location within that server, or null when none was chosen. */
  location: number | null;
  status: number;
  /** Index of the chosen `server` line within the upstream block, when proxied to one. */
  upstream: number | null;
  upstreamName: string | null;
}

/** The answer plus what a person wants to read: the normalised URI and Host, and why. */
export interface NginxRouteDetail extends NginxRouteAnswer {
  port: number;
  host: string | null;
  uri: string | null;
  reason: string;
}

/** The first port any `listen` names, in file order: the default for requests without one. */
export function firstListenPort(config: NginxConfig): number {
  return config.servers[0]?.listens[0]?.port ?? 80;
}

interface Balancer {
  upstream: NginxUpstream;
  wrr: SmoothWrr;
  weights: number[];
}

/** `proxy_pass http://NAME[:port][/uri]` → the upstream block NAME names (case-insensitive, as nginx), if any. */
function proxiedUpstream(proxyPass: string, balancers: Map<string, Balancer>): Balancer | undefined {
  const m = /^https?:\/\/([^/:]+)/i.exec(proxyPass);
  return m ? balancers.get(m[1]!.toLowerCase()) : undefined;
}

/**
 * A router over one nginx config. Smooth-WRR state lives in the router and carries across its
 * requests, like one nginx worker process (`worker_processes 1`).
 */
export function createNginxRouter(config: NginxConfig): { route(request: NginxRequest): NginxRouteDetail; warnings: string[] } {
  const ports = new Map<number, PortServers>();
  const warnings = [...config.warnings];
  for (const server of config.servers) {
    for (const listen of server.listens) {
      if (ports.has(listen.port)) continue;
      const built = buildPortServers(config, listen.port);
      if (built) {
        ports.set(listen.port, built);
        for (const name of built.conflicts) warnings.push(`conflicting server name "${name}" on port ${listen.port}, ignored (nginx warns the same)`);
        const addresses = new Set(built.servers.flatMap((s) => s.listens.filter((l) => l.port === listen.port).map((l) => l.address ?? '*')));
        if (addresses.size > 1) warnings.push(`port ${listen.port} is listened on at several addresses (${[...addresses].join(', ')}); the router tells them apart by port only`);
      }
    }
  }
  const balancers = new Map<string, Balancer>();
  for (const upstream of config.upstreams) {
    // backup peers only serve when every primary has failed, which the router never models
    const weights = upstream.peers.map((p) => (p.down || p.backup ? 0 : p.weight));
    balancers.set(upstream.name.toLowerCase(), { upstream, wrr: new SmoothWrr(upstream.peers.length), weights });
  }
  const defaultPort = firstListenPort(config);

  function answer(port: number, server: NginxServer, location: NginxLocation | null, status: number, rest: Partial<NginxRouteDetail> & { reason: string }): NginxRouteDetail {
    return { server: server.index, location: location?.index ?? null, status, upstream: null, upstreamName: null, port, host: null, uri: null, ...rest };
  }

  function route(request: NginxRequest): NginxRouteDetail {
    const port = request.port ?? defaultPort;
    const onPort = ports.get(port);
    if (!onPort) throw new CodedError('NoServerOnPort', `port ${port}: no server block listens there (ports: ${[...ports.keys()].join(', ')})`, 'port');
    const fallback = onPort.defaultServer;

    // nginx parses the request line (and so the URI) before the headers: a bad URI is answered
    // by the port's default server before Host is looked at
    const uri = normalizeUri(toBytes(request.path));
    if (!uri.ok) return answer(port, fallback, null, 400, { reason: `invalid request: ${uri.reason}` });

    let host: string | undefined;
    if (request.host !== undefined && request.host !== null && request.host !== '') {
      const checked = validateHost(toBytes(request.host));
      if (!checked.ok) return answer(port, fallback, null, 400, { uri: uri.uri, reason: `invalid Host: ${checked.reason}` });
      host = checked.host;
    }
    const { server, how } = onPort.find(host);
    const base = { host: host ?? null, uri: showBytes(uri.uri) };
    const chosen = `server ${server.index} (line ${server.line}, ${how})`;
    if (server.ret) return answer(port, server, null, server.ret.code, { ...base, reason: `${chosen}: server-level return ${server.ret.code}` });

    const match = findLocation(server.locations, uri.uri);
    if (match.kind === 'none') return answer(port, server, null, 404, { ...base, reason: `${chosen}: no location matches; the server's static root answers 404` });
    const location = match.location;
    const where = `${chosen}, location ${location.index} (line ${location.line}, ${location.modifier === 'prefix' ? '' : location.modifier + ' '}${location.pattern})`;
    if (match.kind === 'redirect') return answer(port, server, location, 301, { ...base, reason: `${where}: 301 to ${showBytes(match.target)} (proxy_pass location ending in "/")` });
    if (location.ret) return answer(port, server, location, location.ret.code, { ...base, reason: `${where}: return ${location.ret.code}` });
    if (location.proxyPass === undefined) return answer(port, server, location, 404, { ...base, reason: `${where}: static files, assumed missing (404)` });
    const balancer = proxiedUpstream(location.proxyPass, balancers);
    if (!balancer) return answer(port, server, location, 200, { ...base, reason: `${where}: proxy_pass ${location.proxyPass} (not an upstream block)` });
    const peer = balancer.wrr.pick(balancer.weights);
    const name = balancer.upstream.name;
    if (peer < 0) return answer(port, server, location, 502, { ...base, upstreamName: name, reason: `${where}: upstream ${name} has no live peer (502)` });
    const address = balancer.upstream.peers[peer]?.address ?? '?';
    return answer(port, server, location, 200, { ...base, upstream: peer, upstreamName: name, reason: `${where}: upstream ${name} peer ${peer} (${address})` });
  }

  return { route, warnings };
}
