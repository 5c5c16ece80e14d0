import { simControls } from '../sim-client';
import type { HiddenNode } from './layout';

/**
 * The nodes no listener's traffic reaches are not drawn; this note at the foot of the view names
 * them and says why ("Tengine-1, Tengine-2: no HTTP or HTTPS listener"). Each name is a button that
 * opens the node in the inspector, as clicking a drawn node does.
 */
export function HiddenNote({ hidden }: { hidden: readonly HiddenNode[] }) {
  if (hidden.length === 0) return null;
  const byReason = new Map<string, HiddenNode[]>();
  for (const node of hidden) byReason.set(node.reason, [...(byReason.get(node.reason) ?? []), node]);
  return (
    <div
      className="absolute bottom-2 left-14 right-2 z-20 flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded bg-slate-900/90 px-2 py-1 text-[12px] leading-[18px] text-slate-200"
      role="note"
      aria-label="Hidden nodes"
      data-testid="hidden-note"
    >
      <span className="font-semibold">Hidden:</span>
      {[...byReason.entries()].map(([reason, nodes]) => (
        <span key={reason} className="flex flex-wrap items-baseline gap-x-1">
          {nodes.map((node) => (
            <button
              key={node.id}
              type="button"
              className="rounded border border-dashed border-slate-500 px-1 text-slate-100 hover:bg-slate-700"
              title={`${node.label} is not drawn: ${reason}. Click to inspect it.`}
              data-testid={`node-${node.kind}`}
              data-used="false"
              onClick={() => simControls.selectNode(node.id)}
            >
              {node.label}
              <span className="sr-only" data-testid="node-counters">
                not used by any listener
              </span>
            </button>
          ))}
          <span className="text-slate-300">({reason})</span>
        </span>
      ))}
    </div>
  );
}
