import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { SESSION_STATES as STATES, type SessionQuery, type SessionRow, type SessionSortKey } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** Two lines per row: the entry, then its FULLNAT rewrite (local address:port, client as the backend sees it). */
const ROW_PX = 34;
const VIEW_ROWS = 12;
/**
 * Fractions in proportion to each column's widest usual text at 12 px ("#9999999",
 * "100.0.255.255:65535", "ESTABLISHED", "timer ▼", "Tengine-12", "sync ▼": 54, 114, 82, 42, 61 and
 * 40 px), so at 1440×900 (a 415 px grid) every one reads in full, and a narrower panel squeezes
 * them all alike rather than cutting the client address first.
 */
const COLUMNS = 'grid-cols-[minmax(0,54fr)_minmax(0,114fr)_minmax(0,82fr)_minmax(0,42fr)_minmax(0,61fr)_minmax(0,40fr)]';

const HEADERS: { key: SessionSortKey; label: string; hint: string }[] = [
  { key: 'conn', label: 'conn', hint: 'Connection number' },
  { key: 'client', label: 'client', hint: 'Client address:port' },
  { key: 'state', label: 'state', hint: 'IPVS connection state' },
  { key: 'timer', label: 'timer', hint: 'Seconds until the entry expires' },
  { key: 'backend', label: 'backend', hint: 'The real server it is scheduled to' },
  { key: 'sync', label: 'sync', hint: 'own: this node scheduled it; synced: installed by session sync' },
];


/**
 * An LVS node's connection table, virtualised: only the rows in view are fetched from the worker,
 * so tables of 100k+ entries scroll as smoothly as small ones. Columns sort (click a header, again
 * to reverse) and filter by state, backend and sync origin; the worker sorts and filters the whole
 * table. One tab stop: the grid takes focus, arrow keys move the active row, Enter opens its journey,
 * and 1–6 sort by the nth column (again to reverse).
 */
