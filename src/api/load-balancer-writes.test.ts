import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/validate';
import { baseScenario, LB_ID, ok, nested, type OneLbInput, plane, type Refusal, refused } from './api-test-helpers';
import { handleRpc } from './router';
import { createControlPlane, type CommittedChange } from './state';

const LB = { LoadBalancerId: LB_ID };

/** The instance as DescribeLoadBalancerAttribute answers it. */
const attribute = (state: ReturnType<typeof plane>): Record<string, unknown> => ok(state, 'DescribeLoadBalancerAttribute', LB);

/** An internet instance billed by bandwidth (100 Mbit/s), listeners holding 30 + 20 of it and one unlimited. */
const withBandwidth = (extra: Partial<OneLbInput['loadBalancer'] & object> = {}): OneLbInput =>
  baseScenario({
    loadBalancer: { LoadBalancerId: LB_ID, InternetChargeType: 'paybybandwidth', Bandwidth: 100, ...extra },
    listeners: [
      { ListenerProtocol: 'tcp', ListenerPort: 22, BackendServerPort: 22, Bandwidth: 30 },
      { ListenerProtocol: 'tcp', ListenerPort: 23, BackendServerPort: 23, Bandwidth: 20 },
      { ListenerProtocol: 'tcp', ListenerPort: 24, BackendServerPort: 24 },
    ],
    vServerGroups: [],
  });

const missing = (name: string): Refusal => ({ status: 400, code: 'MissingParameter', mentions: [name] });
const invalid = (name: string, ...more: string[]): Refusal => ({ status: 400, code: 'InvalidParameter', mentions: [name, ...more] });
const notFound: Refusal = { status: 404, code: 'InvalidLoadBalancerId.NotFound', mentions: ['lb-other0001'] };

type Row = [label: string, params: Record<string, string | undefined>, refusal: Refusal];

