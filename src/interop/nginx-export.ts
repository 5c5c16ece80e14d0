import { domainRoutes } from './nginx-domains';
import type { Scenario } from '../scenario/schema';
import type { ExportedFile, ExportOptions } from './index';
import { PLACEHOLDER_CERTIFICATE, PLACEHOLDER_KEY } from './placeholder-cert';

/**
 * An nginx configuration for the HTTP/HTTPS listeners (Tengine's side of SLB, DOMAIN §3): one
 * `server` per listener and domain, locations from the forwarding rules, an upstream per
 * listener and server group with the weights and the balancer, timeouts, gzip and the headers.
 * What stock nginx cannot express (cookie insertion, active health checks) is a comment, never a
 * directive nginx would reject. HTTPS servers point at certificate files written beside the config.
 */

type Listener = Scenario['listeners'][number];
type Peer = { ip: string; port: number; weight: number };

/** The compressible types SLB's Gzip covers (DOMAIN §3); nginx always adds text/html. */
const GZIP_TYPES = 'text/xml text/plain text/css application/javascript application/x-javascript application/rss+xml application/atom+xml application/xml';

const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

export function certificatePaths(id: string): { crt: string; key: string } {
  return { crt: `certs/${safe(id)}.crt`, key: `certs/${safe(id)}.key` };
}

