import type { Scenario } from '../scenario/schema';

/**
 * The load balancers as Terraform resources of the alicloud provider. The resources and arguments
 * used are pinned here (from the provider's documentation of alicloud_slb_load_balancer,
 * alicloud_slb_listener, alicloud_slb_backend_server, alicloud_slb_server_group, alicloud_slb_rule);
 * the export writes no other (terraform.test.ts checks it). Not checked against a real
 * `terraform validate` here: no terraform binary or provider is available offline.
 */
export const TERRAFORM_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  alicloud_slb_load_balancer: ['load_balancer_name', 'address_type', 'address', 'load_balancer_spec', 'internet_charge_type', 'bandwidth', 'master_zone_id', 'slave_zone_id'],
  alicloud_slb_listener: [
    'load_balancer_id', 'frontend_port', 'backend_port', 'protocol', 'bandwidth', 'scheduler', 'server_group_id', 'persistence_timeout', 'established_timeout',
    'health_check', 'health_check_type', 'health_check_uri', 'health_check_domain', 'health_check_http_code', 'health_check_connect_port', 'health_check_timeout',
    'health_check_interval', 'healthy_threshold', 'unhealthy_threshold', 'sticky_session', 'sticky_session_type', 'cookie_timeout', 'cookie', 'idle_timeout',
    'request_timeout', 'gzip', 'server_certificate_id',
  ],
  alicloud_slb_backend_server: ['load_balancer_id', 'backend_servers.server_id', 'backend_servers.weight'],
  alicloud_slb_server_group: ['load_balancer_id', 'name', 'servers.server_ids', 'servers.port', 'servers.weight'],
  alicloud_slb_rule: ['load_balancer_id', 'frontend_port', 'name', 'domain', 'url', 'server_group_id'],
};

const ident = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');
const value = (v: string | number): string => (typeof v === 'number' ? String(v) : JSON.stringify(v));

function block(type: string, name: string, args: [string, string | number | undefined][], nested: string[] = []): string {
  const lines = [`resource "${type}" "${ident(name)}" {`];
  for (const [k, v] of args) if (v !== undefined) lines.push(`  ${k} = ${k.endsWith('_id') && typeof v === 'string' && v.includes('.') && !v.includes(' ') && /^alicloud_/.test(v) ? v : value(v)}`);
  lines.push(...nested, '}');
  return lines.join('\n');
}

export function exportTerraform(scenario: Scenario): string {
  const out = ['# Terraform (alicloud provider) exported by SLB Simulator; ECS instances and certificates are referenced by their scenario ids', ''];
  const groupRef = new Map<string, string>();
  for (const lb of scenario.loadBalancers) {
    const lbName = ident(lb.LoadBalancerId);
    const lbRef = `alicloud_slb_load_balancer.${lbName}.id`;
    out.push(
      block('alicloud_slb_load_balancer', lbName, [
        ['load_balancer_name', lb.LoadBalancerName],
        ['address_type', lb.AddressType],
        ['address', lb.AddressType === 'intranet' ? lb.Address : undefined],
        ['load_balancer_spec', lb.LoadBalancerSpec],
        ['internet_charge_type', lb.InternetChargeType === 'paybytraffic' ? 'PayByTraffic' : 'PayByBandwidth'],
        ['bandwidth', lb.InternetChargeType === 'paybybandwidth' ? lb.Bandwidth : undefined],
        ['master_zone_id', lb.MasterZoneId],
        ['slave_zone_id', lb.SlaveZoneId],
      ]),
      '',
    );
    const attached = scenario.backendServers.filter((b) => b.LoadBalancerId === lb.LoadBalancerId);
    if (attached.length > 0) {
      out.push(block('alicloud_slb_backend_server', `${lbName}_default`, [['load_balancer_id', lbRef]], attached.flatMap((b) => ['  backend_servers {', `    server_id = ${value(b.ServerId)}`, `    weight    = ${b.Weight}`, '  }'])), '');
    }
    for (const group of scenario.vServerGroups.filter((g) => g.LoadBalancerId === lb.LoadBalancerId)) {
      const name = ident(group.VServerGroupId);
      groupRef.set(group.VServerGroupId, `alicloud_slb_server_group.${name}.id`);
      out.push(
        block('alicloud_slb_server_group', name, [['load_balancer_id', lbRef], ['name', group.VServerGroupName || group.VServerGroupId]], group.BackendServers.flatMap((s) => ['  servers {', `    server_ids = [${value(s.ServerId)}]`, `    port       = ${s.Port}`, `    weight     = ${s.Weight}`, '  }'])),
        '',
      );
    }
    for (const group of scenario.masterSlaveServerGroups.filter((g) => g.LoadBalancerId === lb.LoadBalancerId)) out.push(`# master-slave server group ${group.MasterSlaveServerGroupId} is not exported (alicloud_slb_master_slave_server_group is not in the pinned list)`, '');
    for (const l of scenario.listeners.filter((x) => x.LoadBalancerId === lb.LoadBalancerId)) {
      const name = `${lbName}_${l.ListenerProtocol}_${l.ListenerPort}`;
      const l7 = l.ListenerProtocol === 'http' || l.ListenerProtocol === 'https';
      out.push(
        block('alicloud_slb_listener', name, [
          ['load_balancer_id', lbRef],
          ['frontend_port', l.ListenerPort],
          ['backend_port', l.BackendServerPort],
          ['protocol', l.ListenerProtocol],
          ['bandwidth', l.Bandwidth],
          ['scheduler', l.Scheduler],
          ['server_group_id', l.VServerGroupId === undefined ? undefined : groupRef.get(l.VServerGroupId)],
          ['persistence_timeout', l7 ? undefined : l.PersistenceTimeout],
          ['established_timeout', l.ListenerProtocol === 'tcp' ? l.EstablishedTimeout : undefined],
          ['health_check', l.HealthCheck],
          ['health_check_type', l.ListenerProtocol === 'tcp' ? l.HealthCheckType : undefined],
          ['health_check_uri', l.HealthCheckURI],
          ['health_check_domain', l.HealthCheckDomain],
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
          ['gzip', l.Gzip],
          ['server_certificate_id', l.ServerCertificateId],
        ]),
        '',
      );
      (l.Rules ?? []).forEach((r) => {
        out.push(
          block('alicloud_slb_rule', `${name}_${r.RuleId}`, [
            ['load_balancer_id', lbRef],
            ['frontend_port', l.ListenerPort],
            ['name', r.RuleName ?? r.RuleId],
            ['domain', r.Domain],
            ['url', r.Url],
            ['server_group_id', groupRef.get(r.VServerGroupId)],
          ]),
          '',
        );
      });
    }
  }
  return out.join('\n');
}
