import { simControls } from '../sim-client';
import { recordReplacement, snapshot, undoEdit } from './history';

/**
 * Opens a scenario document (a file, the JSON view, an import) as the run: the engine validates
 * it and starts it at time 0 from its own seed; a refusal names each field and rule and leaves
 * the current run as it was. The replacement joins the undo / redo history (history.ts).
 */
export async function openRun(document: unknown, example: string, label = `open ${example}`): Promise<{ ok: true } | { ok: false; message: string }> {
  const before = await snapshot();
  const ownSeed = typeof document === 'object' && document !== null && typeof (document as { seed?: unknown }).seed === 'number' ? (document as { seed: number }).seed : 1;
  try {
    await simControls.loadScenario(document, ownSeed, example);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  if (before) recordReplacement(label, before, { scenario: document, seed: ownSeed, example, atUs: 0 });
  return { ok: true };
}

/** The status line's Undo: the latest edit (this open, when nothing was changed since), like Ctrl+Z. */
export async function undoOpen(): Promise<boolean> {
  return (await undoEdit()) !== 'none';
}
