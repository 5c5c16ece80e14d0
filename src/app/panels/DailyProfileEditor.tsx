import { useEffect, useId, useMemo, useRef, useState, type PointerEvent } from 'react';
import { callSlb, describeFailure } from '../console/slb-client';
import { useSimStore } from '../store';
import { appliedOf, applyParams, describeDay, draftOf, draftOfPreset, formatMultiplier, hourLabel, HOURS, parseDraft, PRESETS, sameProfile, type ProfileDraft, type ProfileErrors } from './daily-profile-model';

/** A client population as SimDescribeClientPopulations answers it, with the instance it belongs to. */
interface Described {
  loadBalancerId: string;
  population: Record<string, unknown>;
}

const key = (d: Described): string => `${d.loadBalancerId}/${String(d.population['PopulationId'])}`;

/** Every population of every instance the run has, asked again after each journal change (an apply, an undo). */
function usePopulations(version: number): Described[] | undefined {
  const ids = useSimStore((s) => [...new Set(s.topology?.listeners.map((l) => l.loadBalancerId) ?? [])].join(','));
  const revision = useSimStore((s) => s.frame?.journal.revision ?? 0);
  const [populations, setPopulations] = useState<Described[]>();
  useEffect(() => {
    const abort = new AbortController();
    const lbs = ids === '' ? [] : ids.split(',');
    void Promise.all(
      lbs.map(async (loadBalancerId) => {
        const result = await callSlb('SimDescribeClientPopulations', { LoadBalancerId: loadBalancerId }, { signal: abort.signal });
        const list = result.ok ? ((result.body['ClientPopulations'] as { ClientPopulation?: Record<string, unknown>[] } | undefined)?.ClientPopulation ?? []) : [];
        return list.map((population) => ({ loadBalancerId, population }));
      }),
    ).then((lists) => {
      if (!abort.signal.aborted) setPopulations(lists.flat());
    });
    return () => abort.abort();
  }, [ids, revision, version]);
  return populations;
}

const CHART_W = 240;
const CHART_H = 64;
const BAR_W = CHART_W / HOURS;
const INPUT = 'rounded bg-slate-800 px-1 py-0.5 text-right text-slate-100 aria-[invalid=true]:outline aria-[invalid=true]:outline-1 aria-[invalid=true]:outline-red-400';
const BUTTON = 'rounded bg-sky-700 px-1.5 py-0.5 text-white hover:bg-sky-800 disabled:opacity-50';
const QUIET_BUTTON = 'rounded border border-slate-600 px-1.5 py-0.5 text-slate-200 hover:bg-slate-800 disabled:opacity-50';

/**
 * The day as bars, 00–23 UTC+8. Dragging on a bar sets its hour to the height pointed at (the scale
 * holds still while dragging); the number inputs below are the keyboard's way to the same values.
 */
function ProfileChart({ values, label, onSet, onPick }: { values: number[]; label: string; onSet: (hour: number, value: number) => void; onPick: (hour: number) => void }) {
  const drag = useRef<{ scale: number } | undefined>(undefined);
  const scale = Math.max(1, ...values.filter(Number.isFinite));
  const at = (event: PointerEvent<SVGSVGElement>, top: number): { hour: number; value: number } => {
    const box = event.currentTarget.getBoundingClientRect();
    const hour = Math.min(HOURS - 1, Math.max(0, Math.floor(((event.clientX - box.left) / box.width) * HOURS)));
    const fraction = Math.min(1, Math.max(0, 1 - (event.clientY - box.top) / box.height));
    return { hour, value: Math.round(fraction * top * 100) / 100 };
  };
  return (
    <svg
      viewBox={`0 0 ${CHART_W} ${CHART_H}`}
      preserveAspectRatio="none"
      className="h-16 w-full cursor-ns-resize touch-none rounded bg-slate-900"
      role="img"
      aria-label={label}
      data-testid="daily-profile-chart"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { scale };
        const { hour, value } = at(event, scale);
        onPick(hour);
        onSet(hour, value);
      }}
      onPointerMove={(event) => {
        if (!drag.current) return;
        const { hour, value } = at(event, drag.current.scale);
        onSet(hour, value);
      }}
      onPointerUp={() => (drag.current = undefined)}
      onPointerCancel={() => (drag.current = undefined)}
    >
      {values.map((m, hour) => {
        const height = Number.isFinite(m) ? (Math.max(0, m) / scale) * (CHART_H - 2) : 0;
        return <rect key={hour} x={hour * BAR_W + 1} y={CHART_H - height} width={BAR_W - 2} height={height} fill="#38bdf8" />;
      })}
      {[6, 12, 18].map((h) => (
        <line key={h} x1={h * BAR_W} x2={h * BAR_W} y1={0} y2={CHART_H} stroke="#334155" strokeWidth={0.5} />
      ))}
    </svg>
  );
}

