import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../engine/net/topology';
import type { FrameSummary } from '../../worker/protocol';
import { syncPartitionAt } from '../faults/spans';
import { nodeLook } from '../faults/state';
import { useFaultStore } from '../faults/store';
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

/** Words for the fault looks, in the node's title and its badge. */
const DEGRADED_HINT: Record<string, string> = {
  slow: 'degraded: answers slowly',
  refusing: 'degraded: refuses connections (RST)',
  removed: 'degraded: removed from the server group',
  errors: 'degraded: answers with errors',
};

/** The node's fault look as one string (`failed|withdrawn|blackhole|partitioned|degraded`), for a cheap store comparison. */
function useLook(id: number, kind: NodeKind, key: string): { failed: boolean; withdrawn: boolean; blackhole: boolean; partitioned: boolean; degraded: string } {
  const spans = useFaultStore((s) => s.spans);
  const look = useSimStore((s) => {
    const l = nodeLook({ id, kind, key }, s.frame?.nodes, syncPartitionAt(spans, (s.frame?.simTimeUs ?? 0) / 1e6));
    return `${+l.failed}|${+l.withdrawn}|${+l.blackhole}|${+l.partitioned}|${l.degraded}`;
  });
  const [failed, withdrawn, blackhole, partitioned, degraded] = look.split('|');
  return { failed: failed === '1', withdrawn: withdrawn === '1', blackhole: blackhole === '1', partitioned: partitioned === '1', degraded: degraded ?? '' };
}

/** One SLB component. Handles sit at the centre so straight edges run centre to centre. */
export const ComponentNodeView = memo(function ComponentNodeView({ id, data, selected }: NodeProps<ComponentNode>) {
  const style = KIND_STYLE[data.kind];
  const live = useSimStore((s) => (data.used ? liveState(s.frame, Number(id)) : ''));
  const [state, counters, failure] = live.split('|');
  const unusedHint = data.used ? '' : `\nNot used by any listener. ${UNUSED_HINT[data.kind] ?? ''}`;
  const look = useLook(Number(id), data.kind, data.key);
  const lookHint = [
    look.failed ? 'FAILED: down (greyed and crossed; its links dashed)' : '',
    look.blackhole ? 'the router still sends it new flows until the route is withdrawn' : '',
    look.withdrawn ? 'route withdrawn: the router sends it no new flows' : '',
    look.partitioned ? 'cut off from session sync' : '',
    look.degraded ? (DEGRADED_HINT[look.degraded] ?? `degraded: ${look.degraded}`) : '',
  ].filter(Boolean);
  const lookClass = look.failed ? 'grayscale opacity-60 !border-slate-500 !bg-slate-800' : look.withdrawn ? '!border-dashed !border-orange-400' : '';
  return (
    <div
      className={`relative rounded-md border px-2 py-1.5 text-xs text-slate-100 shadow ${style.className} ${lookClass} ${selected ? 'ring-2 ring-white' : ''} ${data.used ? '' : 'border-dashed opacity-40'}`}
      style={{ width: NODE_WIDTH }}
      title={`${style.title}${unusedHint}${lookHint.length > 0 ? `\n${lookHint.join('\n')}` : ''}${failure ? `\nLast failure: ${failure}` : ''}\nRight-click (or Shift+F10) for faults.`}
      data-testid={`node-${data.kind}`}
      data-state={state || undefined}
      data-used={data.used}
      data-failed={look.failed}
      data-withdrawn={look.withdrawn || undefined}
      data-partitioned={look.partitioned || undefined}
      data-degraded={look.degraded || undefined}
    >
      {look.failed ? (
        // The cross: unmistakable at any zoom, and no colour needed to read it.
        <svg className="pointer-events-none absolute inset-0 h-full w-full" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden data-testid="failed-cross">
          <line x1="4" y1="8" x2="96" y2="92" stroke="#f87171" strokeWidth="3" vectorEffect="non-scaling-stroke" />
          <line x1="96" y1="8" x2="4" y2="92" stroke="#f87171" strokeWidth="3" vectorEffect="non-scaling-stroke" />
        </svg>
      ) : null}
      <div className="flex items-center gap-1">
        {state ? <span className={`inline-block h-2 w-2 rounded-full ${STATE_COLOR[state] ?? 'bg-slate-400'}`} aria-label={state} /> : null}
        <span className="truncate font-semibold">{data.label}</span>
        {data.kind === 'ecs' && data.zone ? <span className="truncate text-[9px] text-slate-400">{data.zone}</span> : null}
        {look.failed ? (
          <span className="ml-auto rounded bg-red-700 px-1 text-[9px] font-bold uppercase text-white" data-testid="failed-badge">
            failed
          </span>
        ) : null}
        {look.degraded ? (
          <span className="ml-auto rounded bg-yellow-600 px-1 text-[9px] font-semibold text-slate-950" data-testid="degraded-badge" title={DEGRADED_HINT[look.degraded] ?? look.degraded}>
            {look.degraded}
          </span>
        ) : null}
        {look.withdrawn ? (
          <span className="ml-auto rounded bg-orange-600 px-1 text-[9px] font-semibold text-slate-950" data-testid="withdrawn-badge">
            withdrawn
          </span>
        ) : null}
        {look.partitioned ? (
          <span className="rounded bg-red-900 px-1 text-[9px] text-red-200" data-testid="partitioned-badge" title="Cut off from session sync">
            sync cut
          </span>
        ) : null}
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
