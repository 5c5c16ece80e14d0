import { formatSimTime } from '../../shared/units';
import type { JourneyEntryView } from '../../worker/protocol';
import { simControls } from '../sim-client';

/** One engine decision: time, node, what happened and why; optionally a link to its connection. */
export function JourneyEntryRow({ entry, showConnection }: { entry: JourneyEntryView; showConnection: boolean }) {
  return (
    <li className={`grid ${showConnection ? 'grid-cols-[5.5rem_3.5rem_5rem_1fr]' : 'grid-cols-[5.5rem_5.5rem_1fr]'} gap-x-2 border-b border-slate-800 py-0.5`} data-event={entry.event}>
      <span className="tabular-nums text-slate-400">{formatSimTime(entry.timeUs)}</span>
      {showConnection ? (
        <button type="button" className="text-left text-sky-300 hover:underline" onClick={() => simControls.selectConnection(entry.conn)} title="Show this connection's journey">
          #{entry.conn}
        </button>
      ) : null}
      <span className="truncate text-amber-300" title={entry.node}>
        {entry.node}
      </span>
      <span>
        <span className="text-slate-400">{entry.event}: </span>
        {/* Address rewrites read best aligned: cip:cport → vip:vport becomes lip:lport → rip:rport. */}
        <span className={entry.event === 'fullnat' || entry.event === 'address change' ? 'font-mono text-[11px]' : undefined}>{entry.reason}</span>
      </span>
    </li>
  );
}
