import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomL4 } from '../test/random-l4-scenarios';
import { randomL7 } from '../test/random-l7-scenarios';
import { examples } from './examples';
import { attached, oneLoadBalancer } from './examples/shared';
import { loadBalancerOf, toScenarioFile } from './load-balancers';
import { parseScenario, validateScenario, type ScenarioIssue } from './validate';

/** The file the in-memory scenario writes, read back. */
const roundTrip = (input: unknown) => parseScenario(toScenarioFile(parseScenario(input)));

function issuesOf(input: unknown): ScenarioIssue[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it validated');
  return result.issues;
}

function accepts(input: unknown): void {
  const result = validateScenario(input);
  expect(result.ok ? [] : result.issues).toEqual([]);
}

const SERVERS = attached([
  { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
  { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
]);

/** Two load balancers, each with a TCP listener on :80 and both servers attached; a population on each. */
function two(first: Record<string, unknown> = {}, second: Record<string, unknown> = {}, region: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ecsInstances: SERVERS.ecsInstances,
    loadBalancers: [
      { LoadBalancerId: 'lb-first0001', Address: '47.100.10.10', listeners: [{ ListenerPort: 80 }], backendServers: SERVERS.backendServers, ...first },
      { LoadBalancerId: 'lb-second001', Address: '47.100.10.11', listeners: [{ ListenerPort: 80 }], backendServers: SERVERS.backendServers, ...second },
    ],
    clients: [
      { id: 'one', LoadBalancerId: 'lb-first0001', ListenerPort: 80 },
      { id: 'two', LoadBalancerId: 'lb-second001', ListenerPort: 80 },
    ],
    ...region,
  };
}

describe('file ↔ memory', () => {
  it.each(Object.keys(examples))('the %s example survives parse → file → parse', (name) => {
    const input = examples[name]!;
    expect(roundTrip(input)).toEqual(parseScenario(input));
  });

  it('random layer-4 scenarios, some with several load balancers, survive parse → file → parse', () => {
    let several = 0;
    fc.assert(
      fc.property(randomL4, ({ scenario }) => {
        const parsed = parseScenario(scenario);
        if (parsed.loadBalancers.length > 1) several++;
        expect(roundTrip(scenario)).toEqual(parsed);
      }),
      { seed: 505, numRuns: 200 },
    );
    expect(several).toBeGreaterThan(10);
  });

  it('random layer-7 scenarios survive parse → file → parse', () => {
    fc.assert(
      fc.property(randomL7(), ({ scenario }) => {
        expect(roundTrip(scenario)).toEqual(parseScenario(scenario));
      }),
      { seed: 707, numRuns: 100 },
    );
  });

  it('memory is flat, every item naming its load balancer; the file nests them and drops the ids', () => {
    const s = parseScenario(two({ listeners: [{ ListenerPort: 80 }, { ListenerPort: 443 }] }));
    expect(s.loadBalancers.map((lb) => lb.LoadBalancerId)).toEqual(['lb-first0001', 'lb-second001']);
    expect(s.loadBalancers[0]).not.toHaveProperty('listeners');
    expect(s.listeners.map((l) => [l.LoadBalancerId, l.ListenerPort])).toEqual([
      ['lb-first0001', 80],
      ['lb-first0001', 443],
      ['lb-second001', 80],
    ]);
    expect(s.backendServers.map((b) => `${b.LoadBalancerId}:${b.ServerId}`)).toEqual(['lb-first0001:i-a1', 'lb-first0001:i-b2', 'lb-second001:i-a1', 'lb-second001:i-b2']);
    const file = toScenarioFile(s) as unknown as { loadBalancers: { LoadBalancerId: string; listeners: object[]; backendServers: object[] }[] };
    expect(file).not.toHaveProperty('listeners');
    expect(file.loadBalancers.map((lb) => [lb.LoadBalancerId, lb.listeners.length, lb.backendServers.length])).toEqual([
      ['lb-first0001', 2, 2],
      ['lb-second001', 1, 2],
    ]);
    for (const lb of file.loadBalancers) for (const item of [...lb.listeners, ...lb.backendServers]) expect(item).not.toHaveProperty('LoadBalancerId');
    expect(loadBalancerOf(s, s.listeners[2]!).Address).toBe('47.100.10.11');
    expect(() => loadBalancerOf(s, { LoadBalancerId: 'lb-nowhere01' })).toThrow(/no load balancer lb-nowhere01/);
  });

  it('with one load balancer a population may leave out its LoadBalancerId: it is filled in', () => {
    const s = parseScenario(oneLoadBalancer({ loadBalancer: { LoadBalancerId: 'lb-only00001' }, listeners: [{ ListenerPort: 80 }], clients: [{ ListenerPort: 80 }] }));
    expect(s.clients[0]!.LoadBalancerId).toBe('lb-only00001');
  });

  it('an empty input holds the one default load balancer', () => {
    expect(parseScenario({}).loadBalancers.map((lb) => lb.LoadBalancerId)).toEqual(['lb-sim0000000001']);
  });
});

describe('rules between load balancers', () => {
  it('two load balancers may listen on the same port and attach the same ECS instances', () => {
    accepts(two());
  });

  it('a duplicate port in the second load balancer is reported where the file has it', () => {
    expect(issuesOf(two({}, { listeners: [{ ListenerPort: 80 }, { ListenerPort: 443 }, { ListenerPort: 443 }] }))).toEqual([
      { field: 'loadBalancers.1.listeners.2.ListenerPort', message: expect.stringContaining('ListenerAlreadyExists') },
    ]);
  });

  it('field errors inside the second load balancer carry its index', () => {
    const fields = issuesOf(two({}, { listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }], backendServers: [{ ServerId: 'i-a1', Weight: 101 }] })).map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['loadBalancers.1.listeners.0.Scheduler', 'loadBalancers.1.backendServers.0.Weight']));
    expect(issuesOf(two({}, { backendServers: [{ ServerId: 'i-zz9' }] }))).toEqual([{ field: 'loadBalancers.1.backendServers.0.ServerId', message: 'no ECS instance i-zz9 in ecsInstances' }]);
    expect(issuesOf(two({}, { backendServers: [{ ServerId: 'i-b2' }, { ServerId: 'i-b2' }] }))).toEqual([{ field: 'loadBalancers.1.backendServers.1.ServerId', message: 'i-b2 is attached twice' }]);
  });

  it('refuses a LoadBalancerId listed twice', () => {
    expect(issuesOf(two({}, { LoadBalancerId: 'lb-first0001' })).map((i) => i.field)).toContain('loadBalancers.1.LoadBalancerId');
  });

  it('refuses an Address used twice', () => {
    expect(issuesOf(two({}, { Address: '47.100.10.10' }))).toEqual([{ field: 'loadBalancers.1.Address', message: expect.stringContaining("another load balancer's address") }]);
  });

  it('refuses load balancers in different regions', () => {
    expect(issuesOf(two({}, { RegionId: 'cn-shanghai' })).map((i) => i.field)).toEqual(['loadBalancers.1.RegionId']);
  });

  it('refuses a population without LoadBalancerId when there are two load balancers, or naming none of them', () => {
    expect(issuesOf(two({}, {}, { clients: [{ ListenerPort: 80 }] }))).toEqual([{ field: 'clients.0.LoadBalancerId', message: expect.stringContaining('several load balancers') }]);
    expect(issuesOf(two({}, {}, { clients: [{ LoadBalancerId: 'lb-third0001', ListenerPort: 80 }] }))).toEqual([{ field: 'clients.0.LoadBalancerId', message: 'no load balancer lb-third0001' }]);
  });

  it('a population connects to a listener of its own load balancer', () => {
    const input = two({ listeners: [{ ListenerPort: 80 }, { ListenerPort: 8080 }] }, {}, { clients: [{ LoadBalancerId: 'lb-second001', ListenerPort: 8080 }] });
    expect(issuesOf(input)).toEqual([{ field: 'clients.0.ListenerPort', message: 'no listener on port 8080 of lb-second001' }]);
  });

  it('refuses a listener forwarding to another instance’s VServer group, by default or by rule', () => {
    const group = { VServerGroupId: 'rsp-first', BackendServers: [{ ServerId: 'i-a1', Port: 8080 }] };
    const own = { vServerGroups: [group] };
    accepts(two({ ...own, listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, VServerGroupId: 'rsp-first' }] }));
    expect(issuesOf(two(own, { listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, VServerGroupId: 'rsp-first' }] }))).toEqual([
      { field: 'loadBalancers.1.listeners.0.VServerGroupId', message: expect.stringContaining('belongs to load balancer lb-first0001') },
    ]);
    const rule = { RuleId: 'rule-1', Url: '/a', VServerGroupId: 'rsp-first' };
    expect(issuesOf(two(own, { listeners: [{ ListenerProtocol: 'http', ListenerPort: 80, Rules: [rule] }] })).map((i) => i.field)).toEqual(['loadBalancers.1.listeners.0.Rules.0.VServerGroupId']);
  });

  it('VServer group ids are unique across the region, reported in the file', () => {
    const group = { VServerGroupId: 'rsp-same', BackendServers: [] };
    expect(issuesOf(two({ vServerGroups: [group] }, { vServerGroups: [group] })).map((i) => i.field)).toEqual(['loadBalancers.1.vServerGroups.0.VServerGroupId']);
  });
});
