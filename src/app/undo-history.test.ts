import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, nextRedo, nextUndo, record, redidScenario, undidScenario, type ScenarioStep, type Snapshot } from './undo-history';

const run = (name: string): Snapshot => ({ scenario: { name }, seed: 1, example: name, atUs: 0 });
const step = (label: string, baseline = 0): ScenarioStep => ({ label, before: run(`before ${label}`), after: run(`after ${label}`), baseline });
const change = { action: 'SetBackendServers', atUs: 2_000_000 };

describe('the one undo / redo history', () => {
  it('undoes journaled changes made after a replacement first, then the replacement', () => {
    const history = record(EMPTY_HISTORY, step('open file', 1));
    // The file brought one entry; the user made one more.
    expect(nextUndo(history, { entries: 2, undo: change })).toEqual({ kind: 'journal' });
    // Down to the file's own journal: the next undo is the open itself, not the file's entry.
    expect(nextUndo(history, { entries: 1, undo: change })).toMatchObject({ kind: 'scenario', step: { label: 'open file' } });
  });

  it('with no replacement, undo is the worker journal (or nothing)', () => {
    expect(nextUndo(EMPTY_HISTORY, { entries: 1, undo: change })).toEqual({ kind: 'journal' });
    expect(nextUndo(EMPTY_HISTORY, { entries: 0 })).toEqual({ kind: 'none' });
  });

  it('walks back over two replacements in order and forward again', () => {
    let history = record(record(EMPTY_HISTORY, step('first')), step('second'));
    const next = nextUndo(history, { entries: 0 });
    expect(next).toMatchObject({ kind: 'scenario', step: { label: 'second' } });
    history = undidScenario(history, run('second as it was'), { entries: 0 });
    expect(nextUndo(history, { entries: 0 })).toMatchObject({ step: { label: 'first' } });
    history = undidScenario(history, run('first as it was'), { entries: 0 });
    expect(nextUndo(history, { entries: 0 })).toEqual({ kind: 'none' });
    // Redo: the first replacement first, loading the run as it was when undone.
    expect(nextRedo(history, { entries: 0 })).toMatchObject({ kind: 'scenario', step: { label: 'first', after: { scenario: { name: 'first as it was' } } } });
    history = redidScenario(history, { entries: 0 });
    expect(nextRedo(history, { entries: 0 })).toMatchObject({ step: { label: 'second' } });
    history = redidScenario(history, { entries: 0 });
    expect(nextRedo(history, { entries: 0 })).toEqual({ kind: 'none' });
    expect(nextUndo(history, { entries: 0 })).toMatchObject({ step: { label: 'second' } });
  });

  it('redoes the worker journal before a replacement undone earlier', () => {
    const history = undidScenario(record(EMPTY_HISTORY, step('open')), run('after'), { entries: 1, undo: change });
    // A journaled change undone after the replacement was undone comes back first.
    expect(nextRedo(history, { entries: 0, redo: change })).toEqual({ kind: 'journal' });
    expect(nextRedo(history, { entries: 1, undo: change })).toMatchObject({ kind: 'scenario' });
  });

  it('a new edit after undo clears the redo side', () => {
    const undone = undidScenario(record(EMPTY_HISTORY, step('open')), run('after'), { entries: 0 });
    // A journaled change since: the journal differs from when the replacement was undone.
    expect(nextRedo(undone, { entries: 1, undo: change })).toEqual({ kind: 'none' });
    // A new replacement since.
    const replaced = record(undone, step('json'));
    expect(replaced.undone).toEqual([]);
    expect(nextRedo(replaced, { entries: 0 })).toEqual({ kind: 'none' });
  });
});
