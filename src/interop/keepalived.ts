import type { Scenario, ScenarioInput } from '../scenario/schema';
import { scenarioOfServices, virtualServicesOf, type ImportedService, type L4Health, type L4Protocol, type VirtualService } from './layer4';
import { ImportSyntaxError, isIpv4, parsePort, type ImportWarning, type Position } from './position';

/**
 * keepalived.conf(5) virtual servers for the TCP/UDP listeners: `virtual_server VIP PORT { … }`
 * with the scheduler, NAT forwarding (stock keepalived has no FULLNAT: noted in a comment),
 * persistence and one `real_server` per attached instance, each with the listener's health check
 * (TCP_CHECK, HTTP_GET or UDP_CHECK). The HTTP/HTTPS listeners are Tengine's: export --format nginx.
 */

const STATUS_RANGES: Record<string, string> = { http_2xx: '200-299', http_3xx: '300-399', http_4xx: '400-499', http_5xx: '500-599' };

function checkerLines(service: VirtualService, health: L4Health): string[] {
  const common = [
    ...(health.connectPort !== undefined ? [`connect_port ${health.connectPort}`] : []),
    `connect_timeout ${health.timeoutS}`,
    `retry ${health.unhealthyThreshold - 1}`,
    `delay_before_retry ${health.intervalS}`,
  ];
  if (health.type === 'http' && service.protocol === 'tcp') {
    const codes = (health.httpCode ?? 'http_2xx').split(',');
    return [
      'HTTP_GET {',
      '    url {',
      `        path ${health.uri ?? '/'}`,
      ...codes.map((c) => `        status_code ${STATUS_RANGES[c] ?? '200-299'}`),
      '    }',
      ...(health.domain !== undefined && health.domain !== '$_ip' ? [`    virtualhost ${health.domain}`] : []),
      ...common.map((l) => `    ${l}`),
      '}',
    ];
  }
  return [`${service.protocol === 'udp' ? 'UDP_CHECK' : 'TCP_CHECK'} {`, ...common.map((l) => `    ${l}`), '}'];
}

export function exportKeepalived(scenario: Scenario): string {
  const out = ['# keepalived.conf virtual servers exported by SLB Simulator (layer-4 listeners only)', ''];
  for (const service of virtualServicesOf(scenario)) {
    for (const note of service.notes) out.push(`# ${note}`);
    if (service.health) {
      out.push(`# HealthyThreshold has no keepalived equivalent (a server is back after one good check); UnhealthyThreshold N is retry N-1`);
      if (service.health.domain === '$_ip') out.push('# HealthCheckDomain $_ip: keepalived sends the real server address as Host by default');
    }
    const start = out.length;
    out.push(`virtual_server ${service.vip} ${service.port} {`);
    if (service.health) out.push(`    delay_loop ${service.health.intervalS}`);
    out.push(`    lb_algo ${service.scheduler}`);
    if (service.hashPort) out.push('    mh-port');
    out.push('    lb_kind NAT');
    if (service.persistenceS > 0) out.push(`    persistence_timeout ${service.persistenceS}`);
    out.push(`    protocol ${service.protocol.toUpperCase()}`);
    for (const real of service.reals) {
      out.push(`    real_server ${real.ip} ${real.port} {`, `        weight ${real.weight}`);
      if (service.health) for (const line of checkerLines(service, service.health)) out.push(`        ${line}`);
      out.push('    }');
    }
    out.push('}');
    if (!service.reals.some((r) => r.weight > 0)) {
      // keepalived --config-test rejects a virtual server whose real servers weigh 0 in all (quorum), and ignores one without any.
      const block = out.splice(start).map((line) => `# ${line}`);
      out.push(`# ${service.vip}:${service.port}: no real server with a weight above 0, which keepalived refuses; the block is commented out`, ...block);
    }
    out.push('');
  }
  return out.join('\n');
}

// ---- import ----

interface Node {
  name: string;
  args: { text: string; at: Position }[];
  at: Position;
  block: Node[] | undefined;
}

type Tok = { kind: 'word'; text: string; at: Position } | { kind: '{' | '}'; at: Position };

function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    const re = /[{}]|[^\s{}]+/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      const at = { line: index + 1, column: m.index + 1 };
      if (m[0].startsWith('#') || m[0].startsWith('!')) break;
      if (m[0] === '{' || m[0] === '}') out.push({ kind: m[0], at });
      else out.push({ kind: 'word', text: m[0], at });
    }
  });
  return out;
}

