import { applyNodeChanges, Background, Controls, ReactFlow, type NodeChange, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useState } from 'react';
import type { TopologyInfo } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { ComponentNodeView } from './ComponentNodeView';
import { layoutTopology, type ComponentNode } from './layout';
import { Legend } from './Legend';
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
    </div>
  );
}

function TopologyFlow({ topology, example }: { topology: TopologyInfo; example: string }) {
  const [{ nodes: initialNodes, edges }] = useState(() => {
    const layout = layoutTopology(topology);
    const saved = savedPositions(example);
    return { ...layout, nodes: layout.nodes.map((n) => (saved[n.data.label] ? { ...n, position: saved[n.data.label]! } : n)) };
  });
  const [nodes, setNodes] = useState<ComponentNode[]>(initialNodes);
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
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      onSelectionChange={onSelectionChange}
      onNodeClick={(_, node) => simControls.selectNode(Number(node.id))}
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
