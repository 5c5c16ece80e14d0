import { expect } from 'vitest';
import type { Scenario, ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { handleRpc, type ApiResponse } from './router';
import { createControlPlane, type ControlPlaneState } from './state';

/** Test helpers for the write actions: build a control plane, call, and check refusals leave it alone. */

export const LB_ID = 'lb-writes0001';

type LoadBalancerInput = NonNullable<NonNullable<ScenarioInput['loadBalancers']>[number]>;
type PerInstance = 'listeners' | 'backendServers' | 'vServerGroups' | 'masterSlaveServerGroups';

/**
 * A scenario of one load balancer as the tests write it: the instance's attributes under
 * `loadBalancer` and its lists at the top (version 4's layout). `oneLb` nests it as the file
 * holds it (`loadBalancers: [{ ...attributes, listeners, … }]`).
 */
export type OneLbInput = Omit<ScenarioInput, 'loadBalancers'> & { loadBalancer?: Omit<LoadBalancerInput, PerInstance> } & Partial<Pick<LoadBalancerInput, PerInstance>>;

export function oneLb(input: OneLbInput): ScenarioInput {
  const { loadBalancer, listeners, backendServers, vServerGroups, masterSlaveServerGroups, ...rest } = input;
  const lists = { listeners, backendServers, vServerGroups, masterSlaveServerGroups };
  const own = Object.fromEntries(Object.entries(lists).filter(([, list]) => list !== undefined)) as Partial<Pick<LoadBalancerInput, PerInstance>>;
  return { ...rest, loadBalancers: [{ ...loadBalancer, ...own }] };
}

/** A scenario input in either shape: nested already (`loadBalancers`), or one instance's (`oneLb`). */
export function nested(input: ScenarioInput | OneLbInput): ScenarioInput {
  return 'loadBalancers' in input && input.loadBalancers !== undefined ? (input as ScenarioInput) : oneLb(input as OneLbInput);
}

interface InstanceSpec {
  ServerId: string;
  PrivateIp: string;
  Weight?: number;
}

/** ECS instances of the region and which of them the default server group holds (with weights). */
export function instances(all: readonly InstanceSpec[], attachedIds: readonly string[] = all.map((s) => s.ServerId)): Pick<OneLbInput, 'ecsInstances' | 'backendServers'> {
  return {
    ecsInstances: all.map(({ Weight: _attachmentOnly, ...instance }) => instance),
    backendServers: all
      .filter((s) => attachedIds.includes(s.ServerId))
      .map(({ ServerId, Weight }) => (Weight === undefined ? { ServerId } : { ServerId, Weight })),
  };
}

type EcsInstanceInput = NonNullable<ScenarioInput['ecsInstances']>[number];

/** ECS instances that the one load balancer holds, each with its weight (default 100). */
export function attached(servers: readonly (EcsInstanceInput & { Weight?: number })[]): Pick<OneLbInput, 'ecsInstances' | 'backendServers'> {
  return {
    ecsInstances: servers.map(({ Weight: _attachmentOnly, ...instance }) => instance),
    backendServers: servers.map(({ ServerId, Weight }) => (Weight === undefined ? { ServerId } : { ServerId, Weight })),
  };
}

/** An instance with HTTP 80, HTTPS 443 and TCP 22 listeners, two VServer groups, three ECS instances. */
export function baseScenario(extra: Partial<OneLbInput> = {}): OneLbInput {
  return {
    name: 'writes',
    loadBalancer: { LoadBalancerId: LB_ID, LoadBalancerSpec: 'slb.s3.medium' },
    listeners: [
      { ListenerProtocol: 'http', ListenerPort: 80, BackendServerPort: 8080, VServerGroupId: 'rsp-web' },
      { ListenerProtocol: 'https', ListenerPort: 443, BackendServerPort: 8080, ServerCertificateId: 'cert-1' },
      { ListenerProtocol: 'tcp', ListenerPort: 22, BackendServerPort: 22 },
    ],
    ...instances(
      [
        { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-bb', PrivateIp: '10.0.0.2' },
        { ServerId: 'i-cc', PrivateIp: '10.0.0.3' },
      ],
      ['i-aa', 'i-bb', 'i-cc'],
    ),
    vServerGroups: [
      { VServerGroupId: 'rsp-web', VServerGroupName: 'web', BackendServers: [{ ServerId: 'i-aa', Port: 8080, Weight: 100 }] },
      { VServerGroupId: 'rsp-api', VServerGroupName: 'api', BackendServers: [{ ServerId: 'i-bb', Port: 9000, Weight: 50 }] },
    ],
    serverCertificates: [{ ServerCertificateId: 'cert-1' }],
    ...extra,
  };
}

export const plane = (input: ScenarioInput | OneLbInput = baseScenario()): ControlPlaneState => createControlPlane(parseScenario(nested(input)));

export const call = (state: ControlPlaneState, action: string, params: Record<string, string | undefined>): ApiResponse =>
  handleRpc(state, { Action: action, ...params });

/** A call that must succeed. */
export function ok(state: ControlPlaneState, action: string, params: Record<string, string | undefined>): Record<string, unknown> {
  const response = call(state, action, params);
  expect(response.body, `${action} ${JSON.stringify(params)}`).not.toHaveProperty('Code');
  expect(response.status).toBe(200);
  return response.body;
}

export interface Refusal {
  status: number;
  code: string;
  /** Text the message must contain: the parameter and the rule. */
  mentions: string[];
}

/**
 * A call that must be refused with `refusal`, leaving the state's scenario the same object with
 * the same contents (nothing patched in place) and telling the journal nothing.
 */
export function refused(state: ControlPlaneState, action: string, params: Record<string, string | undefined>, refusal: Refusal): void {
  const before = state.scenario;
  const contents = JSON.stringify(before);
  const host = state.onCommit;
  let commits = 0;
  state.onCommit = (change) => {
    commits++;
    host?.(change);
  };
  const response = call(state, action, params);
  state.onCommit = host;
  expect(response.body['Code'], `${action} ${JSON.stringify(params)}: ${String(response.body['Message'])}`).toBe(refusal.code);
  expect(response.status).toBe(refusal.status);
  for (const text of refusal.mentions) expect(String(response.body['Message'])).toContain(text);
  expect(state.scenario).toBe(before);
  expect(JSON.stringify(state.scenario)).toBe(contents);
  expect(commits, 'commits reported to the journal').toBe(0);
}

export const json = (value: unknown): string => JSON.stringify(value);

/** The parsed scenario with its (one) load balancer renamed `id`, on every item that names it. */
export function renamedLoadBalancer(scenario: Scenario, id: string): Scenario {
  const rename = <T extends { LoadBalancerId: string }>(items: readonly T[]): T[] => items.map((item) => ({ ...item, LoadBalancerId: id }));
  return {
    ...scenario,
    loadBalancers: rename(scenario.loadBalancers),
    listeners: rename(scenario.listeners),
    backendServers: rename(scenario.backendServers),
    vServerGroups: rename(scenario.vServerGroups),
    masterSlaveServerGroups: rename(scenario.masterSlaveServerGroups),
    clients: rename(scenario.clients),
  };
}
