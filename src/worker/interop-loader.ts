import type * as InteropModule from '../interop/index';

/**
 * The interop code (exporters and importers of keepalived, nginx, terraform…) is only needed when
 * the user exports a run or imports a configuration, so the engine's worker loads it then, as a
 * chunk of its own, rather than with its first script (docs/ARCHITECTURE.md, "First load").
 */
export type Interop = typeof InteropModule;
export type InteropLoader = () => Promise<Interop>;

/**
 * Loads once and hands every caller the same module. A failed load (a chunk the network lost) is
 * not kept: the next call tries again rather than failing for the rest of the session.
 */
export function cachedLoader(load: InteropLoader): InteropLoader {
  let loading: Promise<Interop> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

/** The interop module as Node (the CLI, tests) uses it: terraform's importer reads HCL with Node's parser. */
export const loadInterop: InteropLoader = cachedLoader(() => import('../interop/index'));
