import { expect } from 'vitest';
import type { ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { handleRpc, type ApiResponse } from './router';
import { createControlPlane, type ControlPlaneState } from './state';

/** Test helpers for the write actions: build a control plane, call, and check refusals leave it alone. */

export const LB_ID = 'lb-writes0001';

interface InstanceSpec {
  ServerId: string;
  PrivateIp: string;
  Weight?: number;
}

/** ECS instances of the region and which of them the default server group holds (with weights). */
export function instances(all: readonly InstanceSpec[], attachedIds: readonly string[] = all.map((s) => s.ServerId)): Partial<ScenarioInput> {
  return {
    ecsInstances: all.map(({ Weight: _attachmentOnly, ...instance }) => instance),
    backendServers: all
      .filter((s) => attachedIds.includes(s.ServerId))
      .map(({ ServerId, Weight }) => (Weight === undefined ? { ServerId } : { ServerId, Weight })),
  };
}

/** An instance with HTTP 80, HTTPS 443 and TCP 22 listeners, two VServer groups, three ECS instances. */
export function baseScenario(extra: Partial<ScenarioInput> = {}): ScenarioInput {
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

export const plane = (input: ScenarioInput = baseScenario()): ControlPlaneState => createControlPlane(parseScenario(input));

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

/** A call that must be refused with `refusal`, leaving the state's scenario the same object. */
export function refused(state: ControlPlaneState, action: string, params: Record<string, string | undefined>, refusal: Refusal): void {
  const before = state.scenario;
  const response = call(state, action, params);
  expect(response.body['Code'], `${action} ${JSON.stringify(params)}: ${String(response.body['Message'])}`).toBe(refusal.code);
  expect(response.status).toBe(refusal.status);
  for (const text of refusal.mentions) expect(String(response.body['Message'])).toContain(text);
  expect(state.scenario).toBe(before);
}

export const json = (value: unknown): string => JSON.stringify(value);
