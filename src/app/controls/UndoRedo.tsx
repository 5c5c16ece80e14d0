import { useEffect } from 'react';
import { formatSimTime } from '../../shared/units';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** True while the keyboard is typing somewhere: a field keeps its own Ctrl+Z. */
function typing(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return element !== null && (element.tagName === 'INPUT' || element.tagName === 'TEXTAREA' || element.tagName === 'SELECT' || element.isContentEditable);
}

/** Ctrl/⌘+Z undoes the latest configuration change; Ctrl/⌘+Shift+Z and Ctrl+Y redo. */
function useUndoShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || typing(event.target)) return;
      const key = event.key.toLowerCase();
      const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
      const undo = key === 'z' && !event.shiftKey;
      if (!undo && !redo) return;
      event.preventDefault();
      void (redo ? simControls.redoChange() : simControls.undoChange());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Undo / redo for every configuration edit the run has journaled (console and API changes, live
 * faults): the latest change is taken back and the run replays to the current time without it;
 * redo puts it back at its own simulated time. The buttons name the change they act on.
 */
export function UndoRedo() {
  useUndoShortcuts();
  const undo = useSimStore((s) => s.frame?.journal.undo);
  const redo = useSimStore((s) => s.frame?.journal.redo);
  const button = 'rounded border border-slate-700 px-2 py-0.5 text-slate-200 hover:bg-slate-800 disabled:opacity-50';
  const describe = (change: { action: string; atUs: number } | undefined) => (change ? `${change.action} at ${formatSimTime(change.atUs)}` : undefined);
  return (
    <span className="flex items-center gap-1" data-testid="undo-redo">
      <button type="button" className={button} disabled={!undo} onClick={() => void simControls.undoChange()} title={undo ? `Undo ${describe(undo)} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z">
        Undo{undo ? ` ${undo.action}` : ''}
      </button>
      <button type="button" className={button} disabled={!redo} onClick={() => void simControls.redoChange()} title={redo ? `Redo ${describe(redo)} (Ctrl+Shift+Z)` : 'Nothing to redo'} aria-keyshortcuts="Control+Shift+Z">
        Redo{redo ? ` ${redo.action}` : ''}
      </button>
    </span>
  );
}
