import { PacketType } from '../../worker/protocol';
import { COLORS } from './dot-colors';

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** Dot radius in flow units (it scales with the zoom, as the nodes do). */
export const DOT_RADIUS = 3.5;
/** Sprites exist per colour × packet type: a group index is colour × TYPES + type. */
export const TYPES = 16;
export const GROUPS = COLORS.length * TYPES;
/** The widest shape (the Key Server triangle) reaches this many radii from the centre. */
const EXTENT = 1.4;

/**
 * The shape says what the packet is: SYN/SYN-ACK a ring, data a filled dot, FIN a square, RST a
 * red cross, sync a diamond, a health probe a small grey dot, a TLS flight a light dot with a hole,
 * a Key Server operation a rose triangle.
 */
export function mark(ctx: Ctx, type: number, x: number, y: number, r: number): void {
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
      ctx.moveTo(x, y - r * EXTENT);
      ctx.lineTo(x + r * 1.3, y + r);
      ctx.lineTo(x - r * 1.3, y + r);
      ctx.closePath();
      return;
    default:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, Math.PI * 2);
  }
}

export interface Sprite {
  /** Square, `size` pixels a side, row by row, each pixel RGBA in one little-endian word (as ImageData). */
  pixels: Uint32Array;
  size: number;
  /** Pixels from the sprite's edge to its centre pixel: its top-left goes at (x - half, y - half). */
  half: number;
}

/**
 * Each dot shape, rendered once per zoom into a small bitmap that the overlay copies to the dot's
 * pixel (dot-layer.ts). A sprite per colour and packet type, made when first asked for.
 */
export class DotSprites {
  private scale = 0;
  private sprites: (Sprite | undefined)[] = [];

  /** The sprite of `group` (colour × TYPES + type) at `scale` device pixels per flow unit. */
  get(group: number, scale: number): Sprite {
    if (scale !== this.scale) {
      this.scale = scale;
      this.sprites = [];
    }
    let sprite = this.sprites[group];
    if (!sprite) this.sprites[group] = sprite = render(group, scale);
    return sprite;
  }
}

function render(group: number, scale: number): Sprite {
  const r = DOT_RADIUS * scale;
  // One pixel of margin for anti-aliasing; an odd size puts the centre on a pixel's middle.
  const half = Math.ceil(r * EXTENT) + 1;
  const size = 2 * half + 1;
  const ctx = new OffscreenCanvas(size, size).getContext('2d', { willReadFrequently: true });
  if (!ctx) return { pixels: new Uint32Array(size * size), size, half };
  ctx.fillStyle = COLORS[Math.floor(group / TYPES)] ?? COLORS[0]!;
  ctx.beginPath();
  mark(ctx, group % TYPES, half + 0.5, half + 0.5, r);
  ctx.fill();
  return { pixels: new Uint32Array(ctx.getImageData(0, 0, size, size).data.buffer), size, half };
}
