import type { Edge } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { styleEdges } from './edge-looks';

const topology = {
  nodes: [
    { id: 1, kind: 'router' as const },
    { id: 2, kind: 'lvs' as const },
    { id: 3, kind: 'lvs' as const },
    { id: 4, kind: 'sync' as const },
    { id: 5, kind: 'ecs' as const },
  ],
};
const edge = (from: number, to: number): Edge => ({ id: `${from}-${to}`, source: String(from), target: String(to) });
const edges = [edge(1, 2), edge(1, 3), edge(2, 4), edge(3, 4), edge(2, 5), edge(3, 5)];
const classes = (signature: string) => styleEdges(edges, topology, signature).map((e) => e.className ?? '');

describe('styleEdges', () => {
  it('leaves the edges alone when no node shows a fault', () => {
    expect(styleEdges(edges, topology, '')).toBe(edges);
  });

  it('draws a crashed node still routed to, its links dashed, then its withdrawn route', () => {
    expect(classes('2:fb')).toEqual(['edge-blackhole', '', 'edge-failed', '', 'edge-failed', '']);
    expect(classes('2:f')).toEqual(['edge-withdrawn', '', 'edge-failed', '', 'edge-failed', '']);
    expect(classes('3:w')).toEqual(['', 'edge-withdrawn', '', '', '', '']);
  });

  it('dashes the sync edges of partitioned nodes and every edge of a failed backend', () => {
    expect(classes('2:p;3:p')).toEqual(['', '', 'edge-partitioned', 'edge-partitioned', '', '']);
    expect(classes('5:f')).toEqual(['', '', '', '', 'edge-failed', 'edge-failed']);
  });
});

describe('styleEdges with link faults', () => {
  const keyed = { nodes: topology.nodes.map((n) => ({ ...n, key: n.kind === 'lvs' ? `lvs-${n.id - 1}` : n.kind === 'ecs' ? 'ecs:i-1' : n.kind })) };
  it('gives a faulted link its own look and label, over a failed node\'s, whichever way round the fault names it', () => {
    const styled = styleEdges(edges, keyed, '2:f', 'lvs-1<>router=loss 20% · +50 ms;ecs:i-1<>lvs-2=one-way');
    expect(styled.map((e) => [e.id, e.className ?? '', e.label ?? ''])).toEqual([
      ['1-2', 'edge-link-fault', 'loss 20% · +50 ms'],
      ['1-3', '', ''],
      ['2-4', 'edge-failed', ''],
      ['3-4', '', ''],
      ['2-5', 'edge-failed', ''],
      ['3-5', 'edge-link-fault', 'one-way'],
    ]);
  });
});
