import {
  applyNodeChanges,
  Background,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStoreApi,
  type FitViewOptions,
  type NodeChange,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { TopologyInfo } from '../../worker/protocol';
import { ClearAllFaults } from '../faults/ClearAllFaults';
import { FaultMenu } from '../faults/FaultMenu';
import { FaultSync } from '../faults/FaultSync';
import { linkLookSignature } from '../faults/links';
import { linksOfNode } from '../faults/catalog';
import { openFaultMenu, useFaultStore } from '../faults/store';
import { edgeLookSignature, styleEdges } from './edge-looks';
import { markTopologyPainted } from '../first-load';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { BundleEdge } from './BundleEdge';
import { ClusterNodeView } from './ClusterNodeView';
import { ComponentNodeView } from './ComponentNodeView';
import { HiddenNote } from './HiddenNote';
import { FIT_PADDING, layoutTopology, MAX_FIT_ZOOM, planTopology, restack, type FlowNode, type Pane, type TopologyLayout } from './layout';
import { Legend } from './Legend';
import { setDrawnAliases } from './node-alias';
import { NodeFlasher } from './NodeFlasher';
import { TrafficOverlay } from './TrafficOverlay';

const NODE_TYPES = { component: ComponentNodeView, cluster: ClusterNodeView };
const EDGE_TYPES = { bundle: BundleEdge };

/** Fit leaves room for the legend (top) and the hidden-nodes note (bottom); see layout.ts. */
const FIT_VIEW: FitViewOptions = {
  padding: { top: `${FIT_PADDING.top}px`, right: `${FIT_PADDING.right}px`, bottom: `${FIT_PADDING.bottom}px`, left: `${FIT_PADDING.left}px` },
  maxZoom: MAX_FIT_ZOOM,
};

/**
 * Fit options for the pane as it is now: the legend over the top and the note at the foot grow
 * and shrink (a fault adds legend lines), so the padding clears their measured boxes.
 */
function fitNow(domNode: HTMLElement | null): FitViewOptions {
  const root = domNode?.parentElement;
  if (!domNode || !root) return FIT_VIEW;
  const pane = domNode.getBoundingClientRect();
  const legend = root.querySelector('[aria-label="Legend"]')?.getBoundingClientRect();
  const note = root.querySelector('[data-testid="hidden-note"]')?.getBoundingClientRect();
  const top = legend ? Math.max(16, legend.bottom - pane.top + 10) : FIT_PADDING.top;
  const bottom = note ? Math.max(16, pane.bottom - note.top + 10) : 16;
  return { ...FIT_VIEW, padding: { top: `${top}px`, right: `${FIT_PADDING.right}px`, bottom: `${bottom}px`, left: `${FIT_PADDING.left}px` } };
}

/**
 * Dragged positions are kept per scenario, so the layout a user arranged comes back. Version 2:
 * the layout sized to the pane (positions saved for the old fixed grid would not fit it).
 */
function layoutKey(example: string): string {
  return `slb-sim:layout:v2:${example}`;
}

/** A node's name in the saved positions: its label, or a group's id (two zones' groups share a label). */
function savedName(node: FlowNode): string {
  return node.type === 'cluster' ? node.id : node.data.label;
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
  // The layout is sized to the pane, so it waits for the pane's size.
  const paneRef = useRef<HTMLDivElement>(null);
  const [pane, setPane] = useState<Pane | undefined>();
  useLayoutEffect(() => {
    const element = paneRef.current;
    if (!element) return;
    const measure = (): void => {
      const { width, height } = element.getBoundingClientRect();
      if (width > 0 && height > 0) setPane((current) => current ?? { width, height });
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  // Groups the user expanded, by group id, for this topology only; and the group last toggled, to keep focus on it.
  const topologyKey = topology ? `${example}:${topology.seed}:${topology.nodes.length}` : '';
  const [groups, setGroups] = useState<{ topologyKey: string; expanded: ReadonlySet<string>; toggled: string | undefined }>({ topologyKey: '', expanded: new Set(), toggled: undefined });
  const current = groups.topologyKey === topologyKey ? groups : { topologyKey, expanded: new Set<string>(), toggled: undefined };
  const { expanded } = current;
  const toggleGroup = useCallback(
    (id: string) =>
      setGroups((before) => {
        const next = new Set(before.topologyKey === topologyKey ? before.expanded : []);
        if (!next.delete(id)) next.add(id);
        return { topologyKey, expanded: next, toggled: id };
      }),
    [topologyKey],
  );
  const hidden = useMemo(() => (topology ? planTopology(topology).hidden : []), [topology]);
  const expandedKey = [...expanded].sort().join(',');
  return (
    <div ref={paneRef} className="relative h-full w-full" aria-label="SLB topology" role="region">
      {/* A new topology (load or reset) or another set of expanded groups remounts the flow with a fresh layout. */}
      {topology && pane ? (
        <TopologyFlow
          key={`${topologyKey}:${expandedKey}`}
          topology={topology}
          example={example}
          pane={pane}
          expanded={expanded}
          focusId={current.toggled}
          onToggleGroup={toggleGroup}
        />
      ) : null}
      <Legend />
      <HiddenNote hidden={hidden} />
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

/** A topology node id, or undefined for a group or a bundle. */
function topologyId(id: string): number | undefined {
  return /^\d+$/.test(id) ? Number(id) : undefined;
}

/**
 * Once React Flow has measured the nodes, restacks each column by the measured heights (the first
 * placement used estimates) and fits the view again; restacks again whenever a node's height changes.
 */
function Restack({ onMeasured, focusId }: { onMeasured: (heightOf: (id: string) => number | undefined) => void; focusId: string | undefined }) {
  const initialized = useNodesInitialized();
  const store = useStoreApi();
  const { fitView } = useReactFlow();
  const done = useRef(false);
  /** The viewport our last fit left, to tell whether the user has since panned or zoomed. */
  const fitted = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!initialized || done.current) return;
    done.current = true;
    // The nodes are measured, so React Flow shows them in this frame: the first load's mark (set once).
    markTopologyPainted();
    const { nodeLookup } = store.getState();
    onMeasured((id) => nodeLookup.get(id)?.measured.height);
    // Fit again once the restacked positions are in React Flow's store (two frames on).
    let raf = requestAnimationFrame(
      () =>
        (raf = requestAnimationFrame(() => {
          void fitView(fitNow(store.getState().domNode)).then(() => (fitted.current = store.getState().transform.join(',')));
          // A group expanded or collapsed from the keyboard keeps the focus across the new layout.
          if (focusId) store.getState().domNode?.querySelector<HTMLElement>(`.react-flow__node[data-id="${focusId}"]`)?.focus();
        })),
    );
    return () => cancelAnimationFrame(raf);
  }, [initialized, store, onMeasured, fitView, focusId]);
  // Later, a node that grows or shrinks (its counters wrap a line more, a fault badge appears)
  // restacks its column, so it never runs into the next node; the view is not refitted under the user.
  useEffect(() => {
    if (!initialized) return;
    const heights = (): string => [...store.getState().nodeLookup.values()].map((n) => Math.round(n.measured.height ?? 0)).join(',');
    let last = heights();
    return store.subscribe(() => {
      const next = heights();
      if (next === last) return;
      last = next;
      const { nodeLookup } = store.getState();
      onMeasured((id) => nodeLookup.get(id)?.measured.height);
    });
  }, [initialized, store, onMeasured]);
  // The pane changes size when the panels above it grow (fault bars on the timeline), and the
  // legend and the note with what they say: refit, unless the user has panned or zoomed since.
  useEffect(() => {
    const refit = (): void => {
      const state = store.getState();
      if (fitted.current === undefined || state.transform.join(',') !== fitted.current) return;
      void fitView(fitNow(state.domNode)).then(() => (fitted.current = store.getState().transform.join(',')));
    };
    let size = `${store.getState().width}x${store.getState().height}`;
    const unsubscribe = store.subscribe((state) => {
      const next = `${state.width}x${state.height}`;
      if (next === size) return;
      size = next;
      refit();
    });
    const root = store.getState().domNode?.parentElement;
    const overlays = new ResizeObserver(refit);
    for (const element of root?.querySelectorAll('[aria-label="Legend"], [data-testid="hidden-note"]') ?? []) overlays.observe(element);
    return () => {
      unsubscribe();
      overlays.disconnect();
    };
  }, [store, fitView]);
  return null;
}

/** React Flow's zoom buttons; its fit button fits around the legend and the note as they are now. */
function FitControls() {
  const store = useStoreApi();
  const { fitView } = useReactFlow();
  return <Controls showInteractive={false} fitViewOptions={FIT_VIEW} onFitView={() => void fitView(fitNow(store.getState().domNode))} />;
}

interface FlowProps {
  topology: TopologyInfo;
  example: string;
  pane: Pane;
  expanded: ReadonlySet<string>;
  /** A node to focus once laid out (the group just expanded or collapsed). */
  focusId: string | undefined;
  onToggleGroup: (id: string) => void;
}

function TopologyFlow({ topology, example, pane, expanded, focusId, onToggleGroup }: FlowProps) {
  const [layout] = useState<TopologyLayout>(() => layoutTopology(topology, { pane, expanded }));
  const withSaved = useCallback(
    (list: FlowNode[]): FlowNode[] => {
      const saved = savedPositions(example);
      return list.map((n) => (saved[savedName(n)] ? { ...n, position: saved[savedName(n)]! } : n));
    },
    [example],
  );
  const [nodes, setNodes] = useState<FlowNode[]>(() => withSaved(layout.nodes));
  const edges = layout.edges;
  // The traffic canvas draws a collapsed member's hops at its group.
  useLayoutEffect(() => setDrawnAliases(layout.plan.alias), [layout]);
  const onMeasured = useCallback(
    (heightOf: (id: string) => number | undefined) => setNodes((current) => withSaved(restack(layout, current, heightOf))),
    [layout, withSaved],
  );
  // Edges follow the nodes' fault looks; the signature changes only when a look does, not every frame.
  const spans = useFaultStore((s) => s.spans);
  const signature = useSimStore((s) => edgeLookSignature(topology, s.frame?.nodes, spans, (s.frame?.simTimeUs ?? 0) / 1e6));
  const linkSignature = useSimStore((s) => linkLookSignature(spans, (s.frame?.simTimeUs ?? 0) / 1e6));
  const styledEdges = useMemo(() => styleEdges(edges, topology, signature, linkSignature), [edges, topology, signature, linkSignature]);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) =>
      setNodes((current) => {
        const next = applyNodeChanges(changes, current);
        if (changes.some((c) => c.type === 'position' && c.dragging === false)) {
          localStorage.setItem(layoutKey(example), JSON.stringify(Object.fromEntries(next.map((n) => [savedName(n), n.position]))));
        }
        return next;
      }),
    [example],
  );
  const onSelectionChange = useCallback(({ nodes: selected }: OnSelectionChangeParams) => {
    const id = selected.length === 1 ? topologyId(selected[0]!.id) : undefined;
    if (id !== undefined) simControls.selectNode(id);
  }, []);
  /** Enter or Space on a focused group expands or collapses it; the context-menu keys open a node's faults. */
  const onKeyDown = useCallback(
    (event: ReactKeyboardEvent<HTMLDivElement>) => {
      const id = (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node')?.dataset['id'];
      if (id?.startsWith('group:') && (event.key === 'Enter' || event.key === ' ')) {
        event.preventDefault();
        onToggleGroup(id);
        return;
      }
      onNodeMenuKey(event);
    },
    [onToggleGroup],
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={styledEdges}
      nodeTypes={NODE_TYPES}
      edgeTypes={EDGE_TYPES}
      onNodesChange={onNodesChange}
      onSelectionChange={onSelectionChange}
      onNodeClick={(_, node) => {
        const id = topologyId(node.id);
        if (id !== undefined) simControls.selectNode(id);
        else onToggleGroup(node.id);
      }}
      onNodeContextMenu={(event, node) => {
        event.preventDefault();
        const id = topologyId(node.id);
        if (id !== undefined) openFaultMenu(id, event.clientX, event.clientY, (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node'));
      }}
      onEdgeContextMenu={(event, edge) => {
        // A data link's own faults: the menu of the node it leaves, that link opened (not for a group's or a bundle's edge).
        event.preventDefault();
        const source = topologyId(edge.source);
        const target = topologyId(edge.target);
        if (source === undefined || target === undefined || edge.type === 'bundle') return;
        const link = linksOfNode(topology, source).find((l) => l.outgoing && l.target.endsWith(`->${topology.nodes.find((n) => n.id === target)?.key ?? ''}`));
        openFaultMenu(source, event.clientX, event.clientY, null, link?.target);
      }}
      onKeyDown={onKeyDown}
      fitView
      fitViewOptions={FIT_VIEW}
      minZoom={0.2}
      proOptions={{ hideAttribution: true }}
      colorMode="dark"
      nodesConnectable={false}
      ariaLabelConfig={{ 'node.a11yDescription.default': 'Press Enter to inspect this component.' }}
    >
      <Background gap={24} color="#1e293b" />
      <FitControls />
      <TrafficOverlay />
      <Restack onMeasured={onMeasured} focusId={focusId} />
    </ReactFlow>
  );
}
