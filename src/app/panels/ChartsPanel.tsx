import { useMemo } from 'react';
import { HANDSHAKE_KINDS, STATUS_CLASSES, type MetricSample } from '../../worker/protocol';
import { useSimStore } from '../store';
import { UChart, type ChartSeries } from './UChart';

const PALETTE = ['#4ade80', '#60a5fa', '#f472b6', '#facc15', '#a78bfa', '#2dd4bf', '#fb923c', '#f87171'];
const color = (i: number) => PALETTE[i % PALETTE.length]!;

/** Status classes read as traffic lights: success green, redirects blue, client errors amber, server errors red, nothing grey. */
const STATUS_COLORS = ['#4ade80', '#60a5fa', '#facc15', '#f87171', '#94a3b8'];
const HANDSHAKE_COLORS = ['#60a5fa', '#4ade80', '#f87171'];

function build(samples: MetricSample[], pick: (s: MetricSample) => number[], labels: readonly string[], colors?: string[]): { series: ChartSeries[]; data: number[][] } {
  const series = labels.map((label, i) => ({ label, color: colors?.[i] ?? color(i) }));
  const data: number[][] = [samples.map((s) => s.timeS), ...labels.map((_, i) => samples.map((s) => pick(s)[i] ?? 0))];
  return { series, data };
}

/** Live charts, one sample per simulated second (uPlot). */
export function ChartsPanel() {
  const samples = useSimStore((s) => s.samples);
  const topology = useSimStore((s) => s.topology);
  const charts = useMemo(() => {
    const lvs = topology?.nodes.filter((n) => n.kind === 'lvs').map((n) => n.label) ?? [];
    const ecs = topology?.nodes.filter((n) => n.kind === 'ecs').map((n) => n.label) ?? [];
    const reasons = [...new Set(samples.flatMap((s) => Object.keys(s.errorsByReason)))].sort();
    const protocols = new Set(topology?.listeners.map((l) => l.protocol));
    // Layer-7 charts only where a listener can fill them.
    const layer7 = protocols.has('http') || protocols.has('https')
      ? [{ title: 'Requests by status class', unit: 'per s', ...build(samples, (s) => s.requestsByClass, STATUS_CLASSES, STATUS_COLORS) }]
      : [];
    const tls = protocols.has('https') ? [{ title: 'TLS handshakes', unit: 'per s', ...build(samples, (s) => s.handshakes, HANDSHAKE_KINDS, HANDSHAKE_COLORS) }] : [];
    return [
      { title: 'New connections', unit: 'per s', ...build(samples, (s) => [s.newConnectionsPerSecond], ['new']) },
      { title: 'Active connections per LVS node', unit: 'connections', ...build(samples, (s) => s.activePerLvs, lvs) },
      { title: 'Requests per backend', unit: 'per s', ...build(samples, (s) => s.requestsPerBackend, ecs) },
      ...layer7,
      ...tls,
      { title: 'Request latency', unit: 'ms', ...build(samples, (s) => [s.latencyMs.p50, s.latencyMs.p95, s.latencyMs.p99], ['p50', 'p95', 'p99']) },
      { title: 'Errors and resets by reason', unit: 'per s', ...build(samples, (s) => reasons.map((r) => s.errorsByReason[r] ?? 0), reasons.length > 0 ? reasons : ['none']) },
      {
        title: 'Bytes out by path',
        unit: 'bytes/s',
        ...build(samples, (s) => [s.bytesOutPerSecond.slbOut, s.bytesOutPerSecond.eipOut, s.bytesOutPerSecond.natOut, s.bytesOutPerSecond.publicIpOut], ['SLB', 'EIP', 'NAT', 'public IP']),
      },
      { title: 'Cost accrued', unit: 'USD', ...build(samples, (s) => [s.costAccrued], ['total']) },
    ];
  }, [samples, topology]);

  if (samples.length === 0) return <p className="p-3 text-sm text-slate-400">Charts fill in once a simulated second has passed.</p>;
  return (
    <section aria-label="Live charts" className="flex flex-col gap-3 p-3">
      {charts.map((chart) => (
        <UChart key={chart.title} title={chart.title} unit={chart.unit} series={chart.series} data={chart.data} />
      ))}
    </section>
  );
}
