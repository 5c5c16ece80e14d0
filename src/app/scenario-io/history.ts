import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { EMPTY_HISTORY, nextRedo, nextUndo, record, redidScenario, undidScenario, type History, type JournalView, type Snapshot } from '../undo-history';

/** The app's one undo / redo history (see undo-history.ts): journaled changes and scenario replacements in order. */
let history: History = EMPTY_HISTORY;
let busy = false;

function journal(): JournalView {
  return useSimStore.getState().frame?.journal ?? { entries: 0 };
}

function journalLength(document: unknown): number {
  const entries = (document as { journal?: unknown } | null)?.journal;
  return Array.isArray(entries) ? entries.length : 0;
}

/** The run as it is now, to load again later. */
export async function snapshot(): Promise<Snapshot | undefined> {
  const scenario = await simControls.scenario();
  if (scenario === undefined) return undefined;
  const { seed, example, frame } = useSimStore.getState();
  return { scenario, seed, example, atUs: frame?.simTimeUs ?? 0 };
}

/** Loads a snapshot back: the scenario with its journal, from its seed, replayed to its time. */
async function restore(run: Snapshot): Promise<void> {
  await simControls.loadScenario(run.scenario, run.seed, run.example);
  if (run.atUs > 0) await simControls.runUntil(run.atUs);
  for (let i = 0; i < (run.undone ?? 0); i++) await simControls.undoChange();
}

/** A scenario replacement that has happened (`before` was the run it replaced): it joins the history and clears its redo side. */
export function recordReplacement(label: string, before: Snapshot, after: Snapshot): void {
  history = record(history, { label, before, after, baseline: journalLength(after.scenario) });
  bump();
}

/** A built-in example replaced the run: the history starts again (the example picker is navigation, not an edit). */
export function resetHistory(): void {
  history = EMPTY_HISTORY;
  bump();
}

/** What undo would act on: a journaled change, a replacement (its label), or nothing. */
export function undoLabel(): string | undefined {
  const next = nextUndo(history, journal());
  return next.kind === 'scenario' ? next.step.label : undefined;
}

export function redoLabel(): string | undefined {
  const next = nextRedo(history, journal());
  return next.kind === 'scenario' ? next.step.label : undefined;
}

/** Undoes the latest edit of either kind; resolves to what it undid. */
export async function undoEdit(): Promise<'journal' | 'scenario' | 'none'> {
  if (busy) return 'none';
  const next = nextUndo(history, journal());
  if (next.kind === 'journal') await simControls.undoChange();
  if (next.kind !== 'scenario') return next.kind;
  return replacing(async () => {
    // A load empties the worker's redo side: its undone changes are put back into the snapshot
    // and undone again when it is redone, so Ctrl+Shift+Z still reaches them afterwards.
    let undone = 0;
    while (journal().redo && undone < 10_000) {
      await simControls.redoChange();
      undone++;
    }
    const now = await snapshot();
    const after = now ? { ...now, undone } : next.step.after;
    await restore(next.step.before);
    history = undidScenario(history, after, journal());
  });
}

/** Redoes the edit undone last, of either kind. */
export async function redoEdit(): Promise<'journal' | 'scenario' | 'none'> {
  if (busy) return 'none';
  const next = nextRedo(history, journal());
  if (next.kind === 'journal') await simControls.redoChange();
  if (next.kind !== 'scenario') return next.kind;
  return replacing(async () => {
    await restore(next.step.after);
    history = redidScenario(history, journal());
  });
}

/** Loads another run for an undo or redo: one at a time (a key held down repeats), then views re-render. */
async function replacing(load: () => Promise<void>): Promise<'scenario'> {
  busy = true;
  try {
    await load();
  } finally {
    busy = false;
  }
  bump();
  return 'scenario';
}

/** Views showing the history's labels re-render on this (the journal's own changes arrive with frames). */
let listeners: Array<() => void> = [];
let version = 0;
function bump(): void {
  version++;
  for (const listener of listeners) listener();
}
export function subscribeHistory(listener: () => void): () => void {
  listeners = [...listeners, listener];
  return () => {
    listeners = listeners.filter((l) => l !== listener);
  };
}
export function historyVersion(): number {
  return version;
}
