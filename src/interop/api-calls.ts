import { handleRpc } from '../api/router';
import type { ControlPlaneState } from '../api/state';
import type { Scenario } from '../scenario/schema';

/**
 * The scenario's load balancers as Slb 2014-05-15 calls (DOMAIN §7): CreateLoadBalancer, then
 * AddBackendServers, CreateVServerGroup, CreateMasterSlaveServerGroup, Create…Listener,
 * CreateRules and StartLoadBalancerListener. Ids the API allocates are not known in advance: a
 * call `saves` a response field under a name, and later parameters use it as `${NAME}`. ECS
 * instances, certificates and ACLs are not created (the API cannot create ECS instances, and a
 * scenario holds no PEMs): the target region must already have them, with the scenario's ids.
 */
export interface ApiCall {
  Action: string;
  params: Record<string, string>;
  /** Response field → variable name, for later `${NAME}` references. */
  saves?: Record<string, string>;
}

const SKIP = new Set(['LoadBalancerId', 'ListenerProtocol', 'ListenerPort', 'Rules', 'DomainExtensions', 'Status', 'healthCheckInterval', 'HealthCheck', 'VServerGroupId', 'MasterSlaveServerGroupId']);

/** Listener fields each Create…Listener action refuses (listener-params.ts): the schema fills some with defaults. */
const NOT_FOR: Record<string, ReadonlySet<string>> = {
  tcp: new Set(),
  udp: new Set(['EstablishedTimeout', 'HealthCheckType', 'HealthCheckURI', 'HealthCheckDomain', 'HealthCheckHttpCode', 'ConnectionDrain', 'ConnectionDrainTimeout']),
  http: new Set(['EstablishedTimeout', 'PersistenceTimeout', 'HealthCheckType', 'HealthCheckConnectTimeout', 'FullNatEnabled', 'ConnectionDrain', 'ConnectionDrainTimeout']),
  https: new Set(['EstablishedTimeout', 'PersistenceTimeout', 'HealthCheckType', 'HealthCheckConnectTimeout', 'FullNatEnabled', 'ConnectionDrain', 'ConnectionDrainTimeout']),
};

/** The simulator's API takes zone ids of the form REGION-x; others (eu-central-1a) are left to the API's default zones. */
const zoneOf = (region: string, zone: string): boolean => zone.startsWith(`${region}-`);

