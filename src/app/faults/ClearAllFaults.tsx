import { lazy, Suspense, useState } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { clearAllCommands } from './state';
import { refreshFaultRecords, useFaultStore } from './store';

// The editor checks rows by the scenario schema (zod): it loads when first opened, not with the page.
const ScheduleEditor = lazy(() => import('./ScheduleEditor').then((m) => ({ default: m.ScheduleEditor })));

/** Ends every fault in effect now: what the frame shows down or degraded, and every sync partition. */
export function ClearAllFaults() {
  const spans = useFaultStore((s) => s.spans);
  // A string, so the button re-renders only when what is faulty changes, not on every frame.
  const pending = useSimStore((s) => (s.topology ? JSON.stringify(clearAllCommands(s.topology, s.frame?.nodes, spans, (s.frame?.simTimeUs ?? 0) / 1e6)) : '[]'));
  const commands = JSON.parse(pending) as { action: string; target?: string }[];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const scheduleOpen = useFaultStore((s) => s.scheduleOpen);
  const clearAll = async () => {
    setBusy(true);
    setError(undefined);
    const refusals: string[] = [];
    for (const command of commands) {
      const result = await simControls.injectFault(command).catch((error: unknown) => ({ ok: false as const, field: 'fault', message: (error as Error).message }));
      if (!result.ok) refusals.push(`${command.action} ${command.target ?? ''}: ${result.message}`);
    }
    setBusy(false);
    if (refusals.length > 0) setError(refusals.join('\n'));
    void refreshFaultRecords();
  };
  return (
    <div className="absolute left-2 top-2 z-20 flex flex-col items-start gap-1">
      <div className="flex gap-1">
        <button
          type="button"
          className="rounded border border-slate-600 bg-slate-900/90 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700 disabled:opacity-40"
          disabled={busy || commands.length === 0}
          onClick={() => void clearAll()}
          title={commands.length === 0 ? 'No fault is in effect' : `Sends: ${commands.map((c) => `${c.action} ${c.target ?? '(whole link)'}`).join(', ')}`}
          data-testid="clear-all-faults"
        >
          Clear all faults{commands.length > 0 ? ` (${commands.length})` : ''}
        </button>
        <button
          type="button"
          className="rounded border border-slate-600 bg-slate-900/90 px-2 py-0.5 text-xs text-slate-200 hover:bg-slate-700"
          onClick={() => useFaultStore.setState({ scheduleOpen: true })}
          aria-haspopup="dialog"
          title="Edit the scenario's scheduled faults (start, duration, kind, target); Apply restarts the run from the same seed"
          data-testid="open-fault-schedule"
        >
          Fault schedule…
        </button>
      </div>
      {scheduleOpen ? (
        <Suspense
          fallback={
            <p role="status" className="rounded bg-slate-900/90 px-2 py-1 text-xs text-slate-300">
              Loading the fault schedule…
            </p>
          }
        >
          <ScheduleEditor />
        </Suspense>
      ) : null}
      {error ? (
        <p role="alert" className="whitespace-pre-line rounded bg-red-950 px-2 py-1 text-xs text-red-200">
          {error}
        </p>
      ) : null}
    </div>
  );
}
