import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { HOP_FIELDS, PacketType } from '../../worker/protocol';
import { hopFeed } from '../hop-feed';
import { useSimStore } from '../store';

/** Dot colour by packet type: handshake blue, data green, close amber, reset red, sync violet. */
export const PACKET_COLORS: Record<number, string> = {
  [PacketType.Syn]: '#60a5fa',
  [PacketType.SynAck]: '#93c5fd',
  [PacketType.Ack]: '#cbd5e1',
  [PacketType.Data]: '#4ade80',
  [PacketType.Fin]: '#fbbf24',
  [PacketType.Rst]: '#f87171',
  [PacketType.Datagram]: '#2dd4bf',
  [PacketType.Sync]: '#c084fc',
};
const TYPES = Object.keys(PACKET_COLORS).map(Number);
/** While playing, the picture trails the engine by this much wall time, so no dot pops in late. */
const DISPLAY_LAG_MS = 50;

/**
 * One canvas over the React Flow viewport draws every packet in flight, positioned by linear
 * interpolation between its hop's two node centres at the displayed simulated time. It reads the
 * viewport transform and node positions from React Flow's store on each animation frame, so pan,
 * zoom and drag move the dots without any React re-render.
 */
export function TrafficOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let raf = 0;

    const draw = (): void => {
      raf = requestAnimationFrame(draw);
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

      const { frame, frameWallMs, speed } = useSimStore.getState();
      if (!frame) return;
      const elapsedMs = performance.now() - frameWallMs;
      const timeUs = frame.playing ? Math.min(frame.simTimeUs, frame.simTimeUs + (elapsedMs - DISPLAY_LAG_MS) * 1000 * speed) : frame.simTimeUs;
      hopFeed.compact(timeUs);

      const { transform, nodeLookup } = flowStore.getState();
      const [tx, ty, zoom] = transform;
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
      const centre = (id: number, out: { x: number; y: number }): boolean => {
        const node = nodeLookup.get(String(id));
        if (!node) return false;
        out.x = node.internals.positionAbsolute.x + (node.measured.width ?? 0) / 2;
        out.y = node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2;
        return true;
      };
      const a = { x: 0, y: 0 };
      const b = { x: 0, y: 0 };
      const d = hopFeed.data;
      const radius = 3.5;
      for (const type of TYPES) {
        ctx.fillStyle = PACKET_COLORS[type] as string;
        ctx.beginPath();
        for (let i = 0; i < hopFeed.count; i++) {
          const o = i * HOP_FIELDS;
          if (d[o + 4] !== type) continue;
          const depart = d[o + 2] as number;
          const arrive = d[o + 3] as number;
          if (timeUs < depart || timeUs > arrive) continue;
          if (!centre(d[o] as number, a) || !centre(d[o + 1] as number, b)) continue;
          const f = arrive > depart ? (timeUs - depart) / (arrive - depart) : 1;
          const x = a.x + (b.x - a.x) * f;
          const y = a.y + (b.y - a.y) * f;
          ctx.moveTo(x + radius, y);
          ctx.arc(x, y, radius, 0, Math.PI * 2);
        }
        ctx.fill();
      }
    };
    raf = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(raf);
  }, [flowStore]);

  return <canvas ref={canvasRef} data-testid="traffic-overlay" aria-hidden="true" className="pointer-events-none absolute inset-0 z-10 h-full w-full" />;
}
