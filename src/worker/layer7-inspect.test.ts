import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { Simulation } from '../engine/simulation';
import { layer7States, nodeStates } from './inspect';
import { MetricsSampler } from './metrics-sampler';
import { STATUS_CLASSES } from './l7-series';

/** Runs a built-in example to `untilS`, sampling every simulated second like the host does. */
function sampled(name: string, untilS: number) {
  const sim = new Simulation(parseScenario(examples[name]));
  const sampler = new MetricsSampler();
  sampler.reset(sim);
  for (let s = 1; s <= untilS; s++) {
    sim.runUntil(s * 1e6);
    sampler.sample(sim);
  }
  return { sim, samples: sampler.drain() };
}

describe('layer 7 in the worker: node states and chart samples', () => {
  it('l7-rules: both Tengine nodes take requests and hold connections; samples have 2xx requests and no handshakes', () => {
    const { sim, samples } = sampled('l7-rules', 4);
    const { tengine, keyServers } = layer7States(sim);
    expect(tengine.map((t) => t.nodeId)).toEqual(sim.topology.byKind.tengine);
    for (const t of tengine) {
      expect(t.up).toBe(true);
      expect(t.requests).toBeGreaterThan(0);
      expect(t.clientConnections).toBeGreaterThan(0);
      expect(t.upstreamConnections).toBeGreaterThan(0);
    }
    // HTTP only: the Key Server does nothing.
    expect(keyServers).toHaveLength(1);
    expect(keyServers[0]!.requests).toBe(0);
    expect(samples).toHaveLength(4);
    const twoXx = STATUS_CLASSES.indexOf('2xx');
    expect(samples.at(-1)!.requestsByClass).toHaveLength(5);
    expect(samples.at(-1)!.requestsByClass[twoXx]).toBeGreaterThan(0);
    // Every request ended between samples is in exactly one class.
    const ended = samples.reduce((sum, s) => sum + s.requestsByClass.reduce((a, b) => a + b, 0), 0);
    expect(ended).toBe(sim.tengine.metrics.ended());
    for (const s of samples) expect(s.handshakes).toEqual([0, 0, 0]);
    // nodeStates carries the same figures for the frame; backends count the upstream connections they hold.
    const states = nodeStates(sim, []);
    expect(states.tengine).toEqual(tengine);
    const upstream = states.backends.reduce((sum, b) => sum + b.upstreamOpen, 0);
    expect(upstream).toBe(tengine.reduce((sum, t) => sum + t.upstreamConnections, 0));
    expect(upstream).toBeGreaterThan(0);
  });

  it('https-keyserver: handshakes fail while the Key Server is down (20–30 s), which shows as down with errors', () => {
    const { sim, samples } = sampled('https-keyserver', 25);
    const [ks] = layer7States(sim).keyServers;
    expect(ks!.up).toBe(false);
    expect(ks!.errors).toBeGreaterThan(0);
    expect(ks!.requests).toBeGreaterThan(0);
    expect(ks!.latencyP99Ms).toBeGreaterThanOrEqual(ks!.latencyP50Ms);
    expect(ks!.latencyP50Ms).toBeGreaterThan(0);
    expect(ks!.lastFailure).toMatch(/down at 20\.000 s/);
    const before = samples.filter((s) => s.timeS <= 20);
    const during = samples.filter((s) => s.timeS > 21);
    expect(before.every((s) => s.handshakes[2] === 0)).toBe(true);
    expect(before.some((s) => s.handshakes[0]! > 0 && s.handshakes[1]! > 0)).toBe(true);
    expect(during.every((s) => s.handshakes[2]! > 0 && s.handshakes[0] === 0)).toBe(true);
  });

  it('a layer-4 scenario reports idle Tengine nodes and Key Servers', () => {
    const { sim, samples } = sampled('default', 2);
    const { tengine, keyServers } = layer7States(sim);
    expect(tengine.every((t) => t.requests === 0 && t.clientConnections === 0 && t.upstreamConnections === 0)).toBe(true);
    expect(keyServers.every((k) => k.requests === 0 && k.errors === 0 && k.busy === 0)).toBe(true);
    for (const s of samples) expect(s.requestsByClass).toEqual([0, 0, 0, 0, 0]);
  });
});
