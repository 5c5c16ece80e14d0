import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer, type OneLoadBalancerInput } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { examples } from '../../scenario/examples';
import { parseScenario } from '../../scenario/validate';
import { US_PER_S } from '../../shared/units';
import { Bucket } from '../billing/meters';
import { Simulation } from '../simulation';
import { isActive, ConnState } from '../lvs/tcp-states';
import { Field, HISTORY_SECONDS, LISTENER_FIELDS } from './listener-metrics';

/** Two TCP listeners; clients (constant arrivals, keep-alive) only on :80. */
function twoListeners(overrides: Partial<OneLoadBalancerInput> = {}, rate = 20): ScenarioInput {
  return oneLoadBalancer({
    name: 'metrics-two-listeners',
    seed: 7,
    loadBalancer: { LoadBalancerId: 'lb-bp1metrics0001', LoadBalancerName: 'metrics', Address: '47.100.10.10' },
    cluster: { lvsNodes: 1, tengineNodes: 0, keyServers: 0 },
    listeners: [
      { ListenerProtocol: 'tcp', ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr' },
      { ListenerProtocol: 'tcp', ListenerPort: 81, BackendServerPort: 8081, Scheduler: 'wrr' },
    ],
    ...attached([
      { ServerId: 'i-ecs1', PrivateIp: '192.168.0.11' },
      { ServerId: 'i-ecs2', PrivateIp: '192.168.0.12' },
    ]),
    clients: [
      {
        id: 'web',
        ListenerPort: 80,
        clientIps: 100,
        arrival: { type: 'constant', connectionsPerSecond: rate },
        requestBytes: 300,
        responseBytes: 5000,
        exchanges: 3,
        thinkTimeMs: 100,
      },
    ],
    ...overrides,
  });
}

/** Sum of one field over every closed, retained second plus what the open second has counted so far. */
function total(sim: Simulation, listener: number, field: number): number {
  const m = sim.listenerMetrics;
  let sum = 0;
  for (let s = m.firstSecond; s < m.closedSeconds; s++) sum += m.value(s, listener, field);
  return sum + pending(sim, listener, field);
}

function pending(sim: Simulation, listener: number, field: number): number {
  const m = sim.listenerMetrics;
  // The open second's counts: cumulative total minus everything in closed seconds since 0.
  let closed = 0;
  for (let s = 0; s < m.closedSeconds; s++) closed += m.value(s, listener, field);
  return (m.totals[listener * 6 + field] as number) - closed;
}

function history(sim: Simulation): number[] {
  const m = sim.listenerMetrics;
  const out: number[] = [m.firstSecond, m.closedSeconds];
  for (let s = m.firstSecond; s < m.closedSeconds; s++)
    for (let l = 0; l < m.listeners; l++) for (let f = 0; f < LISTENER_FIELDS.length; f++) out.push(m.value(s, l, f));
  return out;
}

describe('per-listener metrics', () => {
  it('new connections per second equal the arrival rate on the listener the clients use, 0 on the other', () => {
    const sim = new Simulation(parseScenario(twoListeners()));
    sim.runUntil(20.5 * US_PER_S);
    sim.listenerMetrics.closeUntil(sim.nowUs);
    expect(sim.listenerMetrics.closedSeconds).toBe(20);
    for (let s = 1; s < 20; s++) {
      expect(sim.listenerMetrics.value(s, 0, Field.newConnections)).toBe(20);
      for (let f = 0; f < LISTENER_FIELDS.length; f++) expect(sim.listenerMetrics.value(s, 1, f)).toBe(0);
    }
    expect(total(sim, 0, Field.newConnections)).toBe(sim.report().connections.opened);
  });

  it('bytes and packets each way are the client-side traffic the meters count: RX = inbound, TX = SLB outbound', () => {
    const sim = new Simulation(parseScenario(twoListeners({ clients: [...twoListeners().clients!, { id: 'other', ListenerPort: 81, arrival: { type: 'constant', connectionsPerSecond: 7 }, responseBytes: 1200 }] })));
    sim.runUntil(15.25 * US_PER_S);
    sim.listenerMetrics.closeUntil(sim.nowUs);
    const rx = total(sim, 0, Field.rxBytes) + total(sim, 1, Field.rxBytes);
    const tx = total(sim, 0, Field.txBytes) + total(sim, 1, Field.txBytes);
    expect(rx).toBeGreaterThan(0);
    expect(rx).toBe(sim.meters.bytes[Bucket.inbound]);
    expect(tx).toBe(sim.meters.bytes[Bucket.slbOut]);
    // Each listener carries its own: :81's responses are 1,200 bytes, :80's 5,000 (three per connection).
    expect(total(sim, 0, Field.txBytes)).toBeGreaterThan(3 * total(sim, 1, Field.txBytes));
    // Arrivals every 142,857 µs: the 106th at 15.14 s, the 107th after the run's end.
    expect(total(sim, 1, Field.newConnections)).toBe(106);
    for (let s = 1; s < 15; s++) expect(sim.listenerMetrics.value(s, 1, Field.newConnections)).toBeGreaterThanOrEqual(7);
    // Responses of 5,000 bytes are 4 segments of 1,460: TX packets outnumber TX trains.
    expect(total(sim, 0, Field.txPackets)).toBeGreaterThan(total(sim, 0, Field.rxPackets));
    expect(total(sim, 0, Field.rxPackets)).toBeGreaterThan(0);
  });

  it('active and inactive connections at the end of each second are the LVS counts (one LVS node)', () => {
    const sim = new Simulation(parseScenario(twoListeners({ clients: [...twoListeners().clients!, { id: 'other', ListenerPort: 81, arrival: { type: 'constant', connectionsPerSecond: 5 }, exchanges: 20, thinkTimeMs: 300 }] })));
    const expected: { active: number[]; inactive: number[] }[] = [];
    for (let s = 1; s <= 12; s++) {
      while (sim.nextEventUs() < s * US_PER_S) sim.step();
      // Every event before the second's end is done: what LVS holds now is the second's closing state.
      const views = [0, 1].map((l) => sim.lvs.views.view(0, l));
      expected.push({
        active: views.map((v) => v.active.reduce((a, b) => a + b, 0)),
        inactive: views.map((v) => v.inactive.reduce((a, b) => a + b, 0)),
      });
      expect(views.map((v) => v.active.reduce((a, b) => a + b, 0)).reduce((a, b) => a + b, 0)).toBe(sim.lvs.activeOn(0));
    }
    sim.listenerMetrics.closeUntil(12 * US_PER_S);
    expected.forEach((e, s) => {
      expect([0, 1].map((l) => sim.listenerMetrics.value(s, l, Field.active))).toEqual(e.active);
      expect([0, 1].map((l) => sim.listenerMetrics.value(s, l, Field.inactive))).toEqual(e.inactive);
    });
    expect(expected.at(-1)!.active[1]).toBeGreaterThan(10); // long keep-alive connections on :81
    expect(expected.some((e) => (e.inactive[0] ?? 0) > 0)).toBe(true); // TIME_WAIT entries after :80's closes
  });

  it('with several LVS nodes and session sync, a connection counts once however many nodes hold it', () => {
    const sim = new Simulation(parseScenario(twoListeners({ cluster: { lvsNodes: 4, tengineNodes: 0, keyServers: 0 } }, 50)));
    let sawSynced = false;
    for (let s = 1; s <= 10; s++) {
      while (sim.nextEventUs() < s * US_PER_S) sim.step();
      const c = sim.conns;
      let held = 0;
      for (let conn = 0; conn < c.slots; conn++) if (c.serial[conn] !== 0 && c.sessions[conn] !== 0) held++;
      let entries = 0;
      for (let i = 0; i < 4; i++) entries += sim.lvs.activeOn(i) + sim.lvs.inactiveOn(i);
      if (entries > held) sawSynced = true;
      sim.listenerMetrics.closeUntil(s * US_PER_S);
      const m = sim.listenerMetrics;
      expect(m.value(s - 1, 0, Field.active) + m.value(s - 1, 0, Field.inactive)).toBe(held);
    }
    expect(sawSynced).toBe(true);
  });

  it('follows every entry change through failover, sync and expiry: equal to a scan of the session table', () => {
    const sim = new Simulation(parseScenario(examples['l4-failover']));
    const listeners = sim.scenario.listeners.length;
    let checked = 0;
    for (let t = 0.5; t <= 60; t += 0.5) {
      sim.runUntil(t * US_PER_S);
      const active = new Array<number>(listeners).fill(0);
      const inactive = new Array<number>(listeners).fill(0);
      const nodes = sim.lvs.sessions.nodes;
      for (let conn = 0; conn < sim.conns.slots; conn++) {
        const states = Array.from(sim.lvs.sessions.state.subarray(sim.lvs.sessions.at(conn, 0), sim.lvs.sessions.at(conn, 0) + nodes)).filter((s) => s !== ConnState.None);
        if (states.length === 0) continue;
        const l = sim.conns.listener[conn]!;
        if (states.some(isActive)) active[l]!++;
        else inactive[l]!++;
      }
      expect([...sim.listenerMetrics.active]).toEqual(active);
      expect([...sim.listenerMetrics.inactive]).toEqual(inactive);
      checked += active[0]!;
    }
    expect(checked).toBeGreaterThan(1000);
    expect(sim.report().faults.length).toBeGreaterThan(0);
  });

  it('counts connections dropped over the instance limits on their listener', () => {
    const scenario = twoListeners({ loadBalancer: { LoadBalancerId: 'lb-bp1metrics0001', Address: '47.100.10.10', LoadBalancerSpec: 'slb.s1.small' } }, 4000);
    scenario.clients![0]!.maxRetries = 0;
    scenario.clients![0]!.rtoMs = 200;
    const sim = new Simulation(parseScenario(scenario));
    sim.runUntil(3.5 * US_PER_S);
    sim.listenerMetrics.closeUntil(sim.nowUs);
    const dropped = sim.report().connections.byOutcome['instance_limit'] ?? 0;
    expect(dropped).toBeGreaterThan(1000);
    expect(total(sim, 0, Field.dropConnections)).toBe(dropped);
    expect(total(sim, 1, Field.dropConnections)).toBe(0);
  });

  it('the history is identical after a fork and replay, and whatever the run was paused and read at', () => {
    const scenario = parseScenario(twoListeners({ cluster: { lvsNodes: 3, tengineNodes: 0, keyServers: 0 } }, 40));
    const straight = new Simulation(scenario);
    straight.runUntil(30 * US_PER_S);
    straight.listenerMetrics.closeUntil(straight.nowUs);

    const original = new Simulation(scenario);
    original.runUntil(12.3 * US_PER_S);
    const fork = original.fork();
    original.runUntil(30 * US_PER_S);
    fork.runUntil(30 * US_PER_S);
    for (const sim of [original, fork]) sim.listenerMetrics.closeUntil(sim.nowUs);

    const paused = new Simulation(scenario);
    for (let t = 0.37; t < 30; t += 0.37) {
      paused.runUntil(Math.round(t * US_PER_S));
      paused.listenerMetrics.closeUntil(paused.nowUs); // a reader looking in between
    }
    paused.runUntil(30 * US_PER_S);
    paused.listenerMetrics.closeUntil(paused.nowUs);

    const expected = history(straight);
    expect(expected.length).toBeGreaterThan(30 * 2 * LISTENER_FIELDS.length);
    expect(history(original)).toEqual(expected);
    expect(history(fork)).toEqual(expected);
    expect(history(paused)).toEqual(expected);
    // Counters are not events: reading them moves neither the trace nor the event count.
    expect(paused.traceHash).toBe(straight.traceHash);
    expect(fork.traceHash).toBe(straight.traceHash);
    expect(paused.events).toBe(straight.events);
  });

  it('keeps exactly the last hour, in bounded memory', () => {
    const sim = new Simulation(parseScenario(twoListeners({}, 1)));
    sim.runUntil(100 * US_PER_S);
    const m = sim.listenerMetrics;
    // A short run holds only what it has: 100 s fit in 128 slots.
    expect(m.historyBytes).toBe(128 * 2 * LISTENER_FIELDS.length * 8);
    sim.runUntil(4000 * US_PER_S);
    m.closeUntil(sim.nowUs);
    expect(m.closedSeconds).toBe(4000);
    expect(m.firstSecond).toBe(4000 - HISTORY_SECONDS);
    expect(() => m.value(m.firstSecond - 1, 0, Field.newConnections)).toThrow(RangeError);
    expect(() => m.value(4000, 0, Field.newConnections)).toThrow(RangeError);
    for (let s = m.firstSecond; s < 4000; s++) expect(m.value(s, 0, Field.newConnections)).toBe(1);
    expect(m.historyBytes).toBe(HISTORY_SECONDS * 2 * LISTENER_FIELDS.length * 8);
    sim.runUntil(5000 * US_PER_S);
    m.closeUntil(sim.nowUs);
    expect(m.historyBytes).toBe(HISTORY_SECONDS * 2 * LISTENER_FIELDS.length * 8);
    expect(m.value(4999, 0, Field.newConnections)).toBe(1);
  });

  it('skips a long quiet stretch in one step and leaves the quiet seconds at zero', () => {
    const scenario = twoListeners();
    scenario.clients![0]!.arrival = { type: 'constant', connectionsPerSecond: 20, stopAfterSeconds: 5 };
    const sim = new Simulation(parseScenario(scenario));
    sim.runUntil(5000 * US_PER_S);
    const m = sim.listenerMetrics;
    m.closeUntil(sim.nowUs);
    expect(m.firstSecond).toBe(5000 - HISTORY_SECONDS);
    for (let s = m.firstSecond; s < 5000; s++) {
      for (const f of [Field.newConnections, Field.rxBytes, Field.txBytes, Field.active, Field.inactive]) expect(m.value(s, 0, f)).toBe(0);
    }
  });
});
