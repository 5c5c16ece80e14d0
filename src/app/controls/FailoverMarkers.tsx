import { detectedByText, faultName } from '../panels/failover-format';
import { openFailoverAt, useFailoverStore, useFailoverSync } from '../panels/failover-store';

/** One marker's text: which fault, what happened, when. */
export function markerTitle(kind: 'detected' | 'recovered', report: { action: string; target: string | undefined; detectedBy: string | null }, atS: number): string {
  const what = kind === 'detected' ? `detected by ${detectedByText(report.detectedBy)}` : 'recovered (no connection broke because of it after this)';
  return `${faultName(report)}: ${what} at ${atS.toFixed(1)} s`;
}

/**
 * Above the fault bars: for each fault of the failover report, a marker where it was detected (◆)
 * and where it recovered (▲). Clicking one opens the Failover tab at that fault's card. Mounting
 * this keeps the report current (useFailoverSync), so the tab opens on fresh numbers.
 */
export function FailoverMarkers({ horizonS }: { horizonS: number }) {
  useFailoverSync();
  const reports = useFailoverStore((s) => s.reports);
  const markers = reports.flatMap((report, index) => [
    ...(report.detectedAtS === null ? [] : [{ kind: 'detected' as const, atS: report.detectedAtS, report, index }]),
    ...(report.recoveredAtS === null ? [] : [{ kind: 'recovered' as const, atS: report.recoveredAtS, report, index }]),
  ]);
  if (markers.length === 0) return null;
  const pct = (s: number) => `${(Math.min(s, horizonS) / horizonS) * 100}%`;
  return (
    <ul className="relative h-3" aria-label="Failover markers: detected and recovered">
      {markers.map((m) => {
        const title = markerTitle(m.kind, m.report, m.atS);
        return (
          <li key={`${m.index}-${m.kind}`} className="absolute -translate-x-1/2" style={{ left: pct(m.atS) }}>
            <button
              type="button"
              className={`block h-3 px-0.5 text-[10px] leading-3 focus:outline-none focus:ring-2 focus:ring-white ${m.kind === 'detected' ? 'text-sky-300' : 'text-emerald-300'}`}
              title={`${title}. Click to open its failover card.`}
              aria-label={title}
              data-testid="failover-marker"
              data-kind={m.kind}
              data-action={m.report.action}
              data-target={m.report.target ?? ''}
              onClick={() => openFailoverAt(m.index)}
            >
              <span aria-hidden="true">{m.kind === 'detected' ? '◆' : '▲'}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
