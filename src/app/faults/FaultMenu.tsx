import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { faultsForNode, type FaultChoice } from './catalog';
import { closeFaultMenu, refreshFaultRecords, useFaultStore } from './store';

/**
 * The fault menu of one topology node (right-click, the context-menu key or Shift+F10 on a
 * focused node, or the inspector's Faults… button): the faults that apply to its kind, each
 * applied now and journaled. A refusal's message shows next to the menu, which stays open.
 */
export function FaultMenu() {
  const menu = useFaultStore((s) => s.menu);
  const node = useSimStore((s) => s.topology?.nodes.find((n) => n.id === menu?.nodeId));
  if (!menu || !node) return null;
  // Keyed by node: a menu opened on another node starts afresh (no stale refusal).
  return <MenuBody key={`${node.id}:${menu.x}:${menu.y}`} label={node.label} choices={faultsForNode(node.kind, node.key)} x={menu.x} y={menu.y} />;
}

function MenuBody({ label, choices, x, y }: { label: string; choices: FaultChoice[]; x: number; y: number }) {
  const list = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: PointerEvent) => {
      if (list.current && !list.current.parentElement?.contains(event.target as Node)) closeFaultMenu();
    };
    window.addEventListener('pointerdown', onPointer);
    return () => window.removeEventListener('pointerdown', onPointer);
  }, []);

  const choose = async (choice: FaultChoice) => {
    setBusy(true);
    const result = await simControls
      .injectFault({ action: choice.action, ...(choice.target === undefined ? {} : { target: choice.target }) })
      .catch((error: unknown) => ({ ok: false as const, field: 'fault', message: (error as Error).message }));
    setBusy(false);
    if (!result.ok) {
      setError(`${result.field}: ${result.message}`);
      return;
    }
    void refreshFaultRecords();
    closeFaultMenu();
  };

  // Arrow keys move between items, Escape closes; no key reaches the app's shortcuts meanwhile.
  const onKeyDown = (event: KeyboardEvent) => {
    event.stopPropagation();
    const items = [...(list.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      event.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(at + 1);
    else if (event.key === 'ArrowUp') move(at - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(items.length - 1);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      closeFaultMenu();
    }
  };

  const left = Math.max(4, Math.min(x, window.innerWidth - 280));
  const top = Math.max(4, Math.min(y, window.innerHeight - 60 - choices.length * 28));
  return (
    <div className="fixed z-50 flex items-start gap-2" style={{ left, top }} onKeyDown={onKeyDown} data-testid="fault-menu">
      <div ref={list} role="menu" aria-label={`Faults: ${label}`} className="min-w-56 rounded border border-slate-600 bg-slate-900 py-1 text-xs text-slate-100 shadow-lg">
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
              className={`block w-full px-3 py-1 text-left hover:bg-slate-700 focus:bg-slate-700 focus:outline-none ${choice.clears ? 'text-emerald-300' : 'text-red-200'}`}
              title={`${choice.action}${choice.target ? ` ${choice.target}` : ' (whole link)'}: applied now and recorded in the run's journal`}
              onClick={() => void choose(choice)}
            >
              {choice.label}
            </button>
          ))
        )}
      </div>
      {error ? (
        <p role="alert" data-testid="fault-error" className="max-w-64 rounded border border-red-700 bg-red-950 px-2 py-1 text-xs text-red-200">
          {error}
        </p>
      ) : null}
    </div>
  );
}
