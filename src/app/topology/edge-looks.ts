import type { Edge } from '@xyflow/react';
import type { NodeStates, TopologyInfo } from '../../worker/protocol';
import type { FaultSpan } from '../faults/spans';
import { linkPair } from '../faults/spans';
import { nodeLooks } from '../faults/state';

/**
 * The fault looks edges depend on, as a compact string (`id:flags;…`, flags f failed, w route
 * withdrawn, b routed to while down, p cut off from sync), so a selector returns a value React
 * compares cheaply and the edges are restyled only when one changes.
 */
export function edgeLookSignature(topology: Pick<TopologyInfo, 'nodes'>, states: NodeStates | undefined, spans: FaultSpan[], nowS: number): string {
  const parts: string[] = [];
  for (const [id, look] of nodeLooks(topology, states, spans, nowS)) {
    const flags = `${look.failed ? 'f' : ''}${look.withdrawn ? 'w' : ''}${look.blackhole ? 'b' : ''}${look.partitioned ? 'p' : ''}`;
    if (flags) parts.push(`${id}:${flags}`);
  }
  return parts.join(';');
}

export const EDGE_LOOKS = {
  failed: { className: 'edge-failed', style: { stroke: '#64748b', strokeWidth: 1, strokeDasharray: '4 4', opacity: 0.6 }, label: 'to a failed node' },
  withdrawn: { className: 'edge-withdrawn', style: { stroke: '#f59e0b', strokeWidth: 2, strokeDasharray: '6 4' }, label: 'route withdrawn: the router sends no new flows' },
  blackhole: { className: 'edge-blackhole', style: { stroke: '#ef4444', strokeWidth: 2, strokeDasharray: '2 3' }, label: 'route still announced to a failed node' },
  partitioned: { className: 'edge-partitioned', style: { stroke: '#ef4444', strokeWidth: 2, strokeDasharray: '6 3' }, label: 'session sync partitioned' },
} as const;

/** A link with a link fault (loss, latency, one-way): magenta, dash-dotted, and labelled with what is wrong. */
export const LINK_FAULT_LOOK = { className: 'edge-link-fault', style: { stroke: '#e879f9', strokeWidth: 2.5, strokeDasharray: '10 3 2 3' } } as const;

/** The topology's (unstyled) edges styled by the nodes' fault looks (see `edgeLookSignature`). */
export function styleEdges(
  edges: Edge[],
  topology: { nodes: (Pick<TopologyInfo['nodes'][number], 'id' | 'kind'> & { key?: string })[] },
  signature: string,
  linkSignature = '',
): Edge[] {
  const nodeStyled = styleNodeEdges(edges, topology, signature);
  if (!linkSignature) return nodeStyled;
  // The link faults' looks (`a<>b=label;…`, see linkLookSignature) win over the nodes' on the same edge.
  const labels = new Map(linkSignature.split(';').map((part) => [part.slice(0, part.lastIndexOf('=')), part.slice(part.lastIndexOf('=') + 1)]));
  const key = new Map(topology.nodes.map((n) => [String(n.id), n.key ?? String(n.id)]));
  return nodeStyled.map((edge) => {
    const label = labels.get(linkPair(`${key.get(edge.source)}->${key.get(edge.target)}`));
    if (label === undefined) return edge;
    return {
      ...edge,
      className: LINK_FAULT_LOOK.className,
      style: LINK_FAULT_LOOK.style,
      label,
      labelStyle: { fill: '#f5d0fe', fontSize: 10, fontWeight: 600 },
      labelBgStyle: { fill: '#4a044e', fillOpacity: 0.9 },
      labelBgPadding: [3, 1] as [number, number],
      ariaLabel: `${edge.ariaLabel ?? ''} (link fault: ${label})`,
    };
  });
}

function styleNodeEdges(edges: Edge[], topology: { nodes: Pick<TopologyInfo['nodes'][number], 'id' | 'kind'>[] }, signature: string): Edge[] {
  if (!signature) return edges;
  const flags = new Map(signature.split(';').map((part) => [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)]));
  const kind = new Map(topology.nodes.map((n) => [String(n.id), n.kind]));
  return edges.map((edge) => {
    const ends = [edge.source, edge.target];
    const lvs = ends.find((id) => kind.get(id) === 'lvs');
    const other = ends.find((id) => id !== lvs);
    const lvsFlags = lvs === undefined ? '' : (flags.get(lvs) ?? '');
    let look: keyof typeof EDGE_LOOKS | undefined;
    if (lvs !== undefined && kind.get(other ?? '') === 'router') {
      // The route's story: still announced to a failed node (until the withdrawal delay), then withdrawn.
      look = lvsFlags.includes('b') ? 'blackhole' : lvsFlags.includes('w') || lvsFlags.includes('f') ? 'withdrawn' : undefined;
    } else if (lvs !== undefined && kind.get(other ?? '') === 'sync') {
      look = lvsFlags.includes('f') ? 'failed' : lvsFlags.includes('p') ? 'partitioned' : undefined;
    } else if (ends.some((id) => flags.get(id)?.includes('f'))) {
      look = 'failed';
    }
    if (!look) return edge;
    const { className, style, label } = EDGE_LOOKS[look];
    return { ...edge, className, style, ariaLabel: `${edge.ariaLabel ?? ''} (${label})` };
  });
}
