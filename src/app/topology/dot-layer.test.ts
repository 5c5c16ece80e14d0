import { describe, expect, it } from 'vitest';
import { DotLayer, over } from './dot-layer';
import type { Sprite } from './dot-sprites';

const rgba = (r: number, g: number, b: number, a: number): number => ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
const channels = (p: number): number[] => [p & 255, (p >>> 8) & 255, (p >>> 16) & 255, p >>> 24];

/** A 3×3 sprite: opaque red centre, half-transparent red edge pixels above and below, the rest empty. */
const sprite: Sprite = {
  size: 3,
  half: 1,
  pixels: Uint32Array.from([0, rgba(255, 0, 0, 128), 0, 0, rgba(255, 0, 0, 255), 0, 0, rgba(255, 0, 0, 128), 0]),
};

describe('over (source-over of unpremultiplied pixels)', () => {
  it('an opaque source replaces, a transparent one leaves the pixel under it', () => {
    expect(over(rgba(1, 2, 3, 255), rgba(200, 100, 50, 255))).toBe(rgba(1, 2, 3, 255));
    expect(over(rgba(1, 2, 3, 0), rgba(200, 100, 50, 255))).toBe(rgba(200, 100, 50, 255));
  });

  it('half-transparent over opaque mixes the colours half and half and stays opaque', () => {
    expect(channels(over(rgba(255, 0, 0, 128), rgba(0, 0, 255, 255)))).toEqual([128, 0, 127, 255]);
  });

  it('two half-transparent pixels make one three-quarters opaque, in the source colour where it dominates', () => {
    const [r, g, b, a] = channels(over(rgba(255, 0, 0, 128), rgba(0, 255, 0, 128)));
    expect(a).toBe(192);
    expect(r).toBeGreaterThan(g as number);
    expect(b).toBe(0);
  });
});

describe('DotLayer', () => {
  const at = (layer: DotLayer, x: number, y: number): number[] => channels(layer.pixels[y * layer.width + x] as number);

  it('copies a sprite centred on its pixel, and blends where dots overlap', () => {
    const layer = new DotLayer();
    layer.resize(8, 8);
    layer.begin();
    layer.blit(sprite, 4, 4);
    expect(at(layer, 4, 4)).toEqual([255, 0, 0, 255]);
    expect(at(layer, 4, 3)).toEqual([255, 0, 0, 128]);
    expect(at(layer, 3, 4)).toEqual([0, 0, 0, 0]);
    layer.blit(sprite, 4, 2); // its lower edge pixel (half red) lands on the first one's upper edge pixel
    expect(at(layer, 4, 3)).toEqual([255, 0, 0, 192]);
    expect(layer.changed()).toEqual({ x: 3, y: 1, w: 3, h: 5 });
  });

  it('clips a dot at the canvas edges', () => {
    const layer = new DotLayer();
    layer.resize(4, 4);
    layer.begin();
    layer.blit(sprite, 0, 0);
    expect(at(layer, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(at(layer, 0, 1)).toEqual([255, 0, 0, 128]);
    expect(layer.changed()).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    layer.blit(sprite, 10, 10); // wholly off the canvas: nothing written, nothing to copy
    expect(layer.changed()).toEqual({ x: 0, y: 0, w: 2, h: 2 });
  });

  it('the next frame clears the last one, and copies the box where it was so the canvas loses it too', () => {
    const layer = new DotLayer();
    layer.resize(8, 8);
    layer.begin();
    layer.blit(sprite, 1, 1);
    layer.begin();
    expect(layer.pixels.every((p) => p === 0)).toBe(true);
    layer.blit(sprite, 6, 6);
    expect(layer.changed()).toEqual({ x: 0, y: 0, w: 8, h: 8 });
    layer.begin();
    layer.begin();
    // Two frames with no dots: nothing changed, nothing to copy.
    expect(layer.changed()).toBeUndefined();
  });

  it('what is drawn on the canvas itself (a ring) is covered, so the next frame takes it away', () => {
    const layer = new DotLayer();
    layer.resize(8, 8);
    layer.begin();
    layer.cover(2, 2, 3, 3);
    layer.begin();
    expect(layer.changed()).toEqual({ x: 2, y: 2, w: 3, h: 3 });
  });
});
