import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput } from './api-test-helpers';
import { parseScenario } from '../scenario/validate';
import { handleRpc } from './router';
import { createControlPlane } from './state';

const input: OneLbInput = {
  loadBalancer: { LoadBalancerId: 'lb-list0001' },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, PersistenceTimeout: 30 },
    { ListenerProtocol: 'udp', ListenerPort: 53, BackendServerPort: 5353, Status: 'stopped' },
    {
      ListenerProtocol: 'http',
      ListenerPort: 8000,
      BackendServerPort: 80,
      Rules: [{ RuleId: 'rule-api', Url: '/api', VServerGroupId: 'rsp-web' }],
    },
    { ListenerProtocol: 'https', ListenerPort: 443, BackendServerPort: 80, ServerCertificateId: 'cert-1', VServerGroupId: 'rsp-web' },
    ...Array.from({ length: 21 }, (_, i) => ({ ListenerProtocol: 'tcp' as const, ListenerPort: 2000 + i })),
  ],
  ...attached([{ ServerId: 'i-aa', PrivateIp: '10.0.0.1' }]),
  vServerGroups: [{ VServerGroupId: 'rsp-web' }],
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
};

const state = createControlPlane(parseScenario(nested(input)));
const list = (params: Record<string, string> = {}) => handleRpc(state, { Action: 'DescribeLoadBalancerListeners', ...params });
const ports = (body: Record<string, unknown>) => (body['Listeners'] as { ListenerPort: number }[]).map((l) => l.ListenerPort);

describe('DescribeLoadBalancerListeners', () => {
  it('answers each listener with its common fields and its protocol config', () => {
    const { status, body } = list({ 'LoadBalancerId.1': 'lb-list0001', ListenerPort: '80' });
    expect(status).toBe(200);
    expect(body).toEqual({
      RequestId: expect.any(String),
      TotalCount: 1,
      MaxResults: 20,
      Listeners: [
        {
          LoadBalancerId: 'lb-list0001',
          ListenerPort: 80,
          ListenerProtocol: 'tcp',
          BackendServerPort: 8080,
          Bandwidth: -1,
          Status: 'running',
          Scheduler: 'wrr',
          AclStatus: 'off',
          TCPListenerConfig: expect.objectContaining({
            PersistenceTimeout: 30,
            EstablishedTimeout: 900,
            HealthCheckInterval: 2,
            HealthCheckType: 'tcp',
          }),
        },
      ],
    });
    const https = list({ ListenerProtocol: 'https' }).body['Listeners'] as Record<string, unknown>[];
    expect(https).toEqual([
      expect.objectContaining({
        ListenerPort: 443,
        VServerGroupId: 'rsp-web',
        HTTPSListenerConfig: expect.objectContaining({ ServerCertificateId: 'cert-1' }),
      }),
    ]);
    expect(https[0]).not.toHaveProperty('TCPListenerConfig');
  });

  it('filters by protocol, port, instance and region', () => {
    expect(ports(list({ ListenerProtocol: 'udp' }).body)).toEqual([53]);
    expect(ports(list({ ListenerProtocol: 'http', ListenerPort: '80' }).body)).toEqual([]);
    expect(list({ 'LoadBalancerId.1': 'lb-other' }).body['TotalCount']).toBe(0);
    expect(list({ RegionId: 'cn-beijing' }).body['TotalCount']).toBe(0);
    expect(list({ RegionId: 'cn-hangzhou', 'LoadBalancerId.2': 'lb-list0001' }).body['TotalCount']).toBe(25);
    // No listener carries a description in the simulator.
    expect(list({ Description: 'web' }).body['TotalCount']).toBe(0);
  });

  it('pages with MaxResults and NextToken until every listener was answered once', () => {
    const seen: number[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const { body } = list({ MaxResults: '10', ...(token ? { NextToken: token } : {}) });
      expect(body).toMatchObject({ TotalCount: 25, MaxResults: 10 });
      seen.push(...ports(body));
      token = body['NextToken'] as string | undefined;
      calls++;
    } while (token !== undefined && calls < 10);
    expect(calls).toBe(3);
    expect(seen).toEqual(state.scenario.listeners.map((l) => l.ListenerPort));
    // Default page: 20.
    expect(ports(list().body)).toHaveLength(20);
  });

  it.each([
    [{ MaxResults: '0' }, 'MaxResults'],
    [{ MaxResults: '101' }, 'MaxResults'],
    [{ MaxResults: 'ten' }, 'MaxResults'],
    [{ NextToken: 'abc' }, 'NextToken'],
    [{ NextToken: 'nt-25' }, 'NextToken'],
    [{ ListenerProtocol: 'quic' }, 'ListenerProtocol'],
    [{ ListenerPort: '0' }, 'ListenerPort'],
    [{ RegionId: 'Mars 1' }, 'RegionId'],
    [{ 'LoadBalancerId.11': 'lb-list0001' }, 'LoadBalancerId.11'],
  ])('rejects %j naming %s', (params, named) => {
    const { status, body } = list(params);
    expect({ status, code: body['Code'] }).toEqual({ status: 400, code: 'InvalidParameter' });
    expect(body['Message']).toContain(`"${named}"`);
  });
});
