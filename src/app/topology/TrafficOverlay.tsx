import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import { HOP_FIELDS } from '../../worker/protocol';
import { colorIndexOf } from './dot-colors';
import { DOT_RADIUS, GROUPS, TYPES } from './dot-sprites';
import { OverlayPainter, type OverlayPixels } from './overlay-painter';
import { DOT_FIELDS, type RatePicture } from './overlay-protocol';
import { hopFeed } from '../hop-feed';
import { drawnNodeId } from './node-alias';
import { LinkRates } from './link-rates';
import { rateEdges } from './rate-layer';
import { DilationSpeed } from '../dilation';
import { markDotsPainted } from '../first-load';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** Leave volume mode only well below the budget, so the picture does not flicker at the edge. */
const VOLUME_HYSTERESIS = 0.85;
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
  const containerRef = useRef<HTMLDivElement>(null);
  const flowStore = useStoreApi();

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    // The canvases are made here, not rendered by React: control of a canvas passes to a worker only once.
    // A browser without OffscreenCanvas (before Safari 16.4) shows the topology without dots.
    if (!('transferControlToOffscreen' in HTMLCanvasElement.prototype)) return;
    const painter = new OverlayPainter(container);
    let raf = 0;
    let perDot = 1;
    let cssWidth = 0;
    let cssHeight = 0;
    const resize = new ResizeObserver(([entry]) => {
      cssWidth = entry?.contentRect.width ?? 0;
      cssHeight = entry?.contentRect.height ?? 0;
    });
    resize.observe(container);
    // Positions drawn this frame, for click hit-testing: x, y, connection serial; and each one's sprite group.
    let hit = new Float64Array(3 * 1024);
    let hitGroup = new Int32Array(1024);
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
    // The rates layer changes only with the rates or the view: what the painter last got, to send a new picture only then.
    let ratesVersion = 0;
    let ratesSent = -1;
    let ratesView: Float64Array = new Float64Array(0);
    // Canvas size and dot count of the last frame sent: an empty frame after an empty frame is not sent.
    let sentWidth = 0;
    let sentHeight = 0;
    let sentDots = 0;

    /**
     * Sends the painter this frame: `dots` hit entries as device pixels by sprite group, rings, and
     * the rates picture (see RatePicture). Skipped while the painter is busy (the next frame catches
     * up) or when there is nothing new: no dots now or before, same size, same rates.
     */
    const send = (width: number, height: number, scale: number, dots: number, rings: Float64Array, rates: RatePicture | null | undefined, view?: Float64Array): void => {
      if (!painter.ready) return;
      if (dots === 0 && sentDots === 0 && rings.length === 0 && rates === undefined && width === sentWidth && height === sentHeight) return;
      const [tx, ty] = flowStore.getState().transform;
      const dpr = window.devicePixelRatio || 1;
      const buffer = painter.dots(dots);
      for (let k = 0; k < dots; k++) {
        buffer[k * DOT_FIELDS] = Math.floor(dpr * tx + scale * (hit[k * 3] as number));
        buffer[k * DOT_FIELDS + 1] = Math.floor(dpr * ty + scale * (hit[k * 3 + 1] as number));
        buffer[k * DOT_FIELDS + 2] = hitGroup[k] as number;
      }
      // A resized canvas is blank: the rates must be painted again.
      if ((width !== sentWidth || height !== sentHeight) && rates === undefined && ratesSent >= 0) rates = null;
      painter.paint({ width, height, scale, count: dots, rings, ringRadius: DOT_RADIUS * 2 * scale, ringWidth: 2 * (window.devicePixelRatio || 1), rates });
      sentWidth = width;
      sentHeight = height;
      sentDots = dots;
      if (rates === null) ratesSent = -1;
      else if (rates) {
        ratesSent = ratesVersion;
        if (view) ratesView = view;
      }
    };

    const draw = (): void => {
      raf = requestAnimationFrame(draw);
      const started = performance.now();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.round(cssWidth * dpr);
      const height = Math.round(cssHeight * dpr);
      const { frame, frameWallMs, prevFrameSimUs, prevFrameWallMs, animation, dotBudget, selectedConn } = useSimStore.getState();
      hitCount = 0;
      if (!frame || !animation) {
        send(width, height, 1, 0, new Float64Array(0), ratesSent >= 0 ? null : undefined);
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
        ratesVersion++;
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
      const sample = hopFeed.sample;
      // Dots are a sample when the feed keeps only some connections or the worker dropped hops: edge rates then show the traffic.
      const sampled = sample > 1 || started - droppedAtMs < SAMPLED_HOLD_MS;
      // The rates picture to send: a new one when the rates or the view changed, null to take it away.
      let ratePicture: RatePicture | null | undefined;
      const view = Float64Array.of(width, height, dpr, tx, ty, zoom, ...centres.subarray(0, nodeCount * 2));
      if (!sampled) ratePicture = ratesSent >= 0 ? null : undefined;
      else if (ratesSent !== ratesVersion || !sameView(view, ratesView)) ratePicture = { edges: rateEdges(rates, centres), dpr, tx, ty, zoom };
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
        members[colorIndexOf(type, d[o + 6] as number) * TYPES + type]!.push(i);
      }
      if (hit.length < inFlight * 3) {
        hit = new Float64Array(inFlight * 3 * 2);
        hitGroup = new Int32Array(inFlight * 2);
      }
      let dots = 0;
      let highlighted = 0;
      const scale = dpr * zoom;
      for (let g = 0; g < GROUPS; g++) {
        const list = members[g]!;
        if (list.length === 0) continue;
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
          const fromId = d[o] as number;
          const toId = d[o + 1] as number;
          kindPairCounts[(kindIndex[fromId] ?? 15) * 16 + (kindIndex[toId] ?? 15)]! += 1;
          if (outside[fromId] === 0 && outside[toId] === 0) inRegionDots++;
          const conn = d[o + 5] as number;
          hit[hitCount * 3] = x;
          hit[hitCount * 3 + 1] = y;
          hit[hitCount * 3 + 2] = conn;
          hitGroup[hitCount] = g;
          hitCount++;
          dots++;
          if (selectedConn !== undefined && conn === selectedConn) highlighted++;
        }
      }
      // The selected connection's dots get a ring, in device pixels.
      const rings = new Float64Array(2 * highlighted);
      for (let k = 0, r = 0; k < hitCount && r < rings.length; k++) {
        if (hit[k * 3 + 2] !== selectedConn) continue;
        rings[r++] = dpr * tx + scale * (hit[k * 3] as number);
        rings[r++] = dpr * ty + scale * (hit[k * 3 + 1] as number);
      }
      send(width, height, scale, dots, rings, ratePicture, view);
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
      overlayStats.rateLabels = ratesSent >= 0 ? painter.rateLabels : 0;
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
      const rect = container.getBoundingClientRect();
      const [tx, ty, zoom] = flowStore.getState().transform;
      const x = (event.clientX - rect.left - tx) / zoom;
      const y = (event.clientY - rect.top - ty) / zoom;
      let best = -1;
      let bestDistance = (DOT_RADIUS * 3) ** 2;
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
    const pane = container.parentElement;
    pane?.addEventListener('click', onClick);
    raf = requestAnimationFrame(draw);
    (window as unknown as { __slbOverlay?: OverlayStats }).__slbOverlay = overlayStats;
    (window as unknown as { __slbOverlayPixels?: () => Promise<OverlayPixels> }).__slbOverlayPixels = () => painter.pixels();
    return () => {
      painter.dispose();
      cancelAnimationFrame(raf);
      resize.disconnect();
      pane?.removeEventListener('click', onClick);
    };
  }, [flowStore]);

  return <div ref={containerRef} className="pointer-events-none absolute inset-0 z-10" />;
}

/** Whether the rates layer would be drawn the same: equal device scale, viewport and node centres. */
function sameView(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}