export function SessionTable({ lvsIndex, version, onSelect }: { lvsIndex: number; version: number; onSelect: (row: SessionRow) => void }) {
  const [first, setFirst] = useState(0);
  const [query, setQuery] = useState<SessionQuery>({});
  const [active, setActive] = useState(0);
  const [data, setData] = useState<{ total: number; all: number; rows: SessionRow[] }>({ total: 0, all: 0, rows: [] });
  const scroller = useRef<HTMLDivElement>(null);
  // The sticky header's height: the rows scroll under it, so it is part of the view's height and of the keyboard's scrolling.
  const header = useRef<HTMLDivElement>(null);
  const [headerPx, setHeaderPx] = useState(0);
  useLayoutEffect(() => setHeaderPx(header.current?.offsetHeight ?? 0), []);
  const backends = useSimStore((s) => s.topology?.nodes.filter((n) => n.kind === 'ecs' || n.kind === 'tengine').map((n) => n.label).join('\n') ?? '');
  // Refresh at most every 500 ms while the run moves.
  const bucket = Math.floor(version / 2000);
  useEffect(() => {
    let cancelled = false;
    void simControls.sessionTable(lvsIndex, first, VIEW_ROWS + 5, query)?.then((result) => {
      if (!cancelled) setData(result);
    });
    return () => {
      cancelled = true;
    };
  }, [lvsIndex, first, bucket, query]);

  const change = (next: SessionQuery) => {
    setQuery(next);
    setActive(0);
    setFirst(0);
    if (scroller.current) scroller.current.scrollTop = 0;
  };
  const sortBy = (key: SessionSortKey) => change({ ...query, sortBy: key, descending: (query.sortBy ?? 'conn') === key ? !query.descending : false });
  const filter = (field: FilterField, value: string) => {
    const next: SessionQuery = { ...query };
    if (value === '') delete next[field];
    else (next as Record<string, string>)[field] = value;
    change(next);
  };

  const activeRow = data.rows[active - first];
  const moveTo = (index: number) => {
    const to = Math.max(0, Math.min(data.total - 1, index));
    setActive(to);
    const el = scroller.current;
    if (!el) return;
    if (to * ROW_PX < el.scrollTop) el.scrollTop = to * ROW_PX;
    else if ((to + 1) * ROW_PX > el.scrollTop + el.clientHeight - headerPx) el.scrollTop = (to + 1) * ROW_PX - (el.clientHeight - headerPx);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: VIEW_ROWS, PageUp: -VIEW_ROWS };
    if (event.key in step) moveTo(active + step[event.key]!);
    else if (event.key === 'Home') moveTo(0);
    else if (event.key === 'End') moveTo(data.total - 1);
    else if (event.key === 'Enter' && activeRow) onSelect(activeRow);
    // The headers' sort from the keyboard without leaving the grid's one tab stop: 1–6 by column.
    else if (/^[1-6]$/.test(event.key) && !event.ctrlKey && !event.metaKey && !event.altKey) sortBy(HEADERS[Number(event.key) - 1]!.key);
    else return;
    event.preventDefault();
    // Keys for the grid only: not the app's shortcuts (Space, arrows step the run).
    event.stopPropagation();
  };

  const sortDirection = (key: SessionSortKey) => ((query.sortBy ?? 'conn') === key ? (query.descending ? 'descending' : 'ascending') : 'none');
  return (
    <div>
      <div className="mb-1 flex flex-wrap items-center gap-2 text-slate-400">
        <span data-testid="session-count">{data.total === data.all ? `${data.total} entries` : `${data.total} of ${data.all} entries`}</span>
        <FilterSelect field="state" label="state" value={query.state} options={STATES.map((v) => [v, v])} onChange={filter} />
        <FilterSelect field="backend" label="backend" value={query.backend} options={(backends === '' ? [] : backends.split('\n')).map((b) => [b, b])} onChange={filter} />
        <FilterSelect field="sync" label="sync" value={query.sync} options={[['own', 'own'], ['synced', 'synced'], ['other', 'neither']]} onChange={filter} />
      </div>
      <div
        ref={scroller}
        role="grid"
        aria-label="LVS connection table"
        aria-description="Arrow keys move the row, Enter opens its journey, 1 to 6 sort by that column (again to reverse)"
        aria-rowcount={data.total + 1}
        aria-colcount={HEADERS.length + 1}
        tabIndex={0}
        aria-activedescendant={activeRow ? `session-${lvsIndex}-${activeRow.conn}` : undefined}
        className="group relative overflow-y-auto rounded bg-slate-900 focus:outline-2 focus:outline-amber-400"
        style={{ height: ROW_PX * VIEW_ROWS + headerPx }}
        onScroll={(e) => setFirst(Math.floor((e.target as HTMLDivElement).scrollTop / ROW_PX))}
        onKeyDown={onKeyDown}
      >
        {/* The header stays in view while the rows scroll under it: the grid itself scrolls, so it is the one focusable element. */}
        <div role="rowgroup" ref={header} className="sticky top-0 z-10 bg-slate-900">
          <div role="row" aria-rowindex={1} className={`grid ${COLUMNS} gap-x-0.5 px-0.5 text-slate-300`}>
            {HEADERS.map((h, i) => (
              <span key={h.key} role="columnheader" aria-sort={sortDirection(h.key)} className="flex min-w-0">
                {/* Not a tab stop of its own (the grid is one): with the grid focused, key i + 1 sorts this column. */}
                <button type="button" tabIndex={-1} className="min-w-0 truncate text-left hover:text-slate-100" title={`${h.hint}: sort (again to reverse); key ${i + 1} with the table focused`} onClick={() => sortBy(h.key)} data-testid={`sort-${h.key}`}>
                  {h.label}
                  {sortDirection(h.key) === 'ascending' ? ' ▲' : sortDirection(h.key) === 'descending' ? ' ▼' : ''}
                </button>
              </span>
            ))}
            <span
              role="columnheader"
              className="col-span-full pl-4 text-[11px] text-slate-300"
              title="FULLNAT: only the node forwarding a flow holds a local address and port for it. TOA (default): the backend sees the real client; FullNatEnabled: it sees the local address."
            >
              second line: FULLNAT local addr:port · client as seen by backend
            </span>
          </div>
        </div>
        <div role="rowgroup" className="relative" style={{ height: data.total * ROW_PX }}>
          {data.rows.map((row, k) => (
            <div
              key={row.conn}
              id={`session-${lvsIndex}-${row.conn}`}
              role="row"
              aria-rowindex={first + k + 2}
              aria-selected={first + k === active}
              data-testid="session-row"
              data-conn={row.conn}
              // The active row is outlined whenever the grid has focus: keyboard users see where Enter goes.
              className={`absolute left-0 flex w-full cursor-pointer flex-col px-0.5 text-left tabular-nums hover:bg-slate-800 ${first + k === active ? 'bg-slate-800/70 group-focus:outline-2 group-focus:-outline-offset-2 group-focus:outline-amber-400' : ''}`}
              style={{ top: (first + k) * ROW_PX, height: ROW_PX }}
              onClick={() => {
                setActive(first + k);
                onSelect(row);
              }}
              title={`Show the journey of connection #${row.conn}`}
            >
              <span className={`grid w-full ${COLUMNS} gap-x-0.5`}>
                <span role="gridcell" className="truncate">
                  #{row.conn}
                </span>
                <span role="gridcell" className="truncate">
                  {row.client}
                </span>
                <span role="gridcell" className="truncate">
                  {row.state}
                </span>
                <span role="gridcell" className="truncate">
                  {row.timerS.toFixed(1)}s
                </span>
                <span role="gridcell" className="truncate">
                  {row.backend}
                </span>
                <span role="gridcell" className="truncate">
                  {row.origin ? 'own' : row.synced ? 'synced' : ''}
                </span>
              </span>
              <span role="gridcell" className="w-full truncate pl-4 font-mono text-[11px] text-slate-300" title={row.local ? `${row.local} → backend; backend sees client ${row.backendSees}` : 'No FULLNAT port on this node: another node forwards this flow'}>
                <span data-testid="session-local">{row.local || '—'}</span>
                {row.local ? (
                  <>
                    {' · sees '}
                    <span data-testid="session-seen">{row.backendSees}</span>
                  </>
                ) : null}
              </span>
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}

type FilterField = 'state' | 'backend' | 'sync';

/** One column's filter: "all" or one value ([value, label] pairs). */
function FilterSelect({ field, label, value, options, onChange }: { field: FilterField; label: string; value: string | undefined; options: readonly (readonly [string, string])[]; onChange: (field: FilterField, value: string) => void }) {
  return (
    <label className="flex items-center gap-1">
      {label}
      <select aria-label={`Filter by ${label}`} className="min-w-0 rounded bg-slate-800 px-1 py-0.5" value={value ?? ''} onChange={(e) => onChange(field, e.target.value)}>
        <option value="">all</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