export function exportNginx(scenario: Scenario, options: ExportOptions): ExportedFile[] {
  const ipOf = new Map(scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  const upstreams: string[] = [];
  const servers: string[] = [];
  const certs = new Set<string>();
  const defaults = new Set<number>();
  const peersOf = (listener: Listener, groupId: string | undefined): Peer[] => {
    if (groupId === undefined) {
      return scenario.backendServers
        .filter((b) => b.LoadBalancerId === listener.LoadBalancerId)
        .flatMap((b) => (ipOf.has(b.ServerId) ? [{ ip: ipOf.get(b.ServerId)!, port: listener.BackendServerPort, weight: b.Weight }] : []));
    }
    const group = scenario.vServerGroups.find((g) => g.VServerGroupId === groupId);
    return (group?.BackendServers ?? []).flatMap((b) => (ipOf.has(b.ServerId) ? [{ ip: ipOf.get(b.ServerId)!, port: b.Port, weight: b.Weight }] : []));
  };
  /** The upstream's name for this listener and group, written once; undefined when the group has no server. */
  const upstreamFor = (listener: Listener, groupId: string | undefined): string | undefined => {
    const name = `${listener.LoadBalancerId}_${listener.ListenerPort}_${groupId ?? 'default'}`;
    if (upstreams.some((u) => u.startsWith(`    upstream ${name} {`))) return name;
    const peers = peersOf(listener, groupId);
    if (peers.length === 0) return undefined;
    const lines = [`    upstream ${name} {`];
    if (listener.Scheduler === 'wlc') lines.push('        least_conn;');
    for (const p of peers) {
      // weight=1 down keeps a wrr upstream weighted even when every peer is down (so it reads back as wrr)
      const weight = listener.Scheduler === 'rr' ? (p.weight === 0 ? ' down' : '') : p.weight === 0 ? ' weight=1 down' : ` weight=${p.weight}`;
      lines.push(`        server ${p.ip}:${p.port}${weight};${p.weight === 0 ? ' # weight 0: no new requests' : ''}`);
    }
    if (listener.Scheduler === 'rr') lines.push('        # rr: plain rotation, SLB ignores the weights');
    lines.push('    }');
    upstreams.push(lines.join('\n'));
    return name;
  };

  for (const lb of scenario.loadBalancers) {
    for (const listener of scenario.listeners) {
      if (listener.LoadBalancerId !== lb.LoadBalancerId) continue;
      if (listener.ListenerProtocol !== 'http' && listener.ListenerProtocol !== 'https') continue;
      const https = listener.ListenerProtocol === 'https';
      // nginx -t binds what it listens on: the port alone, the VIP (which the host does not own) in a comment.
      const first = !defaults.has(listener.ListenerPort);
      defaults.add(listener.ListenerPort);
      const listen = `${listener.ListenerPort}${https ? ` ssl${listener.EnableHttp2 === 'on' ? ' http2' : ''}` : ''}`;
      const head: string[] = [`        # ${lb.LoadBalancerId} ${listener.ListenerProtocol.toUpperCase()} ${listener.ListenerPort} on VIP ${lb.Address}${listener.Status === 'stopped' ? ' (stopped in the scenario)' : ''}`];
      if (!first) head.push(`        # another load balancer already listens on port ${listener.ListenerPort}: on one host, give this one its VIP (listen ${lb.Address}:${listener.ListenerPort})`);
      if (listener.HealthCheck === 'on') {
        head.push(
          `        # SLB health check: ${(listener.HealthCheckMethod ?? 'head').toUpperCase()} ${listener.HealthCheckURI ?? '/'} every ${listener.HealthCheckInterval ?? 2} s, timeout ${listener.HealthCheckTimeout ?? 5} s, ${listener.HealthyThreshold} up / ${listener.UnhealthyThreshold} down, ${listener.HealthCheckHttpCode ?? 'http_2xx'}; stock nginx checks passively only (max_fails, fail_timeout)`,
        );
      }
      if (listener.StickySession === 'on') {
        head.push(
          listener.StickySessionType === 'insert'
            ? `        # SLB StickySession insert: a SERVERID cookie for ${listener.CookieTimeout ?? 0} s; stock nginx cannot insert cookies (nginx Plus "sticky cookie", Tengine "session_sticky")`
            : `        # SLB StickySession server: sticks on the application's cookie ${listener.Cookie ?? ''}; stock nginx has no cookie stickiness (consider "hash $cookie_${listener.Cookie ?? 'name'} consistent")`,
        );
      }
      if (listener.AclStatus === 'on') head.push(`        # SLB access control: ${listener.AclType ?? ''} list ${listener.AclId ?? ''} (not exported; nginx allow/deny would express it)`);
      const common: string[] = [`        keepalive_timeout ${listener.IdleTimeout ?? 15}s;`];
      common.push(listener.Gzip === 'off' ? '        gzip off;' : `        gzip on;\n        gzip_types ${GZIP_TYPES};`);
      if (https) {
        const id = listener.ServerCertificateId!;
        certs.add(id);
        const paths = certificatePaths(id);
        common.push(`        ssl_certificate ${paths.crt};`, `        ssl_certificate_key ${paths.key};`);
        common.push(`        # TLSCipherPolicy ${listener.TLSCipherPolicy ?? 'tls_cipher_policy_1_0'}; the key lives on SLB's Key Server (keyless), here in ${paths.key}`);
        if (listener.CACertificateId !== undefined) common.push(`        # mutual TLS with CA certificate ${listener.CACertificateId}: add ssl_client_certificate and ssl_verify_client on`);
        for (const ext of listener.DomainExtensions ?? []) common.push(`        # extra domain ${ext.Domain} with certificate ${ext.ServerCertificateId} (SNI): a server block of its own in nginx`);
      }
      const proxy = (upstream: string | undefined, indent: string): string[] => {
        if (upstream === undefined) return [`${indent}return 503; # the server group has no server: SLB answers 503`];
        const lines = [`${indent}proxy_pass http://${upstream};`, `${indent}proxy_read_timeout ${listener.RequestTimeout ?? 60}s;`, `${indent}proxy_set_header Host $host;`, `${indent}proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`];
        if (listener.XForwardedFor_proto === 'on') lines.push(`${indent}proxy_set_header X-Forwarded-Proto $scheme;`);
        if (listener.XForwardedFor_SLBIP === 'on') lines.push(`${indent}proxy_set_header SLB-IP $server_addr;`);
        if (listener.XForwardedFor_SLBID === 'on') lines.push(`${indent}proxy_set_header SLB-ID ${listener.LoadBalancerId};`);
        return lines;
      };
      const serverBlock = (names: string, defaultServer: boolean, routes: Map<string, string | undefined>): string => {
        const lines = ['    server {', ...head, `        listen ${listen}${defaultServer && first ? ' default_server' : ''};`, `        server_name ${names};`, ...common];
        if (listener.ListenerForward === 'on') {
          lines.push(`        return ${listener.ForwardCode ?? 301} https://$host:${listener.ForwardPort ?? 443}$request_uri; # ListenerForward: redirect to the HTTPS listener`);
        } else {
          for (const [url, group] of [...routes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
            lines.push(`        location ${url} {`, ...proxy(upstreamFor(listener, group), '            '), '        }');
          }
        }
        lines.push('    }');
        return lines.join('\n');
      };
      const fallback = listener.VServerGroupId;
      const rules = listener.Rules ?? [];
      const urlOnly = new Map<string, string | undefined>([['/', fallback]]);
      for (const r of rules) if (r.Domain === undefined && r.Url !== undefined) urlOnly.set(r.Url, r.VServerGroupId);
      servers.push(serverBlock('_', true, urlOnly));
      const domains = [...new Set(rules.flatMap((r) => (r.Domain === undefined ? [] : [r.Domain.toLowerCase()])))];
      for (const domain of domains) servers.push(serverBlock(domain, false, domainRoutes(rules.filter((r) => r.Domain?.toLowerCase() === domain), urlOnly)));
    }
  }
  const main = [
    '# nginx configuration exported by SLB Simulator: the HTTP/HTTPS listeners (docs/INTEROP.md)',
    '# check it with: nginx -t -p DIR -c FILE (certificate paths are relative to this file)',
    'events {}',
    'http {',
    ...(upstreams.length + servers.length === 0 ? ['    # the scenario has no HTTP or HTTPS listener'] : []),
    ...upstreams,
    ...servers,
    '}',
    '',
  ].join('\n');
  const files: ExportedFile[] = [{ path: undefined, content: main }];
  for (const id of certs) {
    const paths = certificatePaths(id);
    // Scenarios never hold PEMs or private keys (l7-schema.ts): even --include-secrets has none to write.
    const note = `# ${id}: placeholder${options.includeSecrets ? ' (the scenario holds no PEM or key to include)' : ''}; replace with the real certificate\n`;
    files.push({ path: paths.crt, content: note + PLACEHOLDER_CERTIFICATE }, { path: paths.key, content: PLACEHOLDER_KEY });
  }
  return files;
}
