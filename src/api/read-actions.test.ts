import { describe, expect, it } from 'vitest';
import { attached, nested, type OneLbInput, renamedLoadBalancer } from './api-test-helpers';
import type { ScenarioInput } from '../scenario/schema';
import { Simulation } from '../engine/simulation';
import { defaultScenario } from '../scenario/examples/default';
import { parseScenario } from '../scenario/validate';
import { handleRpc } from './router';
import { createControlPlane } from './state';

/** One listener of each protocol, a VServer group behind the HTTP listener's rule. */
const mixed: OneLbInput = {
  name: 'mixed',
  loadBalancer: { LoadBalancerId: 'lb-mixed0001', LoadBalancerSpec: 'slb.s3.medium' },
  listeners: [
    { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, PersistenceTimeout: 30 },
    { ListenerProtocol: 'udp', ListenerPort: 53, BackendServerPort: 5353 },
    {
      ListenerProtocol: 'http',
      ListenerPort: 8000,
      BackendServerPort: 80,
      Rules: [{ RuleId: 'rule-api', RuleName: 'api', Url: '/api', VServerGroupId: 'rsp-api' }],
    },
    { ListenerProtocol: 'https', ListenerPort: 443, BackendServerPort: 80, ServerCertificateId: 'cert-1', Status: 'stopped' },
  ],
  ...attached([
    { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-bb', PrivateIp: '10.0.0.2', Weight: 50 },
  ]),
  vServerGroups: [{ VServerGroupId: 'rsp-api', VServerGroupName: 'api', BackendServers: [{ ServerId: 'i-bb', Port: 9000, Weight: 10 }] }],
  serverCertificates: [{ ServerCertificateId: 'cert-1' }],
};

const plane = (input: OneLbInput | ScenarioInput = mixed) => createControlPlane(parseScenario(nested(input)));
const call = (action: string, params: Record<string, string>, state = plane()) => handleRpc(state, { Action: action, ...params });
const LB = { LoadBalancerId: 'lb-mixed0001' };

describe('DescribeLoadBalancerAttribute', () => {
  it('answers the instance, its listeners and its default server group', () => {
    const { status, body } = call('DescribeLoadBalancerAttribute', { ...LB, RegionId: 'cn-hangzhou' });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      LoadBalancerId: 'lb-mixed0001',
      LoadBalancerStatus: 'active',
      LoadBalancerSpec: 'slb.s3.medium',
      ListenerPorts: { ListenerPort: [80, 53, 8000, 443] },
      ListenerPortsAndProtocol: {
        ListenerPortAndProtocol: [
          { ListenerPort: 80, ListenerProtocol: 'tcp' },
          { ListenerPort: 53, ListenerProtocol: 'udp' },
          { ListenerPort: 8000, ListenerProtocol: 'http', ListenerForward: 'off' },
          { ListenerPort: 443, ListenerProtocol: 'https' },
        ],
      },
      BackendServers: {
        BackendServer: [
          { ServerId: 'i-aa', Weight: 100, Type: 'ecs', ServerIp: '10.0.0.1' },
          { ServerId: 'i-bb', Weight: 50 },
        ],
      },
    });
  });
});

