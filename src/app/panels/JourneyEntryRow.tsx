import { formatSimTime } from '../../shared/units';
import type { JourneyEntryView } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { eventFamily, eventGlyph, FAMILY_CLASS, statusClassName, statusOf } from './journey-style';

/**
 * One engine decision: time, node, what happened (a badge with a glyph, coloured by family) and
 * why, wrapped in full; an HTTP status the line reports gets a chip of its own. Each request of a
 * layer-7 journey starts under a rule, so the requests of one connection read as blocks.
 */
export function JourneyEntryRow({ entry, showConnection }: { entry: JourneyEntryView; showConnection: boolean }) {
  const family = eventFamily(entry.event);
  const status = statusOf(entry.event, entry.reason);
  return (
    <li
      className={`grid ${showConnection ? 'grid-cols-[5.5rem_3.5rem_5rem_minmax(0,1fr)]' : 'grid-cols-[5.5rem_5.5rem_minmax(0,1fr)]'} gap-x-2 border-b py-0.5 ${family === 'request' ? 'border-t border-b-slate-800 border-t-slate-600' : 'border-slate-800'}`}
      data-event={entry.event}
    >
      <span className="tabular-nums text-slate-400">{formatSimTime(entry.timeUs)}</span>
      {showConnection ? (
        <button type="button" className="text-left text-sky-300 hover:underline" onClick={() => simControls.selectConnection(entry.conn)} title="Show this connection's journey">
          #{entry.conn}
        </button>
      ) : null}
      <span className="truncate text-amber-300" title={entry.node}>
        {entry.node}
      </span>
      <span className="break-words">
        <span className={`mr-1 inline-flex items-center gap-0.5 whitespace-nowrap rounded px-1 text-[10px] ${FAMILY_CLASS[family]}`} data-testid="event-badge">
          <span aria-hidden="true">{eventGlyph(entry.event)}</span>
          {entry.event}
        </span>
        {status !== undefined ? (
          <span className={`mr-1 rounded px-1 text-[10px] font-semibold tabular-nums ${statusClassName(status)}`} data-testid="status-chip" title={`HTTP ${status}`}>
            {status}
          </span>
        ) : null}
        {/* Address rewrites read best aligned: cip:cport → vip:vport becomes lip:lport → rip:rport. */}
        <span className={entry.event === 'fullnat' || entry.event === 'address change' ? 'font-mono text-[11px]' : undefined}>{entry.reason}</span>
      </span>
    </li>
  );
}
