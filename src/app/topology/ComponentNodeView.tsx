import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../engine/net/topology';
import type { FrameSummary } from '../../worker/protocol';
import { useSimStore } from '../store';
import type { ComponentNode } from './layout';
import { NODE_WIDTH } from './layout';

const KIND_STYLE: Record<NodeKind, { title: string; className: string }> = {
  clients: { title: 'Client population: opens connections to the load balancer', className: 'border-sky-400 bg-sky-950' },
  internet: { title: 'The Internet between clients and the SLB edge', className: 'border-slate-400 bg-slate-800' },
  router: { title: 'ECMP router: hashes each flow to one of the LVS nodes announcing the VIP', className: 'border-violet-400 bg-violet-950' },
  lvs: { title: 'LVS node (IPVS, FULLNAT): schedules new flows and keeps a connection table', className: 'border-amber-400 bg-amber-950' },
  sync: { title: 'Multicast session sync: LVS nodes share sessions so a moved flow survives', className: 'border-amber-300 bg-amber-900' },
  tengine: {
    title: 'Tengine node (layer 7): terminates HTTP/HTTPS connections LVS schedules onto it, routes each request by forwarding rules to a VServer group and balances it onto a backend over pooled upstream connections',
    className: 'border-emerald-400 bg-emerald-950',
  },
  keyserver: { title: 'Key Server (Keyless SSL): holds the private keys; every full HTTPS handshake costs Tengine one round trip and one key operation here', className: 'border-rose-400 bg-rose-950' },
  ecs: { title: 'ECS backend server', className: 'border-cyan-400 bg-cyan-950' },
  eip: { title: 'Elastic IP bound to a backend: its own way to and from the Internet', className: 'border-lime-400 bg-lime-950' },
  nat: { title: 'NAT gateway: SNAT for backends without public addresses, DNAT to one backend', className: 'border-lime-300 bg-lime-950' },
  external: { title: 'Internet hosts that backends call', className: 'border-slate-400 bg-slate-800' },
};

const count = (n: number): string => n.toLocaleString('en-US');

/** Why the LVS line reads as it does: "synced held" is a level, not the running total of records. */
const LVS_COUNTERS_HINT =
  'active / inactive: entries in this node\'s connection table by TCP state.\n' +
  'synced held: entries this node holds now that session sync installed or refreshed; it falls as they expire or when the node restarts ' +
  '(it is not the running total of sync records received).';

/**
 * A one-line live summary and a state word for a node, from the latest frame, as one string
 * (`state|counters|failure`) so the store selector returns a value React can compare cheaply.
 */
function liveState(frame: FrameSummary | undefined, id: number): string {
  if (!frame) return '';
  const lvs = frame.nodes.lvs.find((n) => n.nodeId === id);
  if (lvs) {
    const state = !lvs.up ? 'down' : lvs.announced ? 'up' : 'withdrawn';
    return `${state}|active ${count(lvs.active)} · inactive ${count(lvs.inactive)} · synced held ${count(lvs.syncedHeld)}|${lvs.lastFailure ?? ''}`;
  }
  const ecs = frame.nodes.backends.find((n) => n.nodeId === id);
  if (ecs) {
    const state = ecs.condition === 'removed' ? 'removed' : ecs.condition === 'down' ? 'down' : ecs.health === 'abnormal' ? 'unhealthy' : ecs.weight === 0 ? 'quiesced' : ecs.condition === 'healthy' ? 'up' : ecs.condition;
    // Layer 7: Tengine's pooled upstream connections are what a backend holds open.
    const open = ecs.upstreamOpen === 0 ? `open ${ecs.open}` : ecs.open === 0 ? `upstream ${ecs.upstreamOpen}` : `open ${ecs.open} + ${ecs.upstreamOpen} upstream`;
    return `${state}|${open} · ${ecs.requestsPerSecond.toFixed(0)} req/s · w ${ecs.weight}|${ecs.lastFailure ?? ''}`;
  }
  const tengine = frame.nodes.tengine.find((n) => n.nodeId === id);
  if (tengine) {
    const marked = tengine.markedDown > 0 ? ` · ${tengine.markedDown} marked down` : '';
    return `${tengine.up ? 'up' : 'down'}|req ${count(tengine.requests)} · conns ${count(tengine.clientConnections)} · upstream ${count(tengine.upstreamConnections)}${marked}|${tengine.lastFailure ?? ''}`;
  }
  const ks = frame.nodes.keyServers.find((n) => n.nodeId === id);
  if (ks) {
    const state = !ks.up ? 'down' : ks.slow ? 'slow' : 'up';
    return `${state}|ops ${count(ks.requests)} · errors ${count(ks.errors)} · busy ${ks.busy}|${ks.lastFailure ?? ''}`;
  }
  return '';
}

const UNUSED_NOTE = 'not used by any listener';
const UNUSED_HINT: Partial<Record<NodeKind, string>> = {
  tengine: 'No HTTP or HTTPS listener in this scenario: LVS sends every connection straight to the backends.',
  keyserver: 'No HTTPS listener in this scenario: no handshake needs a private-key operation.',
};

const STATE_COLOR: Record<string, string> = {
  up: 'bg-emerald-500',
  down: 'bg-red-500',
  withdrawn: 'bg-orange-500',
  unhealthy: 'bg-red-400',
  quiesced: 'bg-slate-400',
  removed: 'bg-slate-600',
  slow: 'bg-yellow-400',
  refusing: 'bg-red-300',
};

/** One SLB component. Handles sit at the centre so straight edges run centre to centre. */
export const ComponentNodeView = memo(function ComponentNodeView({ id, data, selected }: NodeProps<ComponentNode>) {
  const style = KIND_STYLE[data.kind];
  const live = useSimStore((s) => (data.used ? liveState(s.frame, Number(id)) : ''));
  const [state, counters, failure] = live.split('|');
  const unusedHint = data.used ? '' : `\nNot used by any listener. ${UNUSED_HINT[data.kind] ?? ''}`;
  return (
    <div
      className={`rounded-md border px-2 py-1.5 text-xs text-slate-100 shadow ${style.className} ${selected ? 'ring-2 ring-white' : ''} ${data.used ? '' : 'border-dashed opacity-40'}`}
      style={{ width: NODE_WIDTH }}
      title={`${style.title}${unusedHint}${failure ? `\nLast failure: ${failure}` : ''}`}
      data-testid={`node-${data.kind}`}
      data-state={state || undefined}
      data-used={data.used}
    >
      <div className="flex items-center gap-1">
        {state ? <span className={`inline-block h-2 w-2 rounded-full ${STATE_COLOR[state] ?? 'bg-slate-400'}`} aria-label={state} /> : null}
        <span className="truncate font-semibold">{data.label}</span>
        {data.kind === 'ecs' && data.zone ? <span className="truncate text-[9px] text-slate-400">{data.zone}</span> : null}
        {failure ? (
          <span className="ml-auto rounded bg-red-900 px-1 text-[9px] text-red-200" title={`Last failure: ${failure}`}>
            !
          </span>
        ) : null}
      </div>
      {/* Layer-7 nodes wrap their counters onto a second line rather than cut them off. */}
      <div
        className={`${data.kind === 'tengine' || data.kind === 'keyserver' ? 'break-words' : 'truncate'} text-[10px] text-slate-400`}
        data-testid="node-counters"
        title={data.kind === 'lvs' ? LVS_COUNTERS_HINT : undefined}
      >
        {data.used ? counters || (data.zone ?? data.kind) : UNUSED_NOTE}
      </div>
      <Handle type="target" position={Position.Left} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
    </div>
  );
});