/** keepalived's grammar: a statement is the words of one line; a `{` (same or next line) opens its block. */
function parseTree(text: string): Node[] {
  const toks = tokenize(text);
  let pos = 0;
  const block = (open: Position | undefined): Node[] => {
    const nodes: Node[] = [];
    for (;;) {
      const t = toks[pos];
      if (t === undefined) {
        if (open) throw new ImportSyntaxError('keepalived.conf', open, 'a "{" opened here is never closed (missing "}")');
        return nodes;
      }
      if (t.kind === '}') {
        if (!open) throw new ImportSyntaxError('keepalived.conf', t.at, 'unexpected "}": no block is open');
        pos++;
        return nodes;
      }
      if (t.kind !== 'word') throw new ImportSyntaxError('keepalived.conf', t.at, 'unexpected "{": a block needs a keyword before it');
      pos++;
      const node: Node = { name: t.text, args: [], at: t.at, block: undefined };
      for (;;) {
        const n = toks[pos];
        if (n === undefined || n.kind !== 'word' || n.at.line !== t.at.line) break;
        node.args.push({ text: n.text, at: n.at });
        pos++;
      }
      const next = toks[pos];
      if (next !== undefined && next.kind === '{') {
        pos++;
        node.block = block(next.at);
      }
      nodes.push(node);
    }
  };
  return block(undefined);
}

const KNOWN_IGNORED = new Set(['delay_before_retry', 'inhibit_on_failure', 'alpha', 'omega', 'quorum', 'hysteresis', 'ha_suspend', 'virtualhost_name', 'nb_sock_pool', 'warmup']);

/** Reads keepalived.conf virtual servers into a scenario; everything else is listed as a warning with its line. */
export function importKeepalived(text: string, name = 'imported from keepalived'): { scenario: ScenarioInput; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const warn = (node: { at: Position }, message: string): void => {
    warnings.push({ line: node.at.line, message });
  };
  const fail = (at: Position, message: string): never => {
    throw new ImportSyntaxError('keepalived.conf', at, message);
  };
  const int = (node: Node, i = 0, max = 1_000_000): number => {
    const arg = node.args[i];
    if (arg === undefined) return fail({ line: node.at.line, column: node.at.column + node.name.length }, `${node.name} needs a number`);
    if (!/^\d+$/.test(arg.text) || Number(arg.text) > max) return fail(arg.at, `${node.name}: "${arg.text}" is not a whole number up to ${max}`);
    return Number(arg.text);
  };
  const services: ImportedService[] = [];
  for (const top of parseTree(text)) {
    if (top.name !== 'virtual_server') {
      warn(top, top.name === 'vrrp_instance' || top.name === 'vrrp_sync_group' ? `${top.name} (VRRP) not imported: SLB's LVS cluster and ECMP replace VRRP failover` : `${top.name} not imported`);
      continue;
    }
    const [ipArg, portArg] = top.args;
    if (ipArg === undefined) {
      fail({ line: top.at.line, column: top.at.column + top.name.length }, 'virtual_server needs an address and a port');
      continue;
    }
    if (ipArg.text === 'group' || ipArg.text === 'fwmark') {
      warn(top, `virtual_server ${ipArg.text} has no SLB equivalent: not imported`);
      continue;
    }
    if (!isIpv4(ipArg.text)) fail(ipArg.at, `"${ipArg.text}" is not an IPv4 address`);
    if (portArg === undefined || parsePort(portArg.text) === undefined) fail(portArg?.at ?? ipArg.at, `virtual_server needs a port 1–65535${portArg ? `, not "${portArg.text}"` : ''}`);
    const port = parsePort(portArg!.text)!;
    let scheduler = 'wlc';
    let hashPort = false;
    let persistence = 0;
    let protocol: L4Protocol | undefined;
    let delayLoop = 60;
    const reals: ImportedService['reals'] = [];
    let health: L4Health | undefined;
    let healthSeen = false;
    for (const node of top.block ?? []) {
      switch (node.name) {
        case 'delay_loop':
          delayLoop = int(node);
          break;
        case 'lb_algo':
        case 'lvs_sched':
          if (node.args[0] === undefined) fail(node.at, `${node.name} needs a scheduler name`);
          scheduler = node.args[0]!.text;
          break;
        case 'mh-port':
        case 'sh-port':
          hashPort = true;
          break;
        case 'lb_kind':
        case 'lvs_method':
          if (node.args[0]?.text !== 'NAT') warn(node, `forwarding ${node.args[0]?.text ?? '(none)'} becomes SLB's FULLNAT`);
          break;
        case 'persistence_timeout':
          persistence = int(node);
          break;
        case 'protocol': {
          const p = node.args[0]?.text;
          if (p === 'TCP' || p === 'UDP') protocol = p === 'TCP' ? 'tcp' : 'udp';
          else warn(node, `protocol ${p ?? '(none)'} has no SLB listener: imported as TCP`);
          break;
        }
        case 'real_server': {
          const [rip, rport] = node.args;
          if (rip === undefined || !isIpv4(rip.text)) return fail(rip?.at ?? node.at, `real_server needs an IPv4 address${rip ? `, not "${rip.text}"` : ''}`);
          const realPort = rport === undefined ? port : parsePort(rport.text);
          if (realPort === undefined) return fail(rport!.at, `"${rport!.text}" is not a port 1–65535`);
          let weight = 1;
          let checker: L4Health | undefined;
          for (const inner of node.block ?? []) {
            if (inner.name === 'weight') {
              weight = int(inner);
              if (weight > 100) {
                warn(inner, `weight ${weight} is above SLB's 100: using 100`);
                weight = 100;
              }
            } else if (['TCP_CHECK', 'HTTP_GET', 'SSL_GET', 'UDP_CHECK'].includes(inner.name)) {
              if (inner.name === 'SSL_GET') warn(inner, 'SSL_GET imported as an HTTP check: SLB probes backends with plain HTTP');
              checker = readChecker(inner, int, warn, delayLoop);
            } else if (inner.name === 'MISC_CHECK' || inner.name === 'SMTP_CHECK' || inner.name === 'DNS_CHECK' || inner.name === 'BFD_CHECK' || inner.name === 'FILE_CHECK') {
              warn(inner, `${inner.name} has no SLB equivalent: not imported`);
            } else if (KNOWN_IGNORED.has(inner.name)) {
              warn(inner, `${inner.name} has no SLB equivalent: ignored`);
            } else warn(inner, `${inner.name} not understood: ignored`);
          }
          if (reals.some((r) => r.ip === rip.text)) {
            warn(node, `${rip.text} is already a real server of this virtual server: not imported`);
            break;
          }
          reals.push({ ip: rip.text, port: realPort, weight });
          if (!healthSeen) {
            health = checker;
            healthSeen = true;
          } else if (JSON.stringify(checker) !== JSON.stringify(health)) {
            warn(node, 'this real server is checked differently from the first; SLB checks every server of a listener alike: using the first one\'s check');
          }
          break;
        }
        case 'sorry_server':
          warn(node, 'sorry_server has no SLB equivalent (a master-slave server group comes closest): not imported');
          break;
        default:
          warn(node, KNOWN_IGNORED.has(node.name) ? `${node.name} has no SLB equivalent: ignored` : `${node.name} not understood: ignored`);
      }
    }
    if (protocol === undefined) {
      warn(top, 'no protocol: TCP, as keepalived assumes');
      protocol = 'tcp';
    }
    services.push({ vip: ipArg.text, port, protocol, scheduler, hashPort, persistenceS: persistence, reals, health, line: top.at.line });
  }
  return { scenario: scenarioOfServices(services, name, warnings), warnings };
}

