import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import type { NodeKind } from '../../engine/net/topology';
import type { ComponentNode } from './layout';
import { NODE_WIDTH } from './layout';

const KIND_STYLE: Record<NodeKind, { title: string; className: string }> = {
  clients: { title: 'Client population', className: 'border-sky-400 bg-sky-950' },
  internet: { title: 'Internet', className: 'border-slate-400 bg-slate-800' },
  router: { title: 'ECMP router: hashes each flow to an LVS node', className: 'border-violet-400 bg-violet-950' },
  lvs: { title: 'LVS node (IPVS, FULLNAT)', className: 'border-amber-400 bg-amber-950' },
  sync: { title: 'Multicast session sync between LVS nodes', className: 'border-amber-300 bg-amber-900' },
  tengine: { title: 'Tengine node (layer 7)', className: 'border-emerald-400 bg-emerald-950' },
  keyserver: { title: 'Key Server: holds private keys for HTTPS handshakes', className: 'border-rose-400 bg-rose-950' },
  ecs: { title: 'ECS backend server', className: 'border-cyan-400 bg-cyan-950' },
  eip: { title: 'Elastic IP bound to a backend', className: 'border-lime-400 bg-lime-950' },
  nat: { title: 'NAT gateway (SNAT for backends)', className: 'border-lime-300 bg-lime-950' },
  external: { title: 'Internet hosts the backends call', className: 'border-slate-400 bg-slate-800' },
};

/** One SLB component. Handles sit at the centre so straight edges run centre to centre. */
export const ComponentNodeView = memo(function ComponentNodeView({ data }: NodeProps<ComponentNode>) {
  const style = KIND_STYLE[data.kind];
  return (
    <div
      className={`rounded-md border px-2 py-1.5 text-xs text-slate-100 shadow ${style.className}`}
      style={{ width: NODE_WIDTH }}
      title={style.title}
      data-testid={`node-${data.kind}`}
      aria-label={`${data.label} (${style.title})`}
    >
      <div className="truncate font-semibold">{data.label}</div>
      <div className="truncate text-[10px] text-slate-400">{data.zone ?? data.kind}</div>
      <Handle type="target" position={Position.Left} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
      <Handle type="source" position={Position.Right} className="!pointer-events-none !left-1/2 !top-1/2 !opacity-0" isConnectable={false} />
    </div>
  );
});
