import type { Sprite } from './dot-sprites';

/**
 * One pixel (RGBA in a little-endian word, not premultiplied, as ImageData holds it) over another:
 * the canvas' source-over, so anti-aliased dot edges that overlap blend as drawn paths would.
 */
export function over(src: number, dst: number): number {
  const sa = src >>> 24;
  const da = dst >>> 24;
  const srcWeight = sa * 255;
  const dstWeight = da * (255 - sa);
  const alpha = srcWeight + dstWeight;
  if (alpha === 0) return 0;
  const r = Math.round(((src & 255) * srcWeight + (dst & 255) * dstWeight) / alpha);
  const g = Math.round((((src >>> 8) & 255) * srcWeight + ((dst >>> 8) & 255) * dstWeight) / alpha);
  const b = Math.round((((src >>> 16) & 255) * srcWeight + ((dst >>> 16) & 255) * dstWeight) / alpha);
  return ((Math.round(alpha / 255) << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

const EMPTY = [Infinity, Infinity, -Infinity, -Infinity] as const;

/**
 * The overlay's dots as pixels kept in JavaScript and handed to the canvas in one `putImageData`
 * over the box they changed. Drawing thousands of dots as canvas paths (or as thousands of
 * `drawImage` calls) is recorded and then rasterised on the main thread when the browser hands the
 * canvas to the compositor, the `LayerTreeHost::DoUpdateLayers` step that made most main-thread
 * long tasks at 10,000×; copying a small sprite's pixels per dot here costs a fraction of that. The
 * price is that dots sit on whole device pixels, which at 60 frames a second does not show.
 */
export class DotLayer {
  width = 0;
  height = 0;
  pixels = new Uint32Array(0);
  private image: ImageData | undefined;
  /** Boxes (min x, min y, max x, max y; max exclusive) of what this frame drew and what the last one did. */
  private drawn: number[] = [...EMPTY];
  private stale: number[] = [...EMPTY];

  /** Sizes the buffer to the canvas; a resized canvas is blank, so nothing is left to clear. */
  resize(width: number, height: number): void {
    if (width === this.width && height === this.height) return;
    this.width = width;
    this.height = height;
    this.pixels = new Uint32Array(width * height);
    this.image = undefined;
    this.drawn = [...EMPTY];
    this.stale = [...EMPTY];
  }

  /** Starts a frame: the last frame's dots leave the buffer (and the canvas at the next flush). */
  begin(): void {
    const [x0, y0, x1, y1] = this.drawn as [number, number, number, number];
    for (let y = y0; y < y1; y++) this.pixels.fill(0, y * this.width + x0, y * this.width + x1);
    this.stale = this.drawn;
    this.drawn = [...EMPTY];
  }

  /** Copies a sprite centred on device pixel (x, y), blending it over dots already there. */
  blit(sprite: Sprite, x: number, y: number): void {
    const { pixels: src, size } = sprite;
    const left = x - sprite.half;
    const top = y - sprite.half;
    const from = Math.max(0, -left);
    const to = Math.min(size, this.width - left);
    const fromRow = Math.max(0, -top);
    const toRow = Math.min(size, this.height - top);
    if (from >= to || fromRow >= toRow) return;
    const dst = this.pixels;
    for (let row = fromRow; row < toRow; row++) {
      let s = row * size + from;
      let d = (top + row) * this.width + left + from;
      for (let col = from; col < to; col++, s++, d++) {
        const pixel = src[s] as number;
        if (pixel >>> 24 === 0) continue;
        const under = dst[d] as number;
        dst[d] = pixel >>> 24 === 255 || under === 0 ? pixel : over(pixel, under);
      }
    }
    this.cover(left + from, top + fromRow, to - from, toRow - fromRow);
  }

  /** Marks a box as drawn this frame (also for what is drawn on the canvas itself, so the next flush covers it). */
  cover(x: number, y: number, w: number, h: number): void {
    const box = this.drawn;
    box[0] = Math.max(0, Math.min(box[0] as number, x));
    box[1] = Math.max(0, Math.min(box[1] as number, y));
    box[2] = Math.min(this.width, Math.max(box[2] as number, x + w));
    box[3] = Math.min(this.height, Math.max(box[3] as number, y + h));
  }

  /** What the next flush copies to the canvas: the box around this frame's dots and the last frame's. */
  changed(): { x: number; y: number; w: number; h: number } | undefined {
    const x = Math.min(this.drawn[0] as number, this.stale[0] as number);
    const y = Math.min(this.drawn[1] as number, this.stale[1] as number);
    const w = Math.max(this.drawn[2] as number, this.stale[2] as number) - x;
    const h = Math.max(this.drawn[3] as number, this.stale[3] as number) - y;
    return w > 0 && h > 0 ? { x, y, w, h } : undefined;
  }

  /** Puts what changed on the canvas; nothing at all when no dot was drawn this frame or the last. */
  flush(ctx: OffscreenCanvasRenderingContext2D): void {
    const box = this.changed();
    if (!box) return;
    this.image ??= new ImageData(new Uint8ClampedArray(this.pixels.buffer), this.width, this.height);
    ctx.putImageData(this.image, 0, 0, box.x, box.y, box.w, box.h);
  }
}
