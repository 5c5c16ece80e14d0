import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { formatsUnavailable, guessImportFormat, parseJsonText, zipFiles } from './files';

describe('scenario files', () => {
  it('a JSON error names its line and column', () => {
    const parsed = parseJsonText('{\n  "name": "x",\n  "seed": ,\n}');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect([parsed.line, parsed.column]).toEqual([3, 11]);
      expect(parsed.message).toMatch(/^line 3, column 11: /);
    }
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    const empty = parseJsonText('');
    expect(empty.ok ? undefined : [empty.line, empty.column]).toEqual([1, 1]);
  });

  it('zips several files with their paths', () => {
    const zip = unzipSync(zipFiles([{ path: 'nginx.conf', content: 'events {}' }, { path: 'certs/a.pem', content: 'PEM' }]));
    expect(Object.keys(zip).sort()).toEqual(['certs/a.pem', 'nginx.conf']);
    expect(strFromU8(zip['certs/a.pem']!)).toBe('PEM');
  });

  it('guesses the import format from the file name, within what the app offers', () => {
    const formats = ['keepalived', 'ipvsadm', 'nginx', 'terraform'];
    expect(guessImportFormat('main.tf', formats)).toBe('terraform');
    expect(guessImportFormat('keepalived.conf', formats)).toBe('keepalived');
    expect(guessImportFormat('ipvsadm.rules', formats)).toBe('ipvsadm');
    expect(guessImportFormat('site.conf', formats)).toBe('nginx');
    expect(guessImportFormat('main.tf', ['nginx'])).toBe('nginx');
  });
});

describe('jsonErrorOffset: where JSON text first goes wrong', () => {
  it('points at the first character that cannot continue a document', async () => {
    const { jsonErrorOffset } = await import('./json-error');
    const at = (text: string) => jsonErrorOffset(text);
    expect(at('{"a": 1,}')).toBe(8);
    expect(at('[1, 2')).toBe(5);
    expect(at('{"a" 1}')).toBe(5);
    expect(at('tru')).toBe(3);
    expect(at('"abc')).toBe(4);
    expect(at('{"a": "\\x"}')).toBe(8);
    expect(at('[01]')).toBe(2);
    expect(at('{} x')).toBe(3);
  });

  it('agrees with JSON.parse on random text: an offset inside the text exactly when the text is not JSON', async () => {
    const fc = (await import('fast-check')).default;
    const { jsonErrorOffset } = await import('./json-error');
    const texts = fc.oneof(fc.json(), fc.json().chain((j) => fc.nat(j.length).map((cut) => j.slice(0, cut))), fc.string());
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const offset = jsonErrorOffset(text);
        expect(offset >= 0 && offset <= text.length).toBe(true);
        if (valid) expect(offset).toBe(text.length);
      }),
      { numRuns: 500, seed: 28 },
    );
  });
});

describe('formatsUnavailable', () => {
  it('names the cause and says what to do', () => {
    expect(formatsUnavailable(new Error('Failed to fetch dynamically imported module'))).toBe(
      'The formats could not be loaded (Failed to fetch dynamically imported module). Check the connection, then close and reopen this dialog.',
    );
    expect(formatsUnavailable('offline')).toMatch(/\(offline\)/);
  });
});
