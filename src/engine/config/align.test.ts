import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import { attached, type OneLoadBalancerInput, oneLoadBalancer, flatOneLoadBalancer } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { tcpScenario } from '../../test/change-run';
import { Simulation } from '../simulation';
import { alignScenarios, attachedInstances } from './align';

/** An example's one load balancer written flat, its lists present, to change in place. */
type Input = OneLoadBalancerInput & { listeners: NonNullable<OneLoadBalancerInput['listeners']>; clients: NonNullable<OneLoadBalancerInput['clients']> };
const example = (name: string): Input => flatOneLoadBalancer(structuredClone(examples[name]!)) as Input;

/** The plain scenario's hash at `untilS`, and the hash of the same run built from a base that also holds `later`'s extras (absent). */
function hashes(plainInput: ScenarioInput | Input, laterInput: ScenarioInput | Input, untilS: number): { plain: string; aligned: string; events: number } {
  const [plain, later] = [plainInput, laterInput].map((s) => ('loadBalancers' in s ? s : oneLoadBalancer(s)));
  const a = new Simulation(parseScenario(plain));
  a.runUntil(untilS * 1e6);
  const aligned = alignScenarios([parseScenario(plain), parseScenario(later)]);
  const b = new Simulation(aligned.base, { config: aligned.steps[0]! });
  b.runUntil(untilS * 1e6);
  return { plain: a.traceHash, aligned: b.traceHash, events: a.events };
}

describe('alignScenarios: one base for the whole journal', () => {
  it('holds every listener, population and ECS instance of any snapshot, in order of first appearance, with presence per step', () => {
    const s0 = tcpScenario();
    const s1 = tcpScenario({
      listeners: [{ ListenerPort: 443, ListenerProtocol: 'tcp' }],
      ...attached([{ ServerId: 'i-c3', PrivateIp: '10.0.0.3', Weight: 30 }, { ServerId: 'i-b2', PrivateIp: '10.0.0.2', Weight: 40 }]),
      clients: [{ id: 'api', ListenerPort: 443 }],
    });
    const { base, steps } = alignScenarios([s0, s1].map((s) => parseScenario(s)));
    expect(base.listeners.map((l) => `${l.ListenerProtocol}:${l.ListenerPort}:${l.Status}`)).toEqual(['tcp:80:running', 'tcp:443:stopped']);
    expect(base.clients.map((p) => p.id)).toEqual(['web', 'api']);
    expect(base.ecsInstances.map((s) => s.ServerId)).toEqual(['i-a1', 'i-b2', 'i-c3']);
    expect([...steps[0]!.listenerPresent, ...steps[0]!.populationPresent, ...steps[0]!.instancePresent]).toEqual([1, 0, 1, 0, 1, 1, 0]);
    expect([...attachedInstances(steps[0]!.scenario)]).toEqual([1, 1, 0]);
    const s1Aligned = steps[1]!;
    expect(s1Aligned.scenario.listeners.map((l) => l.Status)).toEqual(['stopped', 'running']);
    expect([...s1Aligned.listenerPresent, ...s1Aligned.populationPresent, ...s1Aligned.instancePresent]).toEqual([0, 1, 0, 1, 0, 1, 1]);
    // Attachments are the snapshot's own.
    expect([...attachedInstances(s1Aligned.scenario)]).toEqual([0, 1, 1]);
    expect(s1Aligned.scenario.backendServers.map((s) => [s.ServerId, s.Weight])).toEqual([
      ['i-c3', 30],
      ['i-b2', 40],
    ]);
    expect(steps.map((s) => s.index)).toEqual([0, 1]);
  });

  it('an ECS instance keeps its first definition; a removed listener its latest settings, stopped', () => {
    const s0 = tcpScenario({ listeners: [{ ListenerPort: 80, Scheduler: 'wlc' }] });
    const s1 = tcpScenario({ listeners: [{ ListenerPort: 80, Scheduler: 'rr' }] });
    const s2 = tcpScenario({ listeners: [], clients: [], ...attached([{ ServerId: 'i-b2', PrivateIp: '10.9.9.9', Weight: 5 }]) });
    const { steps } = alignScenarios([s0, s1, s2].map((s) => parseScenario(s)));
    const last = steps[2]!.scenario;
    expect(last.listeners[0]).toMatchObject({ Scheduler: 'rr', Status: 'stopped' });
    expect(last.ecsInstances.map((s) => [s.ServerId, s.PrivateIp])).toEqual([
      ['i-a1', '10.0.0.1'],
      ['i-b2', '10.0.0.2'],
    ]);
    expect([...steps[2]!.instancePresent]).toEqual([0, 1]);
  });

  it('one snapshot aligns to itself', () => {
    const scenario = parseScenario(examples['default']);
    const { base, steps } = alignScenarios([scenario]);
    expect(base).toEqual(scenario);
    expect(steps).toHaveLength(1);
  });
});

