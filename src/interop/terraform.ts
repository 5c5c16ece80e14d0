import type { Scenario } from '../scenario/schema';
import type { ExportedFile, ExportOptions } from './index';
import { certificatePaths } from './nginx-export';
import { PLACEHOLDER_CERTIFICATE, PLACEHOLDER_KEY } from './placeholder-cert';
import { ALICLOUD_PROVIDER } from './terraform-provider';

/**
 * The load balancers as Terraform for the alicloud provider, pinned to one provider version
 * (terraform-provider.ts): load balancers, listeners, the default server group's attachments,
 * VServer and master-slave groups, forwarding rules, ACLs with their entries and certificates.
 * Resources refer to each other by reference (`alicloud_slb_load_balancer.X.id`); ECS instances
 * are referred to by their scenario ids. Only non-deprecated arguments of the pinned list are
 * written (terraform.test.ts parses every export with a real HCL parser and checks it). Names are
 * the scenario's ids where Terraform allows them, so the import gives the same ids back.
 * What the provider cannot say is a comment.
 */

type Listener = Scenario['listeners'][number];
type Value = string | number | boolean | Ref | Value[];
type Arg = [string, Value | undefined];

/** An HCL expression written as is (a reference or a function call), not as a string. */
class Ref {
  constructor(readonly expression: string) {}
}

