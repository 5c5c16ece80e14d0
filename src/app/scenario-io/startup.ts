import { readAutosave, type Autosave } from './autosave';
import { decodeSharedRun, sharedRunOfHash, type SharedRun } from './share-link';

/** What the app opens on start, and what it has to tell the user about the choice. */
export type Start =
  | { kind: 'example'; notices: string[]; corruptedAutosave: boolean }
  | { kind: 'link'; run: SharedRun; notices: string[]; corruptedAutosave: boolean }
  | { kind: 'restore'; save: Autosave; notices: string[]; corruptedAutosave: boolean };

type Storage = Parameters<typeof readAutosave>[0];

/**
 * A share link in the fragment wins; then the autosaved run, unless the URL asks for something
 * else (another example, or a seed); else the example the URL names (default: `default`). A link
 * or autosave that cannot be used is reported, never fatal: the app starts on the example.
 */
export function chooseStart(search: string, hash: string, storage: Storage): Start {
  const notices: string[] = [];
  const link = sharedRunOfHash(hash);
  const autosave = readAutosave(storage);
  const corruptedAutosave = autosave.kind === 'corrupted';
  if (autosave.kind === 'corrupted') {
    notices.push(`The autosaved run could not be restored: ${autosave.problem}. It is kept: download it below. The app started on the built-in scenario instead.`);
  }
  if (link !== undefined) {
    const decoded = decodeSharedRun(link);
    if (decoded.ok) return { kind: 'link', run: decoded.run, notices, corruptedAutosave };
    notices.push(`The share link could not be opened: ${decoded.message}. The app started on the built-in scenario instead.`);
    return { kind: 'example', notices, corruptedAutosave };
  }
  if (autosave.kind === 'ok') {
    const params = new URLSearchParams(search);
    const asked = params.get('example');
    if ((asked === null || asked === autosave.save.example) && !params.has('seed')) return { kind: 'restore', save: autosave.save, notices, corruptedAutosave };
  }
  return { kind: 'example', notices, corruptedAutosave };
}
