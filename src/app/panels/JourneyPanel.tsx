import { useEffect, useState, type FormEvent } from 'react';
import type { JourneyEntryView } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { JourneyEntryRow } from './JourneyEntryRow';

/**
 * A connection's journey, Packet-Tracer style: every hop and decision with its reason, in order.
 * The worker rebuilds it by replaying from the checkpoint before the connection opened.
 */
export function JourneyPanel() {
  const conn = useSimStore((s) => s.selectedConn);
  const events = useSimStore((s) => s.frame?.events ?? 0);
  // Which connection the entries belong to: until the worker's replay answers, say so rather than "no journey".
  const [{ entries, of }, setJourney] = useState<{ entries: JourneyEntryView[]; of: number | undefined }>({ entries: [], of: undefined });
  const [text, setText] = useState('');
  const bucket = Math.floor(events / 5000);
  useEffect(() => {
    if (conn === undefined) return;
    let cancelled = false;
    void simControls.journey(conn)?.then((result) => {
      if (!cancelled) setJourney({ entries: result, of: conn });
    });
    return () => {
      cancelled = true;
    };
  }, [conn, bucket]);

  const pick = (event: FormEvent) => {
    event.preventDefault();
    if (/^[1-9]\d*$/.test(text)) simControls.selectConnection(Number(text));
  };

  return (
    <section aria-label="Connection journey" className="flex flex-col gap-2 p-3 text-xs">
      <form onSubmit={pick} className="flex items-center gap-2">
        <label htmlFor="journey-conn" className="text-slate-400">
          Connection #
        </label>
        <input id="journey-conn" className="w-24 rounded bg-slate-800 px-1" value={text} placeholder={conn === undefined ? 'e.g. 12' : String(conn)} onChange={(e) => setText(e.target.value.trim())} />
        <button type="submit" className="rounded bg-slate-700 px-2 hover:bg-slate-600">
          Show
        </button>
      </form>
      {conn === undefined ? (
        <p className="text-slate-400">Click a dot on the topology, a row of an LVS connection table, or type a connection number.</p>
      ) : (
        <>
          <h2 className="text-sm font-semibold">Connection #{conn}</h2>
          <ol className="flex flex-col gap-0.5" data-testid="journey">
            {(of === conn ? entries : []).map((e, i) => (
              <JourneyEntryRow key={i} entry={e} showConnection={false} />
            ))}
          </ol>
          {of !== conn ? (
            <p className="text-slate-400" role="status">
              Rebuilding the journey (replaying from the checkpoint before the connection opened)…
            </p>
          ) : entries.length === 0 ? (
            <p className="text-slate-400">No journey yet (the connection may not have opened at this time).</p>
          ) : null}
        </>
      )}
    </section>
  );
}
