import { useEffect, useRef, useState, type FormEvent } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { JourneyEntryRow } from './JourneyEntryRow';
import { formatCheckpoint, JourneyRequests, type JourneyView } from './journey-requests';

/**
 * A connection's journey, Packet-Tracer style: every hop and decision with its reason, in order.
 * The worker rebuilds it by replaying from the checkpoint before the connection opened.
 */
export function JourneyPanel() {
  const conn = useSimStore((s) => s.selectedConn);
  const events = useSimStore((s) => s.frame?.events ?? 0);
  const [answered, setView] = useState<JourneyView>({ status: 'none' });
  const [requests] = useState(() => new JourneyRequests(simControls, setView));
  const [text, setText] = useState('');
  const bucket = Math.floor(events / 5000);
  useEffect(() => requests.select(conn), [requests, conn]);
  // Ask again as the run moves (not on mount: selecting just asked).
  const seenBucket = useRef(bucket);
  useEffect(() => {
    if (seenBucket.current === bucket) return;
    seenBucket.current = bucket;
    requests.refresh();
  }, [requests, bucket]);
  // The render that follows a new selection comes before the effect that asks: it already shows the new connection loading.
  const view: JourneyView = conn === undefined ? { status: 'none' } : answered.status !== 'none' && answered.conn === conn ? answered : { status: 'loading', conn, fromUs: undefined };

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
      {view.status === 'none' ? (
        <p className="text-slate-400">Click a dot on the topology, a row of an LVS connection table, or type a connection number.</p>
      ) : (
        <>
          {/* Header and hops come from one answer: the header never names another connection than its hops. */}
          <h2 className="text-sm font-semibold" data-testid="journey-title" data-conn={view.conn}>
            Connection #{view.conn}
          </h2>
          <ol className="flex flex-col gap-0.5" data-testid="journey" data-conn={view.conn} aria-busy={view.status === 'loading'}>
            {(view.status === 'ready' ? view.entries : []).map((e, i) => (
              <JourneyEntryRow key={i} entry={e} showConnection={false} />
            ))}
          </ol>
          {view.status === 'loading' ? (
            <p className="text-slate-400" role="status" data-testid="journey-loading">
              {view.fromUs === undefined ? 'Replaying from the checkpoint before the connection opened…' : `Replaying from the ${formatCheckpoint(view.fromUs)} checkpoint…`}
            </p>
          ) : view.status === 'failed' ? (
            <p className="text-red-300" role="alert">
              The journey could not be rebuilt: {view.message}
            </p>
          ) : view.entries.length === 0 ? (
            <p className="text-slate-400">No journey yet (the connection may not have opened at this time).</p>
          ) : null}
        </>
      )}
    </section>
  );
}