function readChecker(node: Node, int: (node: Node, i?: number, max?: number) => number, warn: (node: { at: Position }, message: string) => void, delayLoop: number): L4Health {
  const type = node.name === 'UDP_CHECK' ? 'udp' : node.name === 'TCP_CHECK' ? 'tcp' : 'http';
  const health: L4Health = { type, intervalS: delayLoop, timeoutS: 5, unhealthyThreshold: 2, connectPort: undefined, uri: undefined, domain: undefined, httpCode: undefined };
  const codes: string[] = [];
  for (const inner of node.block ?? []) {
    switch (inner.name) {
      case 'connect_timeout':
        health.timeoutS = int(inner);
        break;
      case 'connect_port':
        health.connectPort = int(inner, 0, 65535);
        break;
      case 'retry':
      case 'nb_get_retry':
        health.unhealthyThreshold = int(inner) + 1;
        break;
      case 'delay_loop':
        health.intervalS = int(inner);
        break;
      case 'virtualhost':
        health.domain = inner.args[0]?.text;
        break;
      case 'delay_before_retry':
        break;
      case 'url':
        if (health.uri !== undefined) {
          warn(inner, 'a second url: SLB checks one path; ignored');
          break;
        }
        for (const u of inner.block ?? []) {
          if (u.name === 'path') health.uri = u.args[0]?.text ?? '/';
          else if (u.name === 'status_code') {
            const code = u.args[0]?.text ?? '';
            const m = /^([2-5])\d\d(-\1\d\d)?$/.exec(code);
            if (m) codes.push(`http_${m[1]}xx`);
            else warn(u, `status_code ${code}: SLB accepts classes 2xx–5xx; ignored`);
          } else warn(u, `${u.name} has no SLB equivalent: ignored`);
        }
        break;
      default:
        warn(inner, `${inner.name} not understood: ignored`);
    }
  }
  if (codes.length > 0) health.httpCode = [...new Set(codes)].join(',');
  if (health.domain !== undefined && !/^[A-Za-z0-9.-]{1,80}$/.test(health.domain)) {
    warn(node, `virtualhost ${health.domain} is not a domain SLB accepts: ignored`);
    health.domain = undefined;
  }
  if (health.uri !== undefined && (!/^\/[A-Za-z0-9\-/.%?#&=_;~!()*[\]@$^:',+]{0,79}$/.test(health.uri) || health.uri === '/')) {
    if (health.uri !== '/') warn(node, `check path ${health.uri} is not one SLB accepts: the default path is used`);
    health.uri = undefined;
  }
  return health;
}
