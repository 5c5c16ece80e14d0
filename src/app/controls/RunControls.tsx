import { useEffect, useState, type FormEvent } from 'react';
import { formatSimTime, parseDurationUs } from '../../shared/units';
import { simControls } from '../sim-client';
import { SIDE_TABS, useSimStore } from '../store';
import { formatSpeed, SPEEDS } from './shortcuts';
import { Timeline } from './Timeline';
import { WORKER_MEMORY_BUDGET, type WorkerMemory } from '../../worker/protocol';

function speedIndexOf(speed: number): number {
  const index = SPEEDS.findIndex((s) => s >= speed);
  return index < 0 ? SPEEDS.length - 1 : index;
}

/** The reached speed with about two significant digits ("0.43×", "12×", "3,400×"). */
export function formatReached(speed: number): string {
  if (!(speed > 0)) return '0×';
  const step = speed >= 1000 ? 100 : speed >= 100 ? 10 : speed >= 10 ? 1 : speed >= 1 ? 0.1 : 0.01;
  return formatSpeed(Number((Math.round(speed / step) * step).toFixed(2)));
}

/** Keyboard shortcuts for the whole app (ignored while typing in a field). */
function useShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA') || event.altKey || event.ctrlKey || event.metaKey) return;
      const state = useSimStore.getState();
      const index = speedIndexOf(state.speed);
      const nowUs = state.frame?.simTimeUs ?? 0;
      switch (event.key) {
        case ' ':
          event.preventDefault();
          void (state.frame?.playing ? simControls.pause() : simControls.play());
          return;
        case 's':
        case 'ArrowRight':
          void simControls.step();
          return;
        case 'n':
          if (state.selectedConn !== undefined) void simControls.stepToPacketOf(state.selectedConn);
          return;
        case '+':
        case '=':
          void simControls.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)]!);
          return;
        case '-':
          void simControls.setSpeed(SPEEDS[Math.max(0, index - 1)]!);
          return;
        case '[':
          void simControls.seek(Math.max(0, nowUs - 1_000_000));
          return;
        case ']':
          void simControls.seek(nowUs + 1_000_000);
          return;
        case 'Home':
          void simControls.seek(0);
          return;
        case 'a':
          simControls.setAnimation(!state.animation);
          return;
        case '?':
          useSimStore.setState({ helpOpen: !state.helpOpen });
          return;
        case 'd':
        case 'D':
          useSimStore.setState({ debugOpen: !state.debugOpen });
          return;
        case 'Escape':
          useSimStore.setState({ helpOpen: false, debugOpen: false, selectedConn: undefined, selectedNode: undefined });
          return;
        default:
          if (/^[1-6]$/.test(event.key)) useSimStore.setState({ tab: SIDE_TABS[Number(event.key) - 1]! });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Why Next packet cannot apply to the selected connection: it ended ("Connection #12 ended:
 * completed at 0.220 s"), or undefined while it may still send. Asked again as the run moves.
 */
function useEndedConnection(conn: number | undefined, events: number): string | undefined {
  const [ended, setEnded] = useState<{ conn: number; text: string } | undefined>();
  const bucket = Math.floor(events / 5000);
  useEffect(() => {
    if (conn === undefined) return;
    let cancelled = false;
    void simControls.connectionStatus(conn)?.then((status) => {
      if (cancelled) return;
      if (status.state !== 'ended') return setEnded(undefined);
      const how = status.outcome !== undefined && status.atUs !== undefined ? `${status.outcome} at ${(status.atUs / 1e6).toFixed(3)} s` : 'nothing more to send';
      setEnded({ conn, text: `Connection #${conn} ended: ${how}` });
    });
    return () => {
      cancelled = true;
    };
  }, [conn, bucket]);
  return ended !== undefined && ended.conn === conn ? ended.text : undefined;
}

/** Play / pause / step / speed / seed / run-until and the timeline. */
export function RunControls({ faults }: { faults: { atS: number; action: string; target: string | undefined }[] }) {
  const frame = useSimStore((s) => s.frame);
  const speed = useSimStore((s) => s.speed);
  const seed = useSimStore((s) => s.seed);
  const animation = useSimStore((s) => s.animation);
  const dotBudget = useSimStore((s) => s.dotBudget);
  const selectedConn = useSimStore((s) => s.selectedConn);
  const playing = frame?.playing ?? false;
  const [seedText, setSeedText] = useState<string | undefined>();
  const [untilText, setUntilText] = useState('60s');
  const [untilError, setUntilError] = useState<string | undefined>();
  useShortcuts();
  const ended = useEndedConnection(selectedConn, frame?.events ?? 0);

  const applySeed = (event: FormEvent) => {
    event.preventDefault();
    const text = seedText ?? String(seed);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) return;
    setSeedText(undefined);
    void simControls.reset(Number(text));
  };
  const runUntil = (event: FormEvent) => {
    event.preventDefault();
    try {
      const us = parseDurationUs(untilText, 'run until');
      const nowUs = useSimStore.getState().frame?.simTimeUs ?? 0;
      if (us < nowUs) {
        setUntilError(`run until: ${untilText} has already passed (the run is at ${(nowUs / 1e6).toFixed(3)} s); seek back on the timeline or with [`);
        return;
      }
      setUntilError(undefined);
      void simControls.runUntil(us);
    } catch (error) {
      setUntilError((error as Error).message);
    }
  };
  const seedInvalid = seedText !== undefined && !/^\d+$/.test(seedText);
  const button = 'rounded bg-slate-700 px-3 py-1 text-sm hover:bg-slate-600 disabled:opacity-40';

  return (
    <div className="flex flex-col gap-2">
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
        <button
          type="button"
          className={button}
          disabled={selectedConn === undefined || ended !== undefined}
          onClick={() => selectedConn !== undefined && void simControls.stepToPacketOf(selectedConn)}
          title={ended ?? 'Run until the selected connection sends its next packet (N)'}
          data-testid="next-packet"
        >
          Next packet
        </button>
        <label className="flex items-center gap-2 text-sm">
          <span>Speed</span>
          <input
            type="range"
            min={0}
            max={SPEEDS.length - 1}
            step={1}
            value={speedIndexOf(speed)}
            aria-label="Speed"
            aria-valuetext={formatSpeed(speed)}
            onChange={(e) => void simControls.setSpeed(SPEEDS[Number(e.target.value)]!)}
            title="Simulated seconds per wall second, logarithmic (+ / −)"
          />
          <output data-testid="speed" className="w-16 tabular-nums">
            {formatSpeed(speed)}
          </output>
        </label>
        {playing && frame ? (
          <span
            data-testid="speed-reached"
            className={`w-24 text-xs tabular-nums ${frame.reachedSpeed < speed * 0.9 ? 'text-amber-400' : 'text-slate-400'}`}
            title="Simulated seconds per wall second the engine actually reached (over the last half second)"
          >
            reached {formatReached(frame.reachedSpeed)}
          </span>
        ) : null}
        <form onSubmit={applySeed} className="flex items-center gap-1 text-sm" title="The seed decides every random draw: the same seed replays the same run">
          <label htmlFor="seed-input">Seed</label>
          <input
            id="seed-input"
            className={`w-20 rounded bg-slate-800 px-1 ${seedInvalid ? 'outline outline-red-500' : ''}`}
            value={seedText ?? String(seed)}
            inputMode="numeric"
            aria-invalid={seedInvalid}
            aria-describedby={seedInvalid ? 'seed-error' : undefined}
            onChange={(e) => setSeedText(e.target.value.trim())}
          />
          <button type="submit" className="rounded bg-slate-700 px-2 hover:bg-slate-600" disabled={seedInvalid}>
            Restart
          </button>
          {seedInvalid ? (
            <span id="seed-error" role="alert" className="text-xs text-red-400">
              seed: a non-negative integer
            </span>
          ) : null}
        </form>
        <form onSubmit={runUntil} className="flex items-center gap-1 text-sm">
          <label htmlFor="until-input">Run until</label>
          <input id="until-input" className="w-16 rounded bg-slate-800 px-1" value={untilText} onChange={(e) => setUntilText(e.target.value)} aria-invalid={untilError !== undefined} />
          <button type="submit" className="rounded bg-slate-700 px-2 hover:bg-slate-600">
            Go
          </button>
          {untilError ? (
            <span role="alert" className="text-xs text-red-400">
              {untilError}
            </span>
          ) : null}
        </form>
        <label className="flex items-center gap-1 text-sm" title="Draw packets as dots (A)">
          <input type="checkbox" checked={animation} onChange={(e) => simControls.setAnimation(e.target.checked)} />
          Animation
        </label>
        <label className="flex items-center gap-1 text-sm" title="Past this many packets in flight, one dot stands for N packets (volume mode)">
          Dots
          <select aria-label="Dot budget" className="rounded bg-slate-800 px-1" value={dotBudget} onChange={(e) => useSimStore.setState({ dotBudget: Number(e.target.value) })}>
            {[1000, 2000, 5000, 10_000, 20_000].map((n) => (
              <option key={n} value={n}>
                {n.toLocaleString('en-US')}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="ml-auto rounded px-2 text-sm text-slate-400 hover:text-slate-100" onClick={() => useSimStore.setState({ helpOpen: true })} aria-label="Keyboard shortcuts">
          ?
        </button>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <Timeline faults={faults} />
        <dl className="flex flex-wrap gap-4 text-xs tabular-nums text-slate-300">
          <div>
            <dt className="inline text-slate-400">t </dt>
            <dd className="inline" data-testid="sim-time">
              {formatSimTime(frame?.simTimeUs ?? 0)}
            </dd>
          </div>
          <div>
            <dt className="inline text-slate-400">events </dt>
            <dd className="inline" data-testid="event-count">
              {frame?.events ?? 0}
            </dd>
          </div>
          <div title="Connections opened, completed, and ended any other way (reset, refused, dropped, timed out)">
            <dt className="inline text-slate-400">connections </dt>
            <dd className="inline" data-testid="connections">
              {frame ? `${frame.connections.opened} opened, ${frame.connections.completed} completed, ${frame.connections.reset} reset, ${frame.connections.timedOut + frame.connections.dropped + frame.connections.refused} failed` : '—'}
            </dd>
          </div>
          <div title="A running hash of every event: the same scenario and seed always give the same hash">
            <dt className="inline text-slate-400">trace </dt>
            <dd className="inline font-mono" data-testid="trace-hash">
              {frame?.traceHash ?? '—'}
            </dd>
          </div>
          {frame?.memory ? <WorkerMemoryStat memory={frame.memory} /> : null}
          {frame && (frame.droppedFrames > 0 || frame.droppedHops > 0) ? (
            <div title="Frames the worker skipped, and packets it did not send for drawing, because the page was busy">
              <dt className="inline text-slate-400">dropped </dt>
              <dd className="inline" data-testid="dropped">
                {frame.droppedFrames} frames, {frame.droppedHops} dots
              </dd>
            </div>
          ) : null}
          {frame?.behind ? <div className="text-amber-400">engine behind the requested speed</div> : null}
        </dl>
      </div>
    </div>
  );
}

const MB = 1024 * 1024;

/** The worker's memory for time travel against its budget (estimated from table bytes: see WorkerMemory). */
function WorkerMemoryStat({ memory }: { memory: WorkerMemory }) {
  const used = Math.round((memory.liveBytes + memory.checkpointBytes) / MB);
  return (
    <div title={`Worker memory, estimated from table bytes: the live simulation ${Math.round(memory.liveBytes / MB)} MB and ${memory.checkpoints} checkpoints ${Math.round(memory.checkpointBytes / MB)} MB (every ${memory.intervalUs / 1e6} s), against a budget of ${Math.round(memory.budgetBytes / MB)} MB for both (the worker's ${Math.round(WORKER_MEMORY_BUDGET / MB)} MB less what is kept for its JavaScript heap)`}>
      <dt className="inline text-slate-400">worker memory </dt>
      <dd
        className="inline"
        data-testid="worker-memory"
        data-live-bytes={memory.liveBytes}
        data-checkpoint-bytes={memory.checkpointBytes}
        data-checkpoints={memory.checkpoints}
        data-budget-bytes={memory.budgetBytes}
        data-interval-us={memory.intervalUs}
      >
        {used} / {Math.round(memory.budgetBytes / MB)} MB ({memory.checkpoints} checkpoints, {Math.round(memory.checkpointBytes / MB)} MB)
      </dd>
    </div>
  );
}