export function apiCallsOf(scenario: Scenario): ApiCall[] {
  const calls: ApiCall[] = [];
  const groupVar = new Map<string, string>();
  scenario.loadBalancers.forEach((lb, b) => {
    const LB = `LB_${b + 1}`;
    const ref = `\${${LB}}`;
    calls.push({
      Action: 'CreateLoadBalancer',
      params: {
        RegionId: lb.RegionId,
        LoadBalancerName: lb.LoadBalancerName,
        AddressType: lb.AddressType,
        ...(lb.AddressType === 'intranet' ? { Address: lb.Address } : {}),
        InternetChargeType: lb.InternetChargeType,
        ...(lb.InternetChargeType === 'paybybandwidth' ? { Bandwidth: String(lb.Bandwidth) } : {}),
        LoadBalancerSpec: lb.LoadBalancerSpec,
        ...(zoneOf(lb.RegionId, lb.MasterZoneId) && zoneOf(lb.RegionId, lb.SlaveZoneId) ? { MasterZoneId: lb.MasterZoneId, SlaveZoneId: lb.SlaveZoneId } : {}),
        ...(lb.DeleteProtection === undefined ? {} : { DeleteProtection: lb.DeleteProtection }),
      },
      saves: { LoadBalancerId: LB },
    });
    const mine = <T extends { LoadBalancerId: string }>(items: readonly T[]): T[] => items.filter((i) => i.LoadBalancerId === lb.LoadBalancerId);
    const servers = mine(scenario.backendServers).map((s) => ({ ServerId: s.ServerId, Weight: s.Weight, Type: s.Type, ...(s.Description === undefined ? {} : { Description: s.Description }) }));
    for (let i = 0; i < servers.length; i += 20) calls.push({ Action: 'AddBackendServers', params: { LoadBalancerId: ref, BackendServers: JSON.stringify(servers.slice(i, i + 20)) } });
    for (const group of mine(scenario.vServerGroups)) {
      const G = `G_${groupVar.size + 1}`;
      groupVar.set(group.VServerGroupId, G);
      const members = group.BackendServers.map((s) => ({ ServerId: s.ServerId, Port: s.Port, Weight: s.Weight }));
      calls.push({ Action: 'CreateVServerGroup', params: { LoadBalancerId: ref, VServerGroupName: group.VServerGroupName, ...(members.length > 0 ? { BackendServers: JSON.stringify(members.slice(0, 20)) } : {}) }, saves: { VServerGroupId: G } });
      for (let i = 20; i < members.length; i += 20) calls.push({ Action: 'AddVServerGroupBackendServers', params: { VServerGroupId: `\${${G}}`, BackendServers: JSON.stringify(members.slice(i, i + 20)) } });
    }
    for (const group of mine(scenario.masterSlaveServerGroups)) {
      const G = `G_${groupVar.size + 1}`;
      groupVar.set(group.MasterSlaveServerGroupId, G);
      calls.push({
        Action: 'CreateMasterSlaveServerGroup',
        params: { LoadBalancerId: ref, MasterSlaveServerGroupName: group.MasterSlaveServerGroupName, MasterSlaveBackendServers: JSON.stringify(group.MasterSlaveBackendServers) },
        saves: { MasterSlaveServerGroupId: G },
      });
    }
    for (const listener of mine(scenario.listeners)) {
      const layer4 = listener.ListenerProtocol === 'tcp' || listener.ListenerProtocol === 'udp';
      const params: Record<string, string> = { LoadBalancerId: ref, ListenerPort: String(listener.ListenerPort) };
      for (const [key, value] of Object.entries(listener)) {
        if (SKIP.has(key) || NOT_FOR[listener.ListenerProtocol]!.has(key) || value === undefined) continue;
        params[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
      }
      params[layer4 ? 'HealthCheckSwitch' : 'HealthCheck'] = listener.HealthCheck;
      if (listener.VServerGroupId !== undefined) params['VServerGroupId'] = `\${${groupVar.get(listener.VServerGroupId) ?? 'MISSING'}}`;
      if (listener.MasterSlaveServerGroupId !== undefined) params['MasterSlaveServerGroupId'] = `\${${groupVar.get(listener.MasterSlaveServerGroupId) ?? 'MISSING'}}`;
      const protocol = listener.ListenerProtocol.toUpperCase();
      calls.push({ Action: `CreateLoadBalancer${protocol}Listener`, params });
      const rules = (listener.Rules ?? []).map((r) => ({
        RuleName: r.RuleName ?? r.RuleId,
        ...(r.Domain === undefined ? {} : { Domain: r.Domain }),
        ...(r.Url === undefined ? {} : { Url: r.Url }),
        VServerGroupId: `\${${groupVar.get(r.VServerGroupId) ?? 'MISSING'}}`,
      }));
      for (let i = 0; i < rules.length; i += 10) {
        calls.push({ Action: 'CreateRules', params: { LoadBalancerId: ref, ListenerPort: String(listener.ListenerPort), ListenerProtocol: listener.ListenerProtocol, RuleList: JSON.stringify(rules.slice(i, i + 10)) } });
      }
      if (listener.Status === 'running') calls.push({ Action: 'StartLoadBalancerListener', params: { LoadBalancerId: ref, ListenerPort: String(listener.ListenerPort), ListenerProtocol: listener.ListenerProtocol } });
    }
  });
  return calls;
}

/** `aliyun slb …` commands; allocated ids go through shell variables (needs jq). */
export function aliyunCommands(scenario: Scenario): string {
  const quote = (value: string): string => `'${value.replace(/'/g, `'\\''`).replace(/\$\{(\w+)\}/g, `'"$$$1"'`)}'`;
  const lines = ['#!/bin/sh', '# SLB API calls exported by SLB Simulator (aliyun CLI; needs jq). ECS instances, certificates and ACLs must exist already.', 'set -e'];
  for (const call of apiCallsOf(scenario)) {
    const command = `aliyun slb ${call.Action} ${Object.entries(call.params)
      .map(([k, v]) => `--${k} ${quote(v)}`)
      .join(' ')}`;
    const saves = Object.entries(call.saves ?? {});
    lines.push(saves.length === 0 ? command : `${saves[0]![1]}=$(${command} | jq -r .${saves[0]![0]})`);
  }
  return lines.join('\n') + '\n';
}

/** Replays calls through the simulator's API: a refused call throws with its action and code. */
export function replayCalls(state: ControlPlaneState, calls: readonly ApiCall[]): Record<string, string> {
  const vars: Record<string, string> = {};
  const fill = (value: string): string => value.replace(/\$\{(\w+)\}/g, (_m, name: string) => vars[name] ?? `\${${name}}`);
  for (const call of calls) {
    const params = Object.fromEntries(Object.entries(call.params).map(([k, v]) => [k, fill(v)]));
    const { status, body } = handleRpc(state, { Action: call.Action, ...params });
    if (status !== 200) throw new Error(`${call.Action} refused: ${String(body['Code'])}: ${String(body['Message'])} (${JSON.stringify(params)})`);
    for (const [field, name] of Object.entries(call.saves ?? {})) vars[name] = String(body[field]);
  }
  return vars;
}
