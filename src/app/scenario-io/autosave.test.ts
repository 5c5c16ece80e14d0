import { describe, expect, it } from 'vitest';
import { AUTOSAVE_KEY, CORRUPTED_KEY, makeAutosave, readAutosave, writeAutosave } from './autosave';

function memoryStorage(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const save = makeAutosave({ example: 'default', seed: 7, atUs: 12_000_000, playing: false, scenario: { name: 'x', journal: [] } }, new Date('2026-11-28T00:00:00Z'));

describe('autosave', () => {
  it('what is written is read back as it was', () => {
    const storage = memoryStorage();
    expect(writeAutosave(storage, save)).toBe(true);
    expect(readAutosave(storage)).toEqual({ kind: 'ok', save });
  });

  it('nothing stored reads as none', () => {
    expect(readAutosave(memoryStorage())).toEqual({ kind: 'none' });
  });

  it('a corrupted value is reported with what is wrong, moved aside for download, and the autosave cleared', () => {
    const cases: [string, RegExp][] = [
      ['{"format":"slb-sim-autosave",', /not JSON/],
      ['[1,2]', /not an object/],
      [JSON.stringify({ ...save, format: 'other' }), /format/],
      [JSON.stringify({ ...save, seed: -1 }), /seed/],
      [JSON.stringify({ ...save, atUs: 'soon' }), /atUs/],
      [JSON.stringify({ ...save, playing: 1 }), /playing/],
      [JSON.stringify({ ...save, scenario: null }), /scenario/],
    ];
    for (const [raw, problem] of cases) {
      const storage = memoryStorage({ [AUTOSAVE_KEY]: raw });
      const read = readAutosave(storage);
      expect(read.kind, raw).toBe('corrupted');
      if (read.kind === 'corrupted') expect(read.problem).toMatch(problem);
      expect(storage.items.get(CORRUPTED_KEY)).toBe(raw);
      expect(storage.items.has(AUTOSAVE_KEY)).toBe(false);
    }
  });

  it('a storage that refuses to write turns autosave off without an exception', () => {
    const full = { ...memoryStorage(), setItem: () => { throw new Error('QuotaExceededError'); } };
    expect(writeAutosave(full, save)).toBe(false);
  });
});
