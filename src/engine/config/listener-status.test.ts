import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import { type OneLoadBalancerInput } from '../../scenario/examples/shared';

type Listener = NonNullable<OneLoadBalancerInput['listeners']>[number];

/** Long connections (3 exchanges, 2 s apart) on port 80; the listener's Status as given. */
function scenario(status: Listener['Status'], udp = false): ScenarioInput {
  return tcpScenario({
    listeners: [{ ListenerPort: 80, ListenerProtocol: udp ? 'udp' : 'tcp', Status: status, HealthCheckInterval: 1, HealthCheckConnectTimeout: 1 }],
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 50 }, exchanges: 3, thinkTimeMs: 2000, datagrams: 3, datagramIntervalMs: 2000 }],
  });
}

const count = (hops: SeenHop[], f: (h: SeenHop) => boolean, fromS: number, toS: number): number => hops.filter((h) => h.departUs > fromS * 1e6 && h.departUs < toS * 1e6 && f(h)).length;
const scheduledSyn = (h: SeenHop): boolean => h.type === PacketType.Syn && h.from.startsWith('lvs-') && h.to.startsWith('ecs:');
const clientSyn = (h: SeenHop): boolean => h.type === PacketType.Syn && h.from.startsWith('clients:');
const responses = (h: SeenHop): boolean => h.type === PacketType.Data && h.from.startsWith('ecs:');
const probes = (h: SeenHop): boolean => h.type === PacketType.Probe;

describe('StopLoadBalancerListener / StartLoadBalancerListener at run time', () => {
  const run = new ChangeRun(scenario('running'), [
    [10, scenario('stopped')],
    [20, scenario('running')],
  ], { hops: true }).runUntil(30);
  const hops = run.hops();

  it('a stopped listener schedules no new connection: no SYN leaves LVS for a backend while it is stopped', () => {
    expect(count(hops, scheduledSyn, 5, 10)).toBeGreaterThan(200);
    expect(count(hops, scheduledSyn, 10.001, 20)).toBe(0);
  });

  it('its clients keep arriving and their SYNs go unanswered; stopped for good, they give up with listener_stopped', () => {
    expect(count(hops, clientSyn, 10.001, 20)).toBeGreaterThan(400);
    // Retransmitting (1 + 2 + 4 + 8 + 16 s, then 32 s), clients that arrived while it was stopped got through after 20 s.
    expect(run.sim.outcomeCounts[Outcome.listener_stopped]).toBe(0);
    const stopped = new ChangeRun(scenario('running'), [[10, scenario('stopped')]]).runUntil(80);
    // Arrivals from 10 s to 17 s have given up by 80 s (63 s of retransmission); none ended otherwise.
    expect(stopped.sim.outcomeCounts[Outcome.listener_stopped]).toBeGreaterThan(7 * 50 - 5);
    expect(stopped.sim.outcomeCounts[Outcome.no_response]).toBe(0);
  });

  it('connections established before the stop carry on: responses keep coming back after it', () => {
    // Every connection scheduled before 10 s still has exchanges left (2 s apart) until about 14 s.
    expect(count(hops, responses, 10.5, 14)).toBeGreaterThan(100);
  });

  it('no health checks while stopped; they resume at once when it starts', () => {
    expect(count(hops, probes, 5, 10)).toBeGreaterThan(0);
    // A probe round already under way at 10 s ends; nothing starts after it.
    expect(count(hops, probes, 11.5, 20)).toBe(0);
    const restarted = hops.filter((h) => probes(h) && h.departUs >= 20e6).map((h) => h.departUs);
    expect(Math.min(...restarted)).toBe(20e6);
  });

  it('started again, it schedules new connections at once', () => {
    expect(count(hops, scheduledSyn, 20, 21)).toBeGreaterThan(40);
  });

  it('a UDP listener stopped the same way: new flows are dropped, existing flows keep their entries', () => {
    const udp = new ChangeRun(scenario('running', true), [[10, scenario('stopped', true)]], { hops: true }).runUntil(20);
    const udpHops = udp.hops();
    const toBackend = (h: SeenHop): boolean => h.type === PacketType.Datagram && h.from.startsWith('lvs-') && h.to.startsWith('ecs:');
    // Flows opened before 10 s send their later datagrams at +2 s and +4 s: forwarded.
    expect(count(udpHops, toBackend, 10.5, 14)).toBeGreaterThan(100);
    // From 14.1 s on, every flow is new: none is forwarded.
    expect(count(udpHops, toBackend, 14.1, 20)).toBe(0);
    expect(udp.sim.outcomeCounts[Outcome.listener_stopped]).toBeGreaterThan(0);
  });

  it('a listener deleted from the configuration behaves as stopped (its base entry stays, absent)', () => {
    const other = { ListenerPort: 81, ListenerProtocol: 'tcp' as const };
    const both = tcpScenario({ listeners: [{ ListenerPort: 80 }, other], clients: [{ id: 'web', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 50 } }, { id: 'b', ListenerPort: 81 }] });
    const only80 = tcpScenario({ listeners: [{ ListenerPort: 80 }], clients: [{ id: 'web', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 50 } }] });
    const r = new ChangeRun(both, [[5, only80]], { hops: true }).runUntil(10);
    const on81 = (h: SeenHop): boolean => scheduledSyn(h) && h.listener === 1;
    expect(count(r.hops(), on81, 0, 5)).toBeGreaterThan(50);
    expect(count(r.hops(), on81, 5.001, 10)).toBe(0);
    expect(r.sim.live.listenerPresent[1]).toBe(0);
  });
});