/** Per action: rows of parameters the API refuses, with the documented code; the state stays the same object. */
const REFUSALS: Record<string, { input?: OneLbInput; rows: Row[] }> = {
  SetLoadBalancerName: {
    rows: [
      ['no LoadBalancerId', { LoadBalancerId: undefined, LoadBalancerName: 'web' }, missing('LoadBalancerId')],
      ['another instance', { LoadBalancerId: 'lb-other0001', LoadBalancerName: 'web' }, notFound],
      ['another region', { RegionId: 'cn-beijing', LoadBalancerName: 'web' }, { ...notFound, mentions: [LB_ID] }],
      ['no name', { LoadBalancerName: undefined }, missing('LoadBalancerName')],
      ['an empty name', { LoadBalancerName: '' }, missing('LoadBalancerName')],
      ['81 characters', { LoadBalancerName: `a${'b'.repeat(80)}` }, invalid('LoadBalancerName', '1–80')],
      ['starts with a digit', { LoadBalancerName: '1web' }, invalid('LoadBalancerName', 'start with a letter')],
      ['starts with a hyphen', { LoadBalancerName: '-web' }, invalid('LoadBalancerName')],
      ['a space', { LoadBalancerName: 'my web' }, invalid('LoadBalancerName')],
      ['a slash', { LoadBalancerName: 'web/1' }, invalid('LoadBalancerName')],
    ],
  },
  ModifyLoadBalancerInstanceSpec: {
    rows: [
      ['another instance', { LoadBalancerId: 'lb-other0001', LoadBalancerSpec: 'slb.s1.small' }, notFound],
      ['no spec', {}, missing('LoadBalancerSpec')],
      ['an unknown spec', { LoadBalancerSpec: 'slb.s4.small' }, invalid('LoadBalancerSpec', 'slb.s1.small', 'slb.s3.large')],
      ['upper case', { LoadBalancerSpec: 'SLB.S1.SMALL' }, invalid('LoadBalancerSpec')],
    ],
  },
  ModifyLoadBalancerInternetSpec: {
    input: withBandwidth(),
    rows: [
      ['another instance', { LoadBalancerId: 'lb-other0001', Bandwidth: '10' }, notFound],
      ['an unknown charge type', { InternetChargeType: 'paybyhour' }, invalid('InternetChargeType', 'paybytraffic, paybybandwidth')],
      ['bandwidth 0', { Bandwidth: '0' }, invalid('Bandwidth', '1 to 5120')],
      ['bandwidth -1', { Bandwidth: '-1' }, invalid('Bandwidth', '1 to 5120')],
      ['bandwidth 5121', { Bandwidth: '5121' }, invalid('Bandwidth', '1 to 5120')],
      ['bandwidth 1.5', { Bandwidth: '1.5' }, invalid('Bandwidth')],
      ['bandwidth text', { Bandwidth: 'ten' }, invalid('Bandwidth')],
      ['below the listeners\' sum (50)', { Bandwidth: '49' }, invalid('Bandwidth', '50 Mbit/s', '22: 30', '23: 20')],
      ['below the sum, with a charge-type switch', { InternetChargeType: 'paybytraffic', Bandwidth: '10' }, invalid('Bandwidth', '50 Mbit/s')],
    ],
  },
  SetLoadBalancerStatus: {
    rows: [
      ['another instance', { LoadBalancerId: 'lb-other0001', LoadBalancerStatus: 'inactive' }, notFound],
      ['no status', {}, missing('LoadBalancerStatus')],
      ['stopped is a listener\'s word', { LoadBalancerStatus: 'stopped' }, invalid('LoadBalancerStatus', 'active, inactive')],
      ['capitalised', { LoadBalancerStatus: 'Active' }, invalid('LoadBalancerStatus')],
    ],
  },
  SetLoadBalancerDeleteProtection: {
    rows: [
      ['another instance', { LoadBalancerId: 'lb-other0001', DeleteProtection: 'on' }, notFound],
      ['no value', {}, missing('DeleteProtection')],
      ['true is not on', { DeleteProtection: 'true' }, invalid('DeleteProtection', 'on, off')],
    ],
  },
  SetLoadBalancerModificationProtection: {
    rows: [
      ['another instance', { LoadBalancerId: 'lb-other0001', ModificationProtectionStatus: 'ConsoleProtection' }, notFound],
      ['no status', { ModificationProtectionReason: 'managed' }, missing('ModificationProtectionStatus')],
      ['an unknown status', { ModificationProtectionStatus: 'ApiProtection' }, invalid('ModificationProtectionStatus', 'NonProtection, ConsoleProtection')],
      ['a reason with NonProtection', { ModificationProtectionStatus: 'NonProtection', ModificationProtectionReason: 'managed' }, invalid('ModificationProtectionReason', 'ConsoleProtection')],
      ['a reason starting with a digit', { ModificationProtectionStatus: 'ConsoleProtection', ModificationProtectionReason: '1st' }, invalid('ModificationProtectionReason')],
      ['a reason of 81 characters', { ModificationProtectionStatus: 'ConsoleProtection', ModificationProtectionReason: 'r'.repeat(81) }, invalid('ModificationProtectionReason')],
    ],
  },
};

describe.each(Object.entries(REFUSALS))('%s refuses', (action, { input, rows }) => {
  it.each(rows)('%s', (_label, params, refusal) => {
    const state = plane(input ?? baseScenario());
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    refused(state, action, { ...LB, ...params }, refusal);
    expect(changes).toEqual([]);
  });
});

describe('SetLoadBalancerName', () => {
  it('renames the instance; DescribeLoadBalancerAttribute and DescribeLoadBalancers answer the new name', () => {
    const state = plane();
    const before = state.scenario;
    ok(state, 'SetLoadBalancerName', { ...LB, RegionId: 'cn-hangzhou', LoadBalancerName: 'Web_front-1.prod' });
    expect(attribute(state)['LoadBalancerName']).toBe('Web_front-1.prod');
    const listed = ok(state, 'DescribeLoadBalancers', { LoadBalancerName: 'Web_front-1.prod' });
    expect(listed['TotalCount']).toBe(1);
    expect(before.loadBalancers[0]!.LoadBalancerName).toBe('slb-sim');
  });

  it('takes 80 characters and Chinese names', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerName', { ...LB, LoadBalancerName: `a${'b'.repeat(79)}` });
    expect(attribute(state)['LoadBalancerName']).toHaveLength(80);
    ok(state, 'SetLoadBalancerName', { ...LB, LoadBalancerName: '负载均衡-1' });
    expect(attribute(state)['LoadBalancerName']).toBe('负载均衡-1');
  });
});

