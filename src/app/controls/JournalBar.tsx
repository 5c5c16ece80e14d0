import { useState } from 'react';
import { simControls } from '../sim-client';
import { withoutSecrets } from '../scenario-io/secrets';
import { useSimStore } from '../store';
import { UndoRedo } from './UndoRedo';

/** `web-slb` → `web-slb-run.json`: a file name that says what it holds. */
export function runFileName(scenarioName: string): string {
  const base = scenarioName.trim().replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'scenario';
  return `${base}-run.json`;
}

/**
 * The run's command journal: how many changes it holds, a way to save the run (scenario plus
 * journal, which the CLI replays to the same trace hash), and — after a change made while seeking
 * back discarded later changes — the notice and its Undo.
 */
export function JournalBar() {
  const journal = useSimStore((s) => s.frame?.journal);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);
  if (!journal) return null;

  const save = async (): Promise<void> => {
    try {
      const run = (await simControls.scenario()) as { name?: string } | undefined;
      if (!run) throw new Error('the engine has no scenario loaded');
      const url = URL.createObjectURL(new Blob([JSON.stringify(withoutSecrets(run).document, null, 2)], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = runFileName(run.name ?? 'scenario');
      link.click();
      URL.revokeObjectURL(url);
      setSaveError(undefined);
    } catch (error) {
      setSaveError(`Could not save the run: ${(error as Error).message}`);
    }
  };

  return (
    <div className="mt-1 flex flex-wrap items-center gap-3 text-xs text-slate-400" aria-label="Command journal">
      <span data-testid="journal-entries">
        {journal.entries} {journal.entries === 1 ? 'change' : 'changes'} in the journal
      </span>
      <UndoRedo />
      <button type="button" className="rounded border border-slate-700 px-2 py-0.5 text-slate-200 hover:bg-slate-800" onClick={() => void save()} title="Download the scenario and its journal as a JSON file (private keys and API secrets are never saved)">
        Save run
      </button>
      {journal.discarded > 0 ? (
        <span role="status" data-testid="journal-branch" className="flex items-center gap-2 text-amber-300">
          A change made after seeking back discarded {journal.discarded} later {journal.discarded === 1 ? 'change' : 'changes'}.
          <button type="button" className="rounded border border-amber-700 px-2 py-0.5 hover:bg-amber-950" onClick={() => void simControls.undoBranch()}>
            Undo
          </button>
        </span>
      ) : null}
      {saveError ? <span role="alert" className="text-red-400">{saveError}</span> : null}
    </div>
  );
}
