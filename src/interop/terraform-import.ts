import { KNOWN_REGION_IDS } from '../engine/billing/prices';
import type { ScenarioInput } from '../scenario/schema';
import { ImportSyntaxError, isIpv4, type ImportWarning, type Position } from './position';
import { listenerSettings, settle } from './terraform-listener';
import { hclLines } from './terraform-lines';
import type { Block, Reader} from './terraform-reader';
import { bodiesOf, describe, Ids, isBody, isExpression, Resource, ResourceReader, type Body, type Json, type Obj } from './terraform-reader';
import { ALICLOUD_PROVIDER, isDeprecatedArgument, isPinnedArgument, isPinnedResource } from './terraform-provider';

/**
 * Terraform (HCL) of the alicloud provider into a scenario: the SLB resources the export writes
 * (terraform.ts), with references between them resolved, and the provider's deprecated nested
 * forms (`servers` of a server group, `entry_list` of an ACL). The HCL parser is HashiCorp's own
 * (@cdktn/hcl2json, Go's hcl compiled to WebAssembly), so a file Terraform would reject for its
 * syntax is an error here with the parser's line and column. Whatever is not understood — other
 * resources, variables, functions, arguments the simulator does not model — is a warning with its
 * line (terraform-lines.ts finds them), never dropped silently.
 */

const FILE = 'main.tf';

/** `main.tf:2,7-3,1: Summary; detail` → line 2, column 7. */
export function hclErrorPosition(message: string): { position: Position; text: string } {
  const match = /main\.tf:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]*)/.exec(message);
  if (!match) return { position: { line: 1, column: 1 }, text: message.replace(/^parse config: /, '') };
  return { position: { line: Number(match[1]), column: Number(match[2]) }, text: match[3]!.replace(/ main\.tf:\d+,\d+(-\d+(,\d+)?)?: .*$/, '').trim() };
}

/** An HCL-to-JSON parser with hcl2json's `parse(file, text)` shape. */
export type HclParse = (file: string, text: string) => Promise<unknown>;

/**
 * In Node: hcl2json as published (it reads its WebAssembly with fs). The module name is a variable
 * so bundlers do not follow it; the app's worker passes its own loader (src/worker/hcl-wasm.ts).
 */
const HCL2JSON = '@cdktn/hcl2json';
const nodeHclParse: HclParse = async (file, text) => ((await import(/* @vite-ignore */ HCL2JSON)) as { parse: HclParse }).parse(file, text);

async function parseHcl(text: string, parse: HclParse): Promise<Body> {
  let json: unknown;
  try {
    json = await parse(FILE, text);
  } catch (error) {
    const { position, text: message } = hclErrorPosition(error instanceof Error ? error.message : String(error));
    throw new ImportSyntaxError('terraform', position, message);
  }
  return json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Body) : {};
}

const LB_ID = /^lb-[a-z0-9]{4,32}$/;
const RSP_ID = /^rsp-[a-z0-9]{1,32}$/;
const ACL_ID = /^acl-[a-z0-9]{1,32}$/;
const RULE_ID = /^rule-[a-z0-9]{1,32}$/;
const SERVER_ID = /^i-[a-z0-9]{2,32}$/;
const SPECS = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'] as const;

/** What the import builds, before it becomes the scenario file. */
interface Lb {
  resource: Resource;
  attrs: Obj;
  listeners: { resource: Resource; listener: Obj }[];
  backendServers: Obj[];
  vServerGroups: { VServerGroupId: string; VServerGroupName?: string; BackendServers: Obj[] }[];
  masterSlaveServerGroups: Obj[];
}