/**
 * The daily cycle of a client population (`arrival.dailyProfile`, `arrival.weekendFactor`): 24
 * multipliers of its configured rate, one per UTC+8 clock hour of the billing clock, and one more
 * for Saturdays and Sundays. Apply sends SimSetClientPopulation through the SLB API like any
 * console edit, so the change is a journal entry at the current simulated time (Ctrl+Z undoes it).
 * A bad value is flagged next to its field and nothing is sent.
 */
export function DailyProfileEditor({ version, onApplied }: { version: number; onApplied: () => void }) {
  const populations = usePopulations(version);
  const [chosen, setChosen] = useState<string>();
  const [draft, setDraft] = useState<ProfileDraft>();
  const [apiErrors, setApiErrors] = useState<ProfileErrors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();
  const current = populations?.find((d) => key(d) === chosen) ?? populations?.[0];
  const applied = useMemo(() => (current ? appliedOf(current.population) : undefined), [current]);
  // An applied draft stays on screen until the API reads back the same profile, so nothing typed
  // in between is laid over the old values (state adjusted while rendering, as React advises).
  const [seen, setSeen] = useState(applied);
  if (seen !== applied) {
    setSeen(applied);
    const parsedDraft = draft && parseDraft(draft);
    if (applied && parsedDraft?.ok && sameProfile(parsedDraft.profile, applied)) setDraft(undefined);
  }

  if (!populations) return null;
  if (!current || !applied) return <p className="text-slate-400">No client population to give a daily profile.</p>;

  const shown = draft ?? draftOf(applied);
  const parsed = parseDraft(shown);
  const localErrors: ProfileErrors = parsed.ok ? {} : parsed.errors;
  const errors: ProfileErrors = { ...apiErrors, ...localErrors };
  const changed = parsed.ok && !sameProfile(parsed.profile, applied);
  const edit = (next: ProfileDraft) => {
    setDraft(next);
    setApiErrors({});
  };
  const setHour = (hour: number, text: string) => edit({ ...shown, hours: shown.hours.map((h, i) => (i === hour ? text : h)) });
  const inputId = (hour: number) => `${id}-h${hour}`;
  const values = shown.hours.map((text) => (/^\s*$/.test(text) ? NaN : Number(text)));
  const rate = current.population['ConnectionsPerSecond'];

  const apply = () => {
    if (!parsed.ok || busy) return;
    setBusy(true);
    void callSlb('SimSetClientPopulation', applyParams(current.loadBalancerId, current.population, parsed.profile)).then((result) => {
      setBusy(false);
      if (result.ok) {
        setApiErrors({});
        onApplied();
        return;
      }
      const field = result.parameter === 'DailyProfile' ? 'dailyProfile' : result.parameter === 'WeekendFactor' ? 'weekendFactor' : 'general';
      setApiErrors({ [field]: describeFailure(result) });
    });
  };

  const message = (field: string) =>
    errors[field] ? (
      <span id={`${id}-${field}-error`} role="alert" className="text-red-300" data-testid="daily-profile-error">
        {errors[field]}
      </span>
    ) : null;

  return (
    <form
      className="flex flex-col gap-1.5"
      data-testid="daily-profile-editor"
      aria-label="Daily profile"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        apply();
      }}
    >
      {populations.length > 1 ? (
        <label className="flex items-center gap-1">
          <span className="text-slate-400">Client population</span>
          <select
            className="rounded bg-slate-800 px-1 py-0.5"
            value={key(current)}
            onChange={(e) => {
              setChosen(e.target.value);
              setDraft(undefined);
              setApiErrors({});
            }}
          >
            {populations.map((d) => (
              <option key={key(d)} value={key(d)}>
                {String(d.population['PopulationId'])} (:{String(d.population['ListenerPort'])}, {d.loadBalancerId})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <p className="text-slate-300">
        Population <span className="font-semibold">{String(current.population['PopulationId'])}</span>
        {typeof rate === 'number' ? ` (${rate.toLocaleString('en-US')} connections/s configured)` : ''}: each hour&apos;s rate is the configured rate × its multiplier, by the UTC+8 clock of the bill.
      </p>
      <ProfileChart
        values={values}
        label={`Daily profile of ${String(current.population['PopulationId'])}, 00:00 to 24:00 UTC+8: ${describeDay(values.map((v) => (Number.isFinite(v) ? v : 0)))}`}
        onPick={(hour) => document.getElementById(inputId(hour))?.focus()}
        onSet={(hour, value) => setHour(hour, formatMultiplier(value))}
      />
      <div className="flex justify-between text-[10px] text-slate-400" aria-hidden="true">
        <span>00</span>
        <span>06</span>
        <span>12</span>
        <span>18</span>
        <span>24</span>
      </div>
      <fieldset className="grid grid-cols-6 gap-x-1 gap-y-0.5">
        <legend className="mb-0.5 text-slate-400">Multiplier per hour (UTC+8)</legend>
        {Array.from({ length: HOURS / 6 }, (_, row) => {
          const hours = Array.from({ length: 6 }, (_, col) => row * 6 + col);
          return [
            ...hours.map((hour) => (
              <label key={hour} className="flex flex-col text-[10px] text-slate-400">
                <span aria-hidden="true">{String(hour).padStart(2, '0')}:00</span>
                <input
                  id={inputId(hour)}
                  className={`${INPUT} w-full`}
                  inputMode="decimal"
                  aria-label={`${hourLabel(hour)} multiplier`}
                  aria-invalid={errors[`hour.${hour}`] !== undefined}
                  aria-describedby={errors[`hour.${hour}`] ? `${id}-hour.${hour}-error` : undefined}
                  value={shown.hours[hour]}
                  onChange={(e) => setHour(hour, e.target.value)}
                />
              </label>
            )),
            ...hours.filter((hour) => errors[`hour.${hour}`]).map((hour) => (
              <span key={`e${hour}`} className="col-span-6 text-[11px]">
                {message(`hour.${hour}`)}
              </span>
            )),
          ];
        })}
      </fieldset>
      {message('dailyProfile')}
      <label className="flex flex-wrap items-center gap-1">
        <span className="text-slate-300">Weekend factor (Saturdays and Sundays, UTC+8)</span>
        <input
          className={`${INPUT} w-16`}
          inputMode="decimal"
          value={shown.weekendFactor}
          aria-invalid={errors['weekendFactor'] !== undefined}
          aria-describedby={errors['weekendFactor'] ? `${id}-weekendFactor-error` : undefined}
          onChange={(e) => edit({ ...shown, weekendFactor: e.target.value })}
        />
        {message('weekendFactor')}
      </label>
      <div role="group" aria-label="Presets" className="flex flex-wrap items-center gap-1">
        <span className="text-slate-400">Presets</span>
        {PRESETS.map((preset) => (
          <button key={preset.name} type="button" className={QUIET_BUTTON} title={preset.description} onClick={() => edit(draftOfPreset(preset))}>
            {preset.name}
          </button>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-1">
        <button type="submit" className={BUTTON} disabled={busy || !changed}>
          Apply profile
        </button>
        <button
          type="button"
          className={QUIET_BUTTON}
          disabled={busy || draft === undefined}
          onClick={() => {
            setDraft(undefined);
            setApiErrors({});
          }}
        >
          Reset
        </button>
        <span className="text-[10px] text-slate-400">Applied through SimSetClientPopulation: one journal entry, undone with Ctrl+Z.</span>
      </div>
      {message('general')}
    </form>
  );
}
