import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { replayJournal } from '../run/journal-replay';
import { MAX_LOAD_BALANCERS, type JournalEntry, type ScenarioInput } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { nextAddress, nextLoadBalancerId } from './actions/load-balancer-writes';
import { baseScenario, call, json, LB_ID, ok, plane, refused, type Refusal } from './api-test-helpers';
import { createControlPlane, type CommittedChange, type ControlPlaneState } from './state';

/**
 * Several load balancers in one scenario (one region): CreateLoadBalancer and DeleteLoadBalancer,
 * and every other action scoped to the instance its LoadBalancerId names.
 */

const A = 'lb-aaaa0001';
const B = 'lb-bbbb0001';

/** Two instances with a TCP listener on port 80 each, the same ECS instance attached to both with different weights, a VServer group and a master-slave group each. */
const TWO: ScenarioInput = {
  name: 'two',
  loadBalancers: [
    {
      LoadBalancerId: A,
      LoadBalancerName: 'front-a',
      Address: '47.100.10.10',
      listeners: [
        { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 80 },
        { ListenerProtocol: 'http', ListenerPort: 8080, BackendServerPort: 8080 },
      ],
      backendServers: [
        { ServerId: 'i-aa', Weight: 100 },
        { ServerId: 'i-bb', Weight: 100 },
      ],
      vServerGroups: [{ VServerGroupId: 'rsp-a', VServerGroupName: 'a', BackendServers: [{ ServerId: 'i-aa', Port: 8080, Weight: 100 }] }],
      masterSlaveServerGroups: [
        {
          MasterSlaveServerGroupId: 'rsp-msa',
          MasterSlaveBackendServers: [
            { ServerId: 'i-aa', Port: 80, ServerType: 'Master' },
            { ServerId: 'i-bb', Port: 80, ServerType: 'Slave' },
          ],
        },
      ],
    },
    {
      LoadBalancerId: B,
      LoadBalancerName: 'front-b',
      Address: '47.100.10.20',
      AddressType: 'internet',
      listeners: [
        { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 80 },
        { ListenerProtocol: 'http', ListenerPort: 8080, BackendServerPort: 8080 },
      ],
      backendServers: [{ ServerId: 'i-aa', Weight: 30 }],
      vServerGroups: [{ VServerGroupId: 'rsp-b', VServerGroupName: 'b', BackendServers: [{ ServerId: 'i-cc', Port: 9000, Weight: 50 }] }],
    },
  ],
  ecsInstances: [
    { ServerId: 'i-aa', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-bb', PrivateIp: '10.0.0.2' },
    { ServerId: 'i-cc', PrivateIp: '10.0.0.3' },
  ],
  clients: [{ id: 'clients-80', LoadBalancerId: A, ListenerPort: 80 }],
};

const two = (): ControlPlaneState => plane(TWO);
const missing = (name: string): Refusal => ({ status: 400, code: 'MissingParameter', mentions: [name] });
const invalid = (name: string, ...more: string[]): Refusal => ({ status: 400, code: 'InvalidParameter', mentions: [name, ...more] });

/** `path` (dotted) of a response body. */
function at(body: Record<string, unknown>, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], body);
}
const ids = (list: unknown, field: string): unknown[] => (list as Record<string, unknown>[]).map((item) => item[field]);

/** With `n` load balancers (the base instance and n − 1 more). */
function withInstances(n: number): ScenarioInput {
  return {
    loadBalancers: Array.from({ length: n }, (_, i) => ({ LoadBalancerId: `lb-quota${String(i).padStart(4, '0')}`, Address: `47.100.20.${i + 1}` })),
  };
}

