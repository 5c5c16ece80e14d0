import { useEffect } from 'react';
import { formatSimTime } from '../../shared/units';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

const SPEEDS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 100, 1000, 10000];

function formatSpeed(speed: number): string {
  return speed >= 1 ? `${speed.toLocaleString('en-US')}×` : `${speed}×`;
}

/** Play / pause / step / speed, with keyboard shortcuts (Space, S or →, + and −). */
export function RunControls() {
  const frame = useSimStore((s) => s.frame);
  const speed = useSimStore((s) => s.speed);
  const playing = frame?.playing ?? false;
  const speedIndex = Math.max(0, SPEEDS.findIndex((s) => s >= speed));

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement || event.altKey || event.ctrlKey || event.metaKey) return;
      const state = useSimStore.getState();
      const index = Math.max(0, SPEEDS.findIndex((s) => s >= state.speed));
      if (event.key === ' ') {
        event.preventDefault();
        void (state.frame?.playing ? simControls.pause() : simControls.play());
      } else if (event.key === 's' || event.key === 'ArrowRight') void simControls.step();
      else if (event.key === '+' || event.key === '=') void simControls.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)] as number);
      else if (event.key === '-') void simControls.setSpeed(SPEEDS[Math.max(0, index - 1)] as number);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const button = 'rounded bg-slate-700 px-3 py-1 text-sm hover:bg-slate-600 disabled:opacity-40';
  return (
    <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label="Run controls">
      <button type="button" className={button} onClick={() => void simControls.play()} disabled={playing} title="Play (Space)">
        Play
      </button>
      <button type="button" className={button} onClick={() => void simControls.pause()} disabled={!playing} title="Pause (Space)">
        Pause
      </button>
      <button type="button" className={button} onClick={() => void simControls.step()} title="Process exactly one event (S or →)">
        Step
      </button>
      <label className="flex items-center gap-2 text-sm">
        <span>Speed</span>
        <input
          type="range"
          min={0}
          max={SPEEDS.length - 1}
          step={1}
          value={speedIndex}
          aria-valuetext={formatSpeed(SPEEDS[speedIndex] as number)}
          onChange={(e) => void simControls.setSpeed(SPEEDS[Number(e.target.value)] as number)}
          title="Simulated seconds per wall second (+ / −)"
        />
        <output data-testid="speed" className="w-16 tabular-nums">
          {formatSpeed(speed)}
        </output>
      </label>
      <dl className="ml-2 flex gap-4 text-xs tabular-nums text-slate-300">
        <div>
          <dt className="inline text-slate-500">t </dt>
          <dd className="inline" data-testid="sim-time">
            {formatSimTime(frame?.simTimeUs ?? 0)}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">events </dt>
          <dd className="inline" data-testid="event-count">
            {frame?.events ?? 0}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">connections </dt>
          <dd className="inline" data-testid="connections">
            {frame ? `${frame.connections.opened} opened, ${frame.connections.completed} completed, ${frame.connections.reset} reset` : '—'}
          </dd>
        </div>
        <div>
          <dt className="inline text-slate-500">trace </dt>
          <dd className="inline font-mono" data-testid="trace-hash">
            {frame?.traceHash ?? '—'}
          </dd>
        </div>
        {frame && frame.droppedFrames > 0 ? (
          <div title="Frames the worker skipped because the page was busy">
            <dt className="inline text-slate-500">dropped frames </dt>
            <dd className="inline">{frame.droppedFrames}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
