import type { MarkRole, Thumbnail as ThumbnailModel } from './thumbnail';

/** Mark colours: the border colours of the topology view's nodes (topology/ComponentNodeView.tsx). */
const COLORS: Record<MarkRole, string> = {
  clients: '#38bdf8', // sky-400
  router: '#a78bfa', // violet-400
  lvs: '#fbbf24', // amber-400
  tengine: '#34d399', // emerald-400
  keyserver: '#fb7185', // rose-400
  ecs: '#22d3ee', // cyan-400
  eip: '#a3e635', // lime-400
  nat: '#bef264', // lime-300
};

/** Draws a thumbnail model (thumbnail.ts) as SVG; decorative next to the card's text, so it carries a short label. */
export function Thumbnail({ model, label }: { model: ThumbnailModel; label: string }) {
  return (
    <svg viewBox={`0 0 ${model.width} ${model.height}`} className="h-auto w-full rounded bg-slate-950" role="img" aria-label={label} data-testid="gallery-thumbnail">
      {model.zones.map((zone) => (
        <g key={zone.label}>
          <rect x={2} y={zone.y - 1.5} width={model.width - 4} height={zone.h + 3} rx={3} fill="none" stroke="#334155" strokeDasharray="3 2" />
          {/* Top left: the clients and the router sit in the middle of the first band, so the corner is free. */}
          <text x={5} y={zone.y + 6} fontSize={6} fill="#64748b">
            {zone.label}
          </text>
        </g>
      ))}
      {model.links.map((link, i) => (
        <line key={i} x1={link.x1} y1={link.y1} x2={link.x2} y2={link.y2} stroke="#475569" strokeWidth={0.5} strokeOpacity={0.7} />
      ))}
      {model.marks.map((mark, i) => (
        <rect
          key={i}
          data-role={mark.role}
          x={mark.x}
          y={mark.y}
          width={mark.w}
          height={mark.h}
          rx={1.5}
          fill={COLORS[mark.role]}
          fillOpacity={mark.standby ? 0.25 : 0.85}
          stroke={COLORS[mark.role]}
          strokeDasharray={mark.standby ? '2 1' : undefined}
        >
          <title>{mark.label}</title>
        </rect>
      ))}
      {model.captions.map((caption, i) => (
        <text key={i} x={caption.x} y={caption.y} textAnchor="middle" fontSize={7} fill="#94a3b8">
          {caption.text}
        </text>
      ))}
    </svg>
  );
}
