import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { AXIS_FONT, formatTicks, labelWidth, yAxisWidth } from './chart-axes';

export interface ChartSeries {
  label: string;
  color: string;
}

const WIDTH = 380;

/** The largest value of a series (0 when empty). */
export function peak(values: readonly number[] | undefined): number {
  let max = 0;
  for (const v of values ?? []) if (v > max) max = v;
  return max;
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: 3 });
}
const HEIGHT = 120;

/** A small uPlot time-series chart; data is [times, ...one array per series]. */
export function UChart({ title, series, data, unit, xLabel = 's' }: { title: string; series: ChartSeries[]; data: number[][]; unit: string; xLabel?: string }) {
  const target = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | undefined>(undefined);
  const shape = series.map((s) => s.label).join('|');

  useEffect(() => {
    if (!target.current) return;
    const options: uPlot.Options = {
      width: WIDTH,
      height: HEIGHT,
      legend: { show: true, live: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      // Room on top for the highest value's label, on the right for the last time's.
      padding: [10, 14, 0, 0],
      axes: [
        { stroke: '#94a3b8', font: AXIS_FONT, grid: { stroke: '#1e293b' }, ticks: { stroke: '#334155' }, label: xLabel, labelFont: `bold ${AXIS_FONT}`, labelSize: 18, size: 28 },
        {
          stroke: '#94a3b8',
          font: AXIS_FONT,
          grid: { stroke: '#1e293b' },
          ticks: { stroke: '#334155' },
          values: (_self, splits) => formatTicks(splits),
          // As wide as the longest value it shows, so none is cut off at the chart's left edge.
          size: (_self, values) => yAxisWidth((values ?? []).map(labelWidth)),
        },
      ],
      series: [{ label: `t (${xLabel})` }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, points: { show: false } }))],
    };
    plot.current = new uPlot(options, data as uPlot.AlignedData, target.current);
    return () => {
      plot.current?.destroy();
      plot.current = undefined;
    };
    // Re-create only when the set of series changes; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(data as uPlot.AlignedData);
  }, [data]);

  return (
    <figure className="m-0" aria-label={`${title} (${unit})`}>
      <figcaption className="text-xs font-semibold">
        {title} <span className="font-normal text-slate-400">({unit})</span>
      </figcaption>
      <div ref={target} className="text-[10px] text-slate-300" />
      {/* The canvas says nothing to a screen reader: each series' peak and latest value, as text. */}
      <ul className="sr-only" data-testid="chart-summary">
        {series.map((s, i) => (
          <li key={s.label} data-series={s.label} data-peak={peak(data[i + 1])}>
            {s.label}: peak {formatValue(peak(data[i + 1]))}, latest {formatValue(data[i + 1]?.at(-1) ?? 0)} {unit}
          </li>
        ))}
      </ul>
    </figure>
  );
}
