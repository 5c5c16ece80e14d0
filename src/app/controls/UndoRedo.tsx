import { useEffect, useSyncExternalStore } from 'react';
import { formatSimTime } from '../../shared/units';
import { historyVersion, redoEdit, redoLabel, subscribeHistory, undoEdit, undoLabel } from '../scenario-io/history';
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
      void (redo ? redoEdit() : undoEdit());
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/**
 * Undo / redo for every configuration edit, in one history (scenario-io/history.ts): journaled
 * changes (console and API, live faults) are taken back and the run replays to the current time
 * without them, redo puts them back at their own simulated time; a scenario replacement (open a
 * file, JSON Apply, Import, the fault schedule's Apply) loads the run before it again, journal and
 * time included, and redo loads the replacement back. The buttons name the edit they act on.
 */
export function UndoRedo() {
  useUndoShortcuts();
  useSyncExternalStore(subscribeHistory, historyVersion);
  useSimStore((s) => s.frame?.journal.entries); // the labels depend on the journal's length too
  const journalUndo = useSimStore((s) => s.frame?.journal.undo);
  const journalRedo = useSimStore((s) => s.frame?.journal.redo);
  const scenarioUndo = undoLabel();
  const scenarioRedo = redoLabel();
  const undo = scenarioUndo !== undefined ? { action: scenarioUndo, atUs: undefined } : journalUndo;
  const redo = scenarioRedo !== undefined ? { action: scenarioRedo, atUs: undefined } : journalRedo;
  const button = 'rounded border border-slate-700 px-2 py-0.5 text-slate-200 hover:bg-slate-800 disabled:opacity-50';
  const describe = (change: { action: string; atUs: number | undefined } | undefined) => (change ? (change.atUs === undefined ? change.action : `${change.action} at ${formatSimTime(change.atUs)}`) : undefined);
  return (
    <span className="flex items-center gap-1" data-testid="undo-redo">
      <button type="button" className={button} disabled={!undo} onClick={() => void undoEdit()} title={undo ? `Undo ${describe(undo)} (Ctrl+Z)` : 'Nothing to undo'} aria-keyshortcuts="Control+Z">
        Undo{undo ? ` ${undo.action}` : ''}
      </button>
      <button type="button" className={button} disabled={!redo} onClick={() => void redoEdit()} title={redo ? `Redo ${describe(redo)} (Ctrl+Shift+Z)` : 'Nothing to redo'} aria-keyshortcuts="Control+Shift+Z">
        Redo{redo ? ` ${redo.action}` : ''}
      </button>
    </span>
  );
}
