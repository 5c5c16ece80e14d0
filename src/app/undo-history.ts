/**
 * One undo / redo history over both kinds of configuration edit, in the order they were made:
 * journaled changes (the worker keeps and undoes those itself) and scenario replacements (open a
 * file, JSON Apply, Import), which the worker cannot undo because a load starts a new run. This
 * module only decides which kind the next undo or redo acts on; it holds no run and does no I/O.
 *
 * A replacement is a boundary: journaled changes made after it are undone first (down to the
 * journal the replacing document brought, `baseline`), then the replacement itself.
 */

/** A run to load again: its scenario file (journal included), seed, example name and time. */
export interface Snapshot {
  scenario: unknown;
  seed: number;
  example: string;
  atUs: number;
  /** Latest journal entries that were undone (kept for redo) when this was taken: undone again after loading it. */
  undone?: number;
}

export interface ScenarioStep {
  label: string;
  before: Snapshot;
  after: Snapshot;
  /** Journal entries the replacing document itself brought: undo goes no lower inside this step. */
  baseline: number;
}

/** What the worker's frame says about its journal. */
export interface JournalView {
  entries: number;
  undo?: { action: string; atUs: number } | undefined;
  redo?: { action: string; atUs: number } | undefined;
}

export interface History {
  done: ScenarioStep[];
  undone: ScenarioStep[];
  /** The journal as it was when the latest replacement was undone: a different one means a new edit since, and no redo. */
  undoneAt: string | undefined;
}

export const EMPTY_HISTORY: History = { done: [], undone: [], undoneAt: undefined };

export type Next = { kind: 'journal' } | { kind: 'scenario'; step: ScenarioStep } | { kind: 'none' };

/** Identifies a journal state (length and latest entry) to notice edits made since. */
export function journalKey(journal: JournalView): string {
  return `${journal.entries}|${journal.undo ? `${journal.undo.action}@${journal.undo.atUs}` : ''}`;
}

/** A new replacement: it goes on top, and whatever was undone can no longer be redone. */
export function record(history: History, step: ScenarioStep): History {
  return { done: [...history.done, step], undone: [], undoneAt: undefined };
}

/** The latest edit: a journaled change made after the latest replacement, else that replacement. */
export function nextUndo(history: History, journal: JournalView): Next {
  const top = history.done[history.done.length - 1];
  if (journal.undo && (!top || journal.entries > top.baseline)) return { kind: 'journal' };
  return top ? { kind: 'scenario', step: top } : { kind: 'none' };
}

/** The edit undone last: the worker's own redo first (it was undone after), then a replacement, unless an edit came since. */
export function nextRedo(history: History, journal: JournalView): Next {
  if (journal.redo) return { kind: 'journal' };
  const top = history.undone[history.undone.length - 1];
  return top && history.undoneAt === journalKey(journal) ? { kind: 'scenario', step: top } : { kind: 'none' };
}

/**
 * The latest replacement was undone: `after` is the run as it was then (journal included) for
 * redo, and `restored` the journal of the run loaded back.
 */
export function undidScenario(history: History, after: Snapshot, restored: JournalView): History {
  const top = history.done[history.done.length - 1];
  if (!top) return history;
  return { done: history.done.slice(0, -1), undone: [...history.undone, { ...top, after }], undoneAt: journalKey(restored) };
}

/** The replacement undone last was redone; `restored` is the journal of the run loaded back. */
export function redidScenario(history: History, restored: JournalView): History {
  const top = history.undone[history.undone.length - 1];
  if (!top) return history;
  const undone = history.undone.slice(0, -1);
  return { done: [...history.done, top], undone, undoneAt: undone.length > 0 ? journalKey(restored) : undefined };
}
