import { describe, expect, it } from 'vitest';
import { attached, type OneLoadBalancerInput, oneLoadBalancer, flatOneLoadBalancer } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun } from '../../test/change-run';

type Listener = NonNullable<OneLoadBalancerInput['listeners']>[number];
type Group = NonNullable<OneLoadBalancerInput['vServerGroups']>[number];

const SERVERS = ['i-w1', 'i-w2', 'i-api1', 'i-api2'];

/** An HTTP listener over the default group (i-w1, i-w2 with these weights) and optional VServer groups and rules. */
function http(weights: [number, number], listener: Partial<Listener> = {}, groups: Group[] = []): ScenarioInput {
  return oneLoadBalancer({
    cluster: { lvsNodes: 2, tengineNodes: 2 },
    listeners: [{ ListenerPort: 80, ListenerProtocol: 'http', Scheduler: 'wrr', ...listener }],
    ...attached(SERVERS.map((ServerId, i) => ({ ServerId, PrivateIp: `10.0.0.${i + 1}`, Weight: i < 2 ? weights[i]! : 100, serviceTimeMs: 1 }))),
    vServerGroups: groups,
    clients: [
      {
        id: 'browsers',
        ListenerPort: 80,
        clientIps: 500,
        arrival: { type: 'constant', connectionsPerSecond: 100 },
        exchanges: 2,
        http: { mix: [{ weight: 1, host: 'www.example.com', path: '/api/x' }] },
      },
    ],
  });
}

const API = { VServerGroupId: 'rsp-api', BackendServers: [{ ServerId: 'i-api1', Port: 80, Weight: 100 }] };
const apiRule = { Rules: [{ RuleId: 'rule-api', Url: '/api', VServerGroupId: 'rsp-api' }] };

/** Requests each backend received between the two times (s). */
function requests(run: ChangeRun, fromS: number, toS: number): Record<string, number> {
  run.runUntil(fromS);
  const before = Array.from(run.sim.servers.requests);
  run.runUntil(toS);
  return Object.fromEntries(SERVERS.map((id, b) => [id, (run.sim.servers.requests[b] as number) - (before[b] as number)]));
}

describe('layer-7 settings changed at run time (Tengine reloads: new requests, new routing)', () => {
  it('default-group weights: requests after the change follow the new ratio', () => {
    const run = new ChangeRun(http([100, 100]), [[5, http([100, 25])]]);
    const before = requests(run, 1, 5);
    const after = requests(run, 5.5, 10);
    expect(before['i-w1']! / before['i-w2']!).toBeCloseTo(1, 1);
    expect(after['i-w1']! / after['i-w2']!).toBeGreaterThan(3.8);
    expect(after['i-w1']! / after['i-w2']!).toBeLessThan(4.2);
  });

  it('a rule added with a VServer group that did not exist: its requests move to that group from then on', () => {
    const run = new ChangeRun(http([100, 100]), [[5, http([100, 100], apiRule, [API])]]);
    // Before: the default server group, which is every backend.
    const before = requests(run, 0, 5);
    expect(before['i-w1']! + before['i-w2']!).toBeGreaterThan(200);
    const after = requests(run, 5.5, 10);
    expect(after['i-api1']).toBeGreaterThan(500);
    expect(after['i-w1']! + after['i-w2']! + after['i-api2']!).toBe(0);
  });

  it('a server added to a VServer group takes its share; one taken out gets nothing new', () => {
    const both = { ...API, BackendServers: [...API.BackendServers, { ServerId: 'i-api2', Port: 80, Weight: 100 }] };
    const onlyApi2 = { ...API, BackendServers: [{ ServerId: 'i-api2', Port: 80, Weight: 100 }] };
    const run = new ChangeRun(http([100, 100], apiRule, [API]), [[5, http([100, 100], apiRule, [both])], [10, http([100, 100], apiRule, [onlyApi2])]]);
    expect(requests(run, 0, 5)['i-api2']).toBe(0);
    const mid = requests(run, 5.5, 10);
    expect(mid['i-api2']! / mid['i-api1']!).toBeCloseTo(1, 1);
    const late = requests(run, 10.5, 15);
    expect(late['i-api1']).toBe(0);
    expect(late['i-api2']).toBeGreaterThan(500);
  });

  it('a rule deleted: its requests fall back to the default group', () => {
    const run = new ChangeRun(http([100, 100], apiRule, [API]), [[5, http([100, 100], {}, [API])]]);
    expect(requests(run, 0, 5)['i-w1']).toBe(0);
    // The default server group: every backend alike.
    const after = requests(run, 5.5, 10);
    for (const id of SERVERS) expect(after[id]).toBeGreaterThan(150);
  });

  it('every server of the group at weight 0: Tengine answers 503 from then on', () => {
    const zero = { ...API, BackendServers: [{ ServerId: 'i-api1', Port: 80, Weight: 0 }] };
    const run = new ChangeRun(http([100, 100], apiRule, [API]), [[5, http([100, 100], apiRule, [zero])]]);
    run.runUntil(5);
    const before = run.sim.report().requests.byStatus['503'] ?? 0;
    run.runUntil(10);
    expect(before).toBe(0);
    expect(run.sim.report().requests.byStatus['503']).toBeGreaterThan(500);
  });

  it('an HTTP listener with its own VServer group, added later and deleted later with its group: built, started and stopped', () => {
    const withApi = (): ScenarioInput => {
      const s = flatOneLoadBalancer(http([100, 100], {}, [API]));
      s.listeners = [...(s.listeners ?? []), { ListenerPort: 81, ListenerProtocol: 'http', ...apiRule }];
      s.clients = [...(s.clients ?? []), { id: 'api', ListenerPort: 81, arrival: { type: 'constant', connectionsPerSecond: 50 }, http: { mix: [{ weight: 1, host: 'www.example.com', path: '/api/x' }] } }];
      return oneLoadBalancer(s);
    };
    const run = new ChangeRun(http([100, 100]), [[5, withApi()], [10, http([100, 100])]]);
    // Equal windows: the port-80 clients give i-api1 its default-group share in each; the port-81
    // clients (50/s) add theirs through rsp-api only while their listener exists.
    const before = requests(run, 0.5, 5)['i-api1']!;
    const during = requests(run, 5.5, 10)['i-api1']!;
    const after = requests(run, 10.5, 15)['i-api1']!;
    expect(during - before).toBeGreaterThan(180);
    expect(Math.abs(after - before)).toBeLessThan(40);
  });
});
