import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, nextRedo, nextUndo, record, redidScenario, undidScenario, type JournalView, type Snapshot } from './undo-history';

const run = (name: string): Snapshot => ({ scenario: { name }, seed: 1, example: name, atUs: 0 });
const none: JournalView = { entries: 0 };
const oneChange: JournalView = { entries: 1, undo: { action: 'SetBackendServers', atUs: 2 } };

describe('one undo / redo history over journaled changes and scenario replacements', () => {
  it('undoes a journaled change made after a replacement first, then the replacement', () => {
    const h = record(EMPTY_HISTORY, { label: 'open file', before: run('a'), after: run('b'), baseline: 0 });
    expect(nextUndo(h, oneChange).kind).toBe('journal');
    const next = nextUndo(h, none);
    expect(next.kind === 'scenario' && next.step.label).toBe('open file');
  });

  it('does not undo below the journal the replacing document brought', () => {
    const h = record(EMPTY_HISTORY, { label: 'open file', before: run('a'), after: run('b'), baseline: 1 });
    expect(nextUndo(h, oneChange).kind).toBe('scenario');
  });

  it('with no replacement, undo is the journal or nothing', () => {
    expect(nextUndo(EMPTY_HISTORY, oneChange).kind).toBe('journal');
    expect(nextUndo(EMPTY_HISTORY, none).kind).toBe('none');
  });

  it('redoes an undone replacement, then the journal redo, in order', () => {
    let h = record(EMPTY_HISTORY, { label: 'open file', before: run('a'), after: run('b'), baseline: 0 });
    h = undidScenario(h, run('b2'), none);
    const redo = nextRedo(h, none);
    expect(redo.kind).toBe('scenario');
    expect(redo.kind === 'scenario' && redo.step.after.example).toBe('b2');
    h = redidScenario(h, none);
    expect(nextRedo(h, none).kind).toBe('none');
    expect(nextRedo(h, { entries: 0, redo: { action: 'SetBackendServers', atUs: 2 } }).kind).toBe('journal');
    expect(nextUndo(h, none).kind).toBe('scenario');
  });

  it('walks two replacements back and forth in order', () => {
    let h = record(EMPTY_HISTORY, { label: 'open file', before: run('a'), after: run('b'), baseline: 0 });
    h = record(h, { label: 'schedule Apply', before: run('b'), after: run('c'), baseline: 0 });
    const first = nextUndo(h, none);
    expect(first.kind === 'scenario' && first.step.label).toBe('schedule Apply');
    h = undidScenario(h, run('c'), none);
    const second = nextUndo(h, none);
    expect(second.kind === 'scenario' && second.step.label).toBe('open file');
    h = undidScenario(h, run('b'), none);
    const back = nextRedo(h, none);
    expect(back.kind === 'scenario' && back.step.label).toBe('open file');
    h = redidScenario(h, none);
    const again = nextRedo(h, none);
    expect(again.kind === 'scenario' && again.step.label).toBe('schedule Apply');
  });

  it('a new edit after an undo clears the redo side', () => {
    let h = record(EMPTY_HISTORY, { label: 'open file', before: run('a'), after: run('b'), baseline: 0 });
    h = undidScenario(h, run('b'), none);
    expect(nextRedo(h, oneChange).kind).toBe('none'); // a journaled change since
    h = record(h, { label: 'JSON Apply', before: run('a'), after: run('d'), baseline: 0 });
    expect(nextRedo(h, none).kind).toBe('none'); // a replacement since
  });
});