describe('DescribeLoadBalancer{TCP,UDP,HTTP,HTTPS}ListenerAttribute', () => {
  it('answers each protocol with its own fields', () => {
    expect(call('DescribeLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '80' }).body).toMatchObject({
      LoadBalancerId: 'lb-mixed0001',
      ListenerPort: 80,
      BackendServerPort: 8080,
      Status: 'running',
      Scheduler: 'wrr',
      PersistenceTimeout: 30,
      EstablishedTimeout: 900,
      HealthCheck: 'on',
      HealthCheckType: 'tcp',
      HealthCheckInterval: 2,
      HealthCheckConnectTimeout: 5,
      HealthyThreshold: 3,
      Bandwidth: -1,
    });
    const udp = call('DescribeLoadBalancerUDPListenerAttribute', { ...LB, ListenerPort: '53' }).body;
    expect(udp).toMatchObject({ ListenerPort: 53, BackendServerPort: 5353, HealthCheckInterval: 5, HealthCheckConnectTimeout: 10 });
    expect(udp).not.toHaveProperty('EstablishedTimeout');
    const http = call('DescribeLoadBalancerHTTPListenerAttribute', { ...LB, ListenerPort: '8000' }).body;
    expect(http).toMatchObject({
      ListenerPort: 8000,
      XForwardedFor: 'on',
      StickySession: 'off',
      HealthCheckURI: '/',
      HealthCheckTimeout: 5,
      Gzip: 'on',
      Rules: { Rule: [{ RuleId: 'rule-api', Url: '/api', VServerGroupId: 'rsp-api' }] },
    });
    expect(http).not.toHaveProperty('PersistenceTimeout');
    expect(call('DescribeLoadBalancerHTTPSListenerAttribute', { ...LB, ListenerPort: '443' }).body).toMatchObject({
      ListenerPort: 443,
      Status: 'stopped',
      ServerCertificateId: 'cert-1',
      TLSCipherPolicy: 'tls_cipher_policy_1_0',
      EnableHttp2: 'on',
    });
  });

  it('does not find a listener of another protocol, or none, on the port', () => {
    const other = call('DescribeLoadBalancerUDPListenerAttribute', { ...LB, ListenerPort: '80' });
    expect(other).toMatchObject({ status: 404, body: { Code: 'ListenerNotFound', Message: expect.stringContaining('is TCP') } });
    expect(call('DescribeLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '81' })).toMatchObject({
      status: 404,
      body: { Code: 'ListenerNotFound' },
    });
  });
});

describe('DescribeHealthStatus', () => {
  it('answers unavailable for every server without a running simulation', () => {
    const { body } = call('DescribeHealthStatus', { ...LB, ListenerPort: '8000' });
    expect(body).toEqual({
      RequestId: expect.any(String),
      BackendServers: {
        BackendServer: [
          { ServerId: 'i-aa', ServerIp: '10.0.0.1', Port: 80, ListenerPort: 8000, Protocol: 'http', ServerHealthStatus: 'unavailable' },
          { ServerId: 'i-bb', ServerIp: '10.0.0.2', Port: 80, ListenerPort: 8000, Protocol: 'http', ServerHealthStatus: 'unavailable' },
          { ServerId: 'i-bb', ServerIp: '10.0.0.2', Port: 9000, ListenerPort: 8000, Protocol: 'http', ServerHealthStatus: 'unavailable' },
        ],
      },
    });
    const all = call('DescribeHealthStatus', LB).body['BackendServers'] as { BackendServer: unknown[] };
    expect(all.BackendServer).toHaveLength(2 + 2 + 3 + 2);
    const udpOnly = call('DescribeHealthStatus', { ...LB, ListenerProtocol: 'udp' }).body['BackendServers'] as { BackendServer: unknown[] };
    expect(udpOnly.BackendServer).toHaveLength(2);
  });

  it("reads the running simulation's health checks", () => {
    const state = plane(defaultScenario);
    const sim = new Simulation(state.scenario);
    state.simulation = sim;
    sim.runUntil(10_000_000);
    const statuses = (
      call('DescribeHealthStatus', { LoadBalancerId: 'lb-bp1default0001' }, state).body['BackendServers'] as {
        BackendServer: { ServerHealthStatus: string }[];
      }
    ).BackendServer;
    expect(statuses.map((s) => s.ServerHealthStatus)).toEqual(['normal', 'normal', 'normal', 'normal']);
    // A simulation of another load balancer is not asked.
    state.scenario = renamedLoadBalancer(state.scenario, 'lb-other0001');
    const after = (
      call('DescribeHealthStatus', { LoadBalancerId: 'lb-other0001' }, state).body['BackendServers'] as {
        BackendServer: { ServerHealthStatus: string }[];
      }
    ).BackendServer;
    expect(after.map((s) => s.ServerHealthStatus)).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
  });
});

