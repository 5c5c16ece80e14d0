import { useEffect, useRef, useState } from 'react';
import type { SessionRow } from '../../worker/protocol';
import { simControls } from '../sim-client';

/** Two lines per row: the entry, then its FULLNAT rewrite (local address:port, client as the backend sees it). */
const ROW_PX = 34;
const VIEW_ROWS = 12;
const COLUMNS = 'grid-cols-[4rem_9rem_6.5rem_3.5rem_4rem_3rem]';

/**
 * An LVS node's connection table, virtualised: only the rows in view are fetched from the worker,
 * so tables of 100k+ entries scroll as smoothly as small ones.
 */
export function SessionTable({ lvsIndex, version, onSelect }: { lvsIndex: number; version: number; onSelect: (row: SessionRow) => void }) {
  const [first, setFirst] = useState(0);
  const [data, setData] = useState<{ total: number; rows: SessionRow[] }>({ total: 0, rows: [] });
  const scroller = useRef<HTMLDivElement>(null);
  // Refresh at most every 500 ms while the run moves.
  const bucket = Math.floor(version / 2000);
  useEffect(() => {
    let cancelled = false;
    void simControls.sessionTable(lvsIndex, first, VIEW_ROWS + 5)?.then((result) => {
      if (!cancelled) setData(result);
    });
    return () => {
      cancelled = true;
    };
  }, [lvsIndex, first, bucket]);

  return (
    <div>
      <div className="mb-1 text-slate-400" data-testid="session-count">
        {data.total} entries
      </div>
      <div className={`grid ${COLUMNS} gap-x-1 text-slate-400`}>
        <span>conn</span>
        <span>client</span>
        <span>state</span>
        <span>timer</span>
        <span>backend</span>
        <span>sync</span>
      </div>
      <div className="pl-4 text-[10px] text-slate-500" title="FULLNAT: only the node forwarding a flow holds a local address and port for it. TOA (default): the backend sees the real client; FullNatEnabled: it sees the local address.">
        FULLNAT local addr:port · client as seen by backend
      </div>
      <div
        ref={scroller}
        className="relative overflow-y-auto rounded bg-slate-900"
        style={{ height: ROW_PX * VIEW_ROWS }}
        onScroll={(e) => setFirst(Math.floor((e.target as HTMLDivElement).scrollTop / ROW_PX))}
        role="table"
        aria-label="LVS connection table"
        aria-rowcount={data.total}
      >
        <div style={{ height: data.total * ROW_PX }}>
          {data.rows.map((row, k) => (
            <button
              type="button"
              key={row.conn}
              role="row"
              aria-rowindex={first + k + 1}
              data-testid="session-row"
              data-conn={row.conn}
              className="absolute left-0 flex w-full flex-col px-1 text-left tabular-nums hover:bg-slate-800"
              style={{ top: (first + k) * ROW_PX, height: ROW_PX }}
              onClick={() => onSelect(row)}
              title={`Show the journey of connection #${row.conn}`}
            >
              <span className={`grid w-full ${COLUMNS} gap-x-1`}>
                <span>#{row.conn}</span>
                <span className="truncate">{row.client}</span>
                <span>{row.state}</span>
                <span>{row.timerS.toFixed(1)}s</span>
                <span className="truncate">{row.backend}</span>
                <span>{row.origin ? 'own' : row.synced ? 'synced' : ''}</span>
              </span>
              <span className="w-full truncate pl-4 font-mono text-[10px] text-slate-400" title={row.local ? `${row.local} → backend; backend sees client ${row.backendSees}` : 'No FULLNAT port on this node: another node forwards this flow'}>
                <span data-testid="session-local">{row.local || '—'}</span>
                {row.local ? (
                  <>
                    {' · sees '}
                    <span data-testid="session-seen">{row.backendSees}</span>
                  </>
                ) : null}
              </span>
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
