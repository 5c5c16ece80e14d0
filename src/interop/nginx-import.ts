import type { ScenarioInput } from '../scenario/schema';
import { parseDirectives, type Directive } from '../nginx/tokenize';
import { CodedError } from '../shared/errors';
import { domainRulesOf, type Route } from './nginx-domains';
import { ImportSyntaxError, isIpv4, parsePort, serverIdOf, type ImportWarning } from './position';

/**
 * nginx.conf → scenario, the subset the nginx export writes (docs/INTEROP.md): each `listen`
 * port is an HTTP (or, with `ssl`, HTTPS) listener of one load balancer; its default server's
 * `location /` is the listener's VServer group, its other prefix locations URL rules; each other
 * server's names are domain rules. Every upstream becomes a VServer group (`upstream` servers by
 * IPv4 address, weights, `down` = weight 0; `least_conn` = wlc, no weights = rr, else wrr).
 */

const PROCESS_LEVEL = new Set(['worker_processes', 'pid', 'error_log', 'user', 'worker_rlimit_nofile', 'daemon', 'master_process', 'load_module', 'env']);

interface Upstream {
  name: string;
  line: number;
  scheduler: 'wrr' | 'wlc' | 'rr';
  peers: { ip: string; port: number; weight: number }[];
}

/** The position of a tokenizer error: its line, and that line's first non-blank column. */
function syntaxPosition(text: string, error: CodedError): { line: number; column: number } {
  const line = Number(/line (\d+)/.exec(error.message)?.[1] ?? '1');
  const source = text.split('\n')[line - 1] ?? '';
  return { line, column: source.length - source.trimStart().length + 1 };
}

