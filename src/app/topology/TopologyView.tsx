import { applyNodeChanges, Background, Controls, ReactFlow, type NodeChange, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useMemo, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { TopologyInfo } from '../../worker/protocol';
import { ClearAllFaults } from '../faults/ClearAllFaults';
import { FaultMenu } from '../faults/FaultMenu';
import { FaultSync } from '../faults/FaultSync';
import { linkLookSignature } from '../faults/links';
import { linksOfNode } from '../faults/catalog';
import { openFaultMenu, useFaultStore } from '../faults/store';
import { edgeLookSignature, styleEdges } from './edge-looks';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { ComponentNodeView } from './ComponentNodeView';
import { layoutTopology, type ComponentNode } from './layout';
import { Legend } from './Legend';
import { NodeFlasher } from './NodeFlasher';
import { TrafficOverlay } from './TrafficOverlay';

const NODE_TYPES = { component: ComponentNodeView };

/** Dragged positions are kept per scenario, so the layout a user arranged comes back. */
function layoutKey(example: string): string {
  return `slb-sim:layout:${example}`;
}

function savedPositions(example: string): Record<string, { x: number; y: number }> {
  try {
    return JSON.parse(localStorage.getItem(layoutKey(example)) ?? '{}') as Record<string, { x: number; y: number }>;
  } catch {
    return {};
  }
}

/** The SLB topology as React Flow nodes and straight edges, with the traffic canvas on top. */
export function TopologyView() {
  const topology = useSimStore((s) => s.topology);
  const example = useSimStore((s) => s.example);
  return (
    <div className="relative h-full w-full" aria-label="SLB topology" role="region">
      {/* A new topology (load or reset) remounts the flow with a fresh layout. */}
      {topology ? <TopologyFlow key={`${example}:${topology.seed}:${topology.nodes.length}`} topology={topology} example={example} /> : null}
      <Legend />
      <ClearAllFaults />
      <FaultSync />
      <FaultMenu />
      <NodeFlasher />
    </div>
  );
}

/** The context-menu key or Shift+F10 on a focused node opens its fault menu (the keyboard's right-click). */
function onNodeMenuKey(event: ReactKeyboardEvent<HTMLDivElement>): void {
  if (event.key !== 'ContextMenu' && !(event.key === 'F10' && event.shiftKey)) return;
  const element = (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node');
  const id = element?.dataset['id'];
  if (!element || id === undefined) return;
  event.preventDefault();
  const box = element.getBoundingClientRect();
  openFaultMenu(Number(id), box.left + box.width / 2, box.bottom, element);
}

function TopologyFlow({ topology, example }: { topology: TopologyInfo; example: string }) {
  const [{ nodes: initialNodes, edges }] = useState(() => {
    const layout = layoutTopology(topology);
    const saved = savedPositions(example);
    return { ...layout, nodes: layout.nodes.map((n) => (saved[n.data.label] ? { ...n, position: saved[n.data.label]! } : n)) };
  });
  const [nodes, setNodes] = useState<ComponentNode[]>(initialNodes);
  // Edges follow the nodes' fault looks; the signature changes only when a look does, not every frame.
  const spans = useFaultStore((s) => s.spans);
  const signature = useSimStore((s) => edgeLookSignature(topology, s.frame?.nodes, spans, (s.frame?.simTimeUs ?? 0) / 1e6));
  const linkSignature = useSimStore((s) => linkLookSignature(spans, (s.frame?.simTimeUs ?? 0) / 1e6));
  const styledEdges = useMemo(() => styleEdges(edges, topology, signature, linkSignature), [edges, topology, signature, linkSignature]);
  const onNodesChange = useCallback(
    (changes: NodeChange<ComponentNode>[]) =>
      setNodes((current) => {
        const next = applyNodeChanges(changes, current);
        if (changes.some((c) => c.type === 'position' && c.dragging === false)) {
          localStorage.setItem(layoutKey(example), JSON.stringify(Object.fromEntries(next.map((n) => [n.data.label, n.position]))));
        }
        return next;
      }),
    [example],
  );
  const onSelectionChange = useCallback(({ nodes: selected }: OnSelectionChangeParams) => {
    if (selected.length === 1) simControls.selectNode(Number(selected[0]!.id));
  }, []);

  return (
    <ReactFlow
      nodes={nodes}
      edges={styledEdges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onSelectionChange={onSelectionChange}
      onNodeClick={(_, node) => simControls.selectNode(Number(node.id))}
      onNodeContextMenu={(event, node) => {
        event.preventDefault();
        openFaultMenu(Number(node.id), event.clientX, event.clientY, (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node'));
      }}
      onEdgeContextMenu={(event, edge) => {
        // A data link's own faults: the menu of the node it leaves, that link opened.
        event.preventDefault();
        const link = topology ? linksOfNode(topology, Number(edge.source)).find((l) => l.outgoing && l.target.endsWith(`->${topology.nodes.find((n) => n.id === Number(edge.target))?.key ?? ''}`)) : undefined;
        openFaultMenu(Number(edge.source), event.clientX, event.clientY, null, link?.target);
      }}
      onKeyDown={onNodeMenuKey}
      fitView
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
      colorMode="dark"
      nodesConnectable={false}
      ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter to inspect this component.' }}
    >
      <Background gap={24} color="#1e293b" />
      <Controls showInteractive={false} />
      <TrafficOverlay />
    </ReactFlow>
  );
}
