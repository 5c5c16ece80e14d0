import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { HOP_FIELDS, PacketType } from '../../worker/protocol';
import { colorIndexOf, COLORS } from './dot-colors';
import { hopFeed } from '../hop-feed';
import { drawnNodeId } from './node-alias';
import { LinkRates, rateLabel, rateWidth } from './link-rates';
import { DilationSpeed } from '../dilation';
import { markDotsPainted } from '../first-load';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** Leave volume mode only well below the budget, so the picture does not flicker at the edge. */
const VOLUME_HYSTERESIS = 0.85;
const RADIUS = 3.5;
/** Visual time dilation: every hop is drawn for at least this much wall time (see dilation.ts). */
export const MIN_HOP_MS = 150;
/** …and a connection's dots trail its packets by at most this much wall time. */
export const MAX_LAG_MS = 2500;
/** The feed holds up to this many hops per dot of the budget before it samples connections. */
const FEED_HOPS_PER_DOT = 6;
/** Dots count as sampled for this long after the worker last dropped hops. */
const SAMPLED_HOLD_MS = 2000;
/** Kinds whose links carry Internet latency: traffic on them is not inside the region. */
const OUTSIDE_KINDS = new Set(['clients', 'external']);

/** What a dot means right now: every packet, one dot for N packets, or a sample (edge rates drawn). */
export type DotMode = 'every' | 'volume' | 'sampled';

export interface OverlayStats {
  /** Dots drawn in the last frame, and packets they stand for. */
  dots: number;
  packets: number;
  /** Packets per dot in volume mode (1 = every packet drawn). */
  perDot: number;
  /** Duration of the last draw call, ms. */
  drawMs: number;
  mode: DotMode;
  /** Edge rate labels drawn in the last frame (sampled mode). */
  rateLabels: number;
  /** Dots drawn in the last frame on links inside the region (neither end a client population or Internet hosts). */
  inRegionDots: number;
  /** Dots drawn in the last frame per link, by node kinds: `router>lvs`. */
  dotsByLink: Record<string, number>;
  /** Displayed simulated time (µs) of the first frame that drew a dot on each link (by node kinds), since the run started. */
  firstDotUs: Record<string, number>;
  /** Minimum on-screen time of a hop, ms (the dilation). */
  minHopMs: number;
  /** The feed keeps one connection in this many (1: every hop is received and held). */
  sample: number;
}

export const overlayStats: OverlayStats = {
  dots: 0,
  packets: 0,
  perDot: 1,
  drawMs: 0,
  mode: 'every',
  rateLabels: 0,
  inRegionDots: 0,
  dotsByLink: {},
  firstDotUs: {},
  minHopMs: MIN_HOP_MS,
  sample: 1,
};

type Ctx = CanvasRenderingContext2D;

/**
 * The shape says what the packet is: SYN/SYN-ACK a ring, data a filled dot, FIN a square, RST a
 * red cross, sync a diamond, a health probe a small grey dot, a TLS flight a light dot with a hole,
 * a Key Server operation a rose triangle.
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
    case PacketType.Tls:
      ctx.moveTo(x + r * 1.1, y);
      ctx.arc(x, y, r * 1.1, 0, Math.PI * 2);
      ctx.moveTo(x + r * 0.3, y);
      ctx.arc(x, y, r * 0.3, 0, Math.PI * 2, true);
      return;
    case PacketType.KeyOp:
      ctx.moveTo(x, y - r * 1.4);
      ctx.lineTo(x + r * 1.3, y + r);
      ctx.lineTo(x - r * 1.3, y + r);
      ctx.closePath();
      return;
    default:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

const GROUPS = COLORS.length * 16;
const RATE_COLOR = 'rgba(56, 189, 248, 0.45)';
const LABEL_BACKGROUND = 'rgba(15, 23, 42, 0.85)';
const LABEL_COLOR = '#e0f2fe';
/** At most this many labels, busiest edges first: a 32 × 100 mesh would otherwise be all text. */
const MAX_RATE_LABELS = 60;
/** Label text size on screen, px. */
const RATE_FONT_PX = 10;

/**
 * Edge rates (when dots are only a sample): along the line between the two node centres, a band
 * whose width grows with the packet rate, and a label with packets/s (and bits/s) at its middle.
 * Drawn on this canvas, in flow coordinates; returns how many labels were drawn.
 */
