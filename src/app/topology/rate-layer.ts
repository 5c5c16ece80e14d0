import { type LinkRates, rateLabel, rateWidth } from './link-rates';
import type { RateEdge } from './overlay-protocol';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

const RATE_COLOR = 'rgba(56, 189, 248, 0.45)';
const LABEL_BACKGROUND = 'rgba(15, 23, 42, 0.85)';
const LABEL_COLOR = '#e0f2fe';
/** At most this many labels, busiest edges first: a 32 × 100 mesh would otherwise be all text. */
const MAX_RATE_LABELS = 60;
/** Label text size on screen, px. */
const RATE_FONT_PX = 10;

/** Edges with traffic, between nodes that are drawn, busiest first: what the rates layer shows. */
export function rateEdges(rates: LinkRates, centres: Float64Array): RateEdge[] {
  const edges: RateEdge[] = [];
  for (const rate of rates.pairs()) {
    if (!(rate.packetsPerS > 0)) continue;
    const ax = centres[rate.a * 2];
    const bx = centres[rate.b * 2];
    if (ax === undefined || bx === undefined || Number.isNaN(ax) || Number.isNaN(bx)) continue;
    edges.push({ ax, ay: centres[rate.a * 2 + 1] as number, bx, by: centres[rate.b * 2 + 1] as number, packetsPerS: rate.packetsPerS, label: rateLabel(rate) });
  }
  return edges.sort((x, y) => y.packetsPerS - x.packetsPerS);
}

/**
 * Edge rates (when dots are only a sample): along the line between the two node centres, a band
 * whose width grows with the packet rate, and a label with packets/s (and bits/s) at its middle.
 * Drawn in flow coordinates under the canvas' current transform; returns how many labels were drawn.
 */
export function paintRates(ctx: Ctx, edges: readonly RateEdge[], zoom: number): number {
  if (edges.length === 0) return 0;
  ctx.strokeStyle = RATE_COLOR;
  ctx.lineCap = 'round';
  for (const e of edges) {
    ctx.lineWidth = rateWidth(e.packetsPerS) / zoom;
    ctx.beginPath();
    ctx.moveTo(e.ax, e.ay);
    ctx.lineTo(e.bx, e.by);
    ctx.stroke();
  }
  // Labels, busiest edges first, each where it overlaps no label already placed (else the band alone tells).
  const size = RATE_FONT_PX / zoom;
  ctx.font = `${size}px ui-sans-serif, system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  const placed: number[] = [];
  for (const e of edges) {
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

