import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { handleRpc } from '../api/router';
import { createControlPlane } from '../api/state';
import { examples } from '../scenario/examples';
import type { Scenario } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { aliyunCommands, apiCallsOf, replayCalls } from './api-calls';
import { exportScenario } from './index';
import { l7SubsetScenario } from './l7-subset.testkit';

/** The region without load balancers: what the calls need to exist already, and one placeholder instance (a scenario needs one). */
function emptyRegion(scenario: Scenario): Scenario {
  const first = scenario.loadBalancers[0]!;
  return parseScenario({
    ecsInstances: scenario.ecsInstances,
    serverCertificates: scenario.serverCertificates,
    caCertificates: scenario.caCertificates,
    acls: scenario.acls,
    loadBalancers: [{ LoadBalancerId: 'lb-placeholder0', Address: '47.100.99.99', RegionId: first.RegionId, MasterZoneId: first.MasterZoneId, SlaveZoneId: first.SlaveZoneId }],
  });
}

/** The load balancers' config without what the API allocates (ids, public addresses). */
function configOf(scenario: Scenario): unknown {
  return scenario.loadBalancers.map((lb) => {
    const own = <T extends { LoadBalancerId: string }>(items: readonly T[]): T[] => items.filter((i) => i.LoadBalancerId === lb.LoadBalancerId);
    const groups = [...own(scenario.vServerGroups).map((g) => g.VServerGroupId), ...own(scenario.masterSlaveServerGroups).map((g) => g.MasterSlaveServerGroupId)];
    const group = (id: string | undefined): string | undefined => (id === undefined ? undefined : `group ${groups.indexOf(id)}`);
    const { LoadBalancerId: _id, Address, LoadBalancerStatus: _status, ModificationProtectionStatus: _m, ModificationProtectionReason: _r, ...attributes } = lb;
    return {
      ...attributes,
      ...(lb.AddressType === 'intranet' ? { Address } : {}),
      listeners: own(scenario.listeners).map(({ LoadBalancerId: _lb, VServerGroupId, MasterSlaveServerGroupId, Rules, ...l }) => ({
        ...l,
        VServerGroupId: group(VServerGroupId),
        MasterSlaveServerGroupId: group(MasterSlaveServerGroupId),
        Rules: Rules?.map(({ RuleId, RuleName, VServerGroupId: target, ...r }) => ({ ...r, RuleName: RuleName ?? RuleId, VServerGroupId: group(target) })),
      })),
      backendServers: own(scenario.backendServers).map(({ LoadBalancerId: _lb, ...s }) => s),
      vServerGroups: own(scenario.vServerGroups).map(({ LoadBalancerId: _lb, VServerGroupId: _g, ...g }) => g),
      masterSlaveServerGroups: own(scenario.masterSlaveServerGroups).map(({ LoadBalancerId: _lb, MasterSlaveServerGroupId: _g, ...g }) => g),
    };
  });
}

describe('api-json and aliyun export replay through the SLB API', () => {
  for (const [name, example] of Object.entries(examples)) {
    it(`${name}: into an empty region, the same load-balancer config`, () => {
      const original = parseScenario(example);
      const state = createControlPlane(emptyRegion(original));
      replayCalls(state, apiCallsOf(original));
      const removed = handleRpc(state, { Action: 'DeleteLoadBalancer', LoadBalancerId: 'lb-placeholder0' });
      expect(removed.status).toBe(200);
      expect(configOf(state.scenario)).toEqual(configOf(original));
    });
  }

  it('random HTTP/HTTPS scenarios (VServer groups, rules, certificates) replay to the same config', () => {
    fc.assert(
      fc.property(l7SubsetScenario(), (input) => {
        const original = parseScenario(input);
        const state = createControlPlane(emptyRegion(original));
        replayCalls(state, apiCallsOf(original));
        expect(handleRpc(state, { Action: 'DeleteLoadBalancer', LoadBalancerId: 'lb-placeholder0' }).status).toBe(200);
        expect(configOf(state.scenario)).toEqual(configOf(original));
      }),
      { numRuns: 100 },
    );
  });

  it('api-json is the calls as JSON; aliyun passes allocated ids through shell variables', () => {
    const scenario = parseScenario(examples['l7-rules']!);
    const calls = JSON.parse(exportScenario(scenario, 'api-json')[0]!.content) as { Action: string }[];
    expect(calls[0]!.Action).toBe('CreateLoadBalancer');
    const sh = aliyunCommands(scenario);
    expect(sh).toMatch(/^LB_1=\$\(aliyun slb CreateLoadBalancer --RegionId 'cn-hangzhou' .* \| jq -r \.LoadBalancerId\)$/m);
    expect(sh).toMatch(/aliyun slb CreateRules --LoadBalancerId ''"\$LB_1"'' /);
  });
});