/** A Terraform name (letters, digits, `_`, `-`; not starting with a digit or `-`). */
export const TERRAFORM_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** HCL string: JSON's escapes are HCL's, plus `${` and `%{`, which would start a template. */
export function hclString(text: string): string {
  return JSON.stringify(text).replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

function hclValue(v: Value): string {
  if (v instanceof Ref) return v.expression;
  if (Array.isArray(v)) return `[${v.map(hclValue).join(', ')}]`;
  return typeof v === 'string' ? hclString(v) : String(v);
}

function body(args: Arg[], indent: string): string[] {
  const present = args.filter((a): a is [string, Value] => a[1] !== undefined);
  const width = Math.max(0, ...present.map(([k]) => k.length));
  return present.map(([k, v]) => `${indent}${k.padEnd(width)} = ${hclValue(v)}`);
}

function resource(type: string, name: string, args: Arg[], nested: { block: string; args: Arg[] }[] = [], comments: string[] = []): string {
  return [
    ...comments.map((c) => `# ${c}`),
    `resource "${type}" "${name}" {`,
    ...body(args, '  '),
    ...nested.flatMap((n) => [`  ${n.block} {`, ...body(n.args, '    '), '  }']),
    '}',
    '',
  ].join('\n');
}

/** Unique Terraform names per resource type: the id itself when Terraform allows it. */
class Names {
  private readonly used = new Map<string, Set<string>>();
  name(type: string, wanted: string): string {
    const used = this.used.get(type) ?? new Set<string>();
    this.used.set(type, used);
    let base = TERRAFORM_NAME.test(wanted) ? wanted : `r_${wanted.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    if (used.has(base)) base = `${base}_`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}${i}`;
    used.add(name);
    return name;
  }
}

const onOff = (v: 'on' | 'off' | undefined): boolean | undefined => (v === undefined ? undefined : v === 'on');
const ref = (type: string, name: string): Ref => new Ref(`${type}.${name}.id`);

function listenerArgs(l: Listener, refs: { lb: Ref; group: (id: string | undefined) => Ref | string | undefined; ms: (id: string | undefined) => Ref | string | undefined; acl: (id: string | undefined) => Ref | string | undefined; cert: (id: string | undefined) => Ref | string | undefined; ca: (id: string | undefined) => Ref | string | undefined }): { args: Arg[]; nested: { block: string; args: Arg[] }[]; comments: string[] } {
  const l7 = l.ListenerProtocol === 'http' || l.ListenerProtocol === 'https';
  const tcp = l.ListenerProtocol === 'tcp';
  const comments: string[] = [];
  // The provider takes -1 or 1–1000 Mbit/s per listener; the scenario up to 5120.
  const bandwidth = l.Bandwidth === -1 || l.Bandwidth <= 1000 ? l.Bandwidth : undefined;
  if (bandwidth === undefined) comments.push(`Bandwidth ${l.Bandwidth}: the provider takes -1 or 1–1000 per listener; left out`);
  // The provider refuses "$_ip" (its empty default already probes the backend's address).
  const domain = l.HealthCheckDomain === '$_ip' ? undefined : l.HealthCheckDomain;
  if (l.HealthCheckDomain === '$_ip') comments.push('HealthCheckDomain $_ip: the provider refuses it; its default (none) probes the backend address');
  if (l.Status === 'stopped') comments.push('Status stopped: the provider has no argument for a stopped listener; it starts');
  if (l.ConnectionDrain === 'on') comments.push(`ConnectionDrain on (${l.ConnectionDrainTimeout} s): not an argument of alicloud_slb_listener`);
  if (l.ForwardCode !== undefined && l.ForwardCode !== 301) comments.push(`ForwardCode ${l.ForwardCode}: not an argument of alicloud_slb_listener (SLB's default is 301)`);
  if ((l.DomainExtensions ?? []).length > 0) comments.push('DomainExtensions: not exported (alicloud_slb_domain_extension is not in the pinned list)');
  const xff = l7 ? { block: 'x_forwarded_for', args: [['retrive_slb_ip', onOff(l.XForwardedFor_SLBIP)], ['retrive_slb_id', onOff(l.XForwardedFor_SLBID)], ['retrive_slb_proto', onOff(l.XForwardedFor_proto)]] as Arg[] } : undefined;
  const args: Arg[] = [
    ['load_balancer_id', refs.lb],
    ['frontend_port', l.ListenerPort],
    ['backend_port', l.BackendServerPort],
    ['protocol', l.ListenerProtocol],
    ['bandwidth', bandwidth],
    ['scheduler', l.Scheduler],
    ['server_group_id', refs.group(l.VServerGroupId)],
    ['master_slave_server_group_id', refs.ms(l.MasterSlaveServerGroupId)],
    ['persistence_timeout', l7 ? undefined : l.PersistenceTimeout],
    ['established_timeout', tcp ? l.EstablishedTimeout : undefined],
    ['health_check', l.HealthCheck],
    ['health_check_type', tcp ? l.HealthCheckType : undefined],
    ['health_check_method', l.HealthCheckMethod],
    ['health_check_uri', l.HealthCheckURI],
    ['health_check_domain', domain],
    ['health_check_http_code', l.HealthCheckHttpCode],
    ['health_check_connect_port', l.HealthCheckConnectPort],
    ['health_check_timeout', l7 ? l.HealthCheckTimeout : l.HealthCheckConnectTimeout],
    ['health_check_interval', l.HealthCheckInterval],
    ['healthy_threshold', l.HealthyThreshold],
    ['unhealthy_threshold', l.UnhealthyThreshold],
    ['sticky_session', l.StickySession],
    ['sticky_session_type', l.StickySessionType],
    ['cookie_timeout', l.CookieTimeout],
    ['cookie', l.Cookie],
    ['idle_timeout', l.IdleTimeout],
    ['request_timeout', l.RequestTimeout],
    ['gzip', onOff(l.Gzip)],
    ['listener_forward', l.ListenerForward],
    ['forward_port', l.ListenerForward === 'on' ? l.ForwardPort : undefined],
    ['server_certificate_id', refs.cert(l.ServerCertificateId)],
    ['ca_certificate_id', refs.ca(l.CACertificateId)],
    ['tls_cipher_policy', l.TLSCipherPolicy],
    ['enable_http2', l.EnableHttp2],
    ['acl_status', l.AclStatus],
    ['acl_type', l.AclType],
    ['acl_ids', l.AclId === undefined ? undefined : [refs.acl(l.AclId)!]],
  ];
  return { args, nested: xff ? [xff] : [], comments };
}

export function exportTerraform(scenario: Scenario, options: ExportOptions = { includeSecrets: false }): ExportedFile[] {
  const names = new Names();
  const out: string[] = [
    `# Terraform for the alicloud provider ${ALICLOUD_PROVIDER.version}, exported by SLB Simulator. ECS instances are referred to by their`,
    '# scenario ids; the certificates are placeholders written beside this file (certs/): replace them.',
    '',
    'terraform {',
    '  required_providers {',
    '    alicloud = {',
    `      source  = ${hclString(ALICLOUD_PROVIDER.source)}`,
    `      version = ${hclString(ALICLOUD_PROVIDER.version)}`,
    '    }',
    '  }',
    '}',
    '',
  ];
  // One provider per region; the first is the default one, the others are aliases the load balancers name.
  const regions = [...new Set(scenario.loadBalancers.map((lb) => lb.RegionId))];
  const providerOf = new Map<string, Ref | undefined>();
  regions.forEach((region, i) => {
    const alias = region.replace(/[^A-Za-z0-9_]/g, '_');
    providerOf.set(region, i === 0 ? undefined : new Ref(`alicloud.${alias}`));
    out.push('provider "alicloud" {', ...(i === 0 ? [] : [`  alias  = ${hclString(alias)}`]), `  region = ${hclString(region)}`, '}', '');
  });

  const refOf = (type: string, map: Map<string, string>) => (id: string | undefined): Ref | string | undefined => (id === undefined ? undefined : map.has(id) ? ref(type, map.get(id)!) : id);

  const certName = new Map<string, string>();
  const files: ExportedFile[] = [];
  const usedCerts = new Set(scenario.listeners.flatMap((l) => [l.ServerCertificateId, ...(l.DomainExtensions ?? []).map((d) => d.ServerCertificateId)]).filter((x): x is string => x !== undefined));
  for (const cert of scenario.serverCertificates) {
    const name = names.name('alicloud_slb_server_certificate', cert.ServerCertificateId);
    certName.set(cert.ServerCertificateId, name);
    const paths = certificatePaths(cert.ServerCertificateId);
    out.push(
      resource(
        'alicloud_slb_server_certificate',
        name,
        [
          ['name', cert.ServerCertificateName || undefined],
          ['server_certificate', new Ref(`file("\${path.module}/${paths.crt}")`)],
          ['private_key', new Ref(`file("\${path.module}/${paths.key}")`)],
        ],
        [],
        [`${cert.ServerCertificateId}: placeholder PEM and key beside this file (a scenario never holds them)${usedCerts.has(cert.ServerCertificateId) ? '' : '; no listener uses it'}`],
      ),
    );
    // Scenarios never hold PEMs or private keys (l7-schema.ts): even --include-secrets has none to write.
    const note = `# ${cert.ServerCertificateId}: placeholder${options.includeSecrets ? ' (the scenario holds no PEM or key to include)' : ''}; replace with the real certificate\n`;
    files.push({ path: paths.crt, content: note + PLACEHOLDER_CERTIFICATE }, { path: paths.key, content: PLACEHOLDER_KEY });
  }
  const caName = new Map<string, string>();
  for (const ca of scenario.caCertificates) {
    const name = names.name('alicloud_slb_ca_certificate', ca.CACertificateId);
    caName.set(ca.CACertificateId, name);
    const path = `certs/${certificatePaths(ca.CACertificateId).crt.slice('certs/'.length).replace(/\.crt$/, '.ca.crt')}`;
    out.push(
      resource('alicloud_slb_ca_certificate', name, [
        ['ca_certificate_name', ca.CACertificateName || undefined],
        ['ca_certificate', new Ref(`file("\${path.module}/${path}")`)],
      ], [], [`${ca.CACertificateId}: placeholder CA certificate beside this file`]),
    );
    files.push({ path, content: `# ${ca.CACertificateId}: placeholder; replace with the real CA certificate\n` + PLACEHOLDER_CERTIFICATE });
  }
  const aclName = new Map<string, string>();
  for (const acl of scenario.acls) {
    const name = names.name('alicloud_slb_acl', acl.AclId);
    aclName.set(acl.AclId, name);
    out.push(resource('alicloud_slb_acl', name, [['name', acl.AclName], ['ip_version', acl.AddressIPVersion]]));
    acl.AclEntrys.forEach((entry, i) => {
      out.push(resource('alicloud_slb_acl_entry_attachment', names.name('alicloud_slb_acl_entry_attachment', `${name}_${i}`), [['acl_id', ref('alicloud_slb_acl', name)], ['entry', entry.AclEntryIP], ['comment', entry.AclEntryComment || undefined]]));
    });
  }

  for (const lb of scenario.loadBalancers) {
    const lbName = names.name('alicloud_slb_load_balancer', lb.LoadBalancerId);
    const lbRef = ref('alicloud_slb_load_balancer', lbName);
    const provider = providerOf.get(lb.RegionId);
    const meta: Arg[] = [['provider', provider]];
    out.push(
      resource('alicloud_slb_load_balancer', lbName, [
        ...meta,
        ['load_balancer_name', lb.LoadBalancerName],
        ['address_type', lb.AddressType],
        ['address', lb.AddressType === 'intranet' ? lb.Address : undefined],
        ['load_balancer_spec', lb.LoadBalancerSpec],
        ['internet_charge_type', lb.AddressType === 'intranet' ? undefined : lb.InternetChargeType === 'paybytraffic' ? 'PayByTraffic' : 'PayByBandwidth'],
        ['bandwidth', lb.AddressType === 'internet' && lb.InternetChargeType === 'paybybandwidth' ? lb.Bandwidth : undefined],
        ['master_zone_id', lb.MasterZoneId],
        ['slave_zone_id', lb.SlaveZoneId],
        ['status', lb.LoadBalancerStatus],
        ['delete_protection', lb.DeleteProtection],
        ['modification_protection_status', lb.ModificationProtectionStatus],
        ['modification_protection_reason', lb.ModificationProtectionReason],
      ], [], lb.AddressType === 'internet' ? [`${lb.LoadBalancerId}: the internet address (${lb.Address} in the scenario) is allocated by Alibaba Cloud`] : []),
    );
    const attached = scenario.backendServers.filter((b) => b.LoadBalancerId === lb.LoadBalancerId);
    if (attached.length > 0) {
      out.push(
        resource(
          'alicloud_slb_backend_server',
          names.name('alicloud_slb_backend_server', lbName),
          [...meta, ['load_balancer_id', lbRef]],
          attached.map((b) => ({ block: 'backend_servers', args: [['server_id', b.ServerId], ['weight', b.Weight], ['type', b.Type === 'ecs' ? undefined : b.Type]] as Arg[] })),
          attached.some((b) => b.Description !== undefined) ? ['the attachments\' Description is not an argument of backend_servers'] : [],
        ),
      );
    }
    const groupName = new Map<string, string>();
    for (const group of scenario.vServerGroups.filter((g) => g.LoadBalancerId === lb.LoadBalancerId)) {
      const name = names.name('alicloud_slb_server_group', group.VServerGroupId);
      groupName.set(group.VServerGroupId, name);
      out.push(resource('alicloud_slb_server_group', name, [...meta, ['load_balancer_id', lbRef], ['name', group.VServerGroupName || undefined]]));
      group.BackendServers.forEach((s, i) => {
        out.push(
          resource('alicloud_slb_server_group_server_attachment', names.name('alicloud_slb_server_group_server_attachment', `${name}_${i}`), [
            ...meta,
            ['server_group_id', ref('alicloud_slb_server_group', name)],
            ['server_id', s.ServerId],
            ['port', s.Port],
            ['weight', s.Weight],
          ]),
        );
      });
    }
    const msName = new Map<string, string>();
    for (const group of scenario.masterSlaveServerGroups.filter((g) => g.LoadBalancerId === lb.LoadBalancerId)) {
      // The provider takes exactly two servers (a master and a slave) and requires a name.
      if (group.MasterSlaveBackendServers.length !== 2) {
        out.push(`# master-slave server group ${group.MasterSlaveServerGroupId} has ${group.MasterSlaveBackendServers.length} servers; alicloud_slb_master_slave_server_group takes exactly 2: not exported`, '');
        continue;
      }
      const name = names.name('alicloud_slb_master_slave_server_group', group.MasterSlaveServerGroupId);
      msName.set(group.MasterSlaveServerGroupId, name);
      out.push(
        resource(
          'alicloud_slb_master_slave_server_group',
          name,
          [...meta, ['load_balancer_id', lbRef], ['name', group.MasterSlaveServerGroupName || group.MasterSlaveServerGroupId]],
          group.MasterSlaveBackendServers.map((s) => ({ block: 'servers', args: [['server_id', s.ServerId], ['port', s.Port], ['weight', s.Weight], ['server_type', s.ServerType]] as Arg[] })),
        ),
      );
    }
    for (const l of scenario.listeners.filter((x) => x.LoadBalancerId === lb.LoadBalancerId)) {
      const name = names.name('alicloud_slb_listener', `${lbName}_${l.ListenerProtocol}_${l.ListenerPort}`);
      const { args, nested, comments } = listenerArgs(l, {
        lb: lbRef,
        group: refOf('alicloud_slb_server_group', groupName),
        ms: refOf('alicloud_slb_master_slave_server_group', msName),
        acl: refOf('alicloud_slb_acl', aclName),
        cert: refOf('alicloud_slb_server_certificate', certName),
        ca: refOf('alicloud_slb_ca_certificate', caName),
      });
      out.push(resource('alicloud_slb_listener', name, [...meta, ...args], nested, comments));
      for (const r of l.Rules ?? []) {
        out.push(
          resource('alicloud_slb_rule', names.name('alicloud_slb_rule', r.RuleId), [
            ...meta,
            ['load_balancer_id', lbRef],
            ['frontend_port', l.ListenerPort],
            ['name', r.RuleName ?? r.RuleId],
            ['domain', r.Domain],
            ['url', r.Url],
            ['server_group_id', refOf('alicloud_slb_server_group', groupName)(r.VServerGroupId)],
            // The rule's listener must exist first: the provider attaches rules to a listener by port.
            ['depends_on', [new Ref(`alicloud_slb_listener.${name}`)]],
          ]),
        );
      }
    }
  }
  return [{ path: undefined, content: out.join('\n') }, ...files];
}