describe('absent listeners and populations produce no events and no random draws', () => {
  it('default + a TCP listener and its population that only a later change adds: same trace hash', () => {
    const plain = example('default');
    const later = example('default');
    later.listeners.push({ ListenerPort: 81, ListenerProtocol: 'tcp', Scheduler: 'wlc' });
    later.clients.push({ id: 'late', ListenerPort: 81, arrival: { type: 'poisson', connectionsPerSecond: 500 } });
    const h = hashes(plain, later, 20);
    expect(h.events).toBeGreaterThan(10_000);
    expect(h.aligned).toBe(h.plain);
  });

  it('default + an HTTP listener (LVS then also holds the Tengine nodes as real servers): same trace hash', () => {
    const plain = example('default');
    const later = example('default');
    later.listeners.push({ ListenerPort: 8081, ListenerProtocol: 'http' });
    later.clients.push({ id: 'browsers', ListenerPort: 8081 });
    const h = hashes(plain, later, 20);
    expect(h.aligned).toBe(h.plain);
  });

  it('a consistent-hash (sch) listener with an absent HTTP listener: the Maglev table ignores the extra real servers', () => {
    const plain = tcpScenario({ listeners: [{ ListenerPort: 80, Scheduler: 'sch' }] });
    const later = tcpScenario({ listeners: [{ ListenerPort: 80, Scheduler: 'sch' }, { ListenerPort: 8081, ListenerProtocol: 'http' }] });
    const h = hashes(plain, later, 10);
    expect(h.aligned).toBe(h.plain);
  });

  it('l7-rules + a UDP listener and population: same trace hash', () => {
    const plain = example('l7-rules');
    const later = example('l7-rules');
    later.listeners.push({ ListenerPort: 53, ListenerProtocol: 'udp' });
    later.clients.push({ id: 'dns', ListenerPort: 53 });
    const h = hashes(plain, later, 10);
    expect(h.aligned).toBe(h.plain);
  });

  it('a listener that exists but is stopped in the scenario itself gets no health checks and schedules nothing', () => {
    const plain = tcpScenario({ listeners: [{ ListenerPort: 80, Status: 'stopped' }] });
    const sim = new Simulation(parseScenario(plain));
    sim.runUntil(5e6);
    expect(Array.from(sim.health.probes).every((n) => n === 0)).toBe(true);
    expect(Array.from(sim.servers.accepted).every((n) => n === 0)).toBe(true);
  });

  it('ECS instances only a later change brings (and attaches) are out of rotation from the start: no probes, no connections', () => {
    const plain = tcpScenario();
    const later = tcpScenario(attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }, { ServerId: 'i-b2', PrivateIp: '10.0.0.2' }, { ServerId: 'i-c3', PrivateIp: '10.0.0.3' }]));
    const aligned = alignScenarios([plain, later].map((s) => parseScenario(s)));
    const sim = new Simulation(aligned.base, { config: aligned.steps[0]! });
    sim.runUntil(5e6);
    const backends = sim.real.count;
    expect(sim.health.probes[0 * backends + 2]).toBe(0);
    expect(sim.servers.accepted[2]).toBe(0);
    expect((sim.servers.accepted[0] as number) + (sim.servers.accepted[1] as number)).toBeGreaterThan(400);
  });

  it('default + an ECS instance only a later change adds: same trace hash (its node comes after every other)', () => {
    const plain = example('default');
    const later = example('default') as Input & { ecsInstances: NonNullable<OneLoadBalancerInput['ecsInstances']> };
    later.ecsInstances.push({ ServerId: 'i-late', PrivateIp: '192.168.9.9' });
    later.backendServers = [...(later.backendServers ?? []), { ServerId: 'i-late' }];
    const h = hashes(plain, later, 20);
    expect(h.aligned).toBe(h.plain);
  });
});
