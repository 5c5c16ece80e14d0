import { useEffect, useState } from 'react';
import type { MonthEstimate } from '../../worker/protocol';
import { EstimateCancelled, simControls } from '../sim-client';
import { useSimStore } from '../store';
import { CostLineItems } from './CostLineItems';
import { money } from './cost-format';
import { basisSentence, comparisonSentence, MONTH_DAYS, monthSeries, specHours } from './month-estimate-text';
import { UChart } from './UChart';

type State =
  | { kind: 'idle' }
  | { kind: 'running'; startedMs: number }
  | { kind: 'done'; estimate: MonthEstimate; revision: number }
  | { kind: 'failed'; message: string }
  | { kind: 'cancelled' };

/** Whole seconds since `startedMs`, ticking while the estimate runs. */
function useElapsed(startedMs: number | undefined): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (startedMs === undefined) return;
    const id = setInterval(() => setNow(performance.now()), 500);
    return () => clearInterval(id);
  }, [startedMs]);
  return startedMs === undefined ? 0 : Math.max(0, Math.floor((now - startedMs) / 1000));
}

/**
 * "Estimate a month": the flow model prices 30 days of the configuration in force now (the
 * scenario plus every journaled change), daily profile included, in a worker of its own: the run
 * keeps going, its state and trace hash untouched. Shown next to the run's own projection, which
 * extrapolates the simulated window and so cannot see a daily cycle.
 */
export function CostMonthEstimate({ whatIf }: { whatIf: boolean }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const revision = useSimStore((s) => s.frame?.journal.revision ?? 0);
  const elapsed = useElapsed(state.kind === 'running' ? state.startedMs : undefined);

  const estimate = () => {
    setState({ kind: 'running', startedMs: performance.now() });
    const askedAt = revision;
    void Promise.resolve(simControls.estimateMonth(MONTH_DAYS))
      .then((answer) => {
        if (!answer) setState({ kind: 'failed', message: 'The simulation is not running.' });
        else if (!answer.ok) setState({ kind: 'failed', message: `Could not estimate a month: ${answer.message}` });
        else setState({ kind: 'done', estimate: answer.estimate, revision: askedAt });
      })
      .catch((error: unknown) => setState(error instanceof EstimateCancelled ? { kind: 'cancelled' } : { kind: 'failed', message: `Could not estimate a month: ${(error as Error).message}` }));
  };
  // Leaving the panel stops an estimate nobody would see.
  useEffect(() => () => simControls.cancelEstimate(), []);

  const running = state.kind === 'running';
  return (
    <section aria-label="Month estimate" className="flex flex-col gap-2 rounded border border-slate-800 px-2 py-1.5" data-testid="month-estimate" aria-busy={running}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="mr-auto text-slate-200">A month with the daily profile</h3>
        {running ? (
          <button type="button" className="rounded border border-slate-600 px-2 py-0.5 text-slate-200 hover:bg-slate-800" onClick={() => simControls.cancelEstimate()}>
            Cancel estimate
          </button>
        ) : (
          <button type="button" className="rounded bg-sky-700 px-2 py-0.5 text-white hover:bg-sky-800" onClick={estimate}>
            {state.kind === 'done' ? 'Estimate again' : 'Estimate a month'}
          </button>
        )}
      </div>
      {state.kind === 'idle' ? (
        <p className="text-slate-400">Prices {MONTH_DAYS} days of the configuration in force with the flow model: seconds of wall time instead of hours of packets.</p>
      ) : null}
      {running ? (
        <p role="status" className="text-slate-300" data-testid="month-estimate-busy">
          Calibrating on packet samples and pricing {MONTH_DAYS} days… {elapsed > 0 ? `${elapsed} s` : ''}
          <span className="block text-[10px] text-slate-400">In a worker of its own: the run keeps going, unchanged.</span>
        </p>
      ) : null}
      {state.kind === 'cancelled' ? <p className="text-slate-400">Estimate cancelled.</p> : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="text-red-300">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'done' ? <MonthResult estimate={state.estimate} stale={state.revision !== revision} /> : null}
      {whatIf && state.kind !== 'idle' ? <p className="text-slate-400">Priced as configured: the region and charge-type what-ifs above apply to the run&apos;s bill only.</p> : null}
    </section>
  );
}

function MonthResult({ estimate, stale }: { estimate: MonthEstimate; stale: boolean }) {
  const series = monthSeries(estimate);
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-baseline gap-4">
        <div>
          <div className="text-slate-400">Flow estimate, {estimate.days} days</div>
          <div className="text-lg font-semibold tabular-nums" data-testid="month-total" data-total={String(estimate.bill.total)}>
            {money(estimate.bill.total)}
          </div>
        </div>
        <div>
          <div className="text-slate-400">Projected from the run (730 h)</div>
          <div className="text-lg tabular-nums">{money(estimate.packet.projectedMonthly)}</div>
        </div>
      </div>
      <p className="text-slate-300" data-testid="month-basis">
        {basisSentence(estimate)} {comparisonSentence(estimate)}
      </p>
      {stale ? (
        <p role="status" className="text-amber-300">
          The configuration has changed since this estimate: estimate again to include the change.
        </p>
      ) : null}
      <UChart title="Peak connections each hour" unit="connections" xLabel="day" series={[{ label: 'peak connections', color: '#38bdf8' }]} data={series.connections} />
      <UChart
        title="Peak rates each hour"
        unit="per second"
        xLabel="day"
        series={[
          { label: 'peak new connections/s', color: '#f59e0b' },
          { label: 'peak requests/s', color: '#34d399' },
        ]}
        data={series.rates}
      />
      <UChart title="Spec fee charged each hour" unit="$/h" xLabel="day" series={[{ label: 'spec fee', color: '#a78bfa' }]} data={series.fee} />
      <p className="text-slate-400">Spec billed: {specHours(estimate)}.</p>
      <CostLineItems items={estimate.bill.lineItems} label="Month estimate line items" showMonth={false} />
      <details className="text-[11px] text-slate-400">
        <summary className="cursor-pointer">How it was estimated</summary>
        <p>
          {estimate.method}. {estimate.calibration.events.toLocaleString('en-US')} packet events; {Math.round(estimate.wallMs).toLocaleString('en-US')} ms of wall time.
        </p>
        {estimate.notes.length > 0 ? (
          <ul className="list-disc pl-4">
            {estimate.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        ) : null}
      </details>
    </div>
  );
}
