import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { useSimStore } from '../store';
import type { ClusterNode } from './layout';
import { groupState } from './node-state';
import { Counters, KIND_STYLE } from './NodeText';

/**
 * A cluster collapsed into one node ("LVS × 32"): how many members are in each state, in words,
 * and their summed counters; hops to or from any member are drawn at its centre. Clicking (or
 * Enter) expands it; expanded, it is the header above its members and collapses them again.
 */
export const ClusterNodeView = memo(function ClusterNodeView({ data }: NodeProps<ClusterNode>) {
  const style = KIND_STYLE[data.kind];
  const live = useSimStore((s) => (data.expanded ? '' : groupState(s.frame, data.members)));
  const [states, counters] = live.split('|');
  const action = data.expanded ? 'Click (or Enter) to collapse into one node.' : `Click (or Enter) to show all ${data.members.length}.`;
  return (
    <div
      className={`relative rounded-md border-2 border-double px-2 py-1.5 text-slate-100 shadow ${style.className}`}
      style={{ width: data.width }}
      title={`${style.title}\n${data.members.length} nodes${data.zone ? ` in ${data.zone}` : ''}, drawn as one group. ${action}`}
      data-testid={`group-${data.kind}`}
      data-expanded={data.expanded}
    >
      <div className="text-[14px] font-semibold leading-[18px] [overflow-wrap:anywhere]" data-testid="node-label">
        {data.label}
      </div>
      {data.expanded ? null : (
        <>
          {data.zone ? <div className="text-[13px] leading-[17px] text-slate-300 [overflow-wrap:anywhere]">{data.zone}</div> : null}
          {states ? <Counters text={states} testId="group-states" /> : null}
          {counters ? <Counters text={counters} /> : null}
        </>
      )}
      <div className="text-[13px] leading-[17px] text-slate-300">{data.expanded ? '▴ collapse' : '▾ expand'}</div>
      <Handle type="target" position={Position.Left} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
    </div>
  );
});
