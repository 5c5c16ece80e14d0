import { useSimStore } from '../store';
import { makeAutosave, writeAutosave } from './autosave';

/** While the run plays, its time is saved at most this often (wall ms). */
const PLAYING_SAVE_EVERY_MS = 2000;
/** Changes coming in a burst (a drag, a console form) are saved once, this long after the first. */
const DEBOUNCE_MS = 250;

/**
 * Keeps the autosave current: after every journal change, scenario load or seek, and every
 * couple of seconds while the run plays. `runFile` reads the run (scenario file with its journal)
 * from the worker. Returns a function that stops it.
 */
export function startAutosave(runFile: () => Promise<unknown>, storage: Pick<Storage, 'setItem'> = window.localStorage): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastSavedMs = 0;
  let disabled = false;
  const save = async (): Promise<void> => {
    timer = undefined;
    const { frame, seed, example } = useSimStore.getState();
    if (!frame || disabled) return;
    const scenario = await runFile();
    if (scenario === undefined) return;
    lastSavedMs = performance.now();
    // A full or disabled storage turns autosave off for the session rather than failing every time.
    if (!writeAutosave(storage as Storage, makeAutosave({ example, seed, atUs: frame.simTimeUs, playing: frame.playing, scenario }))) disabled = true;
  };
  // A save already due reads the state as it is then: it is never pushed back, or frames arriving
  // every few milliseconds while playing would postpone it for ever.
  const schedule = (): void => {
    timer ??= setTimeout(() => void save(), DEBOUNCE_MS);
  };
  const unsubscribe = useSimStore.subscribe((state, previous) => {
    const frame = state.frame;
    if (!frame) return;
    const changed =
      state.topology !== previous.topology ||
      frame.journal.revision !== previous.frame?.journal.revision ||
      frame.playing !== previous.frame?.playing ||
      (!frame.playing && frame.simTimeUs !== previous.frame?.simTimeUs);
    if (changed || (frame.playing && performance.now() - lastSavedMs >= PLAYING_SAVE_EVERY_MS)) schedule();
  });
  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}
