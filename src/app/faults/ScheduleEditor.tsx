import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import {
  checkSchedule,
  FAULT_ACTIONS,
  faultsToRows,
  newRow,
  rowsToFaults,
  sortRows,
  targetOptions,
  VALUE_FIELDS,
  type ScheduleProblem,
  type ScheduleRow,
} from './schedule';
import { refreshFaultRecords, useFaultStore } from './store';
import { recordReplacement, snapshot, undoEdit, undoLabel } from '../scenario-io/history';

/** The undo history's name for this editor's Apply: its Undo button acts only on that step. */
const APPLY_STEP = 'schedule Apply';

/** A value to start a row's parameter with when its kind needs one. */
const DEFAULT_VALUE: Record<string, string> = { weight: '50', errorRate: '0.1', lossRate: '0.2', addedMs: '50' };
const OTHER = '__other__';

export function closeScheduleEditor(): void {
  useFaultStore.setState({ scheduleOpen: false });
  document.querySelector<HTMLElement>('[data-testid="open-fault-schedule"]')?.focus();
}

/** Loads the running scenario again with other faults (Apply and Undo): the run restarts at 0 from the same seed. */
async function loadWithFaults(faults: unknown[]): Promise<void> {
  const file = (await simControls.scenario()) as Record<string, unknown> | undefined;
  if (!file) throw new Error('the simulation is not running');
  await simControls.loadScenario({ ...file, faults }, useSimStore.getState().seed);
  await refreshFaultRecords();
}

/**
 * The scenario's fault schedule as editable rows: start, duration, kind (every action the schema
 * knows), target (the valid ones for the kind, or typed), and the kind's value. Apply checks the
 * rows by the scenario's own rules first (a refusal names `faults[i].field` and the rule, and
 * changes nothing), then reloads the scenario with them: the run restarts from the same seed.
 * Undo loads the schedule from before the last Apply.
 */
export function ScheduleEditor() {
  const open = useFaultStore((s) => s.scheduleOpen);
  return open ? <EditorBody /> : null;
}