describe('DescribeVServerGroups and DescribeVServerGroupAttribute', () => {
  it('lists the groups, with the rules and listeners that use them when asked', () => {
    expect(call('DescribeVServerGroups', LB).body).toMatchObject({
      VServerGroups: { VServerGroup: [{ VServerGroupId: 'rsp-api', VServerGroupName: 'api', ServerCount: 1 }] },
    });
    expect((call('DescribeVServerGroups', LB).body['VServerGroups'] as { VServerGroup: object[] }).VServerGroup[0]).not.toHaveProperty(
      'AssociatedObjects',
    );
    expect(call('DescribeVServerGroups', { ...LB, IncludeRule: 'true', IncludeListener: 'true' }).body).toMatchObject({
      VServerGroups: {
        VServerGroup: [
          { AssociatedObjects: { Rules: { Rule: [{ RuleId: 'rule-api', RuleName: 'api', Url: '/api' }] }, Listeners: { Listener: [] } } },
        ],
      },
    });
  });

  it('describes one group and its servers', () => {
    expect(call('DescribeVServerGroupAttribute', { VServerGroupId: 'rsp-api' }).body).toMatchObject({
      VServerGroupId: 'rsp-api',
      LoadBalancerId: 'lb-mixed0001',
      BackendServers: { BackendServer: [{ ServerId: 'i-bb', Port: 9000, Weight: 10, Type: 'ecs', ServerIp: '10.0.0.2' }] },
    });
  });
});

describe('parameter errors of the read actions', () => {
  const listenerActions = ['TCP', 'UDP', 'HTTP', 'HTTPS'].map((p) => `DescribeLoadBalancer${p}ListenerAttribute`);
  const cases: [string, Record<string, string>, number, string, string][] = [
    ['DescribeLoadBalancerAttribute', {}, 400, 'MissingParameter', 'LoadBalancerId'],
    ['DescribeLoadBalancerAttribute', { LoadBalancerId: '' }, 400, 'MissingParameter', 'LoadBalancerId'],
    ['DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
    ['DescribeLoadBalancerAttribute', { ...LB, RegionId: 'cn-beijing' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-mixed0001'],
    ['DescribeLoadBalancerAttribute', { ...LB, RegionId: 'Mars 1' }, 400, 'InvalidParameter', 'RegionId'],
    ...listenerActions.flatMap((action): [string, Record<string, string>, number, string, string][] => [
      [action, { ListenerPort: '80' }, 400, 'MissingParameter', 'LoadBalancerId'],
      [action, LB, 400, 'MissingParameter', 'ListenerPort'],
      [action, { ...LB, ListenerPort: '0' }, 400, 'InvalidParameter', 'ListenerPort'],
      [action, { ...LB, ListenerPort: '65536' }, 400, 'InvalidParameter', 'ListenerPort'],
      [action, { ...LB, ListenerPort: '8o' }, 400, 'InvalidParameter', 'ListenerPort'],
      [action, { ...LB, ListenerPort: '-80' }, 400, 'InvalidParameter', 'ListenerPort'],
      [action, { LoadBalancerId: 'lb-nope', ListenerPort: '80' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
    ]),
    ['DescribeHealthStatus', {}, 400, 'MissingParameter', 'LoadBalancerId'],
    ['DescribeHealthStatus', { LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
    ['DescribeHealthStatus', { ...LB, ListenerPort: '70000' }, 400, 'InvalidParameter', 'ListenerPort'],
    ['DescribeHealthStatus', { ...LB, ListenerPort: 'eighty' }, 400, 'InvalidParameter', 'ListenerPort'],
    ['DescribeHealthStatus', { ...LB, ListenerProtocol: 'sctp' }, 400, 'InvalidParameter', 'ListenerProtocol'],
    ['DescribeVServerGroups', {}, 400, 'MissingParameter', 'LoadBalancerId'],
    ['DescribeVServerGroups', { LoadBalancerId: 'lb-nope' }, 404, 'InvalidLoadBalancerId.NotFound', 'lb-nope'],
    ['DescribeVServerGroups', { ...LB, IncludeRule: 'yes' }, 400, 'InvalidParameter', 'IncludeRule'],
    ['DescribeVServerGroups', { ...LB, IncludeListener: '1' }, 400, 'InvalidParameter', 'IncludeListener'],
    ['DescribeVServerGroupAttribute', {}, 400, 'MissingParameter', 'VServerGroupId'],
    ['DescribeVServerGroupAttribute', { VServerGroupId: 'rsp-nope' }, 404, 'InvalidParameter', 'rsp-nope'],
    ['DescribeVServerGroupAttribute', { VServerGroupId: 'rsp-api', RegionId: 'Mars 1' }, 400, 'InvalidParameter', 'RegionId'],
  ];
  it.each(cases)('%s %j → %i %s', (action, params, status, code, named) => {
    const response = call(action, params);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ Code: code, Message: expect.stringContaining(named), RequestId: expect.any(String) });
  });
});
