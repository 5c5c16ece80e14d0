import { simControls } from '../sim-client';
import { useSimStore } from '../store';

/** The run replaced by the last open, for its Undo. */
let previous: { scenario: unknown; seed: number; example: string } | undefined;

/**
 * Opens a scenario document (a file, the JSON view, an import) as the run: the engine validates
 * it and starts it at time 0 from its own seed; a refusal names each field and rule and leaves
 * the current run as it was. The run it replaces is kept for undoOpen.
 */
export async function openRun(document: unknown, example: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const current = await simControls.scenario();
  const { seed, example: currentExample } = useSimStore.getState();
  const ownSeed = typeof document === 'object' && document !== null && typeof (document as { seed?: unknown }).seed === 'number' ? (document as { seed: number }).seed : 1;
  try {
    await simControls.loadScenario(document, ownSeed, example);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  previous = current === undefined ? undefined : { scenario: current, seed, example: currentExample };
  return { ok: true };
}

/** Brings back the run the last open replaced (from its time 0, journal included). */
export async function undoOpen(): Promise<boolean> {
  if (!previous) return false;
  const { scenario, seed, example } = previous;
  previous = undefined;
  await simControls.loadScenario(scenario, seed, example);
  return true;
}
