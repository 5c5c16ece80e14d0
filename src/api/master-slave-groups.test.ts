import { describe, expect, it } from 'vitest';
import { baseScenario, call, json, LB_ID, ok, plane, refused, type Refusal } from './api-test-helpers';
import type { ControlPlaneState } from './state';

const LB = { LoadBalancerId: LB_ID };
const master = (fields: Record<string, unknown> = {}) => ({ ServerId: 'i-aa', Port: 8080, Weight: 100, ServerType: 'Master', ...fields });
const slave = (fields: Record<string, unknown> = {}) => ({ ServerId: 'i-bb', Port: 9090, Weight: 50, ServerType: 'Slave', ...fields });
const PAIR = json([master(), slave()]);

/** A control plane with one group, rsp-sim0001 (i-aa master, i-bb slave). */
function withGroup(): ControlPlaneState {
  const state = plane();
  ok(state, 'CreateMasterSlaveServerGroup', { ...LB, MasterSlaveServerGroupName: 'pair', MasterSlaveBackendServers: PAIR });
  return state;
}

describe('CreateMasterSlaveServerGroup', () => {
  it('creates the group; both Describe actions show it', () => {
    const state = plane();
    const created = ok(state, 'CreateMasterSlaveServerGroup', {
      ...LB,
      RegionId: 'cn-hangzhou',
      MasterSlaveServerGroupName: 'pair',
      // Numbers as strings, single quotes, as the API's own examples send them.
      MasterSlaveBackendServers: "[{'ServerId':'i-aa','Port':'8080','Weight':'100','ServerType':'Master'},{'ServerId':'i-bb','Port':9090,'Weight':50,'ServerType':'Slave'}]",
    });
    expect(created['MasterSlaveServerGroupId']).toBe('rsp-sim0001');
    expect(created['MasterSlaveBackendServers']).toEqual({
      MasterSlaveBackendServer: [
        { ServerId: 'i-aa', Port: 8080, Weight: 100, Type: 'ecs', ServerType: 'Master', ServerIp: '10.0.0.1' },
        { ServerId: 'i-bb', Port: 9090, Weight: 50, Type: 'ecs', ServerType: 'Slave', ServerIp: '10.0.0.2' },
      ],
    });
    expect(state.scenario.masterSlaveServerGroups).toEqual([
      {
        MasterSlaveServerGroupId: 'rsp-sim0001',
        MasterSlaveServerGroupName: 'pair',
        MasterSlaveBackendServers: [
          { ServerId: 'i-aa', Port: 8080, Weight: 100, ServerType: 'Master' },
          { ServerId: 'i-bb', Port: 9090, Weight: 50, ServerType: 'Slave' },
        ],
        LoadBalancerId: LB_ID,
      },
    ]);
    const attribute = ok(state, 'DescribeMasterSlaveServerGroupAttribute', { MasterSlaveServerGroupId: 'rsp-sim0001' });
    expect(attribute).toMatchObject({ MasterSlaveServerGroupId: 'rsp-sim0001', MasterSlaveServerGroupName: 'pair', LoadBalancerId: LB_ID, MasterSlaveBackendServers: created['MasterSlaveBackendServers'] });
    const list = ok(state, 'DescribeMasterSlaveServerGroups', { ...LB, IncludeListener: 'true' });
    expect(list['MasterSlaveServerGroups']).toEqual({
      MasterSlaveServerGroup: [{ MasterSlaveServerGroupId: 'rsp-sim0001', MasterSlaveServerGroupName: 'pair', CreateTime: state.createTime, AssociatedObjects: { Listeners: { Listener: [] } } }],
    });
  });

  it('ids come from the scenario, shared with VServer groups: never the same rsp- id twice', () => {
    const state = withGroup();
    const group = ok(state, 'CreateVServerGroup', { ...LB, VServerGroupName: 'x' });
    expect(group['VServerGroupId']).toBe('rsp-sim0002');
    const second = ok(state, 'CreateMasterSlaveServerGroup', { ...LB, MasterSlaveBackendServers: PAIR });
    expect(second['MasterSlaveServerGroupId']).toBe('rsp-sim0003');
  });

  it('ServerType defaults to Master, as in the API', () => {
    const state = plane();
    ok(state, 'CreateMasterSlaveServerGroup', { ...LB, MasterSlaveBackendServers: json([{ ServerId: 'i-aa', Port: 80 }, slave()]) });
    expect(state.scenario.masterSlaveServerGroups[0]!.MasterSlaveBackendServers[0]!.ServerType).toBe('Master');
  });

  const cases: [string, Record<string, string | undefined>, Refusal][] = [
    ['missing LoadBalancerId', { MasterSlaveBackendServers: PAIR }, { status: 400, code: 'MissingParameter', mentions: ['LoadBalancerId'] }],
    ['unknown LoadBalancerId', { LoadBalancerId: 'lb-nothere', MasterSlaveBackendServers: PAIR }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-nothere'] }],
    ['missing servers', { ...LB }, { status: 400, code: 'MissingParameter', mentions: ['MasterSlaveBackendServers'] }],
    ['servers not JSON', { ...LB, MasterSlaveBackendServers: '[{' }, { status: 400, code: 'BackendServersMalformed', mentions: ['MasterSlaveBackendServers'] }],
    ['servers not a list', { ...LB, MasterSlaveBackendServers: json(master()) }, { status: 400, code: 'BackendServersMalformed', mentions: ['MasterSlaveBackendServers', 'JSON list'] }],
    ['an unknown field', { ...LB, MasterSlaveBackendServers: json([master({ weight: 1 }), slave()]) }, { status: 400, code: 'BackendServersMalformed', mentions: ['unknown field "weight"'] }],
    ['one server', { ...LB, MasterSlaveBackendServers: json([master()]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers', 'exactly 2', 'got 1'] }],
    ['three servers', { ...LB, MasterSlaveBackendServers: json([master(), slave(), slave({ ServerId: 'i-cc' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers', 'exactly 2', 'got 3'] }],
    ['two masters', { ...LB, MasterSlaveBackendServers: json([master(), slave({ ServerType: 'Master' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[1].ServerType', 'one Master and one Slave'] }],
    ['two slaves', { ...LB, MasterSlaveBackendServers: json([master({ ServerType: 'Slave' }), slave()]) }, { status: 400, code: 'InvalidParameter', mentions: ['one Master and one Slave', 'both servers are Slave'] }],
    ['a bad ServerType', { ...LB, MasterSlaveBackendServers: json([master({ ServerType: 'Backup' }), slave()]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[0].ServerType', 'Master or Slave'] }],
    ['the same instance twice', { ...LB, MasterSlaveBackendServers: json([master(), slave({ ServerId: 'i-aa' })]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[1].ServerId', 'two different ECS instances'] }],
    ['an unknown ServerId', { ...LB, MasterSlaveBackendServers: json([master({ ServerId: 'i-zz' }), slave()]) }, { status: 404, code: 'InvalidServerId.NotFound', mentions: ['i-zz'] }],
    ['no Port', { ...LB, MasterSlaveBackendServers: json([{ ServerId: 'i-aa', ServerType: 'Master' }, slave()]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[0].Port'] }],
    ['a port out of range', { ...LB, MasterSlaveBackendServers: json([master({ Port: 65536 }), slave()]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[0].Port', '65535'] }],
    ['a weight out of range', { ...LB, MasterSlaveBackendServers: json([master({ Weight: 101 }), slave()]) }, { status: 400, code: 'InvalidWeight.Malformed', mentions: ['MasterSlaveBackendServers[0].Weight'] }],
    ['an eni', { ...LB, MasterSlaveBackendServers: json([master({ Type: 'eni', ServerIp: '10.0.0.1' }), slave()]) }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveBackendServers[0].Type', 'ECS instances'] }],
    ['a name too long', { ...LB, MasterSlaveServerGroupName: 'x'.repeat(81), MasterSlaveBackendServers: PAIR }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroupName', '80'] }],
  ];
  it.each(cases)('refuses %s, leaving the state as it was', (_, params, refusal) => {
    refused(plane(), 'CreateMasterSlaveServerGroup', params, refusal);
  });
});

describe('Describe and Delete', () => {
  it('an unknown group is the 404 the API answers for unknown groups; a missing id is MissingParameter', () => {
    const state = withGroup();
    refused(state, 'DescribeMasterSlaveServerGroupAttribute', { MasterSlaveServerGroupId: 'rsp-nothere' }, { status: 404, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroupId', 'rsp-nothere'] });
    refused(state, 'DescribeMasterSlaveServerGroupAttribute', { MasterSlaveServerGroupId: 'rsp-sim0001', RegionId: 'eu-central-1' }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-sim0001'] });
    refused(state, 'DeleteMasterSlaveServerGroup', {}, { status: 400, code: 'MissingParameter', mentions: ['MasterSlaveServerGroupId'] });
    refused(state, 'DescribeMasterSlaveServerGroups', { ...LB, IncludeListener: 'yes' }, { status: 400, code: 'InvalidParameter', mentions: ['IncludeListener'] });
  });

  it('Delete removes an unused group; refuses one a listener uses (RspoolVipExist) until the listener leaves it', () => {
    const state = withGroup();
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '22', MasterSlaveServerGroupId: 'rsp-sim0001' });
    const list = ok(state, 'DescribeMasterSlaveServerGroups', { ...LB, IncludeListener: 'true' });
    expect(list['MasterSlaveServerGroups']).toMatchObject({ MasterSlaveServerGroup: [{ AssociatedObjects: { Listeners: { Listener: [{ Port: 22, Protocol: 'tcp' }] } } }] });
    refused(state, 'DeleteMasterSlaveServerGroup', { MasterSlaveServerGroupId: 'rsp-sim0001' }, { status: 400, code: 'RspoolVipExist', mentions: ['port 22', 'rsp-sim0001'] });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '22', MasterSlaveServerGroup: 'off' });
    expect(state.scenario.listeners.find((l) => l.ListenerPort === 22)!.MasterSlaveServerGroupId).toBeUndefined();
    ok(state, 'DeleteMasterSlaveServerGroup', { MasterSlaveServerGroupId: 'rsp-sim0001' });
    expect(state.scenario.masterSlaveServerGroups).toEqual([]);
  });
});

describe('listeners on a master-slave group', () => {
  it('Create TCP and UDP listeners on a group (BackendServerPort not needed); Describe shows the group; health status lists the pair', () => {
    const state = withGroup();
    ok(state, 'CreateLoadBalancerTCPListener', { ...LB, ListenerPort: '5000', Bandwidth: '-1', MasterSlaveServerGroupId: 'rsp-sim0001' });
    ok(state, 'CreateLoadBalancerUDPListener', { ...LB, ListenerPort: '5001', Bandwidth: '-1', MasterSlaveServerGroupId: 'rsp-sim0001' });
    const attribute = ok(state, 'DescribeLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '5000' });
    expect(attribute['MasterSlaveServerGroupId']).toBe('rsp-sim0001');
    const health = ok(state, 'DescribeHealthStatus', { ...LB, ListenerPort: '5001' });
    expect((health['BackendServers'] as { BackendServer: { ServerId: string; Port: number }[] }).BackendServer.map((s) => `${s.ServerId}:${s.Port}`)).toEqual(['i-aa:8080', 'i-bb:9090']);
  });

  const listenerCases: [string, string, Record<string, string>, Refusal][] = [
    ['an unknown group', 'CreateLoadBalancerTCPListener', { ListenerPort: '5000', Bandwidth: '-1', MasterSlaveServerGroupId: 'rsp-nothere' }, { status: 404, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroupId', 'rsp-nothere'] }],
    ['an HTTP listener', 'CreateLoadBalancerHTTPListener', { ListenerPort: '5000', HealthCheck: 'on', StickySession: 'off', BackendServerPort: '80', MasterSlaveServerGroupId: 'rsp-sim0001' }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroupId', 'TCP/UDP'] }],
    ['an HTTPS listener', 'SetLoadBalancerHTTPSListenerAttribute', { ListenerPort: '443', MasterSlaveServerGroupId: 'rsp-sim0001' }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroupId', 'HTTPS'] }],
    ['with a VServer group', 'SetLoadBalancerTCPListenerAttribute', { ListenerPort: '22', VServerGroupId: 'rsp-api', MasterSlaveServerGroupId: 'rsp-sim0001' }, { status: 400, code: 'InvalidParameter', mentions: ['VServerGroupId'] }],
    ['off with a group', 'SetLoadBalancerTCPListenerAttribute', { ListenerPort: '22', MasterSlaveServerGroup: 'off', MasterSlaveServerGroupId: 'rsp-sim0001' }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroup', 'leave MasterSlaveServerGroupId out'] }],
    ['on without a group', 'SetLoadBalancerTCPListenerAttribute', { ListenerPort: '22', MasterSlaveServerGroup: 'on' }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroup', 'needs MasterSlaveServerGroupId'] }],
    ['a bad switch', 'SetLoadBalancerTCPListenerAttribute', { ListenerPort: '22', MasterSlaveServerGroup: 'yes' }, { status: 400, code: 'InvalidParameter', mentions: ['MasterSlaveServerGroup', 'on, off'] }],
  ];
  it.each(listenerCases)('refuses %s, leaving the state as it was', (_, action, params, refusal) => {
    refused(withGroup(), action, { ...LB, ...params }, refusal);
  });

  it('MasterSlaveServerGroup off on a listener without a group changes nothing and commits nothing', () => {
    const state = withGroup();
    const before = state.scenario;
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '22', MasterSlaveServerGroup: 'off' });
    expect(state.scenario).toBe(before);
  });

  it('the scenario rules still apply when a call gets past the action checks', () => {
    // A hand-made scenario with a group of two masters is refused when loaded.
    expect(() =>
      plane(
        baseScenario({
          masterSlaveServerGroups: [{ MasterSlaveServerGroupId: 'rsp-x', MasterSlaveBackendServers: [master(), slave({ ServerType: 'Master' })] as never }],
        }),
      ),
    ).toThrow(/one Master and one Slave/);
    expect(call(plane(), 'DescribeMasterSlaveServerGroups', { ...LB }).body['MasterSlaveServerGroups']).toEqual({ MasterSlaveServerGroup: [] });
  });
});
