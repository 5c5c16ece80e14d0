import { describe, expect, it } from 'vitest';
import type { TopologyInfo } from '../../worker/protocol';
import { isUsed, layoutTopology, linkedNodeIds } from './layout';

type Kind = TopologyInfo['nodes'][number]['kind'];

/** A small topology: LVS, two Tengine nodes, one Key Server, one ECS, with the given links. */
function topology(links: [number, number][]): TopologyInfo {
  const kinds: Kind[] = ['lvs', 'tengine', 'tengine', 'keyserver', 'ecs'];
  return {
    nodes: kinds.map((kind, id) => ({ id, kind, key: `${kind}-${id}`, label: `${kind}-${id}`, index: id, zone: 'z' })),
    links: links.map(([from, to], id) => ({ id, from, to, latencyUs: 100 })),
    listeners: [],
    seed: 1,
  };
}

describe('topology layout', () => {
  it('draws exactly the links the engine made: a layer-4 scenario has no Tengine or Key Server edge, and those nodes are unused', () => {
    const info = topology([[0, 4]]);
    const { nodes, edges } = layoutTopology(info);
    expect(edges.map((e) => [e.source, e.target])).toEqual([['0', '4']]);
    expect(edges[0]!.ariaLabel).toBe('lvs-0 → ecs-4');
    const used = Object.fromEntries(nodes.map((n) => [n.data.label, n.data.used]));
    expect(used).toEqual({ 'lvs-0': true, 'tengine-1': false, 'tengine-2': false, 'keyserver-3': false, 'ecs-4': true });
  });

  it('an HTTPS path uses the Tengine nodes and the Key Server; the Key Server sits between the two Tengine nodes', () => {
    const info = topology([
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
      [1, 4],
      [2, 4],
    ]);
    const { nodes, edges } = layoutTopology(info);
    expect(edges).toHaveLength(6);
    expect(nodes.every((n) => n.data.used)).toBe(true);
    const y = Object.fromEntries(nodes.map((n) => [n.data.label, n.position.y]));
    const x = Object.fromEntries(nodes.map((n) => [n.data.label, n.position.x]));
    expect(x['keyserver-3']).toBe(x['tengine-1']);
    expect(y['tengine-1']!).toBeLessThan(y['keyserver-3']!);
    expect(y['keyserver-3']!).toBeLessThan(y['tengine-2']!);
  });

  it('only Tengine nodes and Key Servers are ever drawn as unused', () => {
    const linked = linkedNodeIds({ links: [{ id: 0, from: 1, to: 2, latencyUs: 1 }] });
    expect([...linked].sort()).toEqual([1, 2]);
    expect(isUsed('ecs', 9, linked)).toBe(true);
    expect(isUsed('sync', 9, linked)).toBe(true);
    expect(isUsed('tengine', 9, linked)).toBe(false);
    expect(isUsed('tengine', 1, linked)).toBe(true);
    expect(isUsed('keyserver', 2, linked)).toBe(true);
  });
});
