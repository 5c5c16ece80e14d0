/**
 * The last state of the app, kept in the browser's storage so a reload (or a crash) comes back to
 * it: the run's scenario file with its journal, the seed, the simulated time and whether it played.
 * A stored value that cannot be read is never thrown away: it moves to CORRUPTED_KEY, from where
 * the user can download it, and the app starts on the default scenario.
 */

export const AUTOSAVE_KEY = 'slb-sim:autosave';
export const CORRUPTED_KEY = 'slb-sim:autosave:corrupted';
const FORMAT = 'slb-sim-autosave';

export interface Autosave {
  format: typeof FORMAT;
  version: 1;
  savedAt: string;
  /** The built-in example the run started from, or `file` / `link` for one opened otherwise. */
  example: string;
  seed: number;
  atUs: number;
  playing: boolean;
  scenario: unknown;
}

export type AutosaveRead = { kind: 'none' } | { kind: 'ok'; save: Autosave } | { kind: 'corrupted'; problem: string };

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function makeAutosave(fields: Omit<Autosave, 'format' | 'version' | 'savedAt'>, now = new Date()): Autosave {
  return { format: FORMAT, version: 1, savedAt: now.toISOString(), ...fields };
}

/** Stores the state; false when the storage refuses (full, or disabled): autosave is then off, nothing else breaks. */
export function writeAutosave(storage: Storage, save: Autosave): boolean {
  try {
    storage.setItem(AUTOSAVE_KEY, JSON.stringify(save));
    return true;
  } catch {
    return false;
  }
}

/** Reads the stored state; anything unreadable is moved aside (see markCorrupted) and reported. */
export function readAutosave(storage: Storage): AutosaveRead {
  let raw: string | null;
  try {
    raw = storage.getItem(AUTOSAVE_KEY);
  } catch {
    return { kind: 'none' };
  }
  if (raw === null) return { kind: 'none' };
  const problem = problemOf(raw);
  if (problem === undefined) return { kind: 'ok', save: JSON.parse(raw) as Autosave };
  markCorrupted(storage, raw);
  return { kind: 'corrupted', problem };
}

function problemOf(raw: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return `it is not JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object';
  const save = value as Record<string, unknown>;
  if (save['format'] !== FORMAT || save['version'] !== 1) return `format: must be "${FORMAT}" version 1`;
  if (typeof save['example'] !== 'string') return 'example: must be a string';
  if (typeof save['seed'] !== 'number' || !Number.isSafeInteger(save['seed']) || save['seed'] < 0) return 'seed: must be a non-negative integer';
  if (typeof save['atUs'] !== 'number' || !Number.isFinite(save['atUs']) || save['atUs'] < 0) return 'atUs: must be a non-negative number';
  if (typeof save['playing'] !== 'boolean') return 'playing: must be true or false';
  if (typeof save['scenario'] !== 'object' || save['scenario'] === null) return 'scenario: missing';
  return undefined;
}

/** Moves a stored value the app could not use aside (kept for download) and clears the autosave. */
export function markCorrupted(storage: Storage, raw: string): void {
  try {
    storage.setItem(CORRUPTED_KEY, raw);
    storage.removeItem(AUTOSAVE_KEY);
  } catch {
    // Storage refused: the corrupted value stays where it was; the next start reports it again.
  }
}
