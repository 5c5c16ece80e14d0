import { toScenarioFile } from '../scenario/load-balancers';
import { describe, expect, it } from 'vitest';
import { ShapeDirection } from '../engine/net/bandwidth';
import { attached, oneLoadBalancer } from '../scenario/examples/shared';
import { parseScenario } from '../scenario/validate';
import { LiveRun } from './live-run';

const S = 1_000_000;
const LB = 'lb-bp1bandwidth01';

describe('a listener Bandwidth set through the API while the run plays', () => {
  it('SetLoadBalancerTCPListenerAttribute Bandwidth=1 at 10 s: unshaped before, 1 Mbit/s after; journaled, so a replay agrees', () => {
    const scenario = parseScenario(oneLoadBalancer({
      loadBalancer: { LoadBalancerId: LB, LoadBalancerSpec: 'slb.s3.large' },
      cluster: { lvsNodes: 2 },
      listeners: [{ ListenerPort: 80 }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeMs: 5, serviceTimeDistribution: 'constant' }]),
      // 100 connections/s, each pulling 12,500 B: 10 Mbit/s.
      clients: [
        {
          id: 'web',
          ListenerPort: 80,
          clientIps: 100,
          arrival: { type: 'constant', connectionsPerSecond: 100 },
          responseBytes: 12_500,
          exchanges: 1,
        },
      ],
    }));
    const run = new LiveRun(scenario);
    run.sim.runUntil(10 * S);
    expect(run.sim.bandwidth.active).toBe(false);
    const { response } = run.handle({
      Action: 'SetLoadBalancerTCPListenerAttribute',
      LoadBalancerId: LB,
      ListenerPort: '80',
      Bandwidth: '1',
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    run.sim.runUntil(30 * S);
    const out = run.sim.bandwidth.bytes[ShapeDirection.Out] as number;
    const mbps = (out * 8) / (20 * S);
    expect(mbps).toBeGreaterThan(0.97);
    expect(mbps).toBeLessThan(1.03);
    expect(run.sim.report().bandwidth.listeners[0]).toMatchObject({ shapedBy: 'listener', capMbps: 1 });

    const replay = new LiveRun(parseScenario(toScenarioFile(run.scenario)));
    replay.sim.runUntil(30 * S);
    expect(replay.sim.traceHash).toBe(run.sim.traceHash);
    expect(replay.sim.report().bandwidth).toEqual(run.sim.report().bandwidth);
  });
});
