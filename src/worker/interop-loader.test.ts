import { describe, expect, it } from 'vitest';
import { cachedLoader, loadInterop, type Interop } from './interop-loader';

describe('the interop code loaded at first use', () => {
  it('loads once: every caller, at once or later, gets the same module', async () => {
    let loads = 0;
    const load = cachedLoader(async () => {
      loads++;
      return import('../interop/index');
    });
    const [a, b] = await Promise.all([load(), load()]);
    const c = await load();
    expect(loads).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(a.EXPORT_FORMATS()).toContain('keepalived');
  });

  it('does not keep a failed load: the next call tries again', async () => {
    let loads = 0;
    const load = cachedLoader(async (): Promise<Interop> => {
      loads++;
      if (loads === 1) throw new Error('the chunk could not be fetched');
      return import('../interop/index');
    });
    await expect(load()).rejects.toThrow('the chunk could not be fetched');
    const interop = await load();
    expect(loads).toBe(2);
    expect(interop.IMPORT_FORMATS()).toContain('terraform');
  });

  it("Node's default loader gives the interop module itself", async () => {
    expect(await loadInterop()).toBe(await import('../interop/index'));
  });
});