describe('ModifyLoadBalancerInstanceSpec', () => {
  it.each(['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'])('%s round-trips through DescribeLoadBalancerAttribute', (spec) => {
    const state = plane();
    ok(state, 'ModifyLoadBalancerInstanceSpec', { ...LB, LoadBalancerSpec: spec });
    expect(attribute(state)['LoadBalancerSpec']).toBe(spec);
  });

  it('is journaled with its parameter, as a new scenario', () => {
    const state = plane();
    const before = state.scenario;
    const changes: CommittedChange[] = [];
    state.onCommit = (change) => changes.push(change);
    ok(state, 'ModifyLoadBalancerInstanceSpec', { ...LB, LoadBalancerSpec: 'slb.s1.small' });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ action: 'ModifyLoadBalancerInstanceSpec', params: { LoadBalancerSpec: 'slb.s1.small' } });
    expect(before.loadBalancers[0]!.LoadBalancerSpec).toBe('slb.s3.medium');
  });
});

describe('ModifyLoadBalancerInternetSpec', () => {
  it('changes the bandwidth down to exactly the listeners\' sum (unlimited listeners count nothing)', () => {
    const state = plane(withBandwidth());
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, Bandwidth: '50' });
    expect(attribute(state)).toMatchObject({ Bandwidth: 50, InternetChargeType: 'paybybandwidth' });
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, Bandwidth: '5120' });
    expect(attribute(state)['Bandwidth']).toBe(5120);
  });

  it('switches the charge type either way, alone or with a bandwidth', () => {
    const state = plane(withBandwidth());
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, InternetChargeType: 'paybytraffic' });
    expect(attribute(state)).toMatchObject({ InternetChargeType: 'paybytraffic', Bandwidth: 100 });
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, InternetChargeType: 'paybybandwidth', Bandwidth: '60' });
    expect(attribute(state)).toMatchObject({ InternetChargeType: 'paybybandwidth', Bandwidth: 60 });
  });

  it('with neither parameter changes nothing and commits nothing', () => {
    const state = plane(withBandwidth());
    const before = state.scenario;
    ok(state, 'ModifyLoadBalancerInternetSpec', LB);
    expect(state.scenario).toBe(before);
  });

  it('an intranet instance keeps paybytraffic: a switch is refused, its bandwidth may change', () => {
    const state = plane(withBandwidth({ AddressType: 'intranet', InternetChargeType: 'paybytraffic' }));
    refused(state, 'ModifyLoadBalancerInternetSpec', { ...LB, InternetChargeType: 'paybybandwidth' }, invalid('InternetChargeType', 'intranet'));
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, InternetChargeType: 'paybytraffic', Bandwidth: '80' });
    expect(attribute(state)).toMatchObject({ InternetChargeType: 'paybytraffic', Bandwidth: 80 });
  });

  it('the lowered bandwidth binds the listener actions: a listener may not then take more than is left', () => {
    const state = plane(withBandwidth());
    ok(state, 'ModifyLoadBalancerInternetSpec', { ...LB, Bandwidth: '60' });
    refused(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '24', Bandwidth: '11' }, invalid('Bandwidth', '61 Mbit/s'));
    ok(state, 'SetLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '24', Bandwidth: '10' });
  });
});

describe('SetLoadBalancerStatus', () => {
  it('inactive and back round-trip through DescribeLoadBalancerAttribute and DescribeLoadBalancers; listeners keep their own Status', () => {
    const state = plane();
    expect(attribute(state)['LoadBalancerStatus']).toBe('active');
    ok(state, 'SetLoadBalancerStatus', { ...LB, LoadBalancerStatus: 'inactive' });
    expect(attribute(state)['LoadBalancerStatus']).toBe('inactive');
    const listed = ok(state, 'DescribeLoadBalancers', {}) as { LoadBalancers: { LoadBalancer: Record<string, unknown>[] } };
    expect(listed.LoadBalancers.LoadBalancer[0]!['LoadBalancerStatus']).toBe('inactive');
    expect(ok(state, 'DescribeLoadBalancerTCPListenerAttribute', { ...LB, ListenerPort: '22' })['Status']).toBe('running');
    ok(state, 'SetLoadBalancerStatus', { ...LB, LoadBalancerStatus: 'active' });
    expect(attribute(state)['LoadBalancerStatus']).toBe('active');
  });

  it('a scenario file without LoadBalancerStatus loads as active; one with inactive loads inactive', () => {
    expect(parseScenario(nested(baseScenario())).loadBalancers[0]!.LoadBalancerStatus).toBeUndefined();
    const inactive = createControlPlane(parseScenario(nested(baseScenario({ loadBalancer: { LoadBalancerId: LB_ID, LoadBalancerStatus: 'inactive' } }))));
    expect(attribute(inactive)['LoadBalancerStatus']).toBe('inactive');
  });
});

