import { describe, expect, it } from 'vitest';
import { handleRpc } from '../../api/router';
import { createControlPlane } from '../../api/state';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { attached, type OneLoadBalancerInput, oneLoadBalancer } from '../../scenario/examples/shared';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';

type LoadBalancerInput = NonNullable<OneLoadBalancerInput['loadBalancer']>;

/** TCP 80 (running) and TCP 81 (stopped), long connections (3 exchanges 2 s apart) on 80. */
function scenario(loadBalancer: LoadBalancerInput = {}): ScenarioInput {
  return tcpScenario({
    loadBalancer,
    listeners: [
      { ListenerPort: 80, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1 },
      { ListenerPort: 81, Status: 'stopped', HealthCheckInterval: 1, HealthCheckConnectTimeout: 1 },
    ],
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 50 }, exchanges: 3, thinkTimeMs: 2000 }],
  });
}

const inactive = (): ScenarioInput => scenario({ LoadBalancerStatus: 'inactive' });
const active = (): ScenarioInput => scenario({ LoadBalancerStatus: 'active' });

const count = (hops: SeenHop[], f: (h: SeenHop) => boolean, fromS: number, toS: number): number => hops.filter((h) => h.departUs > fromS * 1e6 && h.departUs < toS * 1e6 && f(h)).length;
const scheduledSyn = (h: SeenHop): boolean => h.type === PacketType.Syn && h.from.startsWith('lvs-') && h.to.startsWith('ecs:');
const clientSyn = (h: SeenHop): boolean => h.type === PacketType.Syn && h.from.startsWith('clients:');
const responses = (h: SeenHop): boolean => h.type === PacketType.Data && h.from.startsWith('ecs:');
const probes = (h: SeenHop): boolean => h.type === PacketType.Probe;

describe('SetLoadBalancerStatus at run time: an inactive instance forwards nothing', () => {
  const run = new ChangeRun(scenario(), [
    [10, inactive()],
    [20, active()],
  ], { hops: true }).runUntil(30);
  const hops = run.hops();

  it('no new connection is established after it goes inactive: no SYN leaves LVS for a backend', () => {
    expect(count(hops, scheduledSyn, 5, 10)).toBeGreaterThan(200);
    expect(count(hops, scheduledSyn, 10.001, 20)).toBe(0);
    expect(count(hops, clientSyn, 10.001, 20)).toBeGreaterThan(400);
  });

  it('connections established before it carry on to their end (as a stopped listener\'s do)', () => {
    expect(count(hops, responses, 10.5, 14)).toBeGreaterThan(100);
  });

  it('health checks pause while inactive and resume at once when active again', () => {
    expect(count(hops, probes, 11.5, 20)).toBe(0);
    expect(Math.min(...hops.filter((h) => probes(h) && h.departUs >= 20e6).map((h) => h.departUs))).toBe(20e6);
  });

  it('active again, each listener is as its own Status says: 80 schedules at once, the stopped 81 stays stopped', () => {
    expect(count(hops, scheduledSyn, 20, 21)).toBeGreaterThan(40);
    expect(hops.some((h) => scheduledSyn(h) && h.listener === 1)).toBe(false);
  });

  it('clients that keep retrying while it stays inactive give up with listener_stopped', () => {
    const stayed = new ChangeRun(scenario(), [[10, inactive()]]).runUntil(80);
    expect(stayed.sim.outcomeCounts[Outcome.listener_stopped]).toBeGreaterThan(7 * 50 - 5);
    expect(stayed.sim.outcomeCounts[Outcome.no_response]).toBe(0);
  });

  it('an instance inactive from the start forwards nothing at all', () => {
    const r = new ChangeRun(inactive(), [], { hops: true }).runUntil(5);
    expect(r.hops().filter(scheduledSyn)).toHaveLength(0);
    expect(r.sim.live.running).toEqual(new Uint8Array([0, 0]));
  });

  it('HTTP listeners too: no request reaches a backend while the instance is inactive', () => {
    const http = (loadBalancer: LoadBalancerInput = {}): ScenarioInput => oneLoadBalancer({
      loadBalancer,
      cluster: { lvsNodes: 2, tengineNodes: 2 },
      listeners: [{ ListenerPort: 80, ListenerProtocol: 'http' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 1 }]),
      clients: [{ id: 'browsers', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 100 }, exchanges: 1, http: { mix: [{ weight: 1, host: 'www.example.com', path: '/' }] } }],
    });
    const r = new ChangeRun(http(), [[5, http({ LoadBalancerStatus: 'inactive' })]]).runUntil(5);
    const before = r.sim.servers.requests[0] as number;
    expect(before).toBeGreaterThan(300);
    r.runUntil(10);
    // Requests of connections opened just before 5 s may still arrive; none from new ones after.
    expect((r.sim.servers.requests[0] as number) - before).toBeLessThan(20);
  });
});

describe('load-balancer changes made through the API, applied to the running engine', () => {
  const plane = () => createControlPlane(parseScenario(scenario({ InternetChargeType: 'paybytraffic' })));
  const rpc = (state: ReturnType<typeof plane>, params: Record<string, string>) => {
    const response = handleRpc(state, { LoadBalancerId: 'lb-sim0000000001', ...params });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return state.scenario;
  };

  it('SetLoadBalancerStatus inactive is accepted live (the engine may change LoadBalancerStatus)', () => {
    const state = plane();
    const initial = state.scenario;
    const off = rpc(state, { Action: 'SetLoadBalancerStatus', LoadBalancerStatus: 'inactive' });
    const r = new ChangeRun(initial, [[5, off]], { hops: true }).runUntil(10);
    expect(count(r.hops(), scheduledSyn, 5.001, 10)).toBe(0);
  });

  it('the bill reads the configuration in force: after a switch to paybybandwidth, the whole run is billed by bandwidth', () => {
    const state = plane();
    const initial = state.scenario;
    const switched = rpc(state, { Action: 'ModifyLoadBalancerInternetSpec', InternetChargeType: 'paybybandwidth', Bandwidth: '20' });
    const items = (r: ChangeRun) => r.sim.bill().lineItems.map((i) => i.item);
    const r = new ChangeRun(initial, [[5, switched]]).runUntil(4);
    expect(items(r)).toContain('SLB outbound traffic');
    expect(items(r)).not.toContain('SLB bandwidth (1–5 Mbps)');
    r.runUntil(10);
    expect(items(r)).not.toContain('SLB outbound traffic');
    const bandwidth = r.sim.bill().lineItems.filter((i) => i.item.startsWith('SLB bandwidth'));
    expect(bandwidth.map((i) => i.quantity / r.sim.bill().hours)).toEqual([5, 15]);
  });

  it('ModifyLoadBalancerInstanceSpec and SetLoadBalancerName are accepted live; the engine takes the new limits', () => {
    const state = plane();
    const initial = state.scenario;
    rpc(state, { Action: 'SetLoadBalancerName', LoadBalancerName: 'renamed' });
    const small = rpc(state, { Action: 'ModifyLoadBalancerInstanceSpec', LoadBalancerSpec: 'slb.s1.small' });
    const r = new ChangeRun(initial, [[5, small]]).runUntil(6);
    expect(r.sim.instances.limits[0]!.maxConnections).toBe(5000);
    expect(r.sim.scenario.loadBalancers[0]!.LoadBalancerName).toBe('renamed');
  });
});
