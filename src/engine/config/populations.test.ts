import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';
import { type OneLoadBalancerInput } from '../../scenario/examples/shared';

type Population = NonNullable<ScenarioInput['clients']>[number];

const web = (perS: number, extra: Partial<Population> = {}): Population => ({ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: perS }, ...extra });
const withClients = (clients: Population[], listeners: OneLoadBalancerInput['listeners'] = [{ ListenerPort: 80 }]): ScenarioInput => tcpScenario({ listeners, clients });

/** Times (s) at which a population opened connections (each connection's first SYN). */
function opens(hops: SeenHop[], id: string): number[] {
  const first = new Map<number, number>();
  for (const h of hops) if (h.type === PacketType.Syn && h.from === `clients:${id}` && !first.has(h.serial)) first.set(h.serial, h.departUs / 1e6);
  return [...first.values()];
}
const within = (times: number[], from: number, to: number): number => times.filter((t) => t >= from && t < to).length;

describe('client populations changed at run time', () => {
  it('a population added at T has its first arrival after T, then arrives at its rate', () => {
    const run = new ChangeRun(withClients([web(20)]), [[10, withClients([web(20), { id: 'late', ListenerPort: 80, arrival: { type: 'constant', connectionsPerSecond: 50 } }])]], { hops: true }).runUntil(20);
    const late = opens(run.hops(), 'late');
    expect(Math.min(...late)).toBeGreaterThan(10);
    expect(Math.min(...late)).toBeLessThanOrEqual(10.02);
    // 10.02, 10.04 … 19.98 s.
    expect(within(late, 10, 20)).toBe(499);
  });

  it('a new rate replaces the pending arrival: from T on it arrives at the new rate only (the stale arrival is ignored)', () => {
    const run = new ChangeRun(withClients([web(2)]), [[10.1, withClients([web(100)])]], { hops: true }).runUntil(20);
    const t = opens(run.hops(), 'web');
    expect(within(t, 0, 10.1)).toBe(20);
    // 100/s from 10.1 s: 10.11 … 19.99 s, and nothing else (the 2/s arrival due at 10.5 never comes).
    expect(within(t, 10.1, 20)).toBe(989);
  });

  it('a population removed at T opens nothing more; its open connections finish', () => {
    const long = web(20, { exchanges: 3, thinkTimeMs: 2000 });
    const run = new ChangeRun(withClients([long, { id: 'other', ListenerPort: 80 }]), [[10, withClients([{ id: 'other', ListenerPort: 80 }])]], { hops: true }).runUntil(20);
    const hops = run.hops();
    expect(within(opens(hops, 'web'), 0, 10)).toBe(199);
    // The arrival due at exactly 10 s is processed before the change (events at times ≤ T first).
    expect(within(opens(hops, 'web'), 10, 10.001)).toBe(1);
    expect(within(opens(hops, 'web'), 10.001, 20)).toBe(0);
    const answers = hops.filter((h) => h.type === PacketType.Data && h.to === 'clients:web' && h.departUs > 10.5e6);
    expect(answers.length).toBeGreaterThan(50);
  });

  it('added back, it arrives again from that moment', () => {
    const run = new ChangeRun(withClients([web(20)]), [[5, withClients([])], [10, withClients([web(20)])]], { hops: true }).runUntil(15);
    const t = opens(run.hops(), 'web');
    expect(within(t, 5.001, 10)).toBe(0);
    expect(within(t, 10, 15)).toBe(99);
  });

  it('a new ListenerPort sends new connections to that listener; open ones stay on theirs', () => {
    const two = [{ ListenerPort: 80 }, { ListenerPort: 81 }];
    const run = new ChangeRun(withClients([web(20, { exchanges: 3, thinkTimeMs: 2000 })], two), [[10, withClients([web(20, { ListenerPort: 81, exchanges: 3, thinkTimeMs: 2000 })], two)]], { hops: true }).runUntil(20);
    const scheduled = run.hops().filter((h) => h.type === PacketType.Syn && h.from.startsWith('lvs-'));
    expect(scheduled.filter((h) => h.departUs > 10.1e6 && h.listener === 0)).toHaveLength(0);
    expect(scheduled.filter((h) => h.departUs > 10.1e6 && h.listener === 1).length).toBeGreaterThan(150);
    const dataOn80After = run.hops().filter((h) => h.type === PacketType.Data && h.from.startsWith('lvs-') && h.listener === 0 && h.departUs > 10.5e6);
    expect(dataOn80After.length).toBeGreaterThan(20);
  });

  it('a TCP listener replaced by an HTTP one on the same port: its clients speak HTTP through Tengine from then on', () => {
    const tcp = withClients([web(20)], [{ ListenerPort: 80, ListenerProtocol: 'tcp' }]);
    const httpOn80 = withClients([web(20)], [{ ListenerPort: 80, ListenerProtocol: 'http' }]);
    const run = new ChangeRun(tcp, [[5, httpOn80]], { hops: true }).runUntil(10);
    const viaTengine = run.hops().filter((h) => h.type === PacketType.Syn && h.from.startsWith('lvs-') && h.to.startsWith('tengine-'));
    expect(viaTengine.filter((h) => h.departUs < 5e6)).toHaveLength(0);
    expect(viaTengine.length).toBeGreaterThan(90);
    expect(run.sim.report().requests.completed).toBeGreaterThan(90);
    expect(run.sim.report().invariants).toEqual({ ok: true, violations: [] });
  });
});
