import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import { attached, type OneLoadBalancerInput, oneLoadBalancer, withLoadBalancer } from '../../scenario/examples/shared';
import type { Scenario, ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { JourneyLog } from '../journal';
import { Simulation } from '../simulation';

type PopulationInput = NonNullable<ScenarioInput['clients']>[number];

/** 100 connections/s, each pulling one 12,500-byte response: 10 Mbit/s towards the clients. */
function puller(id: string, port: number, extra: Partial<PopulationInput> = {}): PopulationInput {
  return {
    id,
    ListenerPort: port,
    clientIps: 100,
    arrival: { type: 'constant', connectionsPerSecond: 100 },
    requestBytes: 400,
    responseBytes: 12_500,
    exchanges: 1,
    ...extra,
  };
}

function twoListeners(capMbps: number, loadBalancer: OneLoadBalancerInput['loadBalancer'] = {}, extra: Partial<PopulationInput> = {}): Scenario {
  return parseScenario(oneLoadBalancer({
    loadBalancer: { LoadBalancerSpec: 'slb.s3.large', ...loadBalancer },
    cluster: { lvsNodes: 2 },
    listeners: [
      { ListenerPort: 80, Bandwidth: capMbps },
      { ListenerPort: 81, Bandwidth: -1 },
    ],
    ...attached([
      { ServerId: 'i-aa01', PrivateIp: '10.0.0.1', serviceTimeMs: 5, serviceTimeDistribution: 'constant' },
      { ServerId: 'i-bb02', PrivateIp: '10.0.0.2', serviceTimeMs: 5, serviceTimeDistribution: 'constant' },
    ]),
    clients: [puller('capped', 80, extra), puller('free', 81, extra)],
  }));
}

/** Runs for `seconds` and sums the bytes that reached each client population. */
function runCounting(scenario: Scenario, seconds: number): { sim: Simulation; mbps: number[]; bytes: number[] } {
  const sim = new Simulation(scenario);
  const bytes = scenario.clients.map(() => 0);
  const deliver = sim.clients.onPacket.bind(sim.clients);
  sim.clients.onPacket = (packet: number, conn: number): void => {
    const population = sim.conns.population[conn] as number;
    bytes[population] = (bytes[population] as number) + (sim.packets.bytes[packet] as number);
    deliver(packet, conn);
  };
  sim.runUntil(seconds * US_PER_S);
  return { sim, bytes, mbps: bytes.map((b) => (b * 8) / (seconds * US_PER_S)) };
}

const withinPercent = (value: number, target: number, percent: number): void => {
  expect(value).toBeGreaterThan(target * (1 - percent / 100));
  expect(value).toBeLessThan(target * (1 + percent / 100));
};

describe('bandwidth caps in the engine', () => {
  const capped = runCounting(twoListeners(1), 60);
  const uncapped = runCounting(twoListeners(-1), 60);
  const report = capped.sim.report();
  const [l80, l81] = report.bandwidth.listeners;

  it('a listener capped at 1 Mbit/s with clients pulling 10 Mbit/s delivers 1 Mbit/s over a 60 s run', () => {
    withinPercent(uncapped.mbps[0]!, 10, 2); // what the clients pull
    withinPercent(capped.mbps[0]!, 1, 2);
    withinPercent((l80!.out.bytes * 8) / 60e6, 1, 2);
    expect(l80).toMatchObject({ ListenerPort: 80, shapedBy: 'listener', capMbps: 1 });
    expect(report.invariants).toEqual({ ok: true, violations: [] });
  });

  it('its queueing delay grows to the 100 ms bound and packets beyond it are dropped', () => {
    expect(l80!.out.maxQueueDelayMs).toBeLessThanOrEqual(100);
    expect(l80!.out.maxQueueDelayMs).toBeGreaterThan(95);
    expect(l80!.out.packetsDelayed).toBeGreaterThan(0);
    expect(l80!.out.packetsDropped).toBeGreaterThan(l80!.out.packetsDelayed);
    // Dropped data is sent again after the RTO, and the billed bytes are what actually left.
    expect(l80!.out.packetsRetransmitted).toBeGreaterThan(0);
    expect(report.billing.bytes.slbOut).toBe(l80!.out.bytes + uncapped.sim.report().billing.bytes.slbOut / 2);
  });

  it('the unlimited listener in the same run is not affected: same bytes, same time, no limiter', () => {
    expect(capped.bytes[1]).toBe(uncapped.bytes[1]);
    withinPercent(capped.mbps[1]!, 10, 2);
    expect(l81).toMatchObject({ ListenerPort: 81, shapedBy: 'none', capMbps: null });
    expect(l81!.out).toEqual({
      bytes: 0,
      packetsDelayed: 0,
      packetsDropped: 0,
      bytesDropped: 0,
      packetsRetransmitted: 0,
      maxQueueDelayMs: 0,
    });
  });

  it('on a paybybandwidth instance of 2 Mbit/s, two uncapped listeners pulling 10 Mbit/s each share 2 Mbit/s', () => {
    const run = runCounting(twoListeners(-1, { InternetChargeType: 'paybybandwidth', Bandwidth: 2 }), 60);
    const bandwidth = run.sim.report().bandwidth;
    expect(bandwidth.sharedMbps).toEqual({ 'lb-sim0000000001': 2 });
    expect(bandwidth.listeners.map((l) => l.shapedBy)).toEqual(['instance', 'instance']);
    withinPercent(run.mbps[0]! + run.mbps[1]!, 2, 2);
    // Both get a share (equal loads: roughly half each).
    for (const mbps of run.mbps) {
      expect(mbps).toBeGreaterThan(0.6);
      expect(mbps).toBeLessThan(1.4);
    }
  });

  it('a listener cap is reserved out of the instance: 1 Mbit/s of 3 for :80, the other 2 for :81', () => {
    const run = runCounting(twoListeners(1, { InternetChargeType: 'paybybandwidth', Bandwidth: 3 }), 60);
    withinPercent(run.mbps[0]!, 1, 2);
    withinPercent(run.mbps[1]!, 2, 2);
  });

  it('clients that give up on a capped listener end with the outcome bandwidth_limit', () => {
    const sim = new Simulation(twoListeners(1, {}, { maxRetries: 2 }));
    sim.runUntil(30 * US_PER_S);
    const r = sim.report();
    expect(r.connections.byOutcome['bandwidth_limit']).toBeGreaterThan(0);
    expect(r.invariants.ok).toBe(true);
  });

  it("a connection's journey names the drops and when the SLB side sends again", () => {
    const journal = new JourneyLog();
    const sim = new Simulation(twoListeners(1), { journal });
    sim.runUntil(5 * US_PER_S);
    const drops = journal.entries.filter((e) => e.event === 'bandwidth');
    expect(
      drops.some(
        (e) => e.node === 'ECMP router' && /^dropped by the bandwidth limit \(queue full\); sent again in 1000 ms$/.test(e.reason),
      ),
    ).toBe(true);
    expect(drops.some((e) => /sent again in 2000 ms$/.test(e.reason))).toBe(true);
    // None of them is a connection of the unlimited listener (opened to :81).
    expect(journal.entries.some((o) => o.event === 'open' && o.reason.endsWith(':81'))).toBe(true);
    expect(drops.every((e) => !journal.entries.some((o) => o.conn === e.conn && o.event === 'open' && o.reason.endsWith(':81')))).toBe(
      true,
    );
  });

  it('HTTP listeners are capped on the same edge (Tengine → LVS → router → Internet)', () => {
    const input = examples['l7-rules']!;
    const scenario = parseScenario(withLoadBalancer(input, (lb) => ({ ...lb, listeners: lb.listeners!.map((l) => ({ ...l, Bandwidth: 1 })) })));
    const sim = new Simulation(scenario);
    sim.runUntil(20 * US_PER_S);
    const r = sim.report();
    const out = r.bandwidth.listeners[0]!.out;
    expect(out.packetsDropped).toBeGreaterThan(0);
    // At most the cap, plus one burst and one queue's worth.
    expect(out.bytes * 8).toBeLessThanOrEqual(1 * (20 * US_PER_S + 110_000) + 8 * 1_000_000);
    expect(r.requests.completed).toBeGreaterThan(0);
    expect(r.invariants.ok).toBe(true);
  });

  it('a checkpoint (fork) taken while packets are queued and being retransmitted replays exactly', () => {
    const sim = new Simulation(twoListeners(1));
    sim.runUntil(5 * US_PER_S);
    const fork = sim.fork();
    sim.runUntil(10 * US_PER_S);
    fork.runUntil(10 * US_PER_S);
    expect(fork.traceHash).toBe(sim.traceHash);
    expect(fork.report().bandwidth).toEqual(sim.report().bandwidth);
  });
});

describe('caps that are never reached change nothing', () => {
  // Trace hashes of the examples at 10 s, pinned from the engine before bandwidth caps existed.
  const L4_BASIC_10S = '726c4389eb4dc3b8';
  const L7_RULES_10S = '84f41b5387938c37';

  function hashAt10s(input: ScenarioInput): { hash: string; sim: Simulation } {
    const sim = new Simulation(parseScenario(input));
    sim.runUntil(10 * US_PER_S);
    return { hash: sim.traceHash, sim };
  }

  it('the examples as they are (unlimited listeners, pay-by-traffic) keep their trace hashes', () => {
    expect(hashAt10s(examples['l4-basic']!).hash).toBe(L4_BASIC_10S);
    expect(hashAt10s(examples['l7-rules']!).hash).toBe(L7_RULES_10S);
  });

  it('l4-basic (≈ 1 Gbit/s out) under a 5120 Mbit/s listener cap, or a paybybandwidth instance at its default 5120, keeps its hash', () => {
    const input = examples['l4-basic']!;
    const listenerCap = hashAt10s(withLoadBalancer(input, (lb) => ({ ...lb, listeners: lb.listeners!.map((l) => ({ ...l, Bandwidth: 5120 })) })));
    const instanceCap = hashAt10s(withLoadBalancer(input, (lb) => ({ ...lb, InternetChargeType: 'paybybandwidth' })));
    for (const run of [listenerCap, instanceCap]) {
      expect(run.hash).toBe(L4_BASIC_10S);
      const out = run.sim.report().bandwidth.listeners[0]!.out;
      // The limiter was on and saw the traffic, but never had to queue or drop.
      expect(out.bytes).toBeGreaterThan(1e8);
      expect(out.packetsDelayed).toBe(0);
      expect(out.packetsDropped).toBe(0);
    }
    expect(instanceCap.sim.report().bandwidth.listeners[0]!.shapedBy).toBe('instance');
    expect(listenerCap.sim.report().bandwidth.listeners[0]!.shapedBy).toBe('listener');
  });
});
