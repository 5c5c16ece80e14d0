import { useEffect, useRef, useState } from 'react';
import { assignLanes, faultSpans, type FaultRecord, type FaultSpan } from '../faults/spans';
import { useFaultStore } from '../faults/store';
import { simControls } from '../sim-client';
import { FailoverMarkers } from './FailoverMarkers';
import { useSimStore } from '../store';

const LANE_PX = 13;

function spanText(span: FaultSpan): string {
  return `${span.action}${span.target ? ` ${span.target}` : span.action.includes('sync') ? ' (whole link)' : ''}`;
}

function spanTitle(span: FaultSpan): string {
  const from = `${spanText(span)}${span.source === 'live' ? ' (live)' : ''}: from ${span.startS.toFixed(1)} s`;
  if (span.instant) return `${spanText(span)} at ${span.startS.toFixed(1)} s`;
  if (!span.cleared) return `${from}, still in effect at the run's end`;
  return `${from} to ${span.endS.toFixed(1)} s (${span.clearedBy === 'duration' ? 'its duration ran out' : `ended by ${span.clearedBy}`})`;
}

/**
 * The run's timeline: drag or use the arrow keys to seek backward or forward through simulated
 * time (checkpoints + deterministic replay). Faults, scheduled and live, show above it as
 * labelled bars from start to end (the clearing action, or the run's end when nothing clears
 * them); clicking a bar seeks to the fault's start.
 */
export function Timeline({ faults }: { faults: { atS: number; action: string; target: string | undefined }[] }) {
  const frame = useSimStore((s) => s.frame);
  const loaded = useFaultStore((s) => s.records);
  // The fault store reads the schedule and the journal; until it has, the scenario's schedule as given.
  const records: FaultRecord[] = loaded.length > 0 ? loaded : faults.map((f) => ({ ...f, source: 'schedule' as const }));
  const [dragS, setDragS] = useState<number | undefined>();
  const horizonS = Math.max(1, (frame?.horizonUs ?? 0) / 1e6, ...records.map((f) => f.atS + 1));
  const nowS = (frame?.simTimeUs ?? 0) / 1e6;
  const shownS = dragS ?? nowS;
  const input = useRef<HTMLInputElement>(null);
  // Seek on the native `change` event: it fires when a drag ends or a key is released, not on every move.
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    const commit = () => {
      setDragS(undefined);
      void simControls.seek(Math.round(Number(element.value) * 1e6));
    };
    element.addEventListener('change', commit);
    return () => element.removeEventListener('change', commit);
  }, []);
  // A clearing action pairs with the fault before it; alone (a recover of a node that was up) it draws no bar.
  const spans = faultSpans(records, horizonS);
  const lanes = assignLanes(spans, horizonS * 0.06);
  const laneCount = lanes.length > 0 ? Math.max(...lanes) + 1 : 0;
  const pct = (s: number) => `${(Math.min(s, horizonS) / horizonS) * 100}%`;
  return (
    <div className="relative flex min-w-64 flex-1 items-center gap-2">
      <div className="relative flex-1">
        <FailoverMarkers horizonS={horizonS} />
        {spans.length > 0 ? (
          <ul className="relative" style={{ height: laneCount * LANE_PX }} aria-label="Faults on the timeline">
            {spans.map((span, i) => (
              <li key={i} className="absolute" style={{ left: pct(span.startS), width: `max(6px, calc(${pct(span.endS)} - ${pct(span.startS)}))`, top: lanes[i]! * LANE_PX }}>
                <button
                  type="button"
                  className={`block h-3 w-full overflow-hidden whitespace-nowrap rounded-sm px-1 text-left text-[9px] leading-3 text-white ${span.instant ? 'bg-slate-500' : span.cleared ? 'bg-red-700/80' : 'bg-red-600'} ${span.source === 'live' ? 'ring-1 ring-inset ring-yellow-300' : ''} focus:outline-none focus:ring-2 focus:ring-white`}
                  title={`${spanTitle(span)}. Click to seek to its start.`}
                  aria-label={spanTitle(span)}
                  data-testid="fault-bar"
                  data-action={span.action}
                  data-target={span.target ?? ''}
                  data-source={span.source}
                  data-cleared={span.cleared}
                  onClick={() => void simControls.seek(Math.round(span.startS * 1e6))}
                >
                  {spanText(span)}
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <input
          type="range"
          aria-label="Timeline: simulated time"
          aria-valuetext={`${shownS.toFixed(3)} s of ${horizonS.toFixed(1)} s`}
          className="w-full"
          min={0}
          max={horizonS}
          step={0.001}
          value={Math.min(shownS, horizonS)}
          ref={input}
          onChange={(e) => setDragS(Number(e.target.value))}
          onKeyDown={(event) => {
            // Arrow keys move a second (Shift: ten), not the range's millisecond step.
            const sign = { ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -10, PageUp: 10 }[event.key];
            if (sign === undefined) return;
            event.preventDefault();
            event.stopPropagation();
            const toS = Math.max(0, Math.min(horizonS, shownS + sign * (event.shiftKey ? 10 : 1)));
            setDragS(undefined);
            void simControls.seek(Math.round(toS * 1e6));
          }}
          title="Seek: drag back or forward through simulated time; the run replays deterministically from the nearest checkpoint"
        />
        <TimelineTicks horizonS={horizonS} />
      </div>
      {frame?.progress !== undefined ? <LongTaskProgress progress={frame.progress} /> : null}
    </div>
  );
}

/** A long run-until, seek or packet search: what it does, how far it got, and a way to stop it there. */
function LongTaskProgress({ progress }: { progress: number }) {
  const task = useSimStore((s) => s.longTask);
  return (
    <span className="flex items-center gap-1" role="status" data-testid="long-task">
      <span className="max-w-56 truncate text-slate-300">{task ?? 'Working'}…</span>
      <progress className="w-24" max={1} value={progress} aria-label={task ?? 'Run progress'}>
        {Math.round(progress * 100)}%
      </progress>
      <span className="tabular-nums text-slate-300">{Math.round(progress * 100)}%</span>
      <button type="button" className="rounded border border-slate-600 px-1.5 text-slate-100 hover:bg-slate-800" onClick={() => void simControls.cancel()}>
        Cancel
      </button>
    </span>
  );
}

/** Tick spacings, in seconds, from which the timeline takes the first that gives at most 8 ticks. */
const TICK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400];

/** `90` → `1:30`, `3600` → `1:00:00`, under a minute `45 s`. */
export function tickLabel(s: number): string {
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

/** The tick times for a horizon: multiples of the first step that gives at most 8 of them. */
export function tickTimes(horizonS: number): number[] {
  const step = TICK_STEPS_S.find((s) => horizonS / s <= 8) ?? Math.ceil(horizonS / 8);
  const ticks: number[] = [];
  for (let t = 0; t <= horizonS + 1e-9; t += step) ticks.push(t);
  return ticks;
}

function TimelineTicks({ horizonS }: { horizonS: number }) {
  return (
    <div className="relative h-3 w-full text-[9px] text-slate-400" aria-hidden data-testid="timeline-ticks">
      {tickTimes(horizonS).map((t) => (
        <span key={t} className="absolute -translate-x-1/2 tabular-nums" style={{ left: `${(t / horizonS) * 100}%` }}>
          {tickLabel(t)}
        </span>
      ))}
    </div>
  );
}
