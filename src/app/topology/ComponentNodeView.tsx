import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../engine/net/topology';
import { syncPartitionAt } from '../faults/spans';
import { nodeLook } from '../faults/state';
import { useFaultStore } from '../faults/store';
import { useSimStore } from '../store';
import type { ComponentNode } from './layout';
import { liveState } from './node-state';
import { Counters, KIND_STYLE, StateWord } from './NodeText';

/** Why the LVS line reads as it does: "synced held" is a level, not the running total of records. */
const LVS_COUNTERS_HINT =
  'active / inactive: entries in this node\'s connection table by TCP state.\n' +
  'synced held: entries this node holds now that session sync installed or refreshed; it falls as they expire or when the node restarts ' +
  '(it is not the running total of sync records received).';

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

/**
 * One SLB component: its name and state word, the zone of a backend, and its live counters, all
 * wrapping rather than cut off. Handles sit at the centre so straight edges run centre to centre.
 */
export const ComponentNodeView = memo(function ComponentNodeView({ id, data, selected }: NodeProps<ComponentNode>) {
  const style = KIND_STYLE[data.kind];
  const live = useSimStore((s) => liveState(s.frame, Number(id)));
  const [state, counters, failure] = live.split('|');
  const look = useLook(Number(id), data.kind, data.key);
  const lookHint = [
    look.failed ? 'FAILED: down (greyed and crossed; its links dashed)' : '',
    look.blackhole ? 'the router still sends it new flows until the route is withdrawn' : '',
    look.withdrawn ? 'route withdrawn: the router sends it no new flows' : '',
    look.partitioned ? 'cut off from session sync' : '',
    look.degraded ? (DEGRADED_HINT[look.degraded] ?? `degraded: ${look.degraded}`) : '',
  ].filter(Boolean);
  const lookClass = look.failed ? 'grayscale opacity-75 !border-slate-500 !bg-slate-800' : look.withdrawn ? '!border-dashed !border-orange-400' : '';
  const badge = 'rounded px-1 text-[13px] leading-[17px]';
  return (
    <div
      className={`relative rounded-md border px-2 py-1.5 text-slate-100 shadow ${style.className} ${lookClass} ${selected ? 'ring-2 ring-white' : ''}`}
      style={{ width: data.width }}
      title={`${style.title}${lookHint.length > 0 ? `\n${lookHint.join('\n')}` : ''}${failure ? `\nLast failure: ${failure}` : ''}\nRight-click (or Shift+F10) for faults.`}
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
      <div className="flex flex-wrap items-baseline gap-x-1.5">
        <span className="text-[14px] font-semibold leading-[18px] [overflow-wrap:anywhere]" data-testid="node-label">
          {data.label}
        </span>
        {state ? <StateWord state={state} /> : null}
        {look.failed ? (
          <span className={`${badge} bg-red-700 font-bold uppercase text-white`} data-testid="failed-badge">
            failed
          </span>
        ) : null}
        {look.degraded ? (
          <span className={`${badge} bg-yellow-500 font-semibold text-slate-950`} data-testid="degraded-badge" title={DEGRADED_HINT[look.degraded] ?? look.degraded}>
            {look.degraded}
          </span>
        ) : null}
        {look.withdrawn && state !== 'withdrawn' ? (
          <span className={`${badge} bg-orange-500 font-semibold text-slate-950`} data-testid="withdrawn-badge">
            withdrawn
          </span>
        ) : null}
        {look.partitioned ? (
          <span className={`${badge} bg-red-900 text-red-100`} data-testid="partitioned-badge" title="Cut off from session sync">
            sync cut
          </span>
        ) : null}
        {failure ? (
          <span className={`${badge} bg-red-900 text-red-100`} title={`Last failure: ${failure}`}>
            failure
          </span>
        ) : null}
      </div>
      {data.kind === 'ecs' && data.zone ? <div className="text-[13px] leading-[17px] text-slate-300 [overflow-wrap:anywhere]">{data.zone}</div> : null}
      <Counters text={counters || (data.zone ?? data.kind)} title={data.kind === 'lvs' ? LVS_COUNTERS_HINT : undefined} />
      <Handle type="target" position={Position.Left} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
    </div>
  );
});