export function importNginx(text: string, name = 'imported from nginx'): { scenario: ScenarioInput; warnings: ImportWarning[] } {
  let tree: Directive[];
  try {
    tree = parseDirectives(text);
  } catch (error) {
    if (error instanceof CodedError) throw new ImportSyntaxError('nginx.conf', syntaxPosition(text, error), error.message.replace(/^nginx\.conf line \d+: /, ''));
    throw error;
  }
  const warnings: ImportWarning[] = [];
  const warn = (d: Directive, message: string): void => void warnings.push({ line: d.line, message });
  const fail = (d: Directive, message: string): never => {
    throw new ImportSyntaxError('nginx.conf', { line: d.line, column: 1 }, message);
  };
  const upstreams = new Map<string, Upstream>();
  const servers: Directive[] = [];
  for (const top of tree) {
    if (top.name === 'events') continue;
    if (top.name === 'http' && top.block) {
      for (const d of top.block) {
        if (d.name === 'upstream' && d.block) readUpstream(d, upstreams, warn);
        else if (d.name === 'server' && d.block) servers.push(d);
        else warn(d, `http-level ${d.name} not imported`);
      }
    } else warn(top, PROCESS_LEVEL.has(top.name) ? `${top.name}: a process setting, not part of the load balancer: ignored` : `${top.name} not imported`);
  }

  // listeners by port, in file order; each with its default server and domain servers
  type ListenerDraft = { port: number; https: boolean; line: number; defaultServer: Directive | undefined; named: { names: string[]; server: Directive }[]; cert: string | undefined; http2: boolean | undefined };
  const listeners = new Map<number, ListenerDraft>();
  for (const server of servers) {
    const listens = server.block!.filter((d) => d.name === 'listen');
    if (listens.length === 0) {
      warn(server, 'a server without listen (nginx would use port 80): imported on port 80');
    }
    const names = server.block!.filter((d) => d.name === 'server_name').flatMap((d) => d.args);
    for (const listen of listens.length === 0 ? [{ name: 'listen', args: ['80'], line: server.line, block: undefined }] : listens) {
      const [where, ...flags] = listen.args;
      if (where === undefined) return fail(listen, 'listen needs a port');
      const m = /^(?:(.+):)?(\d+)$/.exec(where);
      const port = m ? parsePort(m[2]!) : undefined;
      if (!m || port === undefined) return fail(listen, `listen "${where}": expected [address:]port with a port 1–65535`);
      if (m[1] !== undefined && !isIpv4(m[1]) && m[1] !== '*') warn(listen, `listen address ${m[1]} is not an IPv4 address: the load balancer's default Address is used`);
      for (const f of flags) if (!['ssl', 'http2', 'default_server', 'default'].includes(f)) warn(listen, `listen parameter ${f} not imported`);
      let draft = listeners.get(port);
      const https = flags.includes('ssl');
      if (!draft) {
        draft = { port, https, line: listen.line, defaultServer: undefined, named: [], cert: undefined, http2: undefined };
        listeners.set(port, draft);
      } else if (draft.https !== https) warn(listen, `port ${port} is used with and without ssl: the first use decides`);
      if (flags.includes('http2')) draft.http2 = true;
      const isDefault = flags.includes('default_server') || flags.includes('default') || names.length === 0 || names.includes('_') || names.includes('""') || names.includes('');
      if (isDefault && draft.defaultServer === undefined) draft.defaultServer = server;
      else draft.named.push({ names: names.filter((n) => n !== '_' && n !== ''), server });
    }
  }

  const groups = new Map<string, string>(); // upstream name → VServerGroupId
  const groupIdOf = (upstream: string): string => {
    let id = groups.get(upstream);
    if (id === undefined) {
      id = `rsp-${groups.size + 1}`;
      groups.set(upstream, id);
    }
    return id;
  };
  const certificates = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const draft of listeners.values()) {
    if (out.length >= 50) {
      warnings.push({ line: draft.line, message: 'a load balancer has at most 50 listeners: this port is not imported' });
      continue;
    }
    const listener: Record<string, unknown> = { ListenerProtocol: draft.https ? 'https' : 'http', ListenerPort: draft.port, HealthCheck: 'off' };
    const schedulers = new Set<string>();
    const routesOf = (server: Directive): Route[] => readServer(server, draft.https, listener, upstreams, warn, (u) => schedulers.add(u.scheduler), (cert) => (draft.cert ??= cert));
    const rules: Record<string, unknown>[] = [];
    const addRule = (domain: string | undefined, url: string | undefined, upstream: string | undefined, d: Directive): void => {
      if (upstream === undefined) return warn(d, `${domain ?? ''}${url ?? ''} answers without an upstream: no rule imported`);
      if (rules.length >= 40) return warn(d, 'a listener has at most 40 forwarding rules: not imported');
      rules.push({ RuleId: `rule-${draft.port}x${rules.length + 1}`, ...(domain === undefined ? {} : { Domain: domain }), ...(url === undefined ? {} : { Url: url }), VServerGroupId: groupIdOf(upstream) });
    };
    const defaults = draft.defaultServer ? routesOf(draft.defaultServer) : [];
    for (const route of defaults) {
      if (route.url === '/') {
        if (route.upstream !== undefined) listener['VServerGroupId'] = groupIdOf(route.upstream);
      } else addRule(undefined, route.url, route.upstream, draft.defaultServer!);
    }
    for (const { names, server } of draft.named) {
      // What the export copied from the default server is not a rule of its own, where SLB's order allows (nginx-domains.ts).
      const own = domainRulesOf(routesOf(server), defaults);
      for (const host of names) {
        if (!/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(host) || host.length > 80) {
          warn(server, `server_name ${host}: SLB domain rules take exact names and leading wildcards (*.example.com) only: not imported`);
          continue;
        }
        for (const rule of own) addRule(host.toLowerCase(), rule.url, rule.upstream, server);
      }
    }
    const seen = new Set<string>();
    listener['Rules'] = rules.filter((r) => {
      const key = `${String(r['Domain'] ?? '')} ${String(r['Url'] ?? '')}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (schedulers.size > 1) warnings.push({ line: draft.line, message: `the upstreams of port ${draft.port} balance differently (${[...schedulers].join(', ')}); SLB has one Scheduler per listener: using ${[...schedulers][0]!}` });
    listener['Scheduler'] = [...schedulers][0] ?? 'wrr';
    if (draft.https) {
      const id = draft.cert ?? `cert-${draft.port}`;
      certificates.add(id);
      listener['ServerCertificateId'] = id;
      listener['EnableHttp2'] = draft.http2 ? 'on' : 'off';
    }
    out.push(listener);
  }

  const instances = new Map<string, { ServerId: string; PrivateIp: string }>();
  const vServerGroups = [...groups].map(([upstream, id]) => {
    const u = upstreams.get(upstream)!;
    for (const p of u.peers) instances.set(p.ip, { ServerId: serverIdOf(p.ip), PrivateIp: p.ip });
    return { VServerGroupId: id, VServerGroupName: upstream.slice(0, 80), BackendServers: u.peers.map((p) => ({ ServerId: serverIdOf(p.ip), Port: p.port, Weight: p.weight })) };
  });
  for (const [n, u] of upstreams) if (!groups.has(n)) warnings.push({ line: u.line, message: `upstream ${n} is not used by any imported location: not imported` });
  if (out.length === 0) warnings.push({ line: 1, message: 'no server block imported: the scenario has one load balancer without listeners' });
  return {
    scenario: {
      name,
      description: `Imported from nginx: ${out.length} listener(s). Health checks are off (stock nginx checks passively); clients are a default population per listener.`,
      loadBalancers: [{ LoadBalancerName: 'imported-1', listeners: out, vServerGroups }],
      ecsInstances: [...instances.values()],
      serverCertificates: [...certificates].map((id) => ({ ServerCertificateId: id, ServerCertificateName: `${id} (imported placeholder)` })),
      clients: out.map((l) => ({ id: `clients-${String(l['ListenerPort'])}`, ListenerPort: l['ListenerPort'] as number, ...(l['ListenerProtocol'] === 'https' ? {} : {}) })),
    } as ScenarioInput,
    warnings,
  };
}

function seconds(d: Directive, warn: (d: Directive, m: string) => void): number | undefined {
  const m = /^(\d+)(s?)$/.exec(d.args[0] ?? '');
  if (!m) {
    warn(d, `${d.name} ${d.args.join(' ')}: only whole seconds are imported`);
    return undefined;
  }
  return Number(m[1]);
}

function setClamped(listener: Record<string, unknown>, field: string, value: number | undefined, lo: number, hi: number, d: Directive, warn: (d: Directive, m: string) => void): void {
  if (value === undefined) return;
  const v = Math.min(hi, Math.max(lo, value));
  if (v !== value) warn(d, `${d.name} ${value} s is outside SLB's ${field} range ${lo}–${hi} s: using ${v}`);
  listener[field] = v;
}

const PROXY_KNOWN = new Set(['proxy_set_header', 'proxy_http_version', 'proxy_connect_timeout', 'proxy_send_timeout']);

/** A server block's locations as routes; its timeouts, gzip and certificate go on the listener. */
function readServer(
  server: Directive,
  https: boolean,
  listener: Record<string, unknown>,
  upstreams: Map<string, Upstream>,
  warn: (d: Directive, m: string) => void,
  used: (u: Upstream) => void,
  cert: (id: string) => void,
): Route[] {
  const routes: Route[] = [];
  const target = (d: Directive): string | undefined => {
    const pass = /^http:\/\/([^/:]+)\/?$/.exec(d.args[0] ?? '');
    const u = pass ? upstreams.get(pass[1]!) : undefined;
    if (!u) {
      warn(d, `proxy_pass ${d.args.join(' ')}: only http://UPSTREAM naming an upstream block is imported`);
      return undefined;
    }
    used(u);
    return u.name;
  };
  for (const d of server.block ?? []) {
    switch (d.name) {
      case 'listen':
      case 'server_name':
        break;
      case 'keepalive_timeout':
        setClamped(listener, 'IdleTimeout', seconds(d, warn), 1, 60, d, warn);
        break;
      case 'proxy_read_timeout':
        setClamped(listener, 'RequestTimeout', seconds(d, warn), 1, 180, d, warn);
        break;
      case 'gzip':
        listener['Gzip'] = d.args[0] === 'off' ? 'off' : 'on';
        break;
      case 'gzip_types':
        break;
      case 'ssl_certificate': {
        if (!https) warn(d, 'ssl_certificate on a server without ssl: ignored');
        const base = /([^/]+?)(\.(crt|pem|cer))?$/.exec(d.args[0] ?? '')?.[1];
        if (base) cert(base);
        break;
      }
      case 'ssl_certificate_key':
        break;
      case 'return': {
        const m = /^https:\/\/\$host:(\d+)\$request_uri$/.exec(d.args[1] ?? '');
        const code = Number(d.args[0]);
        if (m && [301, 302, 303, 307, 308].includes(code) && !https) {
          listener['ListenerForward'] = 'on';
          listener['ForwardPort'] = Number(m[1]);
          listener['ForwardCode'] = code;
        } else warn(d, `return ${d.args.join(' ')} has no SLB equivalent: ignored`);
        break;
      }
      case 'location': {
        const [first, second] = d.args;
        const modifier = second === undefined ? '' : first;
        const path = second ?? first ?? '';
        if (modifier !== '' && modifier !== '^~') {
          warn(d, `location ${d.args.join(' ')}: SLB URL rules are prefixes; exact and regex locations are not imported`);
          break;
        }
        if (!/^\/[A-Za-z0-9\-/.%?#&=_~:@!$'()*+,;]{0,79}$/.test(path)) {
          warn(d, `location ${path}: not a URL SLB rules accept: not imported`);
          break;
        }
        let upstream: string | undefined;
        for (const inner of d.block ?? []) {
          if (inner.name === 'proxy_pass') upstream = target(inner);
          else if (inner.name === 'proxy_read_timeout') setClamped(listener, 'RequestTimeout', seconds(inner, warn), 1, 180, inner, warn);
          else if (inner.name === 'return' && inner.args[0] === '503') continue;
          else if (!PROXY_KNOWN.has(inner.name)) warn(inner, `${inner.name} in a location not imported`);
        }
        if (routes.some((r) => r.url === path)) warn(d, `location ${path} appears twice: the first one is imported`);
        else {
          // nginx's auto-redirect for proxied locations ending in "/": SLB has none (docs/INTEROP.md).
          if (upstream !== undefined && path.length > 1 && path.endsWith('/')) warn(d, `location ${path}: nginx answers ${path.slice(0, -1)} with a 301 to ${path}; the SLB rule ${path} does not match ${path.slice(0, -1)}, which the other rules serve`);
          routes.push({ url: path, upstream });
        }
        break;
      }
      default:
        warn(d, `${d.name} not imported`);
    }
  }
  return routes;
}

function readUpstream(d: Directive, upstreams: Map<string, Upstream>, warn: (d: Directive, m: string) => void): void {
  const name = d.args[0] ?? '';
  const u: Upstream = { name, line: d.line, scheduler: 'rr', peers: [] };
  let weighted = false;
  let leastConn = false;
  for (const inner of d.block ?? []) {
    if (inner.name === 'least_conn') leastConn = true;
    else if (inner.name === 'server') {
      const [address, ...params] = inner.args;
      const m = /^([^:]+)(?::(\d+))?$/.exec(address ?? '');
      const port = m?.[2] === undefined ? 80 : parsePort(m[2]);
      if (!m || !isIpv4(m[1]!) || port === undefined) {
        warn(inner, `server ${address ?? ''}: only IPv4 address[:port] peers are imported`);
        continue;
      }
      let weight = 100;
      for (const p of params) {
        const w = /^weight=(\d+)$/.exec(p);
        if (w) {
          weighted = true;
          weight = Math.min(100, Math.max(1, Number(w[1])));
          if (String(weight) !== w[1]) warn(inner, `weight ${w[1]}: SLB weights are 1–100 (0 is "down"): using ${weight}`);
        } else if (p === 'down') weight = 0;
        else warn(inner, `server parameter ${p} not imported`);
      }
      if (params.includes('down')) weight = 0;
      if (u.peers.some((x) => x.ip === m[1] && x.port === port)) warn(inner, `${address ?? ''} is listed twice: the first is imported`);
      else if (u.peers.length >= 200) warn(inner, 'a VServer group has at most 200 servers: not imported');
      else u.peers.push({ ip: m[1]!, port, weight });
    } else warn(inner, `${inner.name} in an upstream not imported${['ip_hash', 'hash', 'random'].includes(inner.name) ? ' (SLB balances with wrr, wlc or rr)' : ''}`);
  }
  u.scheduler = leastConn ? 'wlc' : weighted ? 'wrr' : 'rr';
  if (upstreams.has(name)) warn(d, `upstream ${name} is defined twice: the first is imported`);
  else upstreams.set(name, u);
}
