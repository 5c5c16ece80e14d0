import { describe, expect, it } from 'vitest';
import { buildTopology } from '../../engine/net/topology';
import { examples } from '../../scenario/examples';
import { parseScenario } from '../../scenario/validate';
import type { TopologyInfo } from '../../worker/protocol';
import { convexHull, findBundles } from './bundles';
import { MAX_TIER_ROWS } from './groups';
import { BUNDLED_EDGE_STYLE, DEFAULT_PANE, fitZoom, isUsed, layoutTopology, linkedNodeIds, placePlan, restack, type FlowNode } from './layout';
import { TEXT_PX } from './node-size';

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

/** A layer-4 region as the engine wires it: clients → Internet → router → every LVS → every ECS, LVS → sync. */
function region(lvs: number, ecs: number, zones = ['z1', 'z2']): TopologyInfo {
  const nodes: TopologyInfo['nodes'] = [];
  const add = (kind: Kind, label: string, zone?: string): number => {
    nodes.push({ id: nodes.length, kind, key: `${kind}-${nodes.length}`, label, index: nodes.length, zone });
    return nodes.length - 1;
  };
  const clients = add('clients', 'clients');
  const internet = add('internet', 'Internet');
  const router = add('router', 'ECMP router');
  const lvsIds = Array.from({ length: lvs }, (_, i) => add('lvs', `LVS-${i + 1}`, zones[0]));
  const sync = add('sync', 'Multicast sync 224.0.0.81:8848', zones[0]);
  add('tengine', 'Tengine-1', zones[0]);
  const ecsIds = Array.from({ length: ecs }, (_, i) => add('ecs', `i-ecs${i + 1}`, zones[i % zones.length]));
  const links: [number, number][] = [
    [clients, internet],
    [internet, router],
  ];
  for (const l of lvsIds) {
    links.push([router, l], [l, sync]);
    for (const e of ecsIds) links.push([l, e]);
  }
  return { nodes, links: links.map(([from, to], id) => ({ id, from, to, latencyUs: 1 })), listeners: [], seed: 1 };
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('topology layout', () => {
  it('a layer-4 scenario hides the Tengine nodes and the Key Server, with the reason, and draws no edge to them', () => {
    const info = topology([[0, 4]]);
    const { nodes, edges, plan } = layoutTopology(info);
    expect(edges.map((e) => [e.source, e.target])).toEqual([['0', '4']]);
    expect(edges[0]!.ariaLabel).toBe('lvs-0 → ecs-4');
    expect(nodes.map((n) => n.data.label).sort()).toEqual(['ecs-4', 'lvs-0']);
    expect(plan.hidden).toEqual([
      { id: 1, kind: 'tengine', label: 'tengine-1', reason: 'no HTTP/HTTPS listener' },
      { id: 2, kind: 'tengine', label: 'tengine-2', reason: 'no HTTP/HTTPS listener' },
      { id: 3, kind: 'keyserver', label: 'keyserver-3', reason: 'no HTTPS listener' },
    ]);
    // The emptied Tengine column is gone: the backends sit in the next column after the LVS node.
    const x = Object.fromEntries(nodes.map((n) => [n.data.label, n.position.x]));
    expect(x['ecs-4']! - x['lvs-0']!).toBeLessThan(400);
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
    const { nodes, edges, plan } = layoutTopology(info);
    expect(edges.filter((e) => e.type !== 'bundle')).toHaveLength(6);
    expect(plan.hidden).toEqual([]);
    expect(nodes.every((n) => n.type === 'component' && n.data.used)).toBe(true);
    const y = Object.fromEntries(nodes.map((n) => [n.data.label, n.position.y]));
    const x = Object.fromEntries(nodes.map((n) => [n.data.label, n.position.x]));
    expect(x['keyserver-3']).toBe(x['tengine-1']);
    expect(y['tengine-1']!).toBeLessThan(y['keyserver-3']!);
    expect(y['keyserver-3']!).toBeLessThan(y['tengine-2']!);
  });

  it('only Tengine nodes and Key Servers are ever called unused', () => {
    const linked = linkedNodeIds({ links: [{ id: 0, from: 1, to: 2, latencyUs: 1 }] });
    expect([...linked].sort()).toEqual([1, 2]);
    expect(isUsed('ecs', 9, linked)).toBe(true);
    expect(isUsed('sync', 9, linked)).toBe(true);
    expect(isUsed('tengine', 9, linked)).toBe(false);
    expect(isUsed('tengine', 1, linked)).toBe(true);
    expect(isUsed('keyserver', 2, linked)).toBe(true);
  });
});

describe('bundles', () => {
  it('N LVS × M backends wired every-to-every become one band; the links stay as invisible named edges; a star stays lines', () => {
    const info = region(4, 4);
    const { edges } = layoutTopology(info);
    const bundles = edges.filter((e) => e.type === 'bundle');
    expect(bundles).toHaveLength(1);
    expect(bundles[0]!.data).toMatchObject({ from: ['3', '4', '5', '6'], links: 16 });
    expect((bundles[0]!.data as { to: string[] }).to).toHaveLength(4);
    const lvsToEcs = edges.filter((e) => e.ariaLabel?.startsWith('LVS-') && e.ariaLabel.includes('i-ecs'));
    expect(lvsToEcs).toHaveLength(16);
    for (const edge of lvsToEcs) expect(edge.style).toEqual(BUNDLED_EDGE_STYLE);
    // Router → LVS (one to many) and LVS → sync (many to one) are drawn link by link.
    const drawn = edges.filter((e) => e.type !== 'bundle' && e.style !== BUNDLED_EDGE_STYLE);
    expect(drawn.map((e) => e.ariaLabel)).toContain('ECMP router → LVS-1');
    expect(drawn.map((e) => e.ariaLabel)).toContain('LVS-4 → Multicast sync 224.0.0.81:8848');
  });

  it('only complete wiring is bundled (a band must not claim a missing link), and small wiring is not', () => {
    const tier = (id: string): string => id[0]!;
    const full = [
      ['a1', 'b1'],
      ['a1', 'b2'],
      ['a2', 'b1'],
      ['a2', 'b2'],
    ].map(([source, target], i) => ({ id: `e${i}`, source: source!, target: target! }));
    expect(findBundles(full, tier)).toHaveLength(1);
    expect(findBundles(full.slice(0, 3), tier)).toEqual([]);
    expect(findBundles([...full.slice(0, 3), { id: 'x', source: 'a3', target: 'b1' }, { id: 'y', source: 'a3', target: 'b2' }], tier)).toEqual([]);
  });

  it("the band (the ends' convex hull) holds every point of every link, so dots stay inside it", () => {
    const a = [0, 80, 200, 310].map((y) => ({ x: 0, y }));
    const b = [-40, 150, 400].map((y) => ({ x: 300, y }));
    const hull = convexHull([...a, ...b]);
    const inside = (p: { x: number; y: number }): boolean =>
      hull.every((q, i) => {
        const r = hull[(i + 1) % hull.length]!;
        return (r.x - q.x) * (p.y - q.y) - (r.y - q.y) * (p.x - q.x) >= -1e-9;
      });
    for (const from of a) for (const to of b) for (const f of [0, 0.25, 0.5, 0.75, 1]) expect(inside({ x: from.x + (to.x - from.x) * f, y: from.y + (to.y - from.y) * f })).toBe(true);
    expect(inside({ x: 150, y: 500 })).toBe(false);
  });
});

describe('groups', () => {
  it('32 LVS nodes and 100 backends in two zones collapse into three groups; every hop of a member is drawn at its group', () => {
    const info = region(32, 100);
    const { nodes, edges, plan } = layoutTopology(info);
    const groups = nodes.filter((n) => n.type === 'cluster');
    expect(groups.map((g) => g.data.label).sort()).toEqual(['ECS × 50', 'ECS × 50', 'LVS × 32']);
    expect(nodes.filter((n) => n.type === 'component' && (n.data.kind === 'lvs' || n.data.kind === 'ecs'))).toEqual([]);
    for (const id of [3, 20, 34]) expect(plan.alias.get(id)).toBe('group:lvs:z1');
    expect(plan.alias.get(info.nodes.find((n) => n.label === 'i-ecs2')!.id)).toBe('group:ecs:z2');
    // 32 × 100 links become one edge per pair of drawn nodes: LVS group → each ECS group.
    expect(edges.filter((e) => e.source === 'group:lvs:z1' && e.target.startsWith('group:ecs')).map((e) => e.ariaLabel)).toEqual(['LVS × 32 → ECS × 50', 'LVS × 32 → ECS × 50']);
    expect(edges.filter((e) => e.target === 'group:lvs:z1').map((e) => e.ariaLabel)).toEqual(['ECMP router → LVS × 32']);
    expect(edges.length).toBeLessThan(10);
  });

  it('an expanded group draws its members in a grid of at most MAX_TIER_ROWS rows under its header, and their hops at themselves', () => {
    const info = region(32, 100);
    const layout = layoutTopology(info, { expanded: new Set(['group:lvs:z1']) });
    const header = layout.nodes.find((n) => n.id === 'group:lvs:z1')!;
    expect(header.data).toMatchObject({ expanded: true, label: 'LVS × 32' });
    const members = layout.nodes.filter((n) => n.type === 'component' && n.data.kind === 'lvs');
    expect(members).toHaveLength(32);
    for (const m of members) {
      expect(layout.plan.alias.has(Number(m.id))).toBe(false);
      expect(m.position.y).toBeGreaterThan(header.position.y);
    }
    const rows = new Set(members.map((m) => m.position.y));
    expect(rows.size).toBeLessThanOrEqual(MAX_TIER_ROWS);
    expect(layout.edges.some((e) => e.source === '3' && e.target === 'group:ecs:z1')).toBe(true);
    // The collapsed ECS groups still stand for their members.
    expect(layout.plan.alias.get(info.nodes.find((n) => n.label === 'i-ecs1')!.id)).toBe('group:ecs:z1');
  });

  it('a tier of at most MAX_TIER_ROWS nodes is never grouped', () => {
    const { nodes } = layoutTopology(region(MAX_TIER_ROWS - 1, MAX_TIER_ROWS));
    expect(nodes.filter((n) => n.type === 'cluster')).toEqual([]);
  });
});

describe('sizing to the pane', () => {
  const builtIn = Object.entries(examples).map(([name, input]) => {
    const topo = buildTopology(parseScenario(input));
    const info: TopologyInfo = { nodes: topo.nodes, links: topo.links, listeners: [], seed: 1 };
    return [name, info] as const;
  });

  it.each(builtIn)('%s fits a 1440 × 900 window’s pane at a zoom that keeps node text ≥ 12 px on screen', (_, info) => {
    const layout = layoutTopology(info, { pane: DEFAULT_PANE });
    const size = placePlan(layout.plan, layout.geometry);
    expect(fitZoom(size, DEFAULT_PANE) * TEXT_PX).toBeGreaterThanOrEqual(12);
  });

  it.each(builtIn)('%s: no two nodes overlap, even when they measure taller than estimated', (_, info) => {
    const layout = layoutTopology(info, { pane: DEFAULT_PANE });
    // Restack as if every node measured 30 % taller than its estimate.
    const estimated = new Map<string, number>();
    const taller = restack(layout, layout.nodes, (id) => {
      const node = layout.nodes.find((n) => n.id === id)!;
      const height = 40 + (node.data.label.length % 3) * 30;
      estimated.set(id, height * 1.3);
      return height * 1.3;
    });
    const box = (n: FlowNode) => ({ x: n.position.x, y: n.position.y, width: n.data.width, height: estimated.get(n.id)! });
    for (const [i, a] of taller.entries()) for (const b of taller.slice(i + 1)) expect(overlaps(box(a), box(b)), `${a.data.label} / ${b.data.label}`).toBe(false);
  });

  it('a wider pane spreads the columns further apart; a narrow one packs them', () => {
    const info = region(4, 4);
    const spread = (width: number): number => {
      const { nodes } = layoutTopology(info, { pane: { width, height: 740 } });
      const xs = nodes.map((n) => n.position.x);
      return Math.max(...xs) - Math.min(...xs);
    };
    expect(spread(1600)).toBeGreaterThan(spread(1000));
    expect(spread(600)).toBeLessThanOrEqual(spread(1000));
  });

  it('the groups of a huge cluster keep a large region readable', () => {
    const layout = layoutTopology(region(32, 100), { pane: DEFAULT_PANE });
    expect(fitZoom(placePlan(layout.plan, layout.geometry), DEFAULT_PANE) * TEXT_PX).toBeGreaterThanOrEqual(12);
  });
});