function drawRates(ctx: Ctx, rates: LinkRates, centres: Float64Array, zoom: number): number {
  const shown: { ax: number; ay: number; bx: number; by: number; pps: number; label: string }[] = [];
  for (const rate of rates.pairs()) {
    if (!(rate.packetsPerS > 0)) continue;
    const ax = centres[rate.a * 2] as number;
    const bx = centres[rate.b * 2] as number;
    if (Number.isNaN(ax) || Number.isNaN(bx) || ax === undefined || bx === undefined) continue;
    shown.push({ ax, ay: centres[rate.a * 2 + 1] as number, bx, by: centres[rate.b * 2 + 1] as number, pps: rate.packetsPerS, label: rateLabel(rate) });
  }
  if (shown.length === 0) return 0;
  ctx.strokeStyle = RATE_COLOR;
  ctx.lineCap = 'round';
  for (const e of shown) {
    ctx.lineWidth = rateWidth(e.pps) / zoom;
    ctx.beginPath();
    ctx.moveTo(e.ax, e.ay);
    ctx.lineTo(e.bx, e.by);
    ctx.stroke();
  }
  // Labels, busiest edges first, each where it overlaps no label already placed (else the band alone tells).
  shown.sort((x, y) => y.pps - x.pps);
  const size = RATE_FONT_PX / zoom;
  ctx.font = `${size}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const placed: number[] = [];
  for (const e of shown) {
    if (placed.length / 4 >= MAX_RATE_LABELS) break;
    const width = ctx.measureText(e.label).width + 6 / zoom;
    const height = size * 1.4;
    // At the middle of the edge, or a third of the way along when the middle is taken.
    for (const t of [0.5, 0.35, 0.65]) {
      const x = e.ax + (e.bx - e.ax) * t - width / 2;
      const y = e.ay + (e.by - e.ay) * t - height / 2;
      let free = true;
      for (let k = 0; k < placed.length && free; k += 4)
        free = x + width <= (placed[k] as number) || x >= (placed[k] as number) + (placed[k + 2] as number) || y + height <= (placed[k + 1] as number) || y >= (placed[k + 1] as number) + (placed[k + 3] as number);
      if (!free) continue;
      placed.push(x, y, width, height);
      ctx.fillStyle = LABEL_BACKGROUND;
      ctx.fillRect(x, y, width, height);
      ctx.fillStyle = LABEL_COLOR;
      ctx.fillText(e.label, x + width / 2, y + height / 2);
      break;
    }
  }
  return placed.length / 4;
}

/**
 * One canvas over the React Flow viewport draws every packet in flight, positioned by linear
 * interpolation between its hop's two node centres over the hop's display interval (its engine
 * times stretched by the visual time dilation, dilation.ts) at the displayed simulated time. The
 * displayed time runs one worker frame behind, interpolated at the speed the engine actually
 * reached, so no dot pops in late and a slow engine never leaves the picture empty. Node centres
 * and the viewport come from React Flow's store each animation frame, so pan, zoom and drag cost
 * no re-render. Past the dot budget one dot stands for N packets (volume mode), chosen by
 * connection so the same packets stay visible from frame to frame; when the feed samples
 * connections or the worker dropped hops, edges also show their rates. Clicking a dot selects its
 * connection.
 */
export function TrafficOverlay() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const flowStore = useStoreApi();

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let raf = 0;
    let perDot = 1;
    let cssWidth = 0;
    let cssHeight = 0;
    const resize = new ResizeObserver(([entry]) => {
      cssWidth = entry?.contentRect.width ?? 0;
      cssHeight = entry?.contentRect.height ?? 0;
    });
    resize.observe(canvas);
    // Positions drawn this frame, for click hit-testing: x, y, connection serial.
    let hit = new Float64Array(3 * 1024);
    let hitCount = 0;
    let centres = new Float64Array(0);
    const members: number[][] = Array.from({ length: GROUPS }, () => []);
    const rates = new LinkRates();
    const dilationSpeed = new DilationSpeed();
    let ratesFrame: unknown;
    let lastDroppedHops = 0;
    let droppedAtMs = -Infinity;
    // Per topology: each node's kind index and whether it lies outside the region.
    let kindsOf: unknown;
    let kindIndex = new Int32Array(0);
    let outside = new Uint8Array(0);
    let kindNames: string[] = [];
    const kindPairCounts = new Float64Array(16 * 16);

    const draw = (): void => {
      raf = requestAnimationFrame(draw);
      const started = performance.now();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.round(cssWidth * dpr);
      const height = Math.round(cssHeight * dpr);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, width, height);
      const { frame, frameWallMs, prevFrameSimUs, prevFrameWallMs, animation, dotBudget, selectedConn } = useSimStore.getState();
      hitCount = 0;
      if (!frame || !animation) {
        overlayStats.dots = 0;
        overlayStats.packets = 0;
        overlayStats.rateLabels = 0;
        overlayStats.inRegionDots = 0;
        return;
      }
      // Dilation in simulated time at the speed reached: hops appended from now on are placed with it.
      const speed = dilationSpeed.update(useSimStore.getState().speed, frame.reachedSpeed, frame.playing, started);
      hopFeed.setDilation({ minUs: MIN_HOP_MS * 1000 * speed, maxLagUs: MAX_LAG_MS * 1000 * speed });
      // Dilated hops wait their turn: far more are held than drawn at any moment.
      hopFeed.cap = FEED_HOPS_PER_DOT * dotBudget;
      if (frame !== ratesFrame) {
        ratesFrame = frame;
        if (frame.links) rates.update(frame.links, frame.simTimeUs, frameWallMs);
        if (frame.droppedHops > lastDroppedHops) droppedAtMs = started;
        lastDroppedHops = frame.droppedHops;
      }
      let timeUs = frame.simTimeUs;
      if (frame.playing && frameWallMs > prevFrameWallMs) {
        const progress = Math.min(1, Math.max(0, (started - frameWallMs) / (frameWallMs - prevFrameWallMs)));
        timeUs = prevFrameSimUs + (frame.simTimeUs - prevFrameSimUs) * progress;
      }
      hopFeed.compact(timeUs);

      // Node centres once per frame, by node id; a member of a collapsed group is drawn at the group.
      const { transform, nodeLookup } = flowStore.getState();
      const nodeCount = useSimStore.getState().topology?.nodes.length ?? 0;
      if (centres.length < nodeCount * 2) centres = new Float64Array(nodeCount * 2);
      for (let id = 0; id < nodeCount; id++) {
        const node = nodeLookup.get(drawnNodeId(id));
        centres[id * 2] = node ? node.internals.positionAbsolute.x + (node.measured.width ?? 0) / 2 : NaN;
        centres[id * 2 + 1] = node ? node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2 : NaN;
      }

      const topology = useSimStore.getState().topology;
      if (topology !== kindsOf) {
        kindsOf = topology;
        kindNames = [...new Set(topology?.nodes.map((n) => n.kind))];
        kindIndex = Int32Array.from(topology?.nodes.map((n) => kindNames.indexOf(n.kind)) ?? []);
        outside = Uint8Array.from(topology?.nodes.map((n) => (OUTSIDE_KINDS.has(n.kind) ? 1 : 0)) ?? []);
        overlayStats.firstDotUs = {};
      }

      const [tx, ty, zoom] = transform;
      ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
      const sample = hopFeed.sample;
      // Dots are a sample when the feed keeps only some connections or the worker dropped hops: edge rates then show the traffic.
      const sampled = sample > 1 || started - droppedAtMs < SAMPLED_HOLD_MS;
      const rateLabels = sampled ? drawRates(ctx, rates, centres, zoom) : 0;
      const d = hopFeed.data;
      let inFlight = 0;
      for (const list of members) list.length = 0;
      for (let i = 0; i < hopFeed.count; i++) {
        const o = i * HOP_FIELDS;
        if (timeUs < (d[o + 2] as number) || timeUs > (d[o + 3] as number)) continue;
        inFlight++;
      }
      // Sampling already keeps one connection in `sample`: one dot stands for a multiple of it.
      const target = sample * Math.max(1, Math.ceil(inFlight / dotBudget));
      if (target > perDot || inFlight * sample < VOLUME_HYSTERESIS * dotBudget * (perDot - sample)) perDot = target;
      const mode: DotMode = sampled ? 'sampled' : perDot > 1 ? 'volume' : 'every';
      kindPairCounts.fill(0);
      let inRegionDots = 0;
      for (let i = 0; i < hopFeed.count; i++) {
        const o = i * HOP_FIELDS;
        if (timeUs < (d[o + 2] as number) || timeUs > (d[o + 3] as number)) continue;
        const conn = d[o + 5] as number;
        if (perDot > 1 && (conn > 0 ? conn : i) % perDot !== 0) continue;
        const type = d[o + 4] as number;
        members[colorIndexOf(type, d[o + 6] as number) * 16 + type]!.push(i);
      }
      if (hit.length < inFlight * 3) hit = new Float64Array(inFlight * 3 * 2);
      let dots = 0;
      let highlighted = 0;
      for (let g = 0; g < GROUPS; g++) {
        const list = members[g]!;
        if (list.length === 0) continue;
        const type = g % 16;
        ctx.fillStyle = COLORS[Math.floor(g / 16)]!;
        ctx.beginPath();
        for (const i of list) {
          const o = i * HOP_FIELDS;
          const from = (d[o] as number) * 2;
          const to = (d[o + 1] as number) * 2;
          const ax = centres[from] as number;
          const bx = centres[to] as number;
          if (Number.isNaN(ax) || Number.isNaN(bx)) continue;
          const depart = d[o + 2] as number;
          const arrive = d[o + 3] as number;
          const f = arrive > depart ? (timeUs - depart) / (arrive - depart) : 1;
          const x = ax + (bx - ax) * f;
          const y = (centres[from + 1] as number) + ((centres[to + 1] as number) - (centres[from + 1] as number)) * f;
          mark(ctx, type, x, y, RADIUS);
          const fromId = d[o] as number;
          const toId = d[o + 1] as number;
          kindPairCounts[(kindIndex[fromId] ?? 15) * 16 + (kindIndex[toId] ?? 15)]! += 1;
          if (outside[fromId] === 0 && outside[toId] === 0) inRegionDots++;
          const conn = d[o + 5] as number;
          hit[hitCount * 3] = x;
          hit[hitCount * 3 + 1] = y;
          hit[hitCount * 3 + 2] = conn;
          hitCount++;
          dots++;
          if (selectedConn !== undefined && conn === selectedConn) highlighted++;
        }
        ctx.fill();
      }
      if (highlighted > 0) {
        ctx.strokeStyle = '#ffffff';
        ctx.lineWidth = 2 / zoom;
        ctx.beginPath();
        for (let k = 0; k < hitCount; k++) {
          if (hit[k * 3 + 2] !== selectedConn) continue;
          const x = hit[k * 3] as number;
          const y = hit[k * 3 + 1] as number;
          ctx.moveTo(x + RADIUS * 2, y);
          ctx.arc(x, y, RADIUS * 2, 0, Math.PI * 2);
        }
        ctx.stroke();
      }
      const dotsByLink: Record<string, number> = {};
      for (let k = 0; k < kindPairCounts.length; k++) {
        const n = kindPairCounts[k] as number;
        if (n === 0) continue;
        const key = `${kindNames[Math.floor(k / 16)] ?? '?'}>${kindNames[k % 16] ?? '?'}`;
        dotsByLink[key] = n;
        overlayStats.firstDotUs[key] ??= timeUs;
      }
      overlayStats.dots = dots;
      overlayStats.packets = inFlight * sample;
      overlayStats.perDot = perDot;
      overlayStats.mode = mode;
      overlayStats.rateLabels = rateLabels;
      overlayStats.inRegionDots = inRegionDots;
      overlayStats.dotsByLink = dotsByLink;
      overlayStats.sample = sample;
      overlayStats.drawMs = performance.now() - started;
      if (dots > 0) markDotsPainted();
    };

    /**
     * Clicking near a dot selects its connection (the canvas itself lets clicks through). On a node
     * the node wins: with dilated hops, dots start and end at node centres all the time.
     */
    const onClick = (event: MouseEvent): void => {
      if (event.target instanceof Element && event.target.closest('.react-flow__node')) return;
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
      resize.disconnect();
      pane?.removeEventListener('click', onClick);
    };
  }, [flowStore]);

  return <canvas ref={canvasRef} data-testid="traffic-overlay" aria-hidden="true" className="pointer-events-none absolute inset-0 z-10 h-full w-full" />;
}
