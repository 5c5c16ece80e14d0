import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { HOP_FIELDS, PacketType } from '../../worker/protocol';
import { hopFeed } from '../hop-feed';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** Dot colour by listener (index), so each listener's traffic reads as one stream. */
export const LISTENER_COLORS = ['#4ade80', '#60a5fa', '#f472b6', '#facc15', '#a78bfa', '#2dd4bf'];
export const SYNC_COLOR = '#c084fc';
export const PROBE_COLOR = '#64748b';
export const EGRESS_COLOR = '#fb923c';
export const RESET_COLOR = '#f87171';
/** While playing, the picture trails the engine by this much wall time, so no dot pops in late. */
const DISPLAY_LAG_MS = 50;
const RADIUS = 3.5;

export interface OverlayStats {
  /** Dots drawn in the last frame, and packets they stand for. */
  dots: number;
  packets: number;
  /** Packets per dot in volume mode (1 = every packet drawn). */
  perDot: number;
  /** Duration of the last draw call, ms. */
  drawMs: number;
}

export const overlayStats: OverlayStats = { dots: 0, packets: 0, perDot: 1, drawMs: 0 };

type Ctx = CanvasRenderingContext2D;

/**
 * The shape says what the packet is: SYN/SYN-ACK a ring, data a filled dot, FIN a square, RST a
 * red cross, sync a diamond, a health probe a small grey dot.
 */
