import type { Scenario, ScenarioInput } from '../scenario/schema';
import { scenarioOfServices, virtualServicesOf, type ImportedService, type L4Protocol } from './layer4';
import { ImportSyntaxError, isIpv4, parsePort, type ImportWarning } from './position';

/**
 * `ipvsadm-save -n` rules (what `ipvsadm-restore` reads): `-A -t|-u VIP:PORT -s SCHED [-p T]`
 * per TCP/UDP listener, `-a -t|-u VIP:PORT -r RIP:PORT -m -w W` per real server. Notes on what
 * the rules cannot say come first as `#` lines (strip them before ipvsadm-restore: docs/INTEROP.md).
 */
export function exportIpvsadm(scenario: Scenario): string {
  const lines = ['# IPVS rules exported by SLB Simulator (ipvsadm-save -n format); feed to ipvsadm-restore without the # lines'];
  const rules: string[] = [];
  for (const service of virtualServicesOf(scenario)) {
    for (const note of service.notes) lines.push(`# ${note}`);
    if (service.health) lines.push(`# ${service.vip}:${service.port}: health checks are not part of IPVS (keepalived runs them; export --format keepalived)`);
    const flag = service.protocol === 'tcp' ? '-t' : '-u';
    const address = `${service.vip}:${service.port}`;
    rules.push(`-A ${flag} ${address} -s ${service.scheduler}${service.hashPort ? ' -b mh-port' : ''}${service.persistenceS > 0 ? ` -p ${service.persistenceS}` : ''}`);
    for (const real of service.reals) rules.push(`-a ${flag} ${address} -r ${real.ip}:${real.port} -m -w ${real.weight}`);
  }
  return [...lines, ...rules].join('\n') + '\n';
}

interface Word {
  text: string;
  column: number;
}

function words(line: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) out.push({ text: m[0], column: m.index + 1 });
  return out;
}

const SERVICE_FLAGS: Record<string, L4Protocol | 'fwmark'> = { '-t': 'tcp', '--tcp-service': 'tcp', '-u': 'udp', '--udp-service': 'udp', '-f': 'fwmark', '--fwmark-service': 'fwmark' };