describe('CreateLoadBalancer refuses', () => {
  const REGION = { RegionId: 'cn-hangzhou' };
  const rows: [string, Record<string, string>, Refusal][] = [
    ['no RegionId', {}, missing('RegionId')],
    ['an empty RegionId', { RegionId: '' }, missing('RegionId')],
    ['a malformed RegionId', { RegionId: 'Hangzhou' }, invalid('RegionId')],
    ['another region', { RegionId: 'cn-beijing' }, { status: 404, code: 'InvalidRegionId.NotFound', mentions: ['cn-beijing', 'cn-hangzhou'] }],
    ['an unknown AddressType', { ...REGION, AddressType: 'public' }, invalid('AddressType', 'internet, intranet')],
    ['an unknown InternetChargeType', { ...REGION, InternetChargeType: 'paybyhour' }, invalid('InternetChargeType', 'paybytraffic, paybybandwidth')],
    ['an intranet instance billed by bandwidth', { ...REGION, AddressType: 'intranet', InternetChargeType: 'paybybandwidth', Bandwidth: '10' }, invalid('InternetChargeType', 'intranet')],
    ['paybybandwidth without a Bandwidth', { ...REGION, InternetChargeType: 'paybybandwidth' }, missing('Bandwidth')],
    ['Bandwidth 0', { ...REGION, Bandwidth: '0' }, invalid('Bandwidth', '1 to 5120')],
    ['Bandwidth 5121', { ...REGION, Bandwidth: '5121' }, invalid('Bandwidth', '1 to 5120')],
    ['Bandwidth text', { ...REGION, Bandwidth: 'ten' }, invalid('Bandwidth')],
    ['an unknown spec', { ...REGION, LoadBalancerSpec: 'slb.s4.small' }, invalid('LoadBalancerSpec', 'slb.s1.small')],
    ['a name starting with a digit', { ...REGION, LoadBalancerName: '1web' }, invalid('LoadBalancerName', 'start with a letter')],
    ['a name of 81 characters', { ...REGION, LoadBalancerName: `a${'b'.repeat(80)}` }, invalid('LoadBalancerName')],
    ['a zone of another region', { ...REGION, MasterZoneId: 'cn-beijing-a' }, invalid('MasterZoneId', 'cn-hangzhou')],
    ['a malformed zone', { ...REGION, MasterZoneId: 'cn-hangzhou-', SlaveZoneId: 'cn-hangzhou-i' }, invalid('MasterZoneId')],
    ['a SlaveZoneId without MasterZoneId', { ...REGION, SlaveZoneId: 'cn-hangzhou-i' }, missing('MasterZoneId')],
    ['the same zone twice', { ...REGION, MasterZoneId: 'cn-hangzhou-h', SlaveZoneId: 'cn-hangzhou-h' }, invalid('SlaveZoneId', 'another zone')],
    ['ipv6', { ...REGION, AddressIPVersion: 'ipv6' }, invalid('AddressIPVersion', 'ipv4')],
    ['a subscription', { ...REGION, PayType: 'PrePay' }, invalid('PayType', 'PayOnDemand')],
    ['a malformed VpcId', { ...REGION, VpcId: 'vpc_1' }, invalid('VpcId', 'vpc-')],
    ['a malformed VSwitchId', { ...REGION, VSwitchId: 'vpc-1' }, invalid('VSwitchId', 'vsw-')],
    ['an Address for an internet instance', { ...REGION, Address: '47.100.99.1' }, invalid('Address', 'intranet')],
    ['a malformed Address', { ...REGION, AddressType: 'intranet', Address: '10.0.0.300' }, invalid('Address', 'IPv4')],
    ['an Address an ECS instance has', { ...REGION, AddressType: 'intranet', Address: '10.0.0.1' }, invalid('Address', 'already used')],
    ['an unknown DeleteProtection', { ...REGION, DeleteProtection: 'yes' }, invalid('DeleteProtection', 'on, off')],
    ['a reason without ConsoleProtection', { ...REGION, ModificationProtectionReason: 'managed' }, invalid('ModificationProtectionReason', 'ConsoleProtection')],
  ];
  it.each(rows)('%s', (_label, params, refusal) => {
    const state = plane();
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    refused(state, 'CreateLoadBalancer', params, refusal);
    expect(changes).toEqual([]);
  });

  it(`a ${MAX_LOAD_BALANCERS + 1}st instance: OverQuota, after the parameters are checked`, () => {
    const state = plane(withInstances(MAX_LOAD_BALANCERS));
    refused(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou', AddressType: 'public' }, invalid('AddressType'));
    refused(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' }, { status: 400, code: 'OverQuota', mentions: [String(MAX_LOAD_BALANCERS)] });
    const below = plane(withInstances(MAX_LOAD_BALANCERS - 1));
    ok(below, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' });
    expect(below.scenario.loadBalancers).toHaveLength(MAX_LOAD_BALANCERS);
  });
});

describe('CreateLoadBalancer', () => {
  it('creates an active, empty instance with a fresh id and public address; the response has the API fields', () => {
    const state = plane();
    const before = state.scenario;
    const created = ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' });
    expect(created).toEqual({
      RequestId: expect.any(String) as string,
      LoadBalancerId: 'lb-sim0000000001',
      LoadBalancerName: 'lb-sim0000000001',
      Address: '47.100.10.11',
      AddressIPVersion: 'ipv4',
      NetworkType: 'vpc',
      VpcId: '',
      VSwitchId: '',
    });
    expect(before.loadBalancers).toHaveLength(1);
    const attribute = ok(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-sim0000000001' });
    expect(attribute).toMatchObject({
      LoadBalancerStatus: 'active',
      AddressType: 'internet',
      InternetChargeType: 'paybytraffic',
      LoadBalancerSpec: 'slb.s1.small',
      MasterZoneId: 'cn-hangzhou-h',
      SlaveZoneId: 'cn-hangzhou-i',
      DeleteProtection: 'off',
      ListenerPorts: { ListenerPort: [] },
      BackendServers: { BackendServer: [] },
    });
    expect(at(ok(state, 'DescribeLoadBalancers', {}), 'TotalCount')).toBe(2);
  });

  it('takes every parameter it documents', () => {
    const state = plane();
    const created = ok(state, 'CreateLoadBalancer', {
      RegionId: 'cn-hangzhou',
      AddressType: 'intranet',
      Address: '172.16.5.5',
      LoadBalancerName: 'inner-1',
      LoadBalancerSpec: 'slb.s3.large',
      MasterZoneId: 'cn-hangzhou-i',
      SlaveZoneId: 'cn-hangzhou-j',
      Bandwidth: '200',
      VpcId: 'vpc-sim1',
      VSwitchId: 'vsw-sim1',
      AddressIPVersion: 'ipv4',
      PayType: 'PayOnDemand',
      DeleteProtection: 'on',
      ModificationProtectionStatus: 'ConsoleProtection',
      ModificationProtectionReason: 'managed',
    });
    expect(created).toMatchObject({ Address: '172.16.5.5', LoadBalancerName: 'inner-1', VpcId: 'vpc-sim1', VSwitchId: 'vsw-sim1' });
    expect(ok(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: created['LoadBalancerId'] as string })).toMatchObject({
      AddressType: 'intranet',
      LoadBalancerSpec: 'slb.s3.large',
      MasterZoneId: 'cn-hangzhou-i',
      SlaveZoneId: 'cn-hangzhou-j',
      Bandwidth: 200,
      DeleteProtection: 'on',
      ModificationProtectionStatus: 'ConsoleProtection',
      ModificationProtectionReason: 'managed',
    });
  });

  it('gives intranet instances private addresses and every instance its own id and address', () => {
    const state = plane();
    const made = [
      ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou', AddressType: 'intranet' }),
      ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou', AddressType: 'intranet' }),
      ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' }),
    ];
    expect(made.map((m) => [m['LoadBalancerId'], m['Address']])).toEqual([
      ['lb-sim0000000001', '172.16.0.10'],
      ['lb-sim0000000002', '172.16.0.11'],
      ['lb-sim0000000003', '47.100.10.11'],
    ]);
  });

  it('allocates from the state alone: past the highest lb-sim id, around every address in use', () => {
    const scenario = parseScenario({
      loadBalancers: [
        { LoadBalancerId: 'lb-sim0000000007', Address: '47.100.10.11' },
        { LoadBalancerId: 'lb-sim0000000002', Address: '47.100.10.10', AddressType: 'intranet' },
      ],
      ecsInstances: [{ ServerId: 'i-aa', PrivateIp: '172.16.0.10', publicIp: '47.100.10.12' }],
    });
    expect(nextLoadBalancerId(scenario)).toBe('lb-sim0000000008');
    expect(nextAddress(scenario, 'internet')).toBe('47.100.10.13');
    expect(nextAddress(scenario, 'intranet')).toBe('172.16.0.11');
  });

  it('replaying the journal creates the same instance, so later entries that name it replay too', () => {
    const state = plane();
    const initial = state.scenario;
    const journal: JournalEntry[] = [];
    state.onCommit = (change) => journal.push({ atUs: journal.length, source: 'api', action: change.action, params: change.params });
    const id = ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou', AddressType: 'intranet' })['LoadBalancerId'] as string;
    ok(state, 'CreateLoadBalancerTCPListener', { LoadBalancerId: id, ListenerPort: '80', BackendServerPort: '80', Bandwidth: '-1' });
    ok(state, 'AddBackendServers', { LoadBalancerId: id, BackendServers: json([{ ServerId: 'i-aa', Weight: 7 }]) });
    const snapshots = replayJournal(initial, journal);
    expect(snapshots.at(-1)).toEqual(state.scenario);
  });
});

describe('DeleteLoadBalancer', () => {
  it('removes the instance with its listeners, attachments, groups and populations; the other instance and the region are untouched', () => {
    const state = two();
    const other = (s: ControlPlaneState) => ({
      lb: s.scenario.loadBalancers.filter((l) => l.LoadBalancerId === A),
      listeners: s.scenario.listeners.filter((l) => l.LoadBalancerId === A),
      backendServers: s.scenario.backendServers.filter((l) => l.LoadBalancerId === A),
      vServerGroups: s.scenario.vServerGroups.filter((l) => l.LoadBalancerId === A),
      masterSlaveServerGroups: s.scenario.masterSlaveServerGroups.filter((l) => l.LoadBalancerId === A),
      clients: s.scenario.clients.filter((l) => l.LoadBalancerId === A),
    });
    ok(state, 'SimSetClientPopulation', { LoadBalancerId: B, ListenerPort: '80', ConnectionsPerSecond: '5' });
    const before = other(state);
    const ecs = state.scenario.ecsInstances;
    ok(state, 'DeleteLoadBalancer', { LoadBalancerId: B });
    expect(state.scenario.loadBalancers.map((l) => l.LoadBalancerId)).toEqual([A]);
    for (const list of ['listeners', 'backendServers', 'vServerGroups', 'masterSlaveServerGroups', 'clients'] as const) {
      expect(state.scenario[list].every((item) => item.LoadBalancerId === A), list).toBe(true);
    }
    expect(other(state)).toEqual(before);
    expect(state.scenario.ecsInstances).toEqual(ecs);
    refused(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: B }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: [B] });
    refused(state, 'DescribeVServerGroupAttribute', { VServerGroupId: 'rsp-b' }, { status: 404, code: 'InvalidParameter', mentions: ['rsp-b'] });
  });

  it('refuses with DeleteProtection on, for the last instance, and for an unknown one; the state stays', () => {
    const state = two();
    ok(state, 'SetLoadBalancerDeleteProtection', { LoadBalancerId: B, DeleteProtection: 'on' });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: B }, { status: 400, code: 'OperationDenied.DeleteProtectionIsOn', mentions: ['DeleteProtection'] });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-none0001' }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-none0001'] });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: A, RegionId: 'cn-beijing' }, { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: [A] });
    ok(state, 'DeleteLoadBalancer', { LoadBalancerId: A });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: B }, { status: 400, code: 'OperationDenied.DeleteProtectionIsOn', mentions: [] });
    ok(state, 'SetLoadBalancerDeleteProtection', { LoadBalancerId: B, DeleteProtection: 'off' });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: B }, { status: 400, code: 'OperationDenied', mentions: ['last load balancer', B] });
  });

  it('a deleted instance may be created again: the id of the newest one is allocated again (the state alone decides)', () => {
    const state = plane();
    const id = ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' })['LoadBalancerId'];
    ok(state, 'DeleteLoadBalancer', { LoadBalancerId: id as string });
    expect(ok(state, 'CreateLoadBalancer', { RegionId: 'cn-hangzhou' })['LoadBalancerId']).toBe(id);
    expect(state.scenario.loadBalancers.map((l) => l.LoadBalancerId)).toEqual([LB_ID, id]);
  });
});

