import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { faultsForNode, linkFaults, linksOfNode, parseDuration, type FaultChoice, type LinkChoice } from './catalog';
import { closeFaultMenu, refreshFaultRecords, useFaultStore } from './store';

/**
 * The fault menu of one topology node (right-click, the context-menu key or Shift+F10 on a
 * focused node, or the inspector's Faults… button): the faults that apply to its kind, each
 * applied now and journaled, for good or for the seconds in the "for N s" field. The links that
 * touch the node follow, each opening its link faults (loss, latency, one-way, heal). A refusal's
 * message shows next to the menu, which stays open.
 */
export function FaultMenu() {
  const menu = useFaultStore((s) => s.menu);
  const topology = useSimStore((s) => s.topology);
  const node = topology?.nodes.find((n) => n.id === menu?.nodeId);
  if (!menu || !node || !topology) return null;
  // Keyed by node: a menu opened on another node starts afresh (no stale refusal).
  return (
    <MenuBody
      key={`${node.id}:${menu.x}:${menu.y}:${menu.link ?? ''}`}
      label={node.label}
      choices={faultsForNode(node.kind, node.key, node.zone)}
      links={linksOfNode(topology, node.id)}
      openAtStart={menu.link}
      x={menu.x}
      y={menu.y}
    />
  );
}

type Choice = FaultChoice & { lossRate?: number; addedMs?: number };

/** What can take focus in the menu, in arrow-key order: menu items, then the fields. */
const FOCUSABLE = '[role="menuitem"], [data-menu-field]';

