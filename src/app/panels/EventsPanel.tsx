import { useEffect, useState } from 'react';
import type { EventFilter, JourneyEntryView } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { JourneyEntryRow } from './JourneyEntryRow';

const KINDS = [
  'open',
  'ecmp',
  'schedule',
  'fullnat',
  'sync sent',
  'synced',
  'session found',
  'reset',
  'drop',
  'retransmit',
  'syn proxy',
  'refused',
  'address change',
  'bandwidth',
  // Layer 7 (Tengine, Key Server)
  'tls',
  'tls failed',
  'request',
  'upstream',
  'retry',
  'upstream failed',
  'response',
  'timeout',
  'no backend',
  'no live upstream',
  'idle close',
  'reconnect',
  'tengine crash',
  'outcome',
];

/** The latest engine decisions, filterable by node, kind and connection (like Packet Tracer's event list). */
export function EventsPanel() {
  const topology = useSimStore((s) => s.topology);
  const events = useSimStore((s) => s.frame?.events ?? 0);
  const [filter, setFilter] = useState<EventFilter>({});
  const [entries, setEntries] = useState<JourneyEntryView[]>([]);
  const bucket = Math.floor(events / 500);

  useEffect(() => {
    void simControls.setEventLog(true);
    return () => void simControls.setEventLog(false);
  }, []);
  useEffect(() => {
    let cancelled = false;
    void simControls.events(filter, 300)?.then((result) => {
      if (!cancelled) setEntries(result);
    });
    return () => {
      cancelled = true;
    };
  }, [filter, bucket]);

  return (
    <section aria-label="Event list" className="flex flex-col gap-2 p-3 text-xs">
      <div className="flex flex-wrap gap-2">
        <select aria-label="Filter by node" className="rounded bg-slate-800 px-1" value={filter.node ?? ''} onChange={(e) => setFilter({ ...filter, ...(e.target.value ? { node: e.target.value } : { node: undefined }) } as EventFilter)}>
          <option value="">all nodes</option>
          {topology?.nodes.map((n) => (
            <option key={n.id} value={n.label}>
              {n.label}
            </option>
          ))}
        </select>
        <select aria-label="Filter by kind" className="rounded bg-slate-800 px-1" value={filter.event ?? ''} onChange={(e) => setFilter({ ...filter, ...(e.target.value ? { event: e.target.value } : { event: undefined }) } as EventFilter)}>
          <option value="">all kinds</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <input
          aria-label="Filter by connection"
          className="w-24 rounded bg-slate-800 px-1"
          placeholder="connection #"
          inputMode="numeric"
          onChange={(e) => {
            const n = Number(e.target.value);
            setFilter({ ...filter, conn: e.target.value && Number.isSafeInteger(n) ? n : undefined } as EventFilter);
          }}
        />
      </div>
      <p className="text-slate-400">Recording while this tab is open (the latest 5,000 events).</p>
      <ol className="flex flex-col" data-testid="event-list">
        {entries.map((e, i) => (
          <JourneyEntryRow key={i} entry={e} showConnection />
        ))}
      </ol>
    </section>
  );
}
