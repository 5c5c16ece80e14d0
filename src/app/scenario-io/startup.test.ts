import { describe, expect, it } from 'vitest';
import { AUTOSAVE_KEY, CORRUPTED_KEY, makeAutosave } from './autosave';
import { encodeSharedRun } from './share-link';
import { chooseStart } from './startup';

function storage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return { items, getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), removeItem: (k: string) => void items.delete(k) };
}
const saved = makeAutosave({ example: 'l4-basic', seed: 4, atUs: 3e6, playing: true, scenario: { name: 'mine' } });
const withSave = () => storage({ [AUTOSAVE_KEY]: JSON.stringify(saved) });
const link = `#run=${encodeSharedRun({ scenario: { name: 'shared' }, seed: 9, atUs: 1e6 }).value}`;

describe('what the app opens on start', () => {
  it('nothing saved, no link: the example the URL names', () => {
    expect(chooseStart('?example=l4-basic', '', storage())).toEqual({ kind: 'example', notices: [], corruptedAutosave: false });
  });

  it('an autosave is restored on a plain reload, or when the URL names its own example', () => {
    for (const search of ['', '?example=l4-basic', '?example=l4-basic&paused']) expect(chooseStart(search, '', withSave())).toMatchObject({ kind: 'restore', save: saved });
  });

  it('the URL asking for another example or a seed wins over the autosave', () => {
    expect(chooseStart('?example=default', '', withSave()).kind).toBe('example');
    expect(chooseStart('?seed=3', '', withSave()).kind).toBe('example');
  });

  it('a share link wins over everything', () => {
    expect(chooseStart('?example=default', link, withSave())).toMatchObject({ kind: 'link', run: { scenario: { name: 'shared' }, seed: 9, atUs: 1e6 } });
  });

  it('a damaged link or a corrupted autosave is reported and the app starts on the example; the corrupted value is kept', () => {
    const broken = chooseStart('', '#run=1.AAAA', storage());
    expect(broken.kind).toBe('example');
    expect(broken.notices[0]).toMatch(/^The share link could not be opened: /);
    const store = storage({ [AUTOSAVE_KEY]: '{oops' });
    const start = chooseStart('', '', store);
    expect(start).toMatchObject({ kind: 'example', corruptedAutosave: true });
    expect(start.notices[0]).toMatch(/^The autosaved run could not be restored: it is not JSON/);
    expect(store.items.get(CORRUPTED_KEY)).toBe('{oops');
  });
});
