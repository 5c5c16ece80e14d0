import { describe, expect, it } from 'vitest';
import { attached } from '../../scenario/examples/shared';
import type { ScenarioInput } from '../../scenario/schema';
import { ChangeRun, tcpScenario, type SeenHop } from '../../test/change-run';
import { PacketType } from '../core/kinds';

/** Long connections (3 exchanges, 2 s apart) over two backends with these weights. */
function scenario(weights: [number, number], protocol: 'tcp' | 'udp' = 'tcp'): ScenarioInput {
  return tcpScenario({
    listeners: [{ ListenerPort: 80, ListenerProtocol: protocol, Scheduler: 'wrr' }],
    ...attached([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1', Weight: weights[0] },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', Weight: weights[1] },
    ]),
    clients: [{ id: 'web', ListenerPort: 80, clientIps: 500, arrival: { type: 'constant', connectionsPerSecond: 40 }, exchanges: 3, thinkTimeMs: 2000, datagrams: 3, datagramIntervalMs: 2000 }],
  });
}

const toBackend = (type: number) => (h: SeenHop): boolean => h.type === type && h.from.startsWith('lvs-') && h.to.startsWith('ecs:');
/** Where each connection was scheduled (its first packet LVS forwarded), and when. */
function firstBackend(hops: SeenHop[], type: number): Map<number, { to: string; atUs: number }> {
  const first = new Map<number, { to: string; atUs: number }>();
  for (const h of hops) if (toBackend(type)(h) && !first.has(h.serial)) first.set(h.serial, { to: h.to, atUs: h.departUs });
  return first;
}
function newFlowsPer(hops: SeenHop[], type: number, fromS: number, toS: number): Record<string, number> {
  const counts: Record<string, number> = { 'ecs:i-a1': 0, 'ecs:i-b2': 0 };
  for (const { to, atUs } of firstBackend(hops, type).values()) if (atUs > fromS * 1e6 && atUs < toS * 1e6) counts[to] = (counts[to] ?? 0) + 1;
  return counts;
}

describe('SetBackendServers weights at run time: new connections only', () => {
  const run = new ChangeRun(scenario([100, 100]), [[10, scenario([100, 25])]], { hops: true }).runUntil(20);
  const hops = run.hops();

  it('connections opened after the change follow the new ratio (wrr 100:25 → 4:1)', () => {
    const before = newFlowsPer(hops, PacketType.Syn, 1, 10);
    const after = newFlowsPer(hops, PacketType.Syn, 10.001, 20);
    expect(before['ecs:i-b2']! / (before['ecs:i-a1']! + before['ecs:i-b2']!)).toBeCloseTo(0.5, 2);
    expect(after['ecs:i-b2']! / (after['ecs:i-a1']! + after['ecs:i-b2']!)).toBeCloseTo(0.2, 2);
  });

  it('connections opened before it keep their backend for every later packet', () => {
    const first = firstBackend(hops, PacketType.Syn);
    let checked = 0;
    for (const h of hops) {
      if (!toBackend(PacketType.Data)(h) || h.departUs <= 10e6) continue;
      const origin = first.get(h.serial)!;
      if (origin.atUs >= 10e6) continue;
      expect(h.to).toBe(origin.to);
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('weight 0 quiesces: no new connection to the backend, its open ones carry on', () => {
    const zero = new ChangeRun(scenario([100, 100]), [[10, scenario([100, 0])]], { hops: true }).runUntil(15);
    const zh = zero.hops();
    expect(newFlowsPer(zh, PacketType.Syn, 10.001, 15)['ecs:i-b2']).toBe(0);
    const toB2After = zh.filter((h) => toBackend(PacketType.Data)(h) && h.to === 'ecs:i-b2' && h.departUs > 10.5e6).length;
    expect(toB2After).toBeGreaterThan(50);
  });

  it('on a UDP listener weight 0 takes effect five minutes later (new flows still reach it until then)', () => {
    const udp = new ChangeRun(scenario([100, 100], 'udp'), [[10, scenario([100, 0], 'udp')]], { hops: true }).runUntil(320);
    const uh = udp.hops();
    expect(newFlowsPer(uh, PacketType.Datagram, 10.001, 305)['ecs:i-b2']).toBeGreaterThan(1000);
    expect(newFlowsPer(uh, PacketType.Datagram, 310.001, 320)['ecs:i-b2']).toBe(0);
  });

  it('a weight raised from 0 applies at once, on UDP too', () => {
    const udp = new ChangeRun(scenario([100, 0], 'udp'), [[10, scenario([100, 100], 'udp')]], { hops: true }).runUntil(15);
    const counts = newFlowsPer(udp.hops(), PacketType.Datagram, 10.001, 15);
    expect(counts['ecs:i-b2']! / (counts['ecs:i-a1']! + counts['ecs:i-b2']!)).toBeCloseTo(0.5, 1);
  });
});
