import { attached, type ServerSpec, oneLoadBalancer, flatOneLoadBalancer } from '../../scenario/examples/shared';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { PacketType } from '../core/kinds';
import { parseScenario } from '../../scenario/validate';
import { decodeHops, entries, outcomeOf, run } from '../../test/engine-harness';
import { Simulation } from '../simulation';

const RTT_US = 400; // LVS → ECS → LVS at the default 0.2 ms per hop

type Server = ServerSpec;
type Client = NonNullable<ScenarioInput['clients']>[number];

/** One backend behind one TCP listener; clients as given (one connection at 1 s by default). */
function oneBackend(
  server: Partial<Server> = {},
  client: Partial<Client> = {},
  faults: ScenarioInput['faults'] = [],
  listener: object = { HealthCheck: 'off' },
): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2 },
    listeners: [{ ListenerPort: 80, ...listener }],
    ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', serviceTimeDistribution: 'constant', serviceTimeMs: 10, ...server }]),
    clients: [
      {
        ListenerPort: 80,
        clientIps: 1,
        arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
        requestBytes: 100,
        responseBytes: 3000,
        exchanges: 1,
        ...client,
      },
    ],
    faults,
  });
}

/** When the backend received connection 1's first request and sent its response. */
function serviceTime(input: ScenarioInput): number {
  const { sim, hops } = run(input, 30);
  const h = decodeHops(sim, hops).filter((x) => x.conn === 1 && x.type === PacketType.Data);
  const request = h.find((x) => x.to === 'ecs:i-a1')!;
  const response = h.find((x) => x.from === 'ecs:i-a1')!;
  return response.departUs - request.arriveUs;
}

