import { describe, expect, it } from 'vitest';
import { LiveRun } from '../run/live-run';
import { parseScenario } from '../scenario/validate';
import { ok, pausedHost } from '../test/paused-host';
import type { SimHost } from './host';

const S = 1_000_000;
const LB = 'lb-bp1default0001';

/** Renamed and downsized at 5 s, inactive at 10 s, active again at 20 s. */
function editedRun(): SimHost {
  const host = pausedHost();
  host.runUntil(5 * S);
  ok(host.api({ Action: 'SetLoadBalancerName', LoadBalancerId: LB, LoadBalancerName: 'renamed' }));
  ok(host.api({ Action: 'ModifyLoadBalancerInstanceSpec', LoadBalancerId: LB, LoadBalancerSpec: 'slb.s3.large' }));
  host.runUntil(10 * S);
  ok(host.api({ Action: 'SetLoadBalancerStatus', LoadBalancerId: LB, LoadBalancerStatus: 'inactive' }));
  host.runUntil(20 * S);
  ok(host.api({ Action: 'SetLoadBalancerStatus', LoadBalancerId: LB, LoadBalancerStatus: 'active' }));
  return host;
}

describe('load balancer actions on a live run (the host and its journal)', () => {
  it('are journaled at their simulated times; refusals (a bad CreateLoadBalancer, deleting the last instance) are not', () => {
    const host = editedRun();
    expect(host.api({ Action: 'CreateLoadBalancer', RegionId: 'cn-hangzhou', Bandwidth: '9999' }).body['Code']).toBe('InvalidParameter');
    expect(host.api({ Action: 'DeleteLoadBalancer', LoadBalancerId: LB }).body['Code']).toBe('OperationDenied');
    expect(host.runScenario().journal.map((e) => [e.atUs, e.action])).toEqual([
      [5 * S, 'SetLoadBalancerName'],
      [5 * S, 'ModifyLoadBalancerInstanceSpec'],
      [10 * S, 'SetLoadBalancerStatus'],
      [20 * S, 'SetLoadBalancerStatus'],
    ]);
  });

  it('inactive from 10 s to 20 s: no connection is established in between, and they are again after', () => {
    const host = pausedHost();
    host.runUntil(10 * S);
    ok(host.api({ Action: 'SetLoadBalancerStatus', LoadBalancerId: LB, LoadBalancerStatus: 'inactive' }));
    const at = host.runUntil(10 * S + 100_000);
    const before = host.runUntil(20 * S);
    expect(before.connections.established).toBe(at.connections.established);
    expect(before.connections.opened).toBeGreaterThan(at.connections.opened);
    ok(host.api({ Action: 'SetLoadBalancerStatus', LoadBalancerId: LB, LoadBalancerStatus: 'active' }));
    expect(host.runUntil(25 * S).connections.established).toBeGreaterThan(before.connections.established);
  });

  it('seeking back and the saved run replayed headless give the uninterrupted run\'s trace hash', () => {
    const end = editedRun().runUntil(30 * S);
    const travelled = editedRun();
    travelled.runUntil(25 * S);
    travelled.seek(7 * S);
    expect(travelled.runUntil(30 * S).traceHash).toBe(end.traceHash);
    const saved = JSON.parse(JSON.stringify(editedRun().runScenario())) as unknown;
    const replay = new LiveRun(parseScenario(saved)).sim;
    replay.runUntil(30 * S);
    expect(replay.traceHash).toBe(end.traceHash);
    expect(replay.scenario.loadBalancers[0]).toMatchObject({ LoadBalancerName: 'renamed', LoadBalancerSpec: 'slb.s3.large', LoadBalancerStatus: 'active' });
  });
});
