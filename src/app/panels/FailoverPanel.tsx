import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { FailoverReport } from '../../engine/faults/failover-report';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import {
  brokenOutcomes,
  COMPARE_SETTINGS,
  compareSets,
  detectedByText,
  diffRows,
  faultName,
  formatAt,
  outcomeText,
  parseUntil,
  type CompareSetting,
} from './failover-format';
import { cancelCompare, refreshFailover, startCompare, useFailoverStore } from './failover-store';

/** Longest comparison the form runs (the worker refuses more too). */
const MAX_COMPARE_S = 3600;

function Examples({ ids, reason }: { ids: number[] | undefined; reason: string }) {
  if (!ids || ids.length === 0) return null;
  return (
    <span className="ml-1 inline-flex flex-wrap gap-1">
      {ids.map((id) => (
        <button
          key={id}
          type="button"
          className="rounded bg-slate-800 px-1 text-sky-300 hover:bg-slate-700"
          title={`Open connection #${id}'s journey`}
          aria-label={`Journey of connection #${id} (${reason})`}
          data-testid="failover-example"
          data-outcome={reason}
          onClick={() => simControls.selectConnection(id)}
        >
          #{id}
        </button>
      ))}
    </span>
  );
}

function FailoverCard({ report, index, focused }: { report: FailoverReport; index: number; focused: boolean }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focused) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [focused]);
  const broken = brokenOutcomes(report);
  const brokenCount = broken.reduce((sum, [, n]) => sum + n, 0);
  const stillOpen = report.affected['in_flight'] ?? 0;
  const failed = Object.entries(report.requestsFailed).filter(([, n]) => n > 0);
  return (
    <article
      ref={ref}
      aria-label={`Fault ${index + 1}: ${faultName(report)}`}
      data-testid="failover-card"
      data-action={report.action}
      data-target={report.target ?? ''}
      className={`flex flex-col gap-1 rounded border p-2 ${focused ? 'border-amber-400' : 'border-slate-700'}`}
    >
      <h3 className="text-sm font-semibold">
        {index + 1}. {faultName(report)}
      </h3>
      <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-2 gap-y-0.5">
        <dt className="text-slate-400">Started</dt>
        <dd className="tabular-nums">{formatAt(report.atS, '')}</dd>
        <dt className="text-slate-400">Ended</dt>
        <dd className="tabular-nums" data-testid="failover-ended">
          {formatAt(report.endS, 'active')}
        </dd>
        <dt className="text-slate-400">Detected</dt>
        <dd data-testid="failover-detected">{report.detectedAtS === null ? 'not detected (yet)' : `at ${formatAt(report.detectedAtS, '')} by ${detectedByText(report.detectedBy)}`}</dd>
        <dt className="text-slate-400">Recovered</dt>
        <dd className="tabular-nums" data-testid="failover-recovered">
          {formatAt(report.recoveredAtS, 'not yet')}
        </dd>
        <dt className="text-slate-400">Survived</dt>
        <dd className="tabular-nums" data-testid="failover-survived" data-count={report.survived}>
          {report.survived}
          <Examples ids={report.examples['completed']} reason="completed" />
        </dd>
        <dt className="text-slate-400">Broken</dt>
        <dd className="tabular-nums" data-testid="failover-broken" data-count={brokenCount}>
          {brokenCount}
          {stillOpen > 0 ? <span className="text-slate-400"> ({stillOpen} affected still open)</span> : null}
        </dd>
      </dl>
      {broken.length > 0 ? (
        <ul className="flex flex-col gap-0.5" aria-label="Broken connections by outcome">
          {broken.map(([reason, n]) => (
            <li key={reason} data-testid="failover-outcome" data-outcome={reason}>
              <span className="tabular-nums font-semibold text-red-300">{n}</span> <span className="font-mono text-[11px] text-slate-300">{reason}</span>
              <span className="text-slate-400"> — {outcomeText(reason)}</span>
              <Examples ids={report.examples[reason]} reason={reason} />
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <span className="text-slate-400">Requests failed: </span>
        <span data-testid="failover-requests-failed">{failed.length === 0 ? 'none' : failed.map(([status, n]) => `${n} × ${status === 'none' ? 'no response' : status}`).join(', ')}</span>
      </p>
      <p title={report.extraCostRule}>
        <span className="text-slate-400">Extra cost: </span>
        {report.extraCost.toFixed(2)} <span className="text-slate-400">(hover for why)</span>
      </p>
    </article>
  );
}

function CompareForm() {
  const compare = useFailoverStore((s) => s.compare);
  const nowS = useSimStore((s) => (s.frame?.simTimeUs ?? 0) / 1e6);
  const seed = useSimStore((s) => s.seed);
  const [setting, setSetting] = useState<CompareSetting>('sync-batching');
  const [value, setValue] = useState('off');
  const [until, setUntil] = useState('');
  const [problem, setProblem] = useState<{ field: string; message: string } | undefined>();
  const choice = COMPARE_SETTINGS.find((s) => s.id === setting)!;
  const running = compare.status === 'running';

  const choose = (id: CompareSetting) => {
    setSetting(id);
    setProblem(undefined);
    const next = COMPARE_SETTINGS.find((s) => s.id === id)!;
    setValue(next.values[0] ?? (id === 'withdrawal-delay' ? '2' : ''));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const time = parseUntil(until, nowS, MAX_COMPARE_S);
    if (!time.ok) return setProblem(time);
    const scenario = await simControls.scenario();
    const sets = compareSets(setting, value, scenario);
    if (!sets.ok) return setProblem(sets);
    setProblem(undefined);
    await startCompare({ scenario, seed, untilUs: Math.round(time.untilS * 1e6), sets: sets.sets });
  };

  const error = problem ?? (compare.status === 'error' ? compare : undefined);
  return (
    <form onSubmit={(e) => void submit(e)} className="flex flex-col gap-2 rounded border border-slate-700 p-2" aria-label="Compare settings">
      <p className="text-slate-400">
        Runs the current scenario twice from seed {seed}, headless, to the same time: as it is (baseline) and with one setting changed (variant), like <code>npm run sim -- compare --set</code>.
      </p>
      <label className="flex items-center gap-2">
        <span className="w-16 text-slate-400">Setting</span>
        <select className="min-w-0 flex-1 rounded bg-slate-800 px-1 py-0.5" value={setting} onChange={(e) => choose(e.target.value as CompareSetting)} aria-label="Setting to change">
          {COMPARE_SETTINGS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {choice.values.length > 0 ? (
        <label className="flex items-center gap-2">
          <span className="w-16 text-slate-400">Value</span>
          <select className="rounded bg-slate-800 px-1 py-0.5" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Variant value">
            {choice.values.map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
      ) : setting === 'withdrawal-delay' || setting === 'custom' ? (
        <label className="flex items-center gap-2">
          <span className="w-16 text-slate-400">Value</span>
          {setting === 'custom' ? (
            <textarea
              className="min-w-0 flex-1 rounded bg-slate-800 px-1 font-mono"
              rows={2}
              value={value}
              placeholder="cluster.sync.batching=false (one per line)"
              onChange={(e) => setValue(e.target.value)}
              aria-label="Variant value"
              aria-invalid={error?.field === 'value'}
            />
          ) : (
            <input className="w-20 rounded bg-slate-800 px-1" value={value} onChange={(e) => setValue(e.target.value)} aria-label="Variant value" aria-invalid={error?.field === 'value'} />
          )}
        </label>
      ) : null}
      <label className="flex items-center gap-2">
        <span className="w-16 text-slate-400">Until</span>
        <input
          className="w-20 rounded bg-slate-800 px-1"
          value={until}
          placeholder={`${nowS.toFixed(1)} s`}
          onChange={(e) => setUntil(e.target.value)}
          aria-label="Until (seconds; empty: now)"
          aria-invalid={error?.field === 'until'}
        />
        <span className="text-slate-400">empty: the current time</span>
      </label>
      {error ? (
        <p role="alert" className="text-red-300" data-testid="compare-error" data-field={error.field}>
          {error.message}
        </p>
      ) : null}
      <div className="flex items-center gap-2">
        <button type="submit" className="rounded bg-slate-700 px-2 py-0.5 hover:bg-slate-600 disabled:opacity-50" disabled={running}>
          Run comparison
        </button>
        {running ? (
          <>
            <progress max={1} value={compare.progress} aria-label="Comparison progress" className="w-24" />
            <span className="tabular-nums">{Math.round(compare.progress * 100)}%</span>
            <button type="button" className="rounded bg-slate-700 px-2 py-0.5 hover:bg-slate-600" onClick={() => cancelCompare()}>
              Cancel
            </button>
          </>
        ) : compare.status === 'cancelled' ? (
          <span className="text-slate-400" role="status">
            Cancelled.
          </span>
        ) : null}
      </div>
    </form>
  );
}

function CompareResult() {
  const compare = useFailoverStore((s) => s.compare);
  if (compare.status !== 'done') return null;
  const { answer } = compare;
  const rows = diffRows(answer.baseline, answer.variant);
  const differing = rows.filter((r) => r.differs).length;
  return (
    <section aria-label="Comparison" className="flex flex-col gap-1" data-testid="compare-result">
      <h3 className="text-sm font-semibold">
        Baseline vs variant at {answer.untilS.toFixed(1)} s (seed {answer.baseline.seed})
      </h3>
      <p className="text-slate-400">
        Variant: <code className="break-all">{answer.sets.join(' ')}</code>. {differing} line{differing === 1 ? '' : 's'} differ{differing === 1 ? 's' : ''} (highlighted).
      </p>
      <p className="text-slate-400">
        Trace hashes: baseline{' '}
        <code data-testid="compare-baseline-hash" title="The same as the live run's at that time: the baseline replays it">
          {answer.baseline.traceHash}
        </code>
        , variant <code data-testid="compare-variant-hash">{answer.variant.traceHash}</code>.
      </p>
      <table className="w-full tabular-nums">
        <thead>
          <tr className="text-left text-slate-400">
            <th scope="col" className="font-normal"></th>
            <th scope="col" className="font-normal" data-testid="compare-baseline-heading">
              Baseline
            </th>
            <th scope="col" className="font-normal" data-testid="compare-variant-heading">
              Variant
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((row, i) => {
            const heading =
              i === 0 || rows[i - 1]!.group !== row.group ? (
                <tr key={`g${i}`}>
                  <th scope="rowgroup" colSpan={3} className="pt-1 text-left font-semibold text-slate-300">
                    {row.group}
                  </th>
                </tr>
              ) : null;
            const line = (
              <tr key={i} className={row.differs ? 'bg-amber-900/40' : undefined} data-testid="compare-row" data-label={row.label.trim()} data-differs={row.differs}>
                <th scope="row" className="whitespace-pre text-left font-normal text-slate-400">
                  {row.label}
                </th>
                <td data-testid="compare-baseline">{row.baseline}</td>
                <td data-testid="compare-variant" className={row.differs ? 'font-semibold text-amber-200' : undefined}>
                  {row.variant}
                </td>
              </tr>
            );
            return heading ? [heading, line] : [line];
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The failover report, one card per fault: when it started and ended, when and by whom it was
 * detected, when connections stopped breaking, how many survived and how many broke and why (with
 * example connections that open their journey), failed requests and extra cost. Below, Compare…
 * runs the scenario again with one setting changed and shows both reports side by side.
 */
export function FailoverPanel() {
  const reports = useFailoverStore((s) => s.reports);
  const focus = useFailoverStore((s) => s.focus);
  const atUs = useFailoverStore((s) => s.atUs);
  const [comparing, setComparing] = useState(false);
  useEffect(() => {
    void refreshFailover();
  }, []);
  return (
    <section aria-label="Failover report" className="flex flex-col gap-2 p-3 text-xs">
      <div className="flex items-center gap-2">
        <h2 className="text-sm font-semibold">Failover report</h2>
        <span className="mr-auto tabular-nums text-slate-400" data-testid="failover-as-of">
          at {(atUs / 1e6).toFixed(1)} s
        </span>
        <button type="button" className="rounded bg-slate-700 px-2 py-0.5 hover:bg-slate-600" aria-expanded={comparing} onClick={() => setComparing(!comparing)}>
          Compare…
        </button>
      </div>
      {comparing ? (
        <>
          <CompareForm />
          <CompareResult />
        </>
      ) : null}
      {reports.length === 0 ? (
        <p className="text-slate-400" data-testid="failover-empty">
          No fault so far. Inject one: right-click a node on the topology (or focus it and press Shift+F10) and choose a fault, or load a scenario with a fault
          schedule. Each fault then gets a card here: when it was detected, how many connections survived or broke, and why.
        </p>
      ) : (
        reports.map((report, i) => <FailoverCard key={i} report={report} index={i} focused={focus === i} />)
      )}
    </section>
  );
}