describe('ECS backends (servers.ts)', () => {
  it('a healthy backend answers after its service time; slow multiplies it by slowFactor', () => {
    expect(serviceTime(oneBackend({ serviceTimeMs: 10 }))).toBe(10_000);
    expect(serviceTime(oneBackend({ serviceTimeMs: 10, condition: 'slow', slowFactor: 7 }))).toBe(70_000);
    expect(serviceTime(oneBackend({ serviceTimeMs: 3, condition: 'slow' }))).toBe(60_000); // default ×20
  });

  it('exponential service times average the mean', () => {
    const { sim, hops } = run(
      oneBackend(
        { serviceTimeDistribution: 'exponential', serviceTimeMs: 20 },
        { clientIps: 50, arrival: { type: 'constant', connectionsPerSecond: 200, stopAfterSeconds: 3 } },
      ),
      10,
    );
    const h = decodeHops(sim, hops).filter((x) => x.type === PacketType.Data);
    const arrive = new Map<number, number>();
    const times: number[] = [];
    for (const x of h) {
      if (x.to === 'ecs:i-a1' && !arrive.has(x.conn)) arrive.set(x.conn, x.arriveUs);
      else if (x.from === 'ecs:i-a1' && arrive.has(x.conn)) {
        times.push(x.departUs - arrive.get(x.conn)!);
        arrive.delete(x.conn);
      }
    }
    expect(times.length).toBeGreaterThan(400);
    const mean = times.reduce((a, b) => a + b, 0) / times.length;
    expect(mean).toBeGreaterThan(17_000);
    expect(mean).toBeLessThan(23_000);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(1);
  });

  it('counts accepted connections, open ones, requests and bytes in both directions', () => {
    const { sim, report, journal } = run(oneBackend({}, { exchanges: 3, thinkTimeMs: 10 }), 30);
    expect(outcomeOf(journal, 1)).toBe('completed');
    const b = report.backends[0]!;
    expect(b.connections).toBe(1);
    expect(b.open).toBe(0); // closed on FIN
    expect(sim.servers.requests[0]).toBe(3);
    // Out: SYN-ACK 40 + 3 responses of 3000 + FIN 40. In: SYN 40, ACKs, 3 requests of 100, FIN.
    expect(b.bytesOut).toBe(40 + 3 * 3000 + 40);
    expect(b.bytesIn).toBeGreaterThanOrEqual(40 + 3 * 100 + 40);
    expect(b.condition).toBe('healthy');
    expect(b.weight).toBe(100);
  });

  it('a connection stays open on the backend until it closes', () => {
    const { report } = run(oneBackend({}, { exchanges: 2, thinkTimeMs: 5000 }), 3);
    expect(report.backends[0]!.open).toBe(1);
    expect(report.backends[0]!.connections).toBe(1);
  });

  it('refusing: every SYN is answered with RST (backend_refused); nothing is accepted', () => {
    const { report, journal, sim } = run(oneBackend({ condition: 'refusing' }, { maxRetries: 0 }), 10);
    expect(outcomeOf(journal, 1)).toBe('backend_refused');
    expect(report.backends[0]!.connections).toBe(0);
    expect(entries(journal, 1, 'refused')[0]!.reason).toMatch(/RST/);
    expect(sim.servers.lastFailure[0]).toMatch(/refusing/);
    expect(report.backends[0]!.condition).toBe('refusing');
  });

  it('maxConnections: SYNs beyond it get RST; a slot freed by a close is reused', () => {
    const input = oneBackend(
      { maxConnections: 2 },
      {
        clientIps: 5,
        exchanges: 2,
        thinkTimeMs: 3000,
        maxRetries: 0,
        arrival: { type: 'constant', connectionsPerSecond: 10, maxConnections: 4 },
      },
    );
    const { report, sim } = run(input, 2);
    expect(report.backends[0]!.connections).toBe(2);
    expect(report.backends[0]!.open).toBe(2);
    expect(report.connections.byOutcome['backend_refused']).toBe(2);
    expect(sim.servers.lastFailure[0]).toMatch(/maxConnections/);
    const later = run(
      {
        ...input,
        clients: [
          ...input.clients!,
          { id: 'later', ListenerPort: 80, clientIps: 1, arrival: { type: 'constant', connectionsPerSecond: 0.1, maxConnections: 1 } },
        ],
      },
      30,
    ).report;
    expect(later.backends[0]!.connections).toBe(3);
    expect(later.connections.byOutcome['backend_refused']).toBe(2);
  });

  it('down: packets are swallowed (no RST); the client times out with backend_down', () => {
    const { report, journal } = run(oneBackend({ condition: 'down' }, { maxRetries: 1, rtoMs: 200 }), 30);
    expect(outcomeOf(journal, 1)).toBe('backend_down');
    expect(report.backends[0]!.connections).toBe(0);
    expect(report.backends[0]!.bytesOut).toBe(0);
    expect(report.backends[0]!.bytesIn).toBeGreaterThan(0); // the SYNs reached it
  });

  it('a backend going down mid-connection stops answering: requests get no response', () => {
    const { journal, report } = run(
      oneBackend({ serviceTimeMs: 500 }, { exchanges: 1, maxRetries: 1, rtoMs: 200 }, [
        { atS: 1.1, action: 'backend-down', target: 'i-a1' },
      ]),
      60,
    );
    expect(outcomeOf(journal, 1)).not.toBe('completed');
    expect(report.backends[0]!.bytesOut).toBe(40); // only the SYN-ACK
  });

  it('a retransmitted request is not served twice', () => {
    // The service takes 1.5 s, longer than the client's 1 s RTO: the request is retransmitted once.
    const { sim, journal } = run(oneBackend({ serviceTimeMs: 1500 }, { exchanges: 1, rtoMs: 1000, maxRetries: 3 }), 30);
    expect(entries(journal, 1, 'retransmit').length).toBeGreaterThan(0);
    expect(sim.servers.requests[0]).toBe(1);
    expect(outcomeOf(journal, 1)).toBe('completed');
  });

  it('conditionName names each condition; setCondition records the failure time', () => {
    const { sim } = run(oneBackend({}, {}, [{ atS: 1.5, action: 'backend-slow', target: 'i-a1' }]), 2);
    expect(sim.servers.conditionName(0)).toBe('slow');
    expect(sim.servers.lastFailure[0]).toBe('slow at 1.500 s');
    sim.servers.setCondition(0, 'healthy');
    expect(sim.servers.conditionName(0)).toBe('healthy');
    expect(sim.servers.lastFailure[0]).toBe('slow at 1.500 s'); // healthy clears nothing
    sim.servers.setCondition(0, 'down');
    expect(sim.servers.conditionName(0)).toBe('down');
    sim.servers.setCondition(0, 'refusing');
    expect(sim.servers.conditionName(0)).toBe('refusing');
  });
});

