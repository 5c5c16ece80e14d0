import { useStoreApi } from '@xyflow/react';
import { useEffect, useRef } from 'react';
import type { FrameSummary, TopologyInfo } from '../../worker/protocol';
import { DOT_RADIUS } from './dot-sprites';
import { countInFlight, dotAt, dotsByLink, groupBySprite, PlacedDots, placeDots, ringsOf, spriteGroups, toDevicePixels, type DotGeometry } from './dot-placement';
import { OverlayPainter, type OverlayPixels } from './overlay-painter';
import type { RatePicture } from './overlay-protocol';
import { hopFeed } from '../hop-feed';
import { drawnNodeId } from './node-alias';
import { LinkRates } from './link-rates';
import { rateEdges } from './rate-layer';
import { DilationSpeed } from '../dilation';
import { markDotsPainted } from '../first-load';
import { frameClock } from '../frame-clock';
import { UI_FRAME_MS } from '../frame-publisher';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** Leave volume mode only well below the budget, so the picture does not flicker at the edge. */
const VOLUME_HYSTERESIS = 0.85;
const NO_RINGS = new Float64Array(0);
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
    const placed = new PlacedDots();
    const members = spriteGroups();
    const geometry: DotGeometry = { centres: new Float64Array(0), kindIndex: new Int32Array(0), outside: new Uint8Array(0) };
    const rates = new LinkRates();
    const dilationSpeed = new DilationSpeed();
    let ratesFrame: unknown;
    let ratesAtMs = -Infinity;
    let lastDroppedHops = 0;
    let droppedAtMs = -Infinity;
    // Per topology: each node's kind index and whether it lies outside the region (in `geometry`), and the kinds' names.
    let kindsOf: unknown;
    let kindNames: string[] = [];
    // The rates layer changes only with the rates or the view: what the painter last got, to send a new picture only then.
    let ratesVersion = 0;
    let ratesSent = -1;
    let ratesView: Float64Array = new Float64Array(0);
    // Canvas size and dot count of the last frame sent: an empty frame after an empty frame is not sent.
    let sentWidth = 0;
    let sentHeight = 0;
    let sentDots = 0;

    /**
     * Sends the painter this frame: the placed dots as device pixels by sprite group, rings, and
     * the rates picture (see RatePicture). Skipped while the painter is busy (the next frame catches
     * up) or when there is nothing new: no dots now or before, same size, same rates.
     */
    const send = (width: number, height: number, dpr: number, tx: number, ty: number, scale: number, rings: Float64Array, rates: RatePicture | null | undefined, view?: Float64Array): void => {
      if (!painter.ready) return;
      const dots = placed.count;
      if (dots === 0 && sentDots === 0 && rings.length === 0 && rates === undefined && width === sentWidth && height === sentHeight) return;
      toDevicePixels(placed, painter.dots(dots), dpr * tx, dpr * ty, scale);
      // A resized canvas is blank: the rates must be painted again.
      if ((width !== sentWidth || height !== sentHeight) && rates === undefined && ratesSent >= 0) rates = null;
      painter.paint({ width, height, scale, count: dots, rings, ringRadius: DOT_RADIUS * 2 * scale, ringWidth: 2 * dpr, rates });
      sentWidth = width;
      sentHeight = height;
      sentDots = dots;
      if (rates === null) ratesSent = -1;
      else if (rates) {
        ratesSent = ratesVersion;
        if (view) ratesView = view;
      }
    };

    /** Node kinds per topology: their names, each node's kind index, and which nodes lie outside the region. */
    const learnKinds = (topology: TopologyInfo | undefined): void => {
      kindsOf = topology;
      kindNames = [...new Set(topology?.nodes.map((n) => n.kind))];
      geometry.kindIndex = Int32Array.from(topology?.nodes.map((n) => kindNames.indexOf(n.kind)) ?? []);
      geometry.outside = Uint8Array.from(topology?.nodes.map((n) => (OUTSIDE_KINDS.has(n.kind) ? 1 : 0)) ?? []);
      overlayStats.firstDotUs = {};
    };

    /** A new worker frame: note dropped hops, and fold its link counters into the rates at most as often as the views update. */
    const followFrame = (frame: FrameSummary, frameWallMs: number, started: number): void => {
      ratesFrame = frame;
      if (frame.droppedHops > lastDroppedHops) droppedAtMs = started;
      lastDroppedHops = frame.droppedHops;
      // Rate labels change at most as often as the views do: faster they cannot be read, and each new picture is a repaint.
      if (started - ratesAtMs < UI_FRAME_MS) return;
      ratesAtMs = started;
      if (frame.links) rates.update(frame.links, frame.simTimeUs, frameWallMs);
      ratesVersion++;
    };

    /** The rates picture to send: a new one when the rates or the view changed, null to take it away, undefined to keep what is shown. */
    const ratesPicture = (sampled: boolean, width: number, height: number, dpr: number, transform: readonly [number, number, number], nodeCount: number): [RatePicture | null | undefined, Float64Array | undefined] => {
      if (!sampled) return [ratesSent >= 0 ? null : undefined, undefined];
      const [tx, ty, zoom] = transform;
      const view = Float64Array.of(width, height, dpr, tx, ty, zoom, ...geometry.centres.subarray(0, nodeCount * 2));
      if (ratesSent === ratesVersion && sameView(view, ratesView)) return [undefined, view];
      return [{ edges: rateEdges(rates, geometry.centres), dpr, tx, ty, zoom }, view];
    };

    const publishStats = (mode: DotMode, perDot: number, inFlight: number, sample: number, timeUs: number, started: number): void => {
      const byLink = dotsByLink(placed.kindPairs, kindNames);
      for (const key in byLink) overlayStats.firstDotUs[key] ??= timeUs;
      overlayStats.dots = placed.count;
      overlayStats.packets = inFlight * sample;
      overlayStats.perDot = perDot;
      overlayStats.mode = mode;
      overlayStats.rateLabels = ratesSent >= 0 ? painter.rateLabels : 0;
      overlayStats.inRegionDots = placed.inRegion;
      overlayStats.dotsByLink = byLink;
      overlayStats.sample = sample;
      overlayStats.drawMs = performance.now() - started;
    };

    const draw = (): void => {
      raf = requestAnimationFrame(draw);
      const started = performance.now();
      const dpr = window.devicePixelRatio || 1;
      const width = Math.round(cssWidth * dpr);
      const height = Math.round(cssHeight * dpr);
      const { animation, dotBudget, selectedConn, topology } = useSimStore.getState();
      const { frame, wallMs: frameWallMs, prevSimUs: prevFrameSimUs, prevWallMs: prevFrameWallMs } = frameClock;
      placed.clear();
      if (!frame || !animation) {
        send(width, height, dpr, 0, 0, 1, NO_RINGS, ratesSent >= 0 ? null : undefined);
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
      if (frame !== ratesFrame) followFrame(frame, frameWallMs, started);
      let timeUs = frame.simTimeUs;
      if (frame.playing && frameWallMs > prevFrameWallMs) {
        const progress = Math.min(1, Math.max(0, (started - frameWallMs) / (frameWallMs - prevFrameWallMs)));
        timeUs = prevFrameSimUs + (frame.simTimeUs - prevFrameSimUs) * progress;
      }
      hopFeed.compact(timeUs);

      const { transform, nodeLookup } = flowStore.getState();
      const nodeCount = topology?.nodes.length ?? 0;
      if (geometry.centres.length < nodeCount * 2) geometry.centres = new Float64Array(nodeCount * 2);
      nodeCentres(nodeLookup, nodeCount, geometry.centres);
      if (topology !== kindsOf) learnKinds(topology);

      const [tx, ty, zoom] = transform;
      const sample = hopFeed.sample;
      // Dots are a sample when the feed keeps only some connections or the worker dropped hops: edge rates then show the traffic.
      const sampled = sample > 1 || started - droppedAtMs < SAMPLED_HOLD_MS;
      const [ratePicture, view] = ratesPicture(sampled, width, height, dpr, transform, nodeCount);
      const inFlight = countInFlight(hopFeed.data, hopFeed.count, timeUs);
      // Sampling already keeps one connection in `sample`: one dot stands for a multiple of it.
      const target = sample * Math.max(1, Math.ceil(inFlight / dotBudget));
      if (target > perDot || inFlight * sample < VOLUME_HYSTERESIS * dotBudget * (perDot - sample)) perDot = target;
      const mode: DotMode = sampled ? 'sampled' : perDot > 1 ? 'volume' : 'every';
      groupBySprite(hopFeed.data, hopFeed.count, timeUs, perDot, members);
      placed.reserve(inFlight);
      placeDots(hopFeed.data, members, timeUs, geometry, selectedConn, placed);
      const scale = dpr * zoom;
      // The selected connection's dots get a ring, in device pixels.
      const rings = placed.highlighted > 0 ? ringsOf(placed, selectedConn, dpr * tx, dpr * ty, scale) : NO_RINGS;
      send(width, height, dpr, tx, ty, scale, rings, ratePicture, view);
      publishStats(mode, perDot, inFlight, sample, timeUs, started);
      if (placed.count > 0) markDotsPainted();
    };

    /**
     * Clicking near a dot selects its connection (the canvas itself lets clicks through). On a node
     * the node wins: with dilated hops, dots start and end at node centres all the time.
     */
    const onClick = (event: MouseEvent): void => {
      if (event.target instanceof Element && event.target.closest('.react-flow__node')) return;
      const rect = container.getBoundingClientRect();
      const [tx, ty, zoom] = flowStore.getState().transform;
      const conn = dotAt(placed, (event.clientX - rect.left - tx) / zoom, (event.clientY - rect.top - ty) / zoom, DOT_RADIUS * 3);
      if (conn === undefined) return;
      // A dot drawn over a node wins: React's handlers (node selection) run later, at the root.
      event.stopPropagation();
      simControls.selectConnection(conn);
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

/** What nodeCentres reads of a React Flow node. */
interface MeasuredNode {
  internals: { positionAbsolute: { x: number; y: number } };
  measured: { width?: number; height?: number };
}

/** Each node's centre in graph coordinates, x and y by node id (NaN: not drawn); a member of a collapsed group is drawn at the group. */
function nodeCentres(nodeLookup: ReadonlyMap<string, MeasuredNode>, nodeCount: number, centres: Float64Array): void {
  for (let id = 0; id < nodeCount; id++) {
    const node = nodeLookup.get(drawnNodeId(id));
    centres[id * 2] = node ? node.internals.positionAbsolute.x + (node.measured.width ?? 0) / 2 : NaN;
    centres[id * 2 + 1] = node ? node.internals.positionAbsolute.y + (node.measured.height ?? 0) / 2 : NaN;
  }
}

/** Whether the rates layer would be drawn the same: equal device scale, viewport and node centres. */
function sameView(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k] && !(Number.isNaN(a[k]) && Number.isNaN(b[k]))) return false;
  return true;
}