function EditorBody() {
  const topology = useSimStore((s) => s.topology);
  // Undo here is the app's one history (Ctrl+Z): enabled while its latest edit is a schedule Apply.
  useSimStore((s) => s.frame?.journal.entries);
  const undo = undoLabel() === APPLY_STEP;
  const [file, setFile] = useState<Record<string, unknown> | undefined>();
  const [rows, setRows] = useState<ScheduleRow[]>([]);
  const [custom, setCustom] = useState<Set<number>>(new Set());
  const [problems, setProblems] = useState<ScheduleProblem[]>([]);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const dialog = useRef<HTMLDivElement>(null);

  const adopt = (scenario: unknown): void => {
    if (!scenario) return;
    const read = scenario as Record<string, unknown>;
    setFile(read);
    setRows(faultsToRows(Array.isArray(read['faults']) ? (read['faults'] as never[]) : []));
    setCustom(new Set());
  };
  const reload = async (): Promise<void> => adopt(await simControls.scenario());
  useEffect(() => {
    void simControls.scenario()?.then(adopt);
    dialog.current?.focus();
    // Escape closes the editor wherever focus is (a removed row's button leaves it on the page).
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key === 'Escape') closeScheduleEditor();
    };
    window.addEventListener('keydown', onEscape);
    return () => window.removeEventListener('keydown', onEscape);
    // Once, when the editor opens.
  }, []);

  const update = (id: number, change: Partial<ScheduleRow>) =>
    setRows((current) => current.map((r) => (r.id === id ? { ...r, ...change } : r)));
  const changeAction = (row: ScheduleRow, action: string) => {
    const options = topology ? targetOptions(action, topology) : { options: [], free: true };
    const keep = options.free || options.options.some((o) => o.value === row.target);
    const value = VALUE_FIELDS[action];
    update(row.id, {
      action,
      target: keep ? row.target : (options.options[0]?.value ?? ''),
      value: value ? row.value || DEFAULT_VALUE[value.field]! : '',
    });
    setCustom((c) => {
      const next = new Set(c);
      next.delete(row.id);
      return next;
    });
  };
  const add = () => {
    const nowS = Math.floor((useSimStore.getState().frame?.simTimeUs ?? 0) / 1e6);
    const first = topology ? (targetOptions('crash', topology).options[0]?.value ?? '') : '';
    setRows((current) => [...current, newRow({ atS: String(nowS), action: 'crash', target: first })]);
  };
  const apply = async () => {
    if (!file) return;
    const sorted = sortRows(rows);
    setRows(sorted);
    let result: ReturnType<typeof checkSchedule>;
    try {
      result = checkSchedule(file, rowsToFaults(sorted));
    } catch (error) {
      result = { ok: false, problems: [{ row: undefined, field: 'faults', message: (error as Error).message }] };
    }
    if (!result.ok) {
      setProblems(result.problems);
      setStatus('');
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      const before = await snapshot();
      await loadWithFaults(result.file['faults'] as unknown[]);
      const after = await snapshot();
      if (before && after) recordReplacement(APPLY_STEP, before, after);
      setStatus(
        `Applied ${sorted.length} scheduled fault${sorted.length === 1 ? '' : 's'}; the run restarted from seed ${useSimStore.getState().seed}.`,
      );
      await reload();
    } catch (error) {
      setProblems([{ row: undefined, field: 'scenario', message: (error as Error).message }]);
    } finally {
      setBusy(false);
    }
  };
  const undoApply = async () => {
    if (!undo) return;
    setBusy(true);
    try {
      await undoEdit();
      await refreshFaultRecords();
      setProblems([]);
      const restored = ((await simControls.scenario()) as { faults?: unknown } | undefined)?.faults;
      const count = Array.isArray(restored) ? restored.length : 0;
      setStatus(`Restored the previous schedule (${count} fault${count === 1 ? '' : 's'}); the run restarted.`);
      await reload();
    } catch (error) {
      setProblems([{ row: undefined, field: 'scenario', message: (error as Error).message }]);
    } finally {
      setBusy(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent) => {
    // The app's shortcuts (space, arrows, digits) stay out of the editor's fields.
    event.stopPropagation();
    if (event.key === 'Escape') {
      event.preventDefault();
      closeScheduleEditor();
    } else if (event.key === 'Tab') {
      // A modal dialog: Tab and Shift+Tab cycle through its controls.
      const controls = [...(dialog.current?.querySelectorAll<HTMLElement>('input, select, button:not([disabled])') ?? [])];
      const first = controls[0];
      const last = controls[controls.length - 1];
      if (!event.shiftKey && (document.activeElement === last || document.activeElement === dialog.current)) {
        event.preventDefault();
        first?.focus();
      } else if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
        event.preventDefault();
        last?.focus();
      }
    }
  };
  const problemAt = (index: number, field: string) =>
    problems.find(
      (p) => p.row === index && (p.field === `faults[${index}].${field}` || (field === 'row' && p.field === `faults[${index}]`)),
    );
  const input = (invalid: boolean) =>
    `rounded border bg-slate-950 px-1 py-0.5 text-slate-100 focus:outline-none focus:ring-1 focus:ring-sky-400 ${invalid ? 'border-red-500' : 'border-slate-600'}`;
  const button = 'rounded border border-slate-600 px-2 py-0.5 hover:bg-slate-700 disabled:opacity-40';

  return (
    <div className="fixed inset-0 z-50 flex items-start justify-center bg-black/50 pt-16" onKeyDown={onKeyDown}>
      <div
        ref={dialog}
        role="dialog"
        aria-modal="true"
        aria-labelledby="fault-schedule-title"
        tabIndex={-1}
        className="max-h-[80vh] w-[min(60rem,95vw)] overflow-auto rounded border border-slate-600 bg-slate-900 p-3 text-xs text-slate-100 shadow-xl focus:outline-none"
        data-testid="fault-schedule"
      >
        <div className="mb-2 flex items-center gap-2">
          <h2 id="fault-schedule-title" className="text-sm font-semibold">
            Fault schedule
          </h2>
          <span className="text-slate-400">The scenario&apos;s scheduled faults. Apply restarts the run from the same seed.</span>
          <button type="button" className={`${button} ml-auto`} onClick={closeScheduleEditor} aria-label="Close the fault schedule">
            Close
          </button>
        </div>
        {!file ? <p className="text-slate-400">Reading the scenario…</p> : null}
        <table className="w-full border-collapse">
          <thead className="text-left text-[10px] uppercase tracking-wide text-slate-400">
            <tr>
              <th className="px-1" title="The row's index: errors name it as faults[i]">i</th>
              <th className="px-1">start (s)</th>
              <th className="px-1">for (s)</th>
              <th className="px-1">kind</th>
              <th className="px-1">target</th>
              <th className="px-1">value</th>
              <th className="px-1" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const options = topology ? targetOptions(row.action, topology) : { options: [], free: true };
              const value = VALUE_FIELDS[row.action];
              const inOptions = options.options.some((o) => o.value === row.target);
              const typed =
                options.free || custom.has(row.id) || (!inOptions && row.target !== '') || (options.options.length === 0 && !options.free);
              const rowProblems = problems.filter((p) => p.row === index);
              const name = `Fault ${index + 1}`;
              return (
                <tr key={row.id} className="align-top" data-testid="schedule-row">
                  <td className="px-1 py-0.5 text-slate-400">{index}</td>
                  <td className="px-1 py-0.5">
                    <input
                      aria-label={`${name} start (s)`}
                      aria-invalid={!!problemAt(index, 'atS')}
                      className={`${input(!!problemAt(index, 'atS'))} w-16`}
                      inputMode="decimal"
                      value={row.atS}
                      onChange={(e) => update(row.id, { atS: e.target.value })}
                    />
                  </td>
                  <td className="px-1 py-0.5">
                    <input
                      aria-label={`${name} duration (s)`}
                      aria-invalid={!!problemAt(index, 'durationS')}
                      className={`${input(!!problemAt(index, 'durationS'))} w-16`}
                      inputMode="decimal"
                      placeholder="—"
                      value={row.durationS}
                      onChange={(e) => update(row.id, { durationS: e.target.value })}
                    />
                  </td>
                  <td className="px-1 py-0.5">
                    <select
                      aria-label={`${name} kind`}
                      aria-invalid={!!problemAt(index, 'action')}
                      className={input(!!problemAt(index, 'action'))}
                      value={row.action}
                      onChange={(e) => changeAction(row, e.target.value)}
                    >
                      {(FAULT_ACTIONS.includes(row.action) ? FAULT_ACTIONS : [row.action, ...FAULT_ACTIONS]).map((action) => (
                        <option key={action} value={action}>
                          {action}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="px-1 py-0.5">
                    <div className="flex gap-1">
                      {!options.free ? (
                        <select
                          aria-label={`${name} target`}
                          aria-invalid={!!problemAt(index, 'target')}
                          className={`${input(!!problemAt(index, 'target'))} max-w-56`}
                          value={typed ? OTHER : row.target}
                          onChange={(e) => {
                            const chosen = e.target.value;
                            setCustom((c) => {
                              const next = new Set(c);
                              if (chosen === OTHER) next.add(row.id);
                              else next.delete(row.id);
                              return next;
                            });
                            if (chosen !== OTHER) update(row.id, { target: chosen });
                          }}
                        >
                          {options.options.map((o) => (
                            <option key={o.value} value={o.value}>
                              {o.label}
                            </option>
                          ))}
                          <option value={OTHER}>other (type it)…</option>
                        </select>
                      ) : null}
                      {typed ? (
                        <input
                          aria-label={`${name} target (typed)`}
                          aria-invalid={!!problemAt(index, 'target')}
                          className={`${input(!!problemAt(index, 'target'))} w-40`}
                          value={row.target}
                          list={options.options.length > 0 ? `targets-${row.id}` : undefined}
                          placeholder={options.free ? 'target' : ''}
                          onChange={(e) => update(row.id, { target: e.target.value })}
                        />
                      ) : null}
                      {typed && options.options.length > 0 ? (
                        <datalist id={`targets-${row.id}`}>
                          {options.options.map((o) => (
                            <option key={o.value} value={o.value} />
                          ))}
                        </datalist>
                      ) : null}
                    </div>
                  </td>
                  <td className="px-1 py-0.5">
                    {value ? (
                      <label className="flex items-center gap-1">
                        <span className="text-slate-400">{value.label}</span>
                        <input
                          aria-label={`${name} ${value.field}`}
                          aria-invalid={!!problemAt(index, value.field)}
                          className={`${input(!!problemAt(index, value.field))} w-16`}
                          inputMode="decimal"
                          value={row.value}
                          onChange={(e) => update(row.id, { value: e.target.value })}
                        />
                      </label>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="px-1 py-0.5">
                    <button
                      type="button"
                      className={button}
                      aria-label={`Remove fault ${index + 1}`}
                      onClick={() => {
                        setRows((current) => current.filter((r) => r.id !== row.id));
                        dialog.current?.focus();
                      }}
                    >
                      ✕
                    </button>
                  </td>
                  {rowProblems.length > 0 ? (
                    <td className="sr-only">{rowProblems.map((p) => `${p.field}: ${p.message}`).join('; ')}</td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        {file && rows.length === 0 ? <p className="px-1 py-2 text-slate-400">No scheduled faults.</p> : null}
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <button type="button" className={button} onClick={add} disabled={!file}>
            Add fault
          </button>
          <button type="button" className={button} onClick={() => setRows((current) => sortRows(current))} disabled={rows.length < 2}>
            Sort by time
          </button>
          <button
            type="button"
            className={`${button} border-sky-600 text-sky-200`}
            onClick={() => void apply()}
            disabled={!file || busy}
            data-testid="schedule-apply"
          >
            Apply
          </button>
          <button
            type="button"
            className={button}
            onClick={() => void undoApply()}
            disabled={!undo || busy}
            data-testid="schedule-undo"
            title="Load the schedule from before the last Apply"
          >
            Undo
          </button>
          {status ? (
            <span role="status" className="text-emerald-300" data-testid="schedule-status">
              {status}
            </span>
          ) : null}
        </div>
        {problems.length > 0 ? (
          <ul
            role="alert"
            className="mt-2 list-none rounded border border-red-700 bg-red-950 px-2 py-1 text-red-200"
            data-testid="schedule-errors"
          >
            {problems.map((p, i) => (
              <li key={i} className="whitespace-pre-line">
                {p.field}: {p.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