function checked(
  check: { Interval: number; Timeout: number; Unhealthy: number; Healthy: number },
  faults: ScenarioInput['faults'],
  extra: object = {},
): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 4 },
    listeners: [
      {
        ListenerPort: 80,
        HealthCheckInterval: check.Interval,
        HealthCheckConnectTimeout: check.Timeout,
        UnhealthyThreshold: check.Unhealthy,
        HealthyThreshold: check.Healthy,
        ...extra,
      },
    ],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
    ]),
    faults,
  });
}

describe('health checks, more rules (DOMAIN §2.5)', () => {
  it('a refusing port fails fast: marked down after RTT×U + Interval×(U−1), not the timeout', () => {
    const I = 2e6;
    const t = 3 * (RTT_US + I);
    const { sim } = run(
      checked({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, [{ atS: t / 1e6, action: 'backend-refuse', target: 'i-a1' }]),
      30,
    );
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    expect(sim.health.changedUs[0]).toBe(t + RTT_US * 3 + I * 2);
    expect(sim.health.statusName(0, 0)).toBe('abnormal');
    expect(sim.servers.lastFailure[0]).toMatch(/^health check failed ×3 at /);
  });

  it('a removed backend fails its checks on timeout', () => {
    const I = 1e6;
    const T = 2e6;
    const t = 2 * (RTT_US + I);
    const { sim } = run(
      checked({ Interval: 1, Timeout: 2, Unhealthy: 2, Healthy: 2 }, [{ atS: t / 1e6, action: 'backend-remove', target: 'i-a1' }]),
      30,
    );
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    expect(sim.health.changedUs[0]).toBe(t + T * 2 + I);
  });

  it('one failure short of the threshold keeps the backend healthy, and a success resets the count', () => {
    const I = 2e6;
    const T = 3e6;
    const t = 3 * (RTT_US + I);
    // Down for exactly two failing rounds (threshold 3), then back.
    const back = t + 2 * (T + I) - 1;
    const { sim } = run(
      checked({ Interval: 2, Timeout: 3, Unhealthy: 3, Healthy: 3 }, [
        { atS: t / 1e6, action: 'backend-down', target: 'i-a1' },
        { atS: back / 1e6, action: 'backend-up', target: 'i-a1' },
        // Down again for two rounds: the earlier failures must not count.
        { atS: (back + 3 * (RTT_US + I) + RTT_US + I) / 1e6, action: 'backend-down', target: 'i-a1' },
      ]),
      (back + 3 * (RTT_US + I) + RTT_US + I + 2 * (T + I) - 10) / 1e6,
    );
    expect(sim.health.isHealthy(0, 0)).toBe(true);
    expect(sim.health.changedUs[0]).toBe(-1);
    expect(sim.health.statusName(0, 0)).toBe('normal');
  });

  it('one success short of the healthy threshold keeps it down', () => {
    const I = 1e6;
    const T = 1e6;
    const t = 2 * (RTT_US + I);
    const u = t + 3 * (T + I);
    const { sim } = run(
      checked({ Interval: 1, Timeout: 1, Unhealthy: 2, Healthy: 4 }, [
        { atS: t / 1e6, action: 'backend-down', target: 'i-a1' },
        { atS: u / 1e6, action: 'backend-up', target: 'i-a1' },
      ]),
      (u + 3 * (RTT_US + I)) / 1e6,
    );
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    sim.runUntil(u + 4 * (RTT_US + I));
    expect(sim.health.isHealthy(0, 0)).toBe(true);
  });

  it('HealthCheck off: no probes, the backend stays usable whatever its condition', () => {
    const { sim } = run(
      checked({ Interval: 1, Timeout: 1, Unhealthy: 2, Healthy: 2 }, [{ atS: 0.5, action: 'backend-down', target: 'i-a1' }], {
        HealthCheck: 'off',
      }),
      20,
    );
    expect(sim.health.probes[0]).toBe(0);
    expect(sim.health.isHealthy(0, 0)).toBe(true);
    expect(sim.health.statusName(0, 0)).toBe('unavailable');
  });

  it('only live LVS nodes probe: with one of four down, the backend sees 3 probes a round', () => {
    // Rounds at 0 (four nodes), then 2.0004, 4.0008, 6.0012, 8.0016 s with LVS-2 down since 0.5 s.
    const { sim } = run(
      checked({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, [{ atS: 0.5, action: 'upgrade', target: 'lvs-2' }]),
      10.001,
    );
    expect(sim.health.probes[0]).toBe(4 + 4 * 3);
    expect(sim.health.probes[1]).toBe(4 + 4 * 3);
  });

  it('UDP listeners default to a 5 s interval and 10 s timeout; TCP to 2 s and 5 s', () => {
    const udp: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1 },
      listeners: [{ ListenerPort: 53, ListenerProtocol: 'udp', UnhealthyThreshold: 2, HealthyThreshold: 2 }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
    });
    // A UDP probe passes on silence once its 10 s timeout is over; the next round starts 5 s later:
    // rounds at 0, 15, 30 s, so one probe by 10.001 s and two by 15.001 s.
    expect(run(udp, 10.001).sim.health.probes[0]).toBe(1);
    expect(run(udp, 15.001).sim.health.probes[0]).toBe(2);
    // Only an ICMP port unreachable fails it, one round trip after the probe.
    const t = 2 * (10e6 + 5e6);
    const { sim } = run({ ...udp, faults: [{ atS: t / 1e6, action: 'backend-refuse', target: 'i-a1' }] }, 60);
    expect(sim.health.changedUs[0]).toBe(t + 2 * RTT_US + 5e6);
    const tcp: ScenarioInput = oneLoadBalancer({ ...flatOneLoadBalancer(udp), listeners: [{ ListenerPort: 80, UnhealthyThreshold: 2, HealthyThreshold: 2 }] });
    expect(run(tcp, 10.001).sim.health.probes[0]).toBe(5);
    const tt = 2 * (RTT_US + 2e6);
    expect(run({ ...tcp, faults: [{ atS: tt / 1e6, action: 'backend-down', target: 'i-a1' }] }, 60).sim.health.changedUs[0]).toBe(
      tt + 2 * 5e6 + 2e6,
    );
  });

  it('each listener checks each backend on its own schedule', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 1 },
      listeners: [
        { ListenerPort: 80, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1, UnhealthyThreshold: 2, HealthyThreshold: 2 },
        { ListenerPort: 81, HealthCheckInterval: 10, HealthCheckConnectTimeout: 10, UnhealthyThreshold: 10, HealthyThreshold: 2 },
      ],
      ...attached([
        { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
        { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
      ]),
      faults: [{ atS: 0.5, action: 'backend-down', target: 'i-b2' }],
    });
    const { sim, report } = run(input, 10);
    expect(sim.health.isHealthy(0, 1)).toBe(false);
    expect(sim.health.isHealthy(1, 1)).toBe(true);
    expect(sim.health.isHealthy(0, 0)).toBe(true);
    expect(report.backends[1]!.health).toEqual({ '80': 'abnormal', '81': 'normal' });
    expect(report.backends[0]!.health).toEqual({ '80': 'normal', '81': 'normal' });
  });
});

