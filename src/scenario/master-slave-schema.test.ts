import { describe, expect, it } from 'vitest';
import { validateScenario } from './validate';

const PAIR = {
  MasterSlaveServerGroupId: 'rsp-pair',
  MasterSlaveBackendServers: [
    { ServerId: 'i-a1', Port: 8080, ServerType: 'Master' },
    { ServerId: 'i-b2', Port: 9090, ServerType: 'Slave' },
  ],
};

/** Two instances, one load balancer with a TCP listener on the pair. `patch` replaces parts of the load balancer. */
function scenario(patch: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    version: 6,
    ecsInstances: [
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
    ],
    loadBalancers: [
      {
        listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, MasterSlaveServerGroupId: 'rsp-pair' }],
        masterSlaveServerGroups: [PAIR],
        ...patch,
      },
    ],
  };
}

const servers = (...list: Record<string, unknown>[]) => ({ masterSlaveServerGroups: [{ ...PAIR, MasterSlaveBackendServers: list }] });
const A = { ServerId: 'i-a1', Port: 80, ServerType: 'Master' };
const B = { ServerId: 'i-b2', Port: 80, ServerType: 'Slave' };

describe('scenario: master-slave server groups', () => {
  it('a v4 scenario without the field loads, with no groups; one with a TCP and a UDP listener on a group loads with defaults filled', () => {
    const plain = validateScenario({ version: 4 });
    expect(plain.ok && plain.scenario.masterSlaveServerGroups).toEqual([]);
    const result = validateScenario(scenario({ listeners: [{ ListenerProtocol: 'tcp', ListenerPort: 80, MasterSlaveServerGroupId: 'rsp-pair' }, { ListenerProtocol: 'udp', ListenerPort: 53, MasterSlaveServerGroupId: 'rsp-pair' }] }));
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(result.ok && result.scenario.masterSlaveServerGroups[0]).toEqual({
      LoadBalancerId: 'lb-sim0000000001',
      MasterSlaveServerGroupId: 'rsp-pair',
      MasterSlaveServerGroupName: '',
      MasterSlaveBackendServers: [
        { ServerId: 'i-a1', Port: 8080, Weight: 100, ServerType: 'Master' },
        { ServerId: 'i-b2', Port: 9090, Weight: 100, ServerType: 'Slave' },
      ],
    });
  });

  it.each([
    ['one server', servers(A), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers', 'exactly 2 servers'],
    ['three servers', servers(A, B, { ...B, ServerId: 'i-a1', Port: 81 }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers', 'exactly 2 servers'],
    ['two masters (ServerType defaults to Master)', servers(A, { ServerId: 'i-b2', Port: 80 }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers.1.ServerType', 'one Master and one Slave'],
    ['a bad ServerType', servers(A, { ...B, ServerType: 'Backup' }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers.1.ServerType', 'Master'],
    ['an unknown instance', servers(A, { ...B, ServerId: 'i-zz' }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers.1.ServerId', 'no ECS instance i-zz'],
    ['the same instance twice', servers(A, { ...B, ServerId: 'i-a1', Port: 81 }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers.1.ServerId', 'two different ECS instances'],
    ['no Port', servers(A, { ServerId: 'i-b2', ServerType: 'Slave' }), 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveBackendServers.1.Port', ''],
    ['a malformed id', { masterSlaveServerGroups: [{ ...PAIR, MasterSlaveServerGroupId: 'pair' }] }, 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveServerGroupId', 'rsp-'],
    ['an id used twice', { masterSlaveServerGroups: [PAIR, PAIR] }, 'loadBalancers.0.masterSlaveServerGroups.1.MasterSlaveServerGroupId', 'listed twice'],
    ['an id a VServer group has', { vServerGroups: [{ VServerGroupId: 'rsp-pair' }] }, 'loadBalancers.0.masterSlaveServerGroups.0.MasterSlaveServerGroupId', 'share the rsp- ids'],
    ['a listener naming no group', { masterSlaveServerGroups: [] }, 'loadBalancers.0.listeners.0.MasterSlaveServerGroupId', 'no master-slave server group rsp-pair'],
    [
      'an HTTP listener on a group',
      { listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, MasterSlaveServerGroupId: 'rsp-pair' }] },
      'loadBalancers.0.listeners.0.MasterSlaveServerGroupId',
      'only TCP and UDP listeners',
    ],
  ])('refuses %s, naming the field', (_, patch, field, message) => {
    const result = validateScenario(scenario(patch));
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.issues.find((i) => i.field === field);
    expect(issue, JSON.stringify(result.ok ? [] : result.issues)).toBeDefined();
    expect(issue!.message).toContain(message);
  });
});
