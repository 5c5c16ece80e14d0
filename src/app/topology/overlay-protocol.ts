/**
 * Messages between the traffic overlay (main thread) and its painter worker. The main thread works
 * out what to draw (which dots, where, in device pixels; which edge rates); the worker owns both
 * canvases (transferred with `transferControlToOffscreen`) and paints them, so handing the pictures
 * to the compositor 60 times a second happens off the main thread.
 */

/** A rate band and its label, in flow coordinates (the worker applies the view transform). */
export interface RateEdge {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  packetsPerS: number;
  label: string;
}

/** What the rates canvas shows: its edges under a view transform (device px = (flow × zoom + t) × dpr). */
export interface RatePicture {
  edges: RateEdge[];
  dpr: number;
  tx: number;
  ty: number;
  zoom: number;
}

/** Fields per dot in `PaintFrame.dots`: device x and y of its centre pixel, and its sprite group. */
export const DOT_FIELDS = 3;

export interface PaintFrame {
  kind: 'frame';
  /** Canvas size in device pixels (both canvases). */
  width: number;
  height: number;
  /** Device pixels per flow unit: the sprites' size. */
  scale: number;
  /** DOT_FIELDS numbers per dot; `count` dots. Transferred, and handed back in the ack for reuse. */
  dots: Int32Array;
  count: number;
  /** Rings around the selected connection's dots: device x, y pairs, each `ringRadius` device px round, `ringWidth` wide. */
  rings: Float64Array;
  ringRadius: number;
  ringWidth: number;
  /** The rates picture: a new one to paint, null to clear, undefined to keep what is shown. */
  rates: RatePicture | null | undefined;
}

export interface PixelsRequest {
  kind: 'pixels';
  id: number;
}

/** First message: the two canvases, transferred. */
export interface PainterCanvases {
  kind: 'canvases';
  dots: OffscreenCanvas;
  rates: OffscreenCanvas;
}

export type ToPainter = PainterCanvases | PaintFrame | PixelsRequest;

/** The painter is done with a frame: its dots buffer back, and how many rate labels are now shown. */
export interface PaintAck {
  kind: 'painted';
  dots: Int32Array;
  rateLabels: number;
}

/** The dots canvas' pixels (RGBA rows), for tests that look at what was drawn. */
export interface PixelsAnswer {
  kind: 'pixels';
  id: number;
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

export type FromPainter = PaintAck | PixelsAnswer;