function mark(ctx: Ctx, type: number, x: number, y: number, r: number): void {
  switch (type) {
    case PacketType.Syn:
    case PacketType.SynAck:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
      ctx.moveTo(x + r * 0.45, y);
      ctx.arc(x, y, r * 0.45, 0, Math.PI * 2, true);
      return;
    case PacketType.Fin:
      ctx.rect(x - r, y - r, 2 * r, 2 * r);
      return;
    case PacketType.Rst:
      ctx.rect(x - r, y - r * 0.35, 2 * r, r * 0.7);
      ctx.rect(x - r * 0.35, y - r, r * 0.7, 2 * r);
      return;
    case PacketType.Sync:
      ctx.moveTo(x, y - r * 1.3);
      ctx.lineTo(x + r * 1.3, y);
      ctx.lineTo(x, y + r * 1.3);
      ctx.lineTo(x - r * 1.3, y);
      ctx.closePath();
      return;
    case PacketType.Probe:
      ctx.moveTo(x + r * 0.6, y);
      ctx.arc(x, y, r * 0.6, 0, Math.PI * 2);
      return;
    default:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

function colorOf(type: number, listener: number): string {
  if (type === PacketType.Rst) return RESET_COLOR;
  if (type === PacketType.Sync) return SYNC_COLOR;
  if (type === PacketType.Probe) return PROBE_COLOR;
  if (listener === -2) return EGRESS_COLOR;
  return LISTENER_COLORS[Math.max(0, listener) % LISTENER_COLORS.length]!;
}

/**
 * One canvas over the React Flow viewport draws every packet in flight, positioned by linear
 * interpolation between its hop's two node centres at the displayed simulated time. It reads the
 * viewport transform and node positions from React Flow's store on each animation frame, so pan,
 * zoom and drag move the dots without any React re-render. Past the dot budget one dot stands for
 * N packets (volume mode). Clicking a dot selects its connection.
 */
export function TrafficOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let raf = 0;
    // Positions drawn this frame, for click hit-testing: x, y, connection serial.
    let hit = new Float64Array(0);
    let hitCount = 0;

    const centre = (id: number, out: { x: number; y: number }): boolean => {
      const node = flowStore.getState().nodeLookup.get(String(id));
      if (!node) return false;
      out.x = node.internals.positionAbsolute.x + (node.measured.width ?? 0) / 2;
      out.y = node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2;
      return true;
    };

    const draw = (): void => {
      raf = requestAnimationFrame(draw);
      const started = performance.now();
      const rect = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.round(rect.width * dpr);
      const height = Math.round(rect.height * dpr);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const { frame, frameWallMs, speed, animation, dotBudget, selectedConn } = useSimStore.getState();
      hitCount = 0;
      if (!frame || !animation) {
        overlayStats.dots = 0;
        overlayStats.packets = 0;
        return;
      }
      const elapsedMs = started - frameWallMs;
      const timeUs = frame.playing ? Math.min(frame.simTimeUs, frame.simTimeUs + (elapsedMs - DISPLAY_LAG_MS) * 1000 * speed) : frame.simTimeUs;
      hopFeed.compact(timeUs);

      const [tx, ty, zoom] = flowStore.getState().transform;
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
      const d = hopFeed.data;
      let inFlight = 0;
      for (let i = 0; i < hopFeed.count; i++) {
        const o = i * HOP_FIELDS;
        if (timeUs >= (d[o + 2] as number) && timeUs <= (d[o + 3] as number)) inFlight++;
      }
      const perDot = Math.max(1, Math.ceil(inFlight / dotBudget));
      if (hit.length < Math.ceil(inFlight / perDot) * 3 + 3) hit = new Float64Array(Math.ceil(inFlight / perDot) * 3 * 2 + 3);
      const a = { x: 0, y: 0 };
      const b = { x: 0, y: 0 };
      // Group by colour and shape: one path and one fill per group.
      const groups = new Map<string, number[]>();
      let seen = 0;
      for (let i = 0; i < hopFeed.count; i++) {
        const o = i * HOP_FIELDS;
        const depart = d[o + 2] as number;
        const arrive = d[o + 3] as number;
        if (timeUs < depart || timeUs > arrive) continue;
        if (seen++ % perDot !== 0) continue;
        const key = `${colorOf(d[o + 4] as number, d[o + 6] as number)}|${d[o + 4]}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = []));
        group.push(i);
      }
      let dots = 0;
      const highlighted: number[] = [];
      for (const [key, members] of groups) {
        const [color, typeText] = key.split('|') as [string, string];
        const type = Number(typeText);
        ctx.fillStyle = color;
        ctx.beginPath();
        for (const i of members) {
          const o = i * HOP_FIELDS;
          if (!centre(d[o] as number, a) || !centre(d[o + 1] as number, b)) continue;
          const depart = d[o + 2] as number;
          const arrive = d[o + 3] as number;
          const f = arrive > depart ? (timeUs - depart) / (arrive - depart) : 1;
          const x = a.x + (b.x - a.x) * f;
          const y = a.y + (b.y - a.y) * f;
          mark(ctx, type, x, y, RADIUS);
          const conn = d[o + 5] as number;
          hit[hitCount * 3] = x;
          hit[hitCount * 3 + 1] = y;
          hit[hitCount * 3 + 2] = conn;
          hitCount++;
          dots++;
          if (selectedConn !== undefined && conn === selectedConn) highlighted.push(x, y);
        }
        ctx.fill('evenodd');
      }
      if (highlighted.length > 0) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 2 / zoom;
        ctx.beginPath();
        for (let k = 0; k < highlighted.length; k += 2) {
          ctx.moveTo(highlighted[k]! + RADIUS * 2, highlighted[k + 1]!);
          ctx.arc(highlighted[k]!, highlighted[k + 1]!, RADIUS * 2, 0, Math.PI * 2);
        }
        ctx.stroke();
      }
      overlayStats.dots = dots;
      overlayStats.packets = inFlight;
      overlayStats.perDot = perDot;
      overlayStats.drawMs = performance.now() - started;
    };

    /** Clicking near a dot selects its connection (the canvas itself lets clicks through). */
    const onClick = (event: MouseEvent): void => {
      const rect = canvas.getBoundingClientRect();
      const [tx, ty, zoom] = flowStore.getState().transform;
      const x = (event.clientX - rect.left - tx) / zoom;
      const y = (event.clientY - rect.top - ty) / zoom;
      let best = -1;
      let bestDistance = (RADIUS * 3) ** 2;
      for (let k = 0; k < hitCount; k++) {
        const dx = (hit[k * 3] as number) - x;
        const dy = (hit[k * 3 + 1] as number) - y;
        const distance = dx * dx + dy * dy;
        if (distance < bestDistance && (hit[k * 3 + 2] as number) > 0) {
          bestDistance = distance;
          best = k;
        }
      }
      if (best < 0) return;
      // A dot drawn over a node wins: React's handlers (node selection) run later, at the root.
      event.stopPropagation();
      simControls.selectConnection(hit[best * 3 + 2] as number);
    };
    const pane = canvas.parentElement;
    pane?.addEventListener('click', onClick);
    raf = requestAnimationFrame(draw);
    (window as unknown as { __slbOverlay?: OverlayStats }).__slbOverlay = overlayStats;
    return () => {
      cancelAnimationFrame(raf);
      pane?.removeEventListener('click', onClick);
    };
  }, [flowStore]);

  return <canvas ref={canvasRef} data-testid="traffic-overlay" aria-hidden="true" className="pointer-events-none absolute inset-0 z-10 h-full w-full" />;
}
