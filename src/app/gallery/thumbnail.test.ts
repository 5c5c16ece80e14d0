import { describe, expect, it } from 'vitest';
import { exampleNames, examples } from '../../scenario/examples';
import { attached, oneLoadBalancer } from '../../scenario/examples/shared';
import { parseScenario } from '../../scenario/validate';
import { MAX_MARKS, thumbnailOf, type MarkRole, type Thumbnail } from './thumbnail';

const count = (thumb: Thumbnail, role: MarkRole): number => thumb.marks.filter((m) => m.role === role).length;

describe('topology thumbnail', () => {
  it.each(exampleNames())('%s: one mark per node of each tier the scenario uses', (name) => {
    const scenario = parseScenario(examples[name]);
    const thumb = thumbnailOf(scenario);
    const protocols = new Set(scenario.listeners.map((l) => l.ListenerProtocol));
    const layer7 = protocols.has('http') || protocols.has('https');
    expect(count(thumb, 'clients')).toBe(scenario.clients.length);
    expect(count(thumb, 'router')).toBe(1);
    expect(count(thumb, 'lvs')).toBe(scenario.cluster.lvsNodes + scenario.cluster.standby.lvsNodes);
    expect(count(thumb, 'tengine')).toBe(layer7 ? scenario.cluster.tengineNodes + scenario.cluster.standby.tengineNodes : 0);
    expect(count(thumb, 'keyserver')).toBe(protocols.has('https') ? scenario.cluster.keyServers : 0);
    expect(count(thumb, 'ecs')).toBe(scenario.ecsInstances.length);
    expect(count(thumb, 'eip')).toBe(scenario.egress.eips.length);
    expect(count(thumb, 'nat')).toBe(scenario.egress.natGateways.length);
    for (const mark of thumb.marks) {
      expect(mark.x).toBeGreaterThanOrEqual(0);
      expect(mark.y).toBeGreaterThanOrEqual(0);
      expect(mark.x + mark.w).toBeLessThanOrEqual(thumb.width);
      expect(mark.y + mark.h).toBeLessThanOrEqual(thumb.height);
    }
  });

  it('labels the columns with the node counts', () => {
    const thumb = thumbnailOf(parseScenario(examples['l7-rules']));
    expect(thumb.captions.map((c) => c.text)).toEqual(['clients', 'router', 'LVS ×4', 'Tengine ×2', 'ECS ×6']);
  });

  it('a layer-4 scenario links LVS straight to the backends and shows no Tengine', () => {
    const thumb = thumbnailOf(parseScenario(examples['l4-basic']));
    const lvsRight = new Set(thumb.marks.filter((m) => m.role === 'lvs').map((m) => m.x + m.w));
    const ecsLeft = new Set(thumb.marks.filter((m) => m.role === 'ecs').map((m) => m.x));
    // 4 LVS × 4 backends.
    expect(thumb.links.filter((l) => lvsRight.has(l.x1) && ecsLeft.has(l.x2))).toHaveLength(16);
  });

  it('an HTTPS scenario shows the Key Server linked to every Tengine node', () => {
    const thumb = thumbnailOf(parseScenario(examples['keyserver-outage']));
    const [keyServer] = thumb.marks.filter((m) => m.role === 'keyserver');
    expect(keyServer).toBeDefined();
    expect(thumb.links.filter((l) => l.x2 === keyServer!.x && l.y2 === keyServer!.y + keyServer!.h / 2)).toHaveLength(2);
  });

  it('egress: an EIP links to its instance and a NAT gateway to its SNAT servers', () => {
    const thumb = thumbnailOf(parseScenario(examples['egress-billing']));
    const [eip] = thumb.marks.filter((m) => m.role === 'eip');
    const [nat] = thumb.marks.filter((m) => m.role === 'nat');
    const into = (mark: typeof eip) => thumb.links.filter((l) => l.x2 === mark!.x && l.y2 === mark!.y + mark!.h / 2).length;
    expect(into(eip)).toBe(1);
    expect(into(nat)).toBe(2);
  });

  it('draws two zone bands only with a standby cluster, the standby LVS nodes in the second', () => {
    expect(thumbnailOf(parseScenario(examples['l4-basic'])).zones).toEqual([]);
    const thumb = thumbnailOf(parseScenario(examples['zone-outage']));
    expect(thumb.zones.map((z) => z.label)).toEqual(['cn-hangzhou-h', 'cn-hangzhou-i']);
    const second = thumb.zones[1]!;
    const standby = thumb.marks.filter((m) => m.role === 'lvs' && m.standby);
    expect(standby.map((m) => m.label)).toEqual(['LVS-5 (standby)', 'LVS-6 (standby)']);
    for (const mark of standby) expect(mark.y).toBeGreaterThanOrEqual(second.y);
    // Backends follow their ZoneId: i-ecs3 and i-ecs4 are in cn-hangzhou-i.
    const lower = thumb.marks.filter((m) => m.role === 'ecs' && m.y >= second.y).map((m) => m.label);
    expect(lower).toEqual(['i-ecs3', 'i-ecs4']);
  });

  it('caps a column at MAX_MARKS marks and says how many more there are', () => {
    const servers = Array.from({ length: 40 }, (_, i) => ({ ServerId: `i-s${i}`, PrivateIp: `10.0.${Math.floor(i / 200)}.${(i % 200) + 1}` }));
    const thumb = thumbnailOf(parseScenario(oneLoadBalancer({ listeners: [{ ListenerPort: 80 }], ...attached(servers) })));
    expect(count(thumb, 'ecs')).toBe(MAX_MARKS);
    expect(thumb.captions.map((c) => c.text)).toContain(`+${40 - MAX_MARKS}`);
    expect(thumb.captions.map((c) => c.text)).toContain('ECS ×40');
  });
});