function MenuBody({ label, choices, links, openAtStart, x, y }: { label: string; choices: FaultChoice[]; links: LinkChoice[]; openAtStart?: string | undefined; x: number; y: number }) {
  const root = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [duration, setDuration] = useState('');
  const [lossPercent, setLossPercent] = useState('20');
  const [addedMs, setAddedMs] = useState('50');
  const [openLink, setOpenLink] = useState<string | undefined>(openAtStart);
  useEffect(() => {
    if (openAtStart === undefined) root.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) closeFaultMenu();
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
    // openAtStart is fixed for the body's life (it is part of its key); with a link open, the link's effect below takes focus.
  }, [openAtStart]);
  const choose = async (choice: Choice) => {
    const parsed = parseDuration(duration);
    if (!parsed.ok && !choice.clears) {
      setError(parsed.message);
      return;
    }
    const durationS = parsed.ok && !choice.clears ? parsed.durationS : undefined;
    setBusy(true);
    const result = await simControls
      .injectFault({
        action: choice.action,
        ...(choice.target === undefined ? {} : { target: choice.target }),
        ...(durationS === undefined ? {} : { durationS }),
        ...(choice.lossRate === undefined ? {} : { lossRate: choice.lossRate }),
        ...(choice.addedMs === undefined ? {} : { addedMs: choice.addedMs }),
      })
      .catch((error: unknown) => ({ ok: false as const, field: 'fault', message: (error as Error).message }));
    setBusy(false);
    if (!result.ok) {
      setError(`${result.field}: ${result.message}`);
      return;
    }
    void refreshFaultRecords();
    closeFaultMenu();
  };
  // Arrow keys move between items and fields, Escape closes; no key reaches the app's shortcuts meanwhile.
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    const items = [...(root.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    const link = (document.activeElement as HTMLElement | null)?.dataset['link'];
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home' && at >= 0 && items[at]?.role === 'menuitem') move(0);
    else if (event.key === 'End' && at >= 0 && items[at]?.role === 'menuitem') move(items.length - 1);
    else if (event.key === 'ArrowRight' && link !== undefined) {
      event.preventDefault();
      setOpenLink(link);
    } else if (event.key === 'ArrowLeft' && openLink !== undefined) {
      event.preventDefault();
      setOpenLink(undefined);
      root.current?.querySelector<HTMLElement>(`[data-link="${CSS.escape(openLink)}"]`)?.focus();
    } else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      closeFaultMenu();
    }
  };
  // Opening a link moves focus to its first fault.
  useEffect(() => {
    if (openLink !== undefined) root.current?.querySelector<HTMLElement>(`[data-link-of="${CSS.escape(openLink)}"]`)?.focus();
  }, [openLink]);
  const loss = Number(lossPercent) / 100;
  const added = Number(addedMs);
  const itemClass = (clears: boolean) =>
    `block w-full px-3 py-1 text-left hover:bg-slate-700 focus:bg-slate-700 focus:outline-none ${clears ? 'text-emerald-300' : 'text-red-200'}`;
  // Kept inside the window: measured once drawn (and again when a link opens), scrolled when taller.
  const [height, setHeight] = useState(0);
  useLayoutEffect(() => setHeight(root.current?.offsetHeight ?? 0), [openLink, error]);
  const left = Math.max(4, Math.min(x, window.innerWidth - 300));
  const top = Math.max(4, Math.min(y, window.innerHeight - 4 - height));
  const field =
    'w-14 rounded border border-slate-600 bg-slate-950 px-1 py-0.5 text-right text-slate-100 focus:border-sky-400 focus:outline-none';
  return (
    <div ref={root} className="fixed z-50 flex items-start gap-2" style={{ left, top }} onKeyDown={onKeyDown} data-testid="fault-menu">
      <div className="flex max-h-[calc(100vh-8px)] min-w-56 max-w-80 flex-col overflow-y-auto rounded border border-slate-600 bg-slate-900 py-1 text-xs text-slate-100 shadow-lg">
        <div role="menu" aria-label={`Faults: ${label}`}>
          <div className="px-3 py-1 text-[10px] uppercase tracking-wide text-slate-400" aria-hidden>
            Faults · {label}
          </div>
          {choices.length === 0 ? (
            <div role="menuitem" aria-disabled tabIndex={-1} className="px-3 py-1 text-slate-400">
              No faults apply to this component
            </div>
          ) : (
            choices.map((choice) => (
              <button
                key={choice.action}
                type="button"
                role="menuitem"
                tabIndex={-1}
                disabled={busy}
                data-action={choice.action}
                className={itemClass(choice.clears)}
                title={`${choice.action}${choice.target ? ` ${choice.target}` : ' (whole link)'}: applied now${choice.clears ? '' : ' (for the seconds below, if set)'} and recorded in the run's journal`}
                onClick={() => void choose(choice)}
              >
                {choice.label}
              </button>
            ))
          )}
        </div>
        {links.length > 0 ? (
          <div role="menu" aria-label={`Links: ${label}`} className="mt-1 border-t border-slate-700 pt-1">
            <div className="px-3 py-1 text-[10px] uppercase tracking-wide text-slate-400" aria-hidden>
              Links from this node…
            </div>
            {links.map((link) => (
              <div key={link.target}>
                <button
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  aria-haspopup="menu"
                  aria-expanded={openLink === link.target}
                  data-link={link.target}
                  className="flex w-full justify-between gap-2 px-3 py-1 text-left text-slate-200 hover:bg-slate-700 focus:bg-slate-700 focus:outline-none"
                  title={`Link faults on ${link.target} (Enter or → opens, ← closes)`}
                  onClick={() => setOpenLink(openLink === link.target ? undefined : link.target)}
                >
                  <span className="truncate">{link.label}</span>
                  <span aria-hidden>{openLink === link.target ? '▾' : '▸'}</span>
                </button>
                {openLink === link.target ? (
                  <div role="group" aria-label={`Link faults: ${link.label}`} className="ml-3 border-l border-fuchsia-800">
                    {linkFaults(link, loss, added).map((choice, i) => (
                      <button
                        key={choice.action}
                        type="button"
                        role="menuitem"
                        tabIndex={-1}
                        disabled={busy}
                        data-action={choice.action}
                        data-link-of={i === 0 ? link.target : undefined}
                        className={itemClass(choice.clears)}
                        title={`${choice.action} ${choice.target}: applied now${choice.clears ? '' : ' (for the seconds below, if set)'} and recorded in the run's journal`}
                        onClick={() => void choose(choice)}
                      >
                        {choice.label}
                      </button>
                    ))}
                  </div>
                ) : null}
              </div>
            ))}
          </div>
        ) : null}
        <div
          role="group"
          aria-label="Fault options"
          className="mt-1 flex flex-col gap-1 border-t border-slate-700 px-3 pb-1 pt-1.5 text-slate-300"
        >
          <label
            className="flex items-center justify-between gap-2"
            title="Empty: the fault stays until something clears it. A number: the fault clears itself after that many seconds (durationS)."
          >
            <span>Apply for (s, empty = until cleared)</span>
            <input
              data-menu-field
              className={field}
              inputMode="decimal"
              value={duration}
              onChange={(e) => setDuration(e.target.value)}
              placeholder="now"
              data-testid="fault-duration"
              aria-label="Fault duration in seconds (empty: until cleared)"
            />
          </label>
          {links.length > 0 ? (
            <>
              <label className="flex items-center justify-between gap-2">
                <span>Link loss %</span>
                <input
                  data-menu-field
                  className={field}
                  inputMode="decimal"
                  value={lossPercent}
                  onChange={(e) => setLossPercent(e.target.value)}
                  data-testid="link-loss-percent"
                  aria-label="Link loss in percent"
                />
              </label>
              <label className="flex items-center justify-between gap-2">
                <span>Link latency + ms</span>
                <input
                  data-menu-field
                  className={field}
                  inputMode="decimal"
                  value={addedMs}
                  onChange={(e) => setAddedMs(e.target.value)}
                  data-testid="link-added-ms"
                  aria-label="Link latency added in milliseconds"
                />
              </label>
            </>
          ) : null}
        </div>
      </div>
      {error ? (
        <p
          role="alert"
          data-testid="fault-error"
          className="max-w-64 rounded border border-red-700 bg-red-950 px-2 py-1 text-xs text-red-200"
        >
          {error}
        </p>
      ) : null}
    </div>
  );
}