export async function importTerraform(text: string, parse: HclParse = nodeHclParse): Promise<{ scenario: ScenarioInput; warnings: ImportWarning[] }> {
  const json = await parseHcl(text, parse);
  const lines = hclLines(text);
  const warnings: ImportWarning[] = [];
  const topLine = (kind: string, ...labels: string[]): number => lines.blocks.find((b) => b.header[0] === kind && labels.every((l, i) => b.header[i + 1] === l))?.line ?? lines.attributes.get(kind) ?? 1;

  // ---- the blocks of the file ----
  const resources: Resource[] = [];
  let defaultRegion: string | undefined;
  const aliasRegion = new Map<string, string>();
  for (const [kind, value] of Object.entries(json)) {
    if (kind === 'resource' && isBody(value)) {
      for (const [type, byName] of Object.entries(value)) {
        if (!isBody(byName)) continue;
        for (const [name, bodies] of Object.entries(byName)) {
          const positions = lines.blocks.filter((b) => b.header[0] === 'resource' && b.header[1] === type && b.header[2] === name);
          bodiesOf(bodies).forEach((body, i) => {
            const r = new Resource(type, name, body, positions[i], warnings);
            if (i > 0) r.warn(undefined, 'defined again (Terraform refuses a second resource of one name); left out');
            else if (!isPinnedResource(type)) r.warn(undefined, `resource type ${type} is not imported (only the SLB resources of the alicloud provider ${ALICLOUD_PROVIDER.version} are)`);
            else resources.push(r);
          });
        }
      }
    } else if (kind === 'provider' && isBody(value)) {
      for (const [name, bodies] of Object.entries(value)) {
        const positions = lines.blocks.filter((b) => b.header[0] === 'provider' && b.header[1] === name);
        bodiesOf(bodies).forEach((body, i) => {
          const line = positions[i]?.line ?? topLine('provider');
          if (name !== 'alicloud') return warnings.push({ line, message: `provider "${name}" is not imported` });
          const region = body['region'];
          const alias = body['alias'];
          for (const key of Object.keys(body)) if (key !== 'region' && key !== 'alias') warnings.push({ line: positions[i]?.attributes.get(key) ?? line, message: `provider "alicloud": ${key} is not simulated; left out` });
          if (typeof region !== 'string' || isExpression(region) || !KNOWN_REGION_IDS.includes(region)) {
            warnings.push({ line: positions[i]?.attributes.get('region') ?? line, message: `provider "alicloud": region ${region === undefined ? '(none)' : describe(region)} is not a region the simulator prices (${KNOWN_REGION_IDS.join(', ')}); the load balancers get the default region` });
            return;
          }
          if (typeof alias === 'string' && !isExpression(alias)) aliasRegion.set(alias, region);
          else defaultRegion ??= region;
        });
      }
    } else if (kind === 'terraform') {
      // required_providers and backends do not change the load balancers.
    } else {
      warnings.push({ line: topLine(kind), message: `${kind} blocks are not imported (the import reads the SLB resources; variables, data sources, modules and functions are not evaluated)` });
    }
  }

  // The file's order (hcl2json groups resources by type and name).
  resources.sort((a, b) => a.line - b.line);
  const ofType = (type: string): Resource[] => resources.filter((r) => r.type === type);
  const ids = new Ids();

  // ---- ECS instances: every server the file names, with the address it gives or one made up ----
  const serverIps = new Map<string, string | undefined>();
  const serverOf = (reader: Reader, key: string): string | undefined => {
    const target = reader.reference(key, ['alicloud_instance', 'alicloud_ecs_instance']);
    return serverFrom(reader, key, target);
  };
  const serverFrom = (reader: Reader, key: string, target: { name: string; type: string } | { id: string } | undefined): string | undefined => {
    if (target === undefined) return undefined;
    const id = 'id' in target ? target.id : `i-${target.name.toLowerCase().replace(/[^a-z0-9]/g, '').padEnd(2, '0').slice(0, 32)}`;
    if (!SERVER_ID.test(id)) {
      reader.warn(key, `"${id}" is not an ECS instance id (i- and 2–32 lower-case letters or digits); left out`);
      return undefined;
    }
    if (!serverIps.has(id)) serverIps.set(id, undefined);
    return id;
  };

  // ---- certificates and ACLs (the region's) ----
  const certificates = new Map<string, { ServerCertificateId: string; ServerCertificateName?: string }>();
  for (const r of ofType('alicloud_slb_server_certificate')) {
    const read = new ResourceReader(r);
    const name = read.string('name') ?? read.string('alicloud_certifacte_name');
    certificates.set(r.name, { ServerCertificateId: r.name, ...(name ? { ServerCertificateName: name.slice(0, 80) } : {}) });
    // A scenario never holds PEMs or keys: reading them is all there is to do.
    read.resource.raw('server_certificate');
    read.resource.raw('private_key');
  }
  const caCertificates = new Map<string, { CACertificateId: string; CACertificateName?: string }>();
  for (const r of ofType('alicloud_slb_ca_certificate')) {
    const read = new ResourceReader(r);
    const name = read.string('ca_certificate_name') ?? read.string('name');
    caCertificates.set(r.name, { CACertificateId: r.name, ...(name ? { CACertificateName: name.slice(0, 80) } : {}) });
    read.resource.raw('ca_certificate');
  }
  const acls = new Map<string, { AclId: string; AclName: string; AclEntrys: { AclEntryIP: string; AclEntryComment?: string }[] }>();
  const addEntry = (reader: Reader, acl: { AclEntrys: { AclEntryIP: string; AclEntryComment?: string }[] }): void => {
    const entry = reader.string('entry');
    const comment = reader.string('comment');
    if (entry === undefined) return reader.has('entry') ? undefined : reader.warn('entry', 'missing; the entry is left out');
    const cidr = /^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/.test(entry) && isIpv4(entry.split('/')[0]!) && Number(entry.split('/')[1] ?? 32) <= 32;
    if (!cidr) return reader.warn('entry', `"${entry}" is not an IPv4 address or CIDR block (only IPv4 ACLs are simulated); left out`);
    if (acl.AclEntrys.some((e) => e.AclEntryIP === entry)) return reader.warn('entry', `${entry} is in this ACL already; left out`);
    if (acl.AclEntrys.length >= 300) return reader.warn('entry', 'an ACL holds at most 300 entries; left out');
    acl.AclEntrys.push({ AclEntryIP: entry, ...(comment ? { AclEntryComment: comment.slice(0, 256) } : {}) });
  };
  for (const r of ofType('alicloud_slb_acl')) {
    const read = new ResourceReader(r);
    const id = ids.make('acl-', r.name, ACL_ID);
    let name = read.string('name');
    if (name !== undefined && !/^[\p{Script=Han}A-Za-z0-9._/-]{1,80}$/u.test(name)) {
      read.warn('name', `"${name}" is not an ACL name the API takes (1–80 letters, digits, ".", "-", "/", "_"); named ${id}`);
      name = undefined;
    }
    if ([...acls.values()].some((a) => a.AclName === (name ?? id))) {
      read.warn('name', `another ACL is named "${name ?? id}"; named ${id}`);
      name = id;
    }
    read.oneOf('ip_version', ['ipv4']);
    const acl = { AclId: id, AclName: name ?? id, AclEntrys: [] };
    acls.set(r.name, acl);
    for (const block of r.blocks('entry_list')) {
      addEntry(block, acl);
      finish(block);
    }
  }
  for (const r of ofType('alicloud_slb_acl_entry_attachment')) {
    const read = new ResourceReader(r);
    const target = read.reference('acl_id', ['alicloud_slb_acl']);
    const acl = target === undefined ? undefined : 'name' in target ? acls.get(target.name) : [...acls.values()].find((a) => a.AclId === target.id);
    if (acl === undefined) {
      if (target !== undefined) read.warn('acl_id', 'names no ACL of this file; the entry is left out');
      else if (!read.has('acl_id')) r.warn(undefined, 'has no acl_id; left out');
      read.string('entry');
      read.string('comment');
      continue;
    }
    addEntry(read, acl);
  }

  // ---- load balancers ----
  const lbs = new Map<string, Lb>();
  const addresses = new Set<string>();
  for (const r of ofType('alicloud_slb_load_balancer')) {
    const read = new ResourceReader(r);
    const attrs: Obj = { LoadBalancerId: ids.make('lb-', r.name, LB_ID, 4) };
    const name = read.string('load_balancer_name') ?? read.string('name');
    if (name !== undefined) attrs['LoadBalancerName'] = name === '' ? undefined : name.slice(0, 80);
    const type = read.oneOf('address_type', ['internet', 'intranet'] as const);
    if (type) attrs['AddressType'] = type;
    const address = read.string('address');
    if (address !== undefined) {
      if (!isIpv4(address)) read.warn('address', `"${address}" is not an IPv4 address; one is made up`);
      else if (addresses.has(address)) read.warn('address', `${address} is another load balancer's address; one is made up`);
      else {
        attrs['Address'] = address;
        addresses.add(address);
      }
    }
    const spec = read.oneOf('load_balancer_spec', SPECS) ?? read.oneOf('specification', SPECS);
    if (spec) attrs['LoadBalancerSpec'] = spec;
    const charge = read.oneOf('internet_charge_type', ['paybytraffic', 'paybybandwidth'] as const, (s) => s.toLowerCase());
    if (charge) attrs['InternetChargeType'] = charge;
    const bandwidth = read.int('bandwidth', 1, 5120);
    if (bandwidth !== undefined) attrs['Bandwidth'] = bandwidth;
    for (const [key, field] of [['master_zone_id', 'MasterZoneId'], ['slave_zone_id', 'SlaveZoneId']] as const) {
      const zone = read.string(key);
      if (zone) attrs[field] = zone;
    }
    const status = read.oneOf('status', ['active', 'inactive'] as const);
    if (status) attrs['LoadBalancerStatus'] = status;
    const protection = read.onOff('delete_protection');
    if (protection) attrs['DeleteProtection'] = protection;
    const modification = read.oneOf('modification_protection_status', ['NonProtection', 'ConsoleProtection'] as const);
    if (modification) attrs['ModificationProtectionStatus'] = modification;
    const reason = read.string('modification_protection_reason');
    if (reason) attrs['ModificationProtectionReason'] = reason.slice(0, 80);
    lbs.set(r.name, { resource: r, attrs, listeners: [], backendServers: [], vServerGroups: [], masterSlaveServerGroups: [] });
  }
  // The provider meta-argument picks the region: `provider = alicloud.ALIAS`.
  for (const lb of lbs.values()) {
    const raw = lb.resource.body['provider'];
    lb.resource.used.add('provider');
    let region = defaultRegion;
    if (raw !== undefined) {
      const alias = typeof raw === 'string' ? /^\$\{alicloud\.([A-Za-z_][A-Za-z0-9_-]*)\}$/.exec(raw)?.[1] : undefined;
      region = alias === undefined ? undefined : aliasRegion.get(alias);
      if (region === undefined) lb.resource.warn('provider', `${describe(raw as Json)} is not an alicloud provider alias of this file with a known region; the default region is used`);
    }
    if (region !== undefined) lb.attrs['RegionId'] = region;
  }
  // Internet addresses are allocated by Alibaba Cloud: give each a distinct one.
  let next = 10;
  for (const lb of lbs.values()) {
    if (lb.attrs['Address'] !== undefined) continue;
    let address: string;
    do address = `47.100.${10 + Math.floor(next / 250)}.${(next % 250) + 1}`;
    while (addresses.has(address) && next++ < 1e6);
    next++;
    addresses.add(address);
    lb.attrs['Address'] = address;
  }
  const lbOf = (read: Reader, key = 'load_balancer_id'): Lb | undefined => {
    const target = read.reference(key, ['alicloud_slb_load_balancer']);
    if (target === undefined) {
      if (!read.has(key)) read.resource.warn(undefined, `has no ${key}; left out`);
      return undefined;
    }
    const lb = 'name' in target ? lbs.get(target.name) : [...lbs.values()].find((l) => l.attrs['LoadBalancerId'] === target.id);
    if (lb === undefined) read.warn(key, 'names no load balancer of this file; the resource is left out');
    return lb;
  };

  // ---- server groups ----
  for (const r of ofType('alicloud_slb_backend_server')) {
    const read = new ResourceReader(r);
    const lb = lbOf(read);
    for (const block of r.blocks('backend_servers')) {
      const server = serverOf(block, 'server_id');
      const weight = block.int('weight', 0, 100);
      const type = block.oneOf('type', ['ecs', 'eni'] as const);
      const ip = block.string('server_ip');
      finish(block);
      if (server === undefined || lb === undefined) continue;
      if (ip !== undefined && isIpv4(ip) && serverIps.get(server) === undefined) serverIps.set(server, ip);
      if (lb.backendServers.some((b) => b['ServerId'] === server)) {
        block.warn('server_id', `${server} is attached to this load balancer already; left out`);
        continue;
      }
      lb.backendServers.push({ ServerId: server, ...(weight === undefined ? {} : { Weight: weight }), ...(type && type !== 'ecs' ? { Type: type } : {}) });
    }
  }
  const groups = new Map<string, { lb: Lb; group: Lb['vServerGroups'][number] }>();
  const addGroupServer = (reader: Reader, group: Lb['vServerGroups'][number], server: string | undefined, port: number | undefined, weight: number | undefined): void => {
    if (server === undefined) return;
    if (port === undefined) return reader.warn('port', reader.has('port') ? 'no usable port; the server is left out' : 'missing (the provider requires it); the server is left out');
    if (group.BackendServers.some((s) => s['ServerId'] === server && s['Port'] === port)) return reader.warn('port', `${server}:${port} is in this group already; left out`);
    group.BackendServers.push({ ServerId: server, Port: port, ...(weight === undefined ? {} : { Weight: weight }) });
  };
  for (const r of ofType('alicloud_slb_server_group')) {
    const read = new ResourceReader(r);
    const lb = lbOf(read);
    const name = read.string('name');
    const group = { VServerGroupId: ids.make('rsp-', r.name, RSP_ID), ...(name ? { VServerGroupName: name.slice(0, 80) } : {}), BackendServers: [] };
    for (const block of r.blocks('servers')) {
      const list = block.list('server_ids') ?? [];
      const port = block.int('port', 1, 65535);
      const weight = block.int('weight', 0, 100);
      block.oneOf('type', ['ecs']);
      finish(block);
      for (const item of list) addGroupServer(block, group, serverFrom(block, 'server_ids', block.referenceOf('server_ids', item, ['alicloud_instance', 'alicloud_ecs_instance'])), port, weight);
    }
    if (lb === undefined) continue;
    lb.vServerGroups.push(group);
    groups.set(r.name, { lb, group });
  }
  for (const r of ofType('alicloud_slb_server_group_server_attachment')) {
    const read = new ResourceReader(r);
    const target = read.reference('server_group_id', ['alicloud_slb_server_group']);
    const found = target === undefined ? undefined : 'name' in target ? groups.get(target.name) : [...groups.values()].find((g) => g.group.VServerGroupId === target.id);
    const server = serverOf(read, 'server_id');
    const port = read.int('port', 1, 65535);
    const weight = read.int('weight', 0, 100);
    read.oneOf('type', ['ecs']);
    if (found === undefined) {
      if (target !== undefined) read.warn('server_group_id', 'names no server group of this file; left out');
      else if (!read.has('server_group_id')) r.warn(undefined, 'has no server_group_id; left out');
      continue;
    }
    addGroupServer(read, found.group, server, port, weight);
  }
  const msGroups = new Map<string, { lb: Lb; id: string }>();
  for (const r of ofType('alicloud_slb_master_slave_server_group')) {
    const read = new ResourceReader(r);
    const lb = lbOf(read);
    const id = ids.make('rsp-', r.name, RSP_ID);
    const name = read.string('name');
    const servers: Obj[] = [];
    for (const block of r.blocks('servers')) {
      const server = serverOf(block, 'server_id');
      const port = block.int('port', 1, 65535);
      const weight = block.int('weight', 0, 100);
      const type = block.oneOf('server_type', ['Master', 'Slave'] as const);
      block.oneOf('type', ['ecs']);
      finish(block);
      if (server === undefined || port === undefined) continue;
      servers.push({ ServerId: server, Port: port, ...(weight === undefined ? {} : { Weight: weight }), ...(type ? { ServerType: type } : {}) });
    }
    if (lb === undefined) continue;
    if (servers.length > 10) r.warn('servers', `${servers.length} servers; the simulator keeps the first 10`);
    lb.masterSlaveServerGroups.push({ MasterSlaveServerGroupId: id, ...(name && name !== id ? { MasterSlaveServerGroupName: name.slice(0, 80) } : {}), MasterSlaveBackendServers: servers.slice(0, 10) });
    msGroups.set(r.name, { lb, id });
  }

  // ---- listeners ----
  const listenerAt = new Map<string, { lb: Lb; listener: Obj; resource: Resource }>();
  for (const r of ofType('alicloud_slb_listener')) {
    const read = new ResourceReader(r);
    const lb = lbOf(read);
    const protocol = read.oneOf('protocol', ['tcp', 'udp', 'http', 'https'] as const);
    const port = read.int('frontend_port', 1, 65535);
    const { l, set, l7 } = listenerSettings(read, r, protocol, finish);
    // References to the file's other resources.
    const certKey = read.has('server_certificate_id') ? 'server_certificate_id' : 'ssl_certificate_id';
    const cert = read.reference(certKey, ['alicloud_slb_server_certificate']);
    if (cert !== undefined) {
      const id = 'name' in cert ? (certificates.get(cert.name)?.ServerCertificateId ?? referToMissing(read, certKey)) : cert.id;
      if (id !== undefined && !('name' in cert) && ![...certificates.values()].some((c) => c.ServerCertificateId === id)) certificates.set(`\0${id}`, { ServerCertificateId: id });
      set('ServerCertificateId', id, certKey, protocol === 'https', 'HTTPS listeners');
    }
    const ca = read.reference('ca_certificate_id', ['alicloud_slb_ca_certificate']);
    if (ca !== undefined) {
      const id = 'name' in ca ? (caCertificates.get(ca.name)?.CACertificateId ?? referToMissing(read, 'ca_certificate_id')) : ca.id;
      if (id !== undefined && !('name' in ca) && ![...caCertificates.values()].some((c) => c.CACertificateId === id)) caCertificates.set(`\0${id}`, { CACertificateId: id });
      set('CACertificateId', id, 'ca_certificate_id', protocol === 'https', 'HTTPS listeners');
    }
    const aclStatus = read.onOff('acl_status');
    const aclType = read.oneOf('acl_type', ['white', 'black'] as const);
    const aclList = read.has('acl_ids') ? (read.list('acl_ids') ?? []) : read.has('acl_id') ? [read.resource.raw('acl_id')!] : [];
    const aclKey = read.has('acl_ids') ? 'acl_ids' : 'acl_id';
    if (aclList.length > 1) read.warn(aclKey, `${aclList.length} ACLs; the simulator applies one per listener: the first is kept`);
    const aclTarget = aclList.length > 0 ? read.referenceOf(aclKey, aclList[0]!, ['alicloud_slb_acl']) : undefined;
    const aclId = aclTarget === undefined ? undefined : 'name' in aclTarget ? (acls.get(aclTarget.name)?.AclId ?? referToMissing(read, aclKey)) : [...acls.values()].find((a) => a.AclId === aclTarget.id)?.AclId ?? referToMissing(read, aclKey);
    if (aclStatus === 'on' && (aclType === undefined || aclId === undefined)) read.warn('acl_status', 'on without an ACL type and an ACL of this file; access control is left off');
    else {
      set('AclStatus', aclStatus, 'acl_status');
      set('AclType', aclType, 'acl_type');
      set('AclId', aclId, aclKey);
    }
    const group = read.reference('server_group_id', ['alicloud_slb_server_group']);
    if (group !== undefined) {
      const found = 'name' in group ? groups.get(group.name) : [...groups.values()].find((g) => g.group.VServerGroupId === group.id);
      if (found === undefined || found.lb !== lb) read.warn('server_group_id', 'names no server group of this listener\'s load balancer; left out');
      else set('VServerGroupId', found.group.VServerGroupId, 'server_group_id', l7, 'HTTP/HTTPS listeners in the simulator');
    }
    const ms = read.reference('master_slave_server_group_id', ['alicloud_slb_master_slave_server_group']);
    if (ms !== undefined) {
      const found = 'name' in ms ? msGroups.get(ms.name) : [...msGroups.values()].find((g) => g.id === ms.id);
      if (found === undefined || found.lb !== lb) read.warn('master_slave_server_group_id', 'names no master-slave group of this listener\'s load balancer; left out');
      else set('MasterSlaveServerGroupId', found.id, 'master_slave_server_group_id', !l7, 'TCP/UDP listeners');
    }
    if (lb === undefined) continue;
    if (protocol === undefined || port === undefined) {
      r.warn(undefined, `needs a protocol (tcp, udp, http, https) and a frontend_port; left out`);
      continue;
    }
    if (lb.listeners.some((x) => x.listener['ListenerPort'] === port)) {
      read.warn('frontend_port', `the load balancer has a listener on port ${port} already; left out`);
      continue;
    }
    if (protocol === 'https' && l['ServerCertificateId'] === undefined) {
      read.warn('protocol', 'an HTTPS listener needs a server certificate of this file; left out');
      continue;
    }
    if (lb.listeners.length >= 50) {
      r.warn(undefined, 'a load balancer has at most 50 listeners; left out');
      continue;
    }
    const listener = settle({ ListenerProtocol: protocol, ListenerPort: port, ...l }, read);
    lb.listeners.push({ resource: r, listener });
    listenerAt.set(`${lb.resource.name} ${port}`, { lb, listener, resource: r });
  }

  // ---- forwarding rules ----
  for (const r of ofType('alicloud_slb_rule')) {
    const read = new ResourceReader(r);
    const lb = lbOf(read);
    const port = read.int('frontend_port', 1, 65535);
    const name = read.string('name');
    const domain = read.string('domain');
    const url = read.string('url');
    const target = read.reference('server_group_id', ['alicloud_slb_server_group']);
    read.oneOf('listener_sync', ['on']);
    const found = target === undefined ? undefined : 'name' in target ? groups.get(target.name) : [...groups.values()].find((g) => g.group.VServerGroupId === target.id);
    const at = lb === undefined || port === undefined ? undefined : listenerAt.get(`${lb.resource.name} ${port}`);
    if (lb === undefined) continue;
    if (at === undefined || (at.listener['ListenerProtocol'] !== 'http' && at.listener['ListenerProtocol'] !== 'https')) {
      read.warn('frontend_port', `no HTTP/HTTPS listener of this load balancer on port ${port ?? '(none)'}; the rule is left out`);
      continue;
    }
    if (found === undefined || found.lb !== lb) {
      read.warn('server_group_id', 'names no server group of this load balancer; the rule is left out');
      continue;
    }
    const rules = (at.listener['Rules'] as Obj[] | undefined) ?? [];
    const ruleId = ids.make('rule-', r.name, RULE_ID);
    const rule: Obj = { RuleId: ruleId, ...(name && name !== ruleId ? { RuleName: name.slice(0, 40) } : {}), VServerGroupId: found.group.VServerGroupId };
    if (domain) {
      if (/^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(domain) && domain.length <= 80) rule['Domain'] = domain;
      else read.warn('domain', `"${domain}" is not a domain name such as www.example.com or *.example.com; left out`);
    }
    if (url) {
      if (/^\/[A-Za-z0-9\-/.%?#&=_~:@!$'()*+,;]*$/.test(url) && url !== '/' && url.length <= 80) rule['Url'] = url;
      else read.warn('url', `"${url}" is not a path (starting with "/", not only "/") SLB takes; left out`);
    }
    if (rule['Domain'] === undefined && rule['Url'] === undefined) {
      r.warn(undefined, 'has neither a usable domain nor url; left out');
      continue;
    }
    const key = `${String(rule['Domain'] ?? '').toLowerCase()} ${String(rule['Url'] ?? '')}`;
    if (rules.some((x) => `${String(x['Domain'] ?? '').toLowerCase()} ${String(x['Url'] ?? '')}` === key)) {
      r.warn(undefined, 'another rule of this listener forwards the same domain and url; left out');
      continue;
    }
    if (rules.length >= 40) {
      r.warn(undefined, 'a listener has at most 40 rules; left out');
      continue;
    }
    at.listener['Rules'] = [...rules, rule];
  }

  // ---- what was not read ----
  for (const r of resources) finishResource(r);

  // ---- the scenario file ----
  const usedIps = new Set([...serverIps.values()].filter((ip): ip is string => ip !== undefined));
  let n = 0;
  const ecsInstances = [...serverIps].map(([ServerId, ip]) => {
    let PrivateIp = ip;
    while (PrivateIp === undefined || (ip === undefined && usedIps.has(PrivateIp))) {
      n++;
      PrivateIp = `192.168.${Math.floor(n / 250)}.${(n % 250) + 1}`;
      if (!usedIps.has(PrivateIp)) break;
    }
    usedIps.add(PrivateIp);
    return { ServerId, PrivateIp };
  });
  const loadBalancers = [...lbs.values()].slice(0, 60).map((lb) => ({
    ...lb.attrs,
    listeners: lb.listeners.map((x) => x.listener),
    backendServers: lb.backendServers.slice(0, 200),
    vServerGroups: lb.vServerGroups.slice(0, 200),
    masterSlaveServerGroups: lb.masterSlaveServerGroups,
  }));
  if (lbs.size > 60) warnings.push({ line: [...lbs.values()][60]!.resource.line, message: 'a region has at most 60 load balancers in the simulator; the rest are left out' });
  const listeners = [...lbs.values()].slice(0, 60).flatMap((lb) => lb.listeners.map((x) => ({ LoadBalancerId: lb.attrs['LoadBalancerId'] as string, ListenerPort: x.listener['ListenerPort'] as number })));
  const scenario = {
    name: 'terraform import',
    description: `Imported from Terraform (alicloud provider): ${listeners.length} listener(s). ECS instances get made-up private addresses (Terraform names them by id); clients are a default population per listener.`,
    ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
    ecsInstances,
    serverCertificates: [...certificates.values()],
    caCertificates: [...caCertificates.values()],
    acls: [...acls.values()],
    clients: listeners.map((l) => ({ id: `clients-${l.LoadBalancerId}-${l.ListenerPort}`.slice(0, 40), LoadBalancerId: l.LoadBalancerId, ListenerPort: l.ListenerPort })),
  } as ScenarioInput;
  return { scenario, warnings };

  function referToMissing(read: Reader, key: string): undefined {
    read.warn(key, 'names no resource of this file; left out');
    return undefined;
  }

  function finish(block: Block): void {
    for (const key of Object.keys(block.body)) if (!block.used.has(key)) unread(block.resource, `${block.blockName}.${key}`, block.lineOf(key));
  }

  function finishResource(r: Resource): void {
    for (const key of Object.keys(r.body)) if (!r.used.has(key)) unread(r, key, r.lineOf(key));
  }

  function unread(r: Resource, key: string, line: number): void {
    if (key === 'depends_on') return; // ordering only; the scenario has no order to keep
    const why = ['count', 'for_each', 'lifecycle', 'provider'].includes(key)
      ? 'a Terraform meta-argument the import does not evaluate'
      : !isPinnedArgument(r.type, key)
        ? `not an argument of ${r.type} in the alicloud provider ${ALICLOUD_PROVIDER.version}`
        : isDeprecatedArgument(r.type, key)
          ? 'deprecated in the provider and not simulated'
          : 'not simulated';
    warnings.push({ line, message: `${r.label}.${key}: ${why}; left out` });
  }
}
