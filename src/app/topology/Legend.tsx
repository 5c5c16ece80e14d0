import { useEffect, useState } from 'react';
import { EGRESS_COLOR, KEY_COLOR, LISTENER_COLORS, PROBE_COLOR, RESET_COLOR, SYNC_COLOR, TLS_COLOR } from './dot-colors';
import { MIN_HOP_MS, overlayStats, type DotMode } from './TrafficOverlay';
import { useFaultStore } from '../faults/store';
import { useSimStore } from '../store';
import { linkLookSignature } from '../faults/links';
import { EDGE_LOOKS, edgeLookSignature, LINK_FAULT_LOOK } from './edge-looks';

/** What one dot stands for right now, as the legend says it. */
export function dotMeaning(mode: DotMode, perDot: number): string {
  if (mode === 'sampled') return `sampled: dots show a sample (1 dot ≈ ${perDot.toLocaleString('en-US')} packets); rates on edges`;
  if (mode === 'volume') return `volume mode: 1 dot = ${perDot.toLocaleString('en-US')} packets`;
  return '1 dot = 1 packet';
}

/** What the dots mean right now (every packet, N packets, or a sample with edge rates), and the time dilation. */
export function Legend() {
  const topology = useSimStore((s) => s.topology);
  const [dots, setDots] = useState<{ mode: DotMode; perDot: number }>({ mode: 'every', perDot: 1 });
  useEffect(() => {
    const id = setInterval(() => setDots((old) => (old.mode === overlayStats.mode && old.perDot === overlayStats.perDot ? old : { mode: overlayStats.mode, perDot: overlayStats.perDot })), 500);
    return () => clearInterval(id);
  }, []);
  // The fault looks are explained while some node shows one.
  const spans = useFaultStore((s) => s.spans);
  const faulty = useSimStore((s) => (s.topology ? edgeLookSignature(s.topology, s.frame?.nodes, spans, (s.frame?.simTimeUs ?? 0) / 1e6) !== '' : false));
  const linkFaulty = useSimStore((s) => linkLookSignature(spans, (s.frame?.simTimeUs ?? 0) / 1e6) !== '');
  const line = (look: keyof typeof EDGE_LOOKS, label: string) => (
    <span className="flex items-center gap-1" key={look} data-testid="legend-item">
      <svg width="18" height="6" aria-hidden>
        <line x1="0" y1="3" x2="18" y2="3" stroke={EDGE_LOOKS[look].style.stroke} strokeWidth="2" strokeDasharray={EDGE_LOOKS[look].style.strokeDasharray} />
      </svg>
      {label}
    </span>
  );
  const https = topology?.listeners.some((l) => l.protocol === 'https') ?? false;
  // With several load balancers a port alone is ambiguous: name the instance too.
  const several = new Set(topology?.listeners.map((l) => l.loadBalancerId)).size > 1;
  const item = (color: string, label: string, shape = 'rounded-full', clip?: string) => (
    <span className="flex items-center gap-1" key={label} data-testid="legend-item">
      <span className={`inline-block h-2.5 w-2.5 ${shape}`} style={{ background: color, ...(clip ? { clipPath: clip } : {}) }} />
      {label}
    </span>
  );
  return (
    <div className="pointer-events-none absolute right-2 top-2 z-20 flex max-w-[60%] flex-wrap gap-x-3 gap-y-1 rounded bg-slate-900/80 px-2 py-1 text-[10px] text-slate-300" aria-label="Legend">
      {topology?.listeners.map((l, i) => item(LISTENER_COLORS[i % LISTENER_COLORS.length]!, `${several ? `${l.loadBalancerId} ` : ''}${l.protocol.toUpperCase()} :${l.port}`))}
      {item(EGRESS_COLOR, 'backend egress')}
      {item(SYNC_COLOR, 'sync', 'rotate-45')}
      {item(PROBE_COLOR, 'health probe')}
      {item(RESET_COLOR, 'RST', '')}
      {https ? item(TLS_COLOR, 'TLS handshake') : null}
      {https ? item(KEY_COLOR, 'Key Server operation', '', 'polygon(50% 0, 100% 100%, 0 100%)') : null}
      <span>ring = SYN · dot = data · square = FIN</span>
      {faulty ? (
        <>
          <span className="flex items-center gap-1" data-testid="legend-item">
            <span className="font-bold text-red-400">✕</span> failed (greyed, links dashed)
          </span>
          {line('blackhole', 'still routed to a failed node')}
          {line('withdrawn', 'route withdrawn')}
          {line('partitioned', 'sync partitioned')}
          <span className="flex items-center gap-1" data-testid="legend-item">
            <span className="rounded bg-yellow-600 px-1 text-[9px] text-slate-950">slow</span> degraded
          </span>
        </>
      ) : null}
      {linkFaulty ? (
        <span className="flex items-center gap-1" data-testid="legend-item">
          <svg width="18" height="6" aria-hidden>
            <line x1="0" y1="3" x2="18" y2="3" stroke={LINK_FAULT_LOOK.style.stroke} strokeWidth="2" strokeDasharray={LINK_FAULT_LOOK.style.strokeDasharray} />
          </svg>
          link fault (loss, latency, one-way)
        </span>
      ) : null}
      {faulty || linkFaulty ? <span data-testid="legend-item">glow = RST or failure at the node</span> : null}
      <span data-testid="volume-mode" data-mode={dots.mode}>
        {dotMeaning(dots.mode, dots.perDot)}
      </span>
      <span data-testid="dilation" title="Hops inside the region take microseconds: each is drawn for at least this long, and a packet's next hop waits for it, so dots may trail the clock by a moment">
        each hop shown ≥ {MIN_HOP_MS} ms (slowed to be seen)
      </span>
    </div>
  );
}
