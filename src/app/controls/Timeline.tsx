import { useEffect, useRef, useState } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/**
 * The run's timeline: drag or use the arrow keys to seek backward or forward through simulated
 * time (checkpoints + deterministic replay), with the scenario's faults marked on it.
 */
export function Timeline({ faults }: { faults: { atS: number; action: string; target: string | undefined }[] }) {
  const frame = useSimStore((s) => s.frame);
  const [dragS, setDragS] = useState<number | undefined>();
  const horizonS = Math.max(1, (frame?.horizonUs ?? 0) / 1e6, ...faults.map((f) => f.atS + 1));
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
  return (
    <div className="relative flex min-w-64 flex-1 items-center gap-2">
      <div className="relative flex-1">
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
          title="Seek: drag back or forward through simulated time; the run replays deterministically from the nearest checkpoint"
        />
        {faults.map((fault, i) => (
          <span
            key={i}
            className="pointer-events-none absolute -top-1 h-2 w-0.5 bg-red-500"
            style={{ left: `${(fault.atS / horizonS) * 100}%` }}
            title={`${fault.action} ${fault.target ?? ''} at ${fault.atS} s`}
            data-testid="fault-marker"
          />
        ))}
      </div>
      {frame?.progress !== undefined ? (
        <progress className="w-24" max={1} value={frame.progress} aria-label="Run progress">
          {Math.round(frame.progress * 100)}%
        </progress>
      ) : null}
    </div>
  );
}
