/**
 * The traffic overlay's painter: owns the dots and rates canvases (transferred from the page) and
 * paints what the overlay on the main thread worked out. Painting here, not on the main thread,
 * matters on a busy machine: a canvas that changes every frame makes the page's main thread copy
 * and composite it every frame (`LayerTreeHost::DoUpdateLayers`), and with the engine worker
 * taking a core that is where main-thread tasks grew past 50 ms. An OffscreenCanvas commits its
 * frames to the compositor from this thread instead.
 */
import { DotLayer } from './dot-layer';
import { DotSprites } from './dot-sprites';
import { DOT_FIELDS, type FromPainter, type PaintFrame, type ToPainter } from './overlay-protocol';
import { paintRates } from './rate-layer';

const RING_COLOR = '#ffffff';

let dotsCtx: OffscreenCanvasRenderingContext2D | undefined;
let ratesCtx: OffscreenCanvasRenderingContext2D | undefined;
const layer = new DotLayer();
const sprites = new DotSprites();
let rateLabels = 0;
let ratesShown = false;

const post = (message: FromPainter, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(message, transfer);

function paint(frame: PaintFrame): void {
  if (!dotsCtx || !ratesCtx) return;
  for (const ctx of [dotsCtx, ratesCtx]) {
    if (ctx.canvas.width === frame.width && ctx.canvas.height === frame.height) continue;
    // Resizing clears a canvas: the rates must be painted again, and are when the overlay next sends them.
    ctx.canvas.width = frame.width;
    ctx.canvas.height = frame.height;
    if (ctx === ratesCtx) ratesShown = false;
  }
  layer.resize(frame.width, frame.height);
  layer.begin();
  const { dots, count, scale } = frame;
  for (let k = 0; k < count; k++) {
    const o = k * DOT_FIELDS;
    layer.blit(sprites.get(dots[o + 2] as number, scale), dots[o] as number, dots[o + 1] as number);
  }
  layer.flush(dotsCtx);
  paintRings(dotsCtx, frame);
  if (frame.rates === null && ratesShown) {
    ratesCtx.setTransform(1, 0, 0, 1, 0, 0);
    ratesCtx.clearRect(0, 0, frame.width, frame.height);
    ratesShown = false;
    rateLabels = 0;
  } else if (frame.rates) {
    const { edges, dpr, tx, ty, zoom } = frame.rates;
    ratesCtx.setTransform(1, 0, 0, 1, 0, 0);
    ratesCtx.clearRect(0, 0, frame.width, frame.height);
    ratesCtx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * tx, dpr * ty);
    rateLabels = paintRates(ratesCtx, edges, zoom);
    ratesShown = true;
  }
}

/** Rings around the selected connection's dots, drawn over the pixels; the next frame's flush covers them. */
function paintRings(ctx: OffscreenCanvasRenderingContext2D, frame: PaintFrame): void {
  const { rings, ringRadius, ringWidth } = frame;
  if (rings.length === 0) return;
  ctx.strokeStyle = RING_COLOR;
  ctx.lineWidth = ringWidth;
  ctx.beginPath();
  for (let k = 0; k < rings.length; k += 2) {
    const x = rings[k] as number;
    const y = rings[k + 1] as number;
    ctx.moveTo(x + ringRadius, y);
    ctx.arc(x, y, ringRadius, 0, Math.PI * 2);
    const reach = Math.ceil(ringRadius + ringWidth) + 1;
    layer.cover(Math.floor(x) - reach, Math.floor(y) - reach, 2 * reach + 1, 2 * reach + 1);
  }
  ctx.stroke();
}

self.onmessage = (event: MessageEvent<ToPainter>) => {
  const message = event.data;
  if (message.kind === 'canvases') {
    dotsCtx = message.dots.getContext('2d') ?? undefined;
    ratesCtx = message.rates.getContext('2d') ?? undefined;
  } else if (message.kind === 'frame') {
    paint(message);
    post({ kind: 'painted', dots: message.dots, rateLabels }, [message.dots.buffer]);
  } else {
    const width = dotsCtx?.canvas.width ?? 0;
    const height = dotsCtx?.canvas.height ?? 0;
    const data = dotsCtx && width > 0 && height > 0 ? dotsCtx.getImageData(0, 0, width, height).data : new Uint8ClampedArray(0);
    post({ kind: 'pixels', id: message.id, width, height, data }, [data.buffer]);
  }
};