describe('ECS backends: edges of the connection life', () => {
  it('a SYN retransmitted before the SYN-ACK arrives is not a second connection', () => {
    // RTT is about 41 ms; the client retransmits its SYN after 30 ms.
    // maxConnections 1: the second copy must not count against the limit either.
    const { report, journal } = run(oneBackend({ maxConnections: 1 }, { rtoMs: 30, maxRetries: 5 }), 10);
    expect(entries(journal, 1, 'retransmit').length).toBeGreaterThan(0);
    expect(outcomeOf(journal, 1)).toBe('completed');
    expect(report.backends[0]!.connections).toBe(1);
    expect(report.backends[0]!.open).toBe(0);
  });

  it('a SYN that arrives after the client gave up opens nothing', () => {
    // The client waits 10 ms once; its SYN needs about 20 ms to reach the backend.
    const { report, journal } = run(oneBackend({}, { rtoMs: 10, maxRetries: 0 }), 10);
    expect(outcomeOf(journal, 1)).not.toBe('completed');
    expect(report.backends[0]!.connections).toBe(0);
    expect(report.backends[0]!.open).toBe(0);
    expect(report.backends[0]!.bytesOut).toBe(0);
  });

  it('a backend that goes down while serving never sends the response', () => {
    const { journal, report } = run(
      oneBackend({ serviceTimeMs: 2000 }, { rtoMs: 5000, maxRetries: 0 }, [{ atS: 2, action: 'backend-down', target: 'i-a1' }]),
      30,
    );
    expect(outcomeOf(journal, 1)).not.toBe('completed');
    expect(report.backends[0]!.bytesOut).toBe(40);
  });

  it('every packet is released once delivered: nothing stays in flight after the run', () => {
    const { sim, report } = run(
      oneBackend(
        {},
        { clientIps: 20, exchanges: 3, thinkTimeMs: 5, arrival: { type: 'constant', connectionsPerSecond: 50, stopAfterSeconds: 2 } },
      ),
      30,
    );
    expect(report.connections.completed).toBe(100);
    expect(sim.packets.inFlight).toBe(0);
  });

  it('exponential service times vary around the mean; constant ones do not', () => {
    const times = (distribution: 'exponential' | 'constant') => {
      const { sim, hops } = run(
        oneBackend(
          { serviceTimeDistribution: distribution, serviceTimeMs: 20 },
          { clientIps: 50, arrival: { type: 'constant', connectionsPerSecond: 100, stopAfterSeconds: 2 } },
        ),
        10,
      );
      const h = decodeHops(sim, hops).filter((x) => x.type === PacketType.Data);
      const arrive = new Map<number, number>();
      const out: number[] = [];
      for (const x of h) {
        if (x.to === 'ecs:i-a1' && !arrive.has(x.conn)) arrive.set(x.conn, x.arriveUs);
        else if (x.from === 'ecs:i-a1' && arrive.has(x.conn)) out.push(x.departUs - arrive.get(x.conn)!);
      }
      return out;
    };
    const exp = times('exponential');
    expect(Math.min(...exp)).toBeLessThan(10_000);
    expect(Math.max(...exp)).toBeGreaterThan(40_000);
    expect(new Set(times('constant'))).toEqual(new Set([20_000]));
  });

  it('the journal says why a SYN was refused', () => {
    const refused = run(oneBackend({ condition: 'refusing' }, { maxRetries: 0 }), 5).journal;
    expect(entries(refused, 1, 'refused')[0]!.reason).toBe('port closed: RST');
    const full = run(
      oneBackend(
        { maxConnections: 1 },
        {
          clientIps: 2,
          maxRetries: 0,
          exchanges: 2,
          thinkTimeMs: 3000,
          arrival: { type: 'constant', connectionsPerSecond: 10, maxConnections: 2 },
        },
      ),
      1,
    ).journal;
    expect(entries(full, 2, 'refused')[0]!.reason).toBe('over maxConnections: RST');
  });

  it('UDP: each datagram is answered with one response datagram of responseBytes', () => {
    const input: ScenarioInput = oneLoadBalancer({
      cluster: { lvsNodes: 2 },
      listeners: [{ ListenerPort: 53, ListenerProtocol: 'udp', HealthCheck: 'off' }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
      clients: [
        {
          ListenerPort: 53,
          clientIps: 1,
          arrival: { type: 'constant', connectionsPerSecond: 1, maxConnections: 1 },
          datagrams: 4,
          datagramBytes: 100,
          responseBytes: 700,
          datagramIntervalMs: 10,
        },
      ],
    });
    const { report, sim } = run(input, 10);
    expect(report.backends[0]!.bytesIn).toBe(4 * 100);
    expect(report.backends[0]!.bytesOut).toBe(4 * 700);
    expect(sim.packets.inFlight).toBe(0);
  });
});

describe('health checks: status and reporting', () => {
  it('a backend down from the start stays "unavailable" until the failure threshold, then "abnormal"', () => {
    const input = checked({ Interval: 1, Timeout: 1, Unhealthy: 3, Healthy: 2 }, []);
    const down: ScenarioInput = { ...input, ecsInstances: [{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', condition: 'down' }, input.ecsInstances![1]!] };
    // Results at 1, 3 and 5 s (timeout 1 s, then 1 s interval).
    expect(run(down, 1.5).sim.health.statusName(0, 0)).toBe('unavailable');
    expect(run(down, 3.5).sim.health.statusName(0, 0)).toBe('unavailable');
    const { sim } = run(down, 5.5);
    expect(sim.health.statusName(0, 0)).toBe('abnormal');
    expect(sim.health.changedUs[0]).toBe(5e6);
  });

  it('while recovering below the healthy threshold the status stays "abnormal"', () => {
    const I = 1e6;
    const T = 1e6;
    const t = 2 * (RTT_US + I);
    const u = t + 3 * (T + I);
    const { sim } = run(
      checked({ Interval: 1, Timeout: 1, Unhealthy: 2, Healthy: 4 }, [
        { atS: t / 1e6, action: 'backend-down', target: 'i-a1' },
        { atS: u / 1e6, action: 'backend-up', target: 'i-a1' },
      ]),
      (u + 2 * (RTT_US + I)) / 1e6,
    );
    expect(sim.health.isHealthy(0, 0)).toBe(false);
    expect(sim.health.statusName(0, 0)).toBe('abnormal');
  });

  it('the failure badge names the backend, the threshold and the time of the mark-down, and survives the mark-up', () => {
    const I = 2e6;
    const t = 3 * (RTT_US + I);
    const u = t + 20e6;
    const { sim } = run(
      checked({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, [
        { atS: t / 1e6, action: 'backend-refuse', target: 'i-b2' },
        { atS: u / 1e6, action: 'backend-up', target: 'i-b2' },
      ]),
      60,
    );
    const downAt = t + RTT_US * 3 + I * 2;
    expect(sim.health.isHealthy(0, 1)).toBe(true);
    expect(sim.servers.lastFailure[1]).toBe(`health check failed ×3 at ${(downAt / 1e6).toFixed(3)} s`);
    expect(sim.servers.lastFailure[0]).toBeUndefined();
  });

  it('probes are drawn as LVS → ECS hops taking half the round trip; without a recorder the checks still run', () => {
    const input = checked({ Interval: 2, Timeout: 5, Unhealthy: 3, Healthy: 3 }, []);
    const { sim, hops } = run(input, 0.001);
    const probes = decodeHops(sim, hops).filter((h) => h.type === PacketType.Probe);
    expect(probes).toHaveLength(4 * 2);
    for (const p of probes) {
      expect(p.from).toMatch(/^lvs-/);
      expect(p.to).toMatch(/^ecs:/);
      expect(p.departUs).toBe(0);
      expect(p.arriveUs).toBe(RTT_US / 2);
    }
    const bare = new Simulation(parseScenario(input));
    bare.runUntil(10e6);
    expect(bare.health.probes[0]).toBe(20);
  });
});