describe('SetLoadBalancerDeleteProtection and DeleteLoadBalancer', () => {
  it('DeleteProtection defaults to off and round-trips', () => {
    const state = plane();
    expect(attribute(state)['DeleteProtection']).toBe('off');
    ok(state, 'SetLoadBalancerDeleteProtection', { ...LB, DeleteProtection: 'on' });
    expect(attribute(state)['DeleteProtection']).toBe('on');
    ok(state, 'SetLoadBalancerDeleteProtection', { ...LB, DeleteProtection: 'off' });
    expect(attribute(state)['DeleteProtection']).toBe('off');
  });

  it('with DeleteProtection on, DeleteLoadBalancer answers the API\'s OperationDenied.DeleteProtectionIsOn', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerDeleteProtection', { ...LB, DeleteProtection: 'on' });
    refused(state, 'DeleteLoadBalancer', LB, { status: 400, code: 'OperationDenied.DeleteProtectionIsOn', mentions: ['DeleteProtection is enabled'] });
  });

  it('with it off, the scenario\'s last instance is still not deleted: a clear refusal naming SetLoadBalancerStatus', () => {
    const state = plane();
    refused(state, 'DeleteLoadBalancer', LB, { status: 400, code: 'OperationDenied', mentions: ['last load balancer', LB_ID, 'SetLoadBalancerStatus'] });
    expect(attribute(state)['LoadBalancerId']).toBe(LB_ID);
  });

  it('an unknown instance is not found before anything else', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerDeleteProtection', { ...LB, DeleteProtection: 'on' });
    refused(state, 'DeleteLoadBalancer', { LoadBalancerId: 'lb-other0001' }, notFound);
    refused(state, 'DeleteLoadBalancer', {}, missing('LoadBalancerId'));
  });
});

describe('SetLoadBalancerModificationProtection', () => {
  it('records ConsoleProtection with its reason; NonProtection clears the reason', () => {
    const state = plane();
    expect(attribute(state)).toMatchObject({ ModificationProtectionStatus: 'NonProtection', ModificationProtectionReason: '' });
    ok(state, 'SetLoadBalancerModificationProtection', { ...LB, ModificationProtectionStatus: 'ConsoleProtection', ModificationProtectionReason: '托管实例' });
    expect(attribute(state)).toMatchObject({ ModificationProtectionStatus: 'ConsoleProtection', ModificationProtectionReason: '托管实例' });
    ok(state, 'SetLoadBalancerModificationProtection', { ...LB, ModificationProtectionStatus: 'NonProtection' });
    expect(attribute(state)).toMatchObject({ ModificationProtectionStatus: 'NonProtection', ModificationProtectionReason: '' });
    expect(state.scenario.loadBalancers[0]).not.toHaveProperty('ModificationProtectionReason');
  });

  it('guards the console only: API writes still succeed under ConsoleProtection', () => {
    const state = plane();
    ok(state, 'SetLoadBalancerModificationProtection', { ...LB, ModificationProtectionStatus: 'ConsoleProtection' });
    ok(state, 'SetLoadBalancerName', { ...LB, LoadBalancerName: 'still-writable' });
    expect(attribute(state)['LoadBalancerName']).toBe('still-writable');
  });
});

describe('the actions are served by the router', () => {
  it.each(['CreateLoadBalancer', 'DeleteLoadBalancer', 'SetLoadBalancerName', 'ModifyLoadBalancerInstanceSpec', 'ModifyLoadBalancerInternetSpec', 'SetLoadBalancerStatus', 'SetLoadBalancerDeleteProtection', 'SetLoadBalancerModificationProtection'])('%s', (action) => {
    const response = handleRpc(plane(), { Action: action, Version: '2014-05-15' });
    expect(response.body['Code']).not.toBe('InvalidAction.NotFound');
  });
});
