import { useEffect, useState } from 'react';
import type { FailoverReport } from '../../engine/faults/failover-report';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { faultCard, type FaultCard } from './report-model';

/**
 * The failover report: one card per fault applied to the run (scheduled or injected live), saying
 * when it started, when and by whom it was detected, when traffic was fully served again, and which
 * connections survived or broke and why. Example connection ids open their journeys. Refreshed
 * once a second of wall time while playing, and after each step, seek or injected fault.
 */
export function FailoverPanel() {
  const frame = useSimStore((s) => s.frame);
  const playing = frame?.playing ?? false;
  const [second, setSecond] = useState(0);
  const [reports, setReports] = useState<FailoverReport[] | undefined>();
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => setSecond((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [playing]);
  const tick = playing ? second : (frame?.events ?? 0);
  useEffect(() => {
    let cancelled = false;
    void simControls.failoverReport()?.then((r) => {
      if (!cancelled && r) setReports(r);
    });
    return () => {
      cancelled = true;
    };
  }, [tick]);

  if (!reports) return <p className="p-3 text-sm text-slate-400">Waiting for the run…</p>;
  return (
    <section aria-label="Failover report" className="flex flex-col gap-3 p-3 text-xs">
      <h2 className="text-sm font-semibold">Failover report</h2>
      {reports.length === 0 ? (
        <p className="text-slate-400">
          No fault yet. Right-click a node (or focus it and press Shift+F10) to inject one; the scenario&apos;s scheduled faults appear here when their time comes.
        </p>
      ) : (
        reports.map((report, i) => <Card key={`${i}:${report.action}:${report.target ?? ''}:${report.atS}`} card={faultCard(report)} index={i} />)
      )}
    </section>
  );
}

function ConnLinks({ serials, label }: { serials: number[]; label: string }) {
  if (serials.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {serials.map((serial) => (
        <button key={serial} type="button" className="rounded bg-slate-800 px-1 text-sky-300 hover:underline" onClick={() => simControls.selectConnection(serial)} aria-label={`Open the journey of connection #${serial} (${label})`}>
          #{serial}
        </button>
      ))}
    </span>
  );
}

function Card({ card, index }: { card: FaultCard; index: number }) {
  return (
    <article aria-label={`Fault ${index + 1}: ${card.title}`} data-testid="failover-card" className="rounded border border-slate-700 bg-slate-900/60 p-2">
      <h3 className="mb-1 font-semibold text-slate-100">{card.title}</h3>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-400">Started</dt>
        <dd>{card.started}</dd>
        <dt className="text-slate-400">Ended</dt>
        <dd className={card.ended === 'active' ? 'text-amber-300' : ''}>{card.ended}</dd>
        <dt className="text-slate-400">Detected</dt>
        <dd>{card.detected}</dd>
        <dt className="text-slate-400">Recovered</dt>
        <dd>{card.recovered}</dd>
        <dt className="text-slate-400">Survived</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span data-testid="failover-survived" className="text-emerald-300">
            {card.survived}
          </span>
          <ConnLinks serials={card.survivedExamples} label="survived" />
        </dd>
        <dt className="text-slate-400">Broken</dt>
        <dd data-testid="failover-broken" className={card.brokenTotal > 0 ? 'text-red-300' : ''}>
          {card.brokenTotal}
        </dd>
        <dt className="text-slate-400">Requests failed</dt>
        <dd>{card.requestsFailed}</dd>
      </dl>
      {card.broken.length > 0 ? (
        <table className="mt-2 w-full text-left">
          <caption className="sr-only">Broken connections by reason</caption>
          <thead className="text-slate-400">
            <tr>
              <th scope="col" className="pr-2 font-normal">
                Count
              </th>
              <th scope="col" className="pr-2 font-normal">
                Why
              </th>
              <th scope="col" className="font-normal">
                Examples
              </th>
            </tr>
          </thead>
          <tbody>
            {card.broken.map((line) => (
              <tr key={line.outcome} data-testid="failover-broken-line" className="align-top">
                <td className="pr-2 tabular-nums text-red-300">{line.count}</td>
                <td className="pr-2" title={line.outcome}>
                  {line.reason}
                </td>
                <td>
                  <ConnLinks serials={line.examples} label={line.reason} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </article>
  );
}