describe('every action is scoped to its instance', () => {
  it('two instances may listen on the same port; a third listener on it is refused per instance only', () => {
    const state = two();
    refused(state, 'CreateLoadBalancerTCPListener', { LoadBalancerId: B, ListenerPort: '80', BackendServerPort: '80', Bandwidth: '-1' }, { status: 400, code: 'ListenerAlreadyExists', mentions: ['80'] });
    ok(state, 'CreateLoadBalancerUDPListener', { LoadBalancerId: B, ListenerPort: '53', BackendServerPort: '53', Bandwidth: '-1' });
    ok(state, 'CreateLoadBalancerUDPListener', { LoadBalancerId: A, ListenerPort: '53', BackendServerPort: '53', Bandwidth: '-1' });
    ok(state, 'StartLoadBalancerListener', { LoadBalancerId: B, ListenerPort: '53' });
    expect(ok(state, 'DescribeLoadBalancerUDPListenerAttribute', { LoadBalancerId: A, ListenerPort: '53' })['Status']).toBe('stopped');
    expect(ok(state, 'DescribeLoadBalancerUDPListenerAttribute', { LoadBalancerId: B, ListenerPort: '53' })['Status']).toBe('running');
    ok(state, 'DeleteLoadBalancerListener', { LoadBalancerId: A, ListenerPort: '53' });
    expect(at(ok(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: A }), 'ListenerPorts.ListenerPort')).toEqual([80, 8080]);
    expect(at(ok(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: B }), 'ListenerPorts.ListenerPort')).toEqual([80, 8080, 53]);
  });

  it('deleting a listener removes only its own instance\'s populations on that port', () => {
    const state = two();
    ok(state, 'SimSetClientPopulation', { LoadBalancerId: B, ListenerPort: '80', ConnectionsPerSecond: '5' });
    ok(state, 'DeleteLoadBalancerListener', { LoadBalancerId: B, ListenerPort: '80' });
    expect(state.scenario.clients.map((c) => [c.id, c.LoadBalancerId])).toEqual([['clients-80', A]]);
  });

  it('the same ECS instance is attached to both with its own weight in each', () => {
    const state = two();
    const weights = (id: string) => at(ok(state, 'DescribeLoadBalancerAttribute', { LoadBalancerId: id }), 'BackendServers.BackendServer');
    expect(weights(A)).toMatchObject([{ ServerId: 'i-aa', Weight: 100 }, { ServerId: 'i-bb', Weight: 100 }]);
    expect(weights(B)).toMatchObject([{ ServerId: 'i-aa', Weight: 30 }]);
    ok(state, 'SetBackendServers', { LoadBalancerId: A, BackendServers: json([{ ServerId: 'i-aa', Weight: 5 }]) });
    expect(weights(B)).toMatchObject([{ ServerId: 'i-aa', Weight: 30 }]);
    const added = ok(state, 'AddBackendServers', { LoadBalancerId: B, BackendServers: json([{ ServerId: 'i-bb', Weight: 60 }]) });
    expect(added).toMatchObject({ LoadBalancerId: B, BackendServers: { BackendServer: [{ ServerId: 'i-aa', Weight: 30 }, { ServerId: 'i-bb', Weight: 60 }] } });
    refused(state, 'AddBackendServers', { LoadBalancerId: B, BackendServers: json([{ ServerId: 'i-aa' }]) }, invalid('BackendServers', 'i-aa', B));
    refused(state, 'SetBackendServers', { LoadBalancerId: B, BackendServers: json([{ ServerId: 'i-cc', Weight: 1 }]) }, { status: 400, code: 'InvalidServerId.NotFound', mentions: ['i-cc', B] });
    ok(state, 'RemoveBackendServers', { LoadBalancerId: B, BackendServers: json(['i-aa']) });
    expect(weights(A)).toMatchObject([{ ServerId: 'i-aa', Weight: 5 }, { ServerId: 'i-bb', Weight: 100 }]);
    expect(weights(B)).toMatchObject([{ ServerId: 'i-bb', Weight: 60 }]);
  });

  it('a listener or rule of one instance cannot use the other\'s VServer or master-slave group', () => {
    const state = two();
    const foreign = (id: string, owner: string): Refusal => ({ status: 404, code: 'InvalidParameter', mentions: [id, owner] });
    refused(state, 'CreateLoadBalancerHTTPListener', { LoadBalancerId: B, ListenerPort: '81', VServerGroupId: 'rsp-a', HealthCheck: 'off', StickySession: 'off', Bandwidth: '-1' }, foreign('rsp-a', A));
    refused(state, 'SetLoadBalancerHTTPListenerAttribute', { LoadBalancerId: B, ListenerPort: '8080', VServerGroupId: 'rsp-a' }, foreign('rsp-a', A));
    refused(state, 'CreateRules', { LoadBalancerId: B, ListenerPort: '8080', RuleList: json([{ RuleName: 'x', Url: '/x', VServerGroupId: 'rsp-a' }]) }, foreign('rsp-a', A));
    refused(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: B, ListenerPort: '80', MasterSlaveServerGroupId: 'rsp-msa' }, foreign('rsp-msa', A));
    ok(state, 'SetLoadBalancerHTTPListenerAttribute', { LoadBalancerId: B, ListenerPort: '8080', VServerGroupId: 'rsp-b' });
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { LoadBalancerId: A, ListenerPort: '80', MasterSlaveServerGroupId: 'rsp-msa' });
    const rule = ok(state, 'CreateRules', { LoadBalancerId: B, ListenerPort: '8080', RuleList: json([{ RuleName: 'x', Url: '/x', VServerGroupId: 'rsp-b' }]) });
    const ruleId = at(rule, 'Rules.Rule.0.RuleId') as string;
    refused(state, 'SetRule', { RuleId: ruleId, VServerGroupId: 'rsp-a' }, foreign('rsp-a', A));
    expect(ok(state, 'DescribeRuleAttribute', { RuleId: ruleId })['LoadBalancerId']).toBe(B);
  });

  it('new groups belong to the instance they were created on; Describe lists each instance\'s own', () => {
    const state = two();
    const created = ok(state, 'CreateVServerGroup', { LoadBalancerId: B, VServerGroupName: 'new', BackendServers: json([{ ServerId: 'i-aa', Port: 81 }]) });
    expect(ok(state, 'DescribeVServerGroupAttribute', { VServerGroupId: created['VServerGroupId'] as string })['LoadBalancerId']).toBe(B);
    expect(ids(at(ok(state, 'DescribeVServerGroups', { LoadBalancerId: A }), 'VServerGroups.VServerGroup'), 'VServerGroupId')).toEqual(['rsp-a']);
    expect(ids(at(ok(state, 'DescribeVServerGroups', { LoadBalancerId: B }), 'VServerGroups.VServerGroup'), 'VServerGroupId')).toEqual(['rsp-b', created['VServerGroupId']]);
    const pair = ok(state, 'CreateMasterSlaveServerGroup', {
      LoadBalancerId: B,
      MasterSlaveBackendServers: json([
        { ServerId: 'i-aa', Port: 80, ServerType: 'Master' },
        { ServerId: 'i-cc', Port: 80, ServerType: 'Slave' },
      ]),
    });
    expect(ok(state, 'DescribeMasterSlaveServerGroupAttribute', { MasterSlaveServerGroupId: pair['MasterSlaveServerGroupId'] as string })['LoadBalancerId']).toBe(B);
    expect(ids(at(ok(state, 'DescribeMasterSlaveServerGroups', { LoadBalancerId: A }), 'MasterSlaveServerGroups.MasterSlaveServerGroup'), 'MasterSlaveServerGroupId')).toEqual(['rsp-msa']);
    expect(ids(at(ok(state, 'DescribeMasterSlaveServerGroups', { LoadBalancerId: B }), 'MasterSlaveServerGroups.MasterSlaveServerGroup'), 'MasterSlaveServerGroupId')).toEqual([pair['MasterSlaveServerGroupId']]);
  });

  it('DescribeHealthStatus lists the instance\'s own servers', () => {
    const state = two();
    const servers = (id: string) => ids(at(ok(state, 'DescribeHealthStatus', { LoadBalancerId: id, ListenerPort: '80' }), 'BackendServers.BackendServer'), 'ServerId');
    expect(servers(A)).toEqual(['i-aa', 'i-bb']);
    expect(servers(B)).toEqual(['i-aa']);
  });

  it('DescribeLoadBalancers lists every instance and filters them; DescribeLoadBalancerListeners scopes by LoadBalancerId.N', () => {
    const state = two();
    const listed = (params: Record<string, string>) => ids(at(ok(state, 'DescribeLoadBalancers', params), 'LoadBalancers.LoadBalancer'), 'LoadBalancerId');
    expect(listed({})).toEqual([A, B]);
    expect(listed({ LoadBalancerId: `${B},lb-none0001` })).toEqual([B]);
    expect(listed({ Address: '47.100.10.10' })).toEqual([A]);
    expect(listed({ LoadBalancerName: 'front-b' })).toEqual([B]);
    expect(listed({ RegionId: 'cn-beijing' })).toEqual([]);
    const listeners = (params: Record<string, string>) => (at(ok(state, 'DescribeLoadBalancerListeners', params), 'Listeners') as Record<string, unknown>[]).map((l) => `${String(l['LoadBalancerId'])}:${String(l['ListenerPort'])}`);
    expect(listeners({})).toEqual([`${A}:80`, `${A}:8080`, `${B}:80`, `${B}:8080`]);
    expect(listeners({ 'LoadBalancerId.1': B })).toEqual([`${B}:80`, `${B}:8080`]);
  });

  it('client populations belong to an instance; ids stay unique in the region', () => {
    const state = two();
    const created = ok(state, 'SimSetClientPopulation', { LoadBalancerId: B, ListenerPort: '80', ConnectionsPerSecond: '5' });
    expect(created).toMatchObject({ PopulationId: `clients-${B}-80`, Created: true });
    expect(ids(at(ok(state, 'SimDescribeClientPopulations', { LoadBalancerId: A }), 'ClientPopulations.ClientPopulation'), 'PopulationId')).toEqual(['clients-80']);
    expect(ids(at(ok(state, 'SimDescribeClientPopulations', { LoadBalancerId: B }), 'ClientPopulations.ClientPopulation'), 'PopulationId')).toEqual([`clients-${B}-80`]);
    refused(state, 'SimSetClientPopulation', { LoadBalancerId: B, ListenerPort: '80', PopulationId: 'clients-80', ConnectionsPerSecond: '5' }, invalid('PopulationId', A));
    refused(state, 'SimDeleteClientPopulation', { LoadBalancerId: B, PopulationId: 'clients-80' }, { status: 404, code: 'InvalidPopulationId.NotFound', mentions: ['clients-80'] });
    refused(state, 'SimSetClientPopulation', { LoadBalancerId: B, ListenerPort: '81', ConnectionsPerSecond: '5' }, { status: 404, code: 'ListenerNotFound', mentions: ['81', B] });
    expect(state.scenario.clients.find((c) => c.id === `clients-${B}-80`)?.LoadBalancerId).toBe(B);
  });

  it('a listener action on an instance that does not hold the port is ListenerNotFound, whatever the other instance has', () => {
    const state = two();
    ok(state, 'CreateLoadBalancerTCPListener', { LoadBalancerId: A, ListenerPort: '22', BackendServerPort: '22', Bandwidth: '-1' });
    for (const action of ['StartLoadBalancerListener', 'StopLoadBalancerListener', 'DeleteLoadBalancerListener', 'DescribeLoadBalancerTCPListenerAttribute']) {
      refused(state, action, { LoadBalancerId: B, ListenerPort: '22' }, { status: 404, code: 'ListenerNotFound', mentions: ['22', ...(action.startsWith('Describe') ? [] : [B])] });
    }
  });

  it('the base scenario still answers as before (one instance)', () => {
    const state = plane(baseScenario());
    expect(call(state, 'DescribeLoadBalancers', {}).body['TotalCount']).toBe(1);
  });

  it('reads the running simulation per instance: health checks and CloudMonitor\'s instanceId', () => {
    const scenario = parseScenario({
      ...TWO,
      seed: 5,
      cluster: { lvsNodes: 1 },
      clients: [{ id: 'a-clients', LoadBalancerId: A, ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 20 } }],
    });
    const state = createControlPlane(scenario);
    const sim = new Simulation(scenario);
    state.simulation = sim;
    sim.runUntil(30_000_000);
    const health = (id: string) =>
      (at(ok(state, 'DescribeHealthStatus', { LoadBalancerId: id, ListenerPort: '80' }), 'BackendServers.BackendServer') as Record<string, unknown>[]).map((s) => `${String(s['ServerId'])}:${String(s['ServerHealthStatus'])}`);
    expect(health(A)).toEqual(['i-aa:normal', 'i-bb:normal']);
    expect(health(B)).toEqual(['i-aa:normal']);
    const last = (metric: string, dimensions: Record<string, string>[]) =>
      JSON.parse(call(state, 'DescribeMetricLast', { Version: '2019-01-01', Namespace: 'acs_slb_dashboard', MetricName: metric, Period: '5', Dimensions: json(dimensions) }).body['Datapoints'] as string) as Record<string, unknown>[];
    const [a] = last('InstanceNewConnection', [{ instanceId: A }]);
    const [b] = last('InstanceNewConnection', [{ instanceId: B }]);
    expect(a).toMatchObject({ instanceId: A, Average: 20 });
    expect(b).toMatchObject({ instanceId: B, Average: 0 });
    expect(last('NewConnection', [{ instanceId: B, port: '80' }])).toEqual([expect.objectContaining({ instanceId: B, port: '80', vip: '47.100.10.20', Average: 0 })]);
    expect(last('NewConnection', [{ port: '80' }]).map((p) => p['instanceId'])).toEqual([A, B]);
  });
});