/** Reads ipvsadm-save output (or an ipvsadm-restore file) into a scenario; malformed lines throw with their position. */
export function importIpvsadm(text: string, name = 'imported from ipvsadm'): { scenario: ScenarioInput; warnings: ImportWarning[] } {
  const warnings: ImportWarning[] = [];
  const services = new Map<string, ImportedService>();
  text.split('\n').forEach((raw, index) => {
    const lineNo = index + 1;
    const line = raw.replace(/\r$/, '');
    const ws = words(line);
    if (ws.length === 0 || ws[0]!.text.startsWith('#')) return;
    const fail = (w: Word | undefined, message: string): never => {
      throw new ImportSyntaxError('ipvsadm', { line: lineNo, column: w ? w.column : line.length + 1 }, message);
    };
    const command = ws[0]!;
    const kind = { '-A': 'add-service', '--add-service': 'add-service', '-E': 'add-service', '--edit-service': 'add-service', '-a': 'add-server', '--add-server': 'add-server', '-e': 'add-server', '--edit-server': 'add-server' }[command.text];
    if (command.text === '-C' || command.text === '--clear') return;
    if (kind === undefined) {
      warnings.push({ line: lineNo, message: `"${command.text}" is not a rule ipvsadm-save writes (-A or -a): line not imported` });
      return;
    }
    let protocol: L4Protocol | undefined;
    let address: string | undefined;
    let scheduler = 'wlc';
    let hashPort = false;
    let persistence = 0;
    let real: { ip: string; port: number } | undefined;
    let weight = 1;
    for (let i = 1; i < ws.length; i++) {
      const w = ws[i]!;
      const value = (): Word => ws[++i] ?? fail(undefined, `${w.text} needs a value`);
      const flag = SERVICE_FLAGS[w.text];
      if (flag !== undefined) {
        const v = value();
        if (flag === 'fwmark') {
          warnings.push({ line: lineNo, message: 'firewall-mark services have no SLB equivalent: line not imported' });
          return;
        }
        protocol = flag;
        address = v.text;
        const [ip, port] = splitAddress(v.text);
        if (ip === undefined || port === undefined) fail(v, `"${v.text}" is not an IPv4 address:port`);
        continue;
      }
      switch (w.text) {
        case '-s':
        case '--scheduler': {
          const v = value();
          if (!/^[a-z]+$/.test(v.text)) fail(v, `"${v.text}" is not a scheduler name`);
          scheduler = v.text;
          break;
        }
        case '-b':
        case '--sched-flags': {
          const v = value();
          const flags = v.text.split(',');
          hashPort = flags.includes('mh-port') || flags.includes('sh-port');
          for (const f of flags) if (!['mh-port', 'sh-port'].includes(f)) warnings.push({ line: lineNo, message: `scheduler flag ${f} has no SLB equivalent: ignored` });
          break;
        }
        case '-p':
        case '--persistent': {
          const next = ws[i + 1];
          if (next !== undefined && /^\d+$/.test(next.text)) {
            persistence = Number(next.text);
            i++;
          } else persistence = 300;
          break;
        }
        case '-r':
        case '--real-server': {
          const v = value();
          const [ip, port] = splitAddress(v.text);
          if (ip === undefined) fail(v, `"${v.text}" is not an IPv4 address[:port]`);
          real = { ip: ip!, port: port ?? 0 };
          break;
        }
        case '-w':
        case '--weight': {
          const v = value();
          if (!/^\d+$/.test(v.text)) fail(v, `"${v.text}" is not a weight (a non-negative integer)`);
          weight = Number(v.text);
          if (weight > 100) {
            warnings.push({ line: lineNo, message: `weight ${weight} is above SLB's 100: using 100` });
            weight = 100;
          }
          break;
        }
        case '-m':
        case '--masquerading':
          break;
        case '-g':
        case '--gatewaying':
        case '-i':
        case '--ipip':
          warnings.push({ line: lineNo, message: `forwarding ${w.text} (direct routing / tunnelling) becomes SLB's FULLNAT` });
          break;
        default:
          if (w.text.startsWith('-')) {
            const next = ws[i + 1];
            if (next !== undefined && !next.text.startsWith('-')) i++;
            warnings.push({ line: lineNo, message: `option ${w.text} has no SLB equivalent: ignored` });
          } else fail(w, `unexpected "${w.text}"`);
      }
    }
    if (protocol === undefined || address === undefined) return fail(command, `${command.text} needs -t or -u VIP:PORT`);
    const [vip, port] = splitAddress(address) as [string, number];
    const key = `${protocol} ${address}`;
    if (kind === 'add-service') {
      if (services.has(key)) warnings.push({ line: lineNo, message: `${address} is defined again: the later definition's scheduler and persistence apply` });
      const previous = services.get(key);
      services.set(key, { vip, port, protocol, scheduler, hashPort, persistenceS: persistence, reals: previous?.reals ?? [], health: undefined, line: lineNo });
      return;
    }
    if (real === undefined) return fail(command, `${command.text} needs -r RIP[:PORT]`);
    const service = services.get(key);
    if (service === undefined) {
      warnings.push({ line: lineNo, message: `real server for ${address}, which no -A line defined before: not imported` });
      return;
    }
    const r = real;
    if (service.reals.some((x) => x.ip === r.ip)) {
      warnings.push({ line: lineNo, message: `${r.ip} is already a real server of ${address}: SLB attaches an instance once per listener; not imported` });
      return;
    }
    service.reals.push({ ip: r.ip, port: r.port === 0 ? port : r.port, weight });
  });
  return { scenario: scenarioOfServices([...services.values()], name, warnings), warnings };
}

function splitAddress(text: string): [string | undefined, number | undefined] {
  const m = /^([^:]+)(?::([^:]*))?$/.exec(text);
  if (!m || !isIpv4(m[1]!)) return [undefined, undefined];
  if (m[2] === undefined) return [m[1], undefined];
  const port = parsePort(m[2]);
  return port === undefined ? [undefined, undefined] : [m[1], port];
}
