/**
 * Axis tick labels that fit their charts: short numbers, and a y axis as wide as its longest label
 * (a fixed width cut "1,000,000" to "0,000").
 */

/** The font uPlot draws tick values in (its default), for measuring them. */
export const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';
/** uPlot's defaults: tick length and the gap between a tick and its value, in CSS pixels. */
const TICK_PX = 10;
const GAP_PX = 5;
/** Room so a value's last glyph never touches the chart's edge. */
const MARGIN_PX = 4;

const plain = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 3 });
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/**
 * Tick values: up to 9,999 in full, larger ones compact (12k, 3.4M). If compacting would make two
 * ticks read the same (a narrow range of large values), all of them stay in full.
 */
export function formatTicks(values: readonly number[]): string[] {
  const short = values.map((v) => (Math.abs(v) >= 10_000 ? compact.format(v) : plain(v)));
  return new Set(short).size === short.length ? short : values.map(plain);
}

/** The width a y axis needs for labels of these widths (CSS pixels): the longest, its tick and gap. */
export function yAxisWidth(labelWidths: readonly number[]): number {
  return Math.ceil(Math.max(0, ...labelWidths) + TICK_PX + GAP_PX + MARGIN_PX);
}

let measurer: CanvasRenderingContext2D | null | undefined;

/** A label's width in CSS pixels in the axis font (0 where there is no canvas, e.g. under jsdom). */
export function labelWidth(text: string): number {
  if (measurer === undefined) measurer = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!measurer) return 0;
  measurer.font = AXIS_FONT;
  return measurer.measureText(text).width;
}
