import { applyNodeChanges, Background, Controls, ReactFlow, type NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';
import type { TopologyInfo } from '../../worker/protocol';
import { useSimStore } from '../store';
import { ComponentNodeView } from './ComponentNodeView';
import { layoutTopology, type ComponentNode } from './layout';
import { TrafficOverlay } from './TrafficOverlay';

const NODE_TYPES = { component: ComponentNodeView };

/** The SLB topology as React Flow nodes and straight edges, with the traffic canvas on top. */
export function TopologyView() {
  const topology = useSimStore((s) => s.topology);
  return (
    <div className="relative h-full w-full" aria-label="SLB topology" role="region">
      {/* A new topology (load or reset) remounts the flow with a fresh layout. */}
      {topology ? <TopologyFlow key={`${topology.seed}:${topology.nodes.length}`} topology={topology} /> : null}
    </div>
  );
}

function TopologyFlow({ topology }: { topology: TopologyInfo }) {
  const [{ nodes: initialNodes, edges }] = useState(() => layoutTopology(topology));
  const [nodes, setNodes] = useState<ComponentNode[]>(initialNodes);
  const onNodesChange = useCallback((changes: NodeChange<ComponentNode>[]) => setNodes((current) => applyNodeChanges(changes, current)), []);

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      onNodesChange={onNodesChange}
      fitView
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
      colorMode="dark"
      nodesConnectable={false}
    >
      <Background gap={24} color="#1e293b" />
      <Controls showInteractive={false} />
      <TrafficOverlay />
    </ReactFlow>
  );
}
