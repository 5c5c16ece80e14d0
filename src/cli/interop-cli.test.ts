import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';
import { parseExportArgs, runExport } from './export';
import { parseImportArgs, runImport } from './import';
import { parseValidateArgs, runValidate } from './validate';
import { EXPORT_FORMATS, exportScenario, IMPORT_FORMATS } from '../interop/index';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import type { ScenarioInput } from '../scenario/schema';

function files(initial: Record<string, string>) {
  const store = new Map(Object.entries(initial));
  const out: string[] = [];
  const err: string[] = [];
  return {
    store,
    out,
    err,
    io: {
      readFile: (path: string) => {
        const text = store.get(path);
        if (text === undefined) throw new Error(`ENOENT ${path}`);
        return text;
      },
      write: (path: string, content: string) => void store.set(path, content),
      out: (text: string) => void out.push(text),
      err: (line: string) => void err.push(line),
    },
  };
}

describe('validate', () => {
  it('prints ok for each valid file and exits 0', async () => {
    const fs = files({ 'a.json': '{}', 'b.json': JSON.stringify({ name: 'b' }) });
    expect(await runValidate(parseValidateArgs(['a.json', 'b.json', 'l4-basic']), fs.io)).toBe(0);
    expect(fs.out).toEqual(['ok a.json', 'ok b.json', 'ok l4-basic']);
  });

  it('prints every error as FILE: path: rule (value) and exits 2', async () => {
    const bad = { loadBalancers: [{ listeners: [{ ListenerPort: 99999, Scheduler: 'foo' }] }], bogus: 1 };
    const fs = files({ 'bad.json': JSON.stringify(bad), 'ok.json': '{}', 'nojson.json': '{' });
    expect(await runValidate(parseValidateArgs(['bad.json', 'ok.json', 'nojson.json', 'gone.json']), fs.io)).toBe(2);
    expect(fs.out[0]).toMatch(/^bad\.json: loadBalancers\.0\.listeners\.0\.ListenerPort: .*65535 \(99999\)$/);
    expect(fs.out[1]).toMatch(/^bad\.json: loadBalancers\.0\.listeners\.0\.Scheduler: .* \("foo"\)$/);
    expect(fs.out[2]).toMatch(/^bad\.json: bogus: unknown field.* \(1\)$/);
    expect(fs.out[3]).toBe('ok ok.json');
    expect(fs.out[4]).toMatch(/^nojson\.json: \(file\): not valid JSON/);
    expect(fs.out[5]).toMatch(/^gone\.json: \(file\): cannot read/);
  });

  it('shows the value of an older file at the path the current format reports (after migration)', async () => {
    const fs = files({ 'v4.json': JSON.stringify({ version: 4, listeners: [{ ListenerPort: 80, Scheduler: 'fastest' }] }) });
    expect(await runValidate(parseValidateArgs(['v4.json']), fs.io)).toBe(2);
    expect(fs.out).toEqual([expect.stringMatching(/^v4\.json: loadBalancers\.0\.listeners\.0\.Scheduler: .* \("fastest"\)$/)]);
  });

  it('with --format checks that the file imports, naming line and column', async () => {
    const fs = files({ 'good.conf': 'virtual_server 10.0.0.1 80 {\n protocol TCP\n}\n', 'bad.conf': 'virtual_server 10.0.0.1 80 {\n' });
    expect(await runValidate(parseValidateArgs(['good.conf', 'bad.conf', '--format', 'keepalived']), fs.io)).toBe(2);
    expect(fs.out).toEqual(['ok good.conf', 'bad.conf: line 1, column 28: a "{" opened here is never closed (missing "}")']);
  });

  it('with --format terraform checks the HCL too (its parser is asynchronous)', async () => {
    const fs = files({ 'good.tf': 'resource "alicloud_slb_load_balancer" "lb" {\n  load_balancer_name = "web"\n}\n', 'bad.tf': 'resource "alicloud_slb_load_balancer" "lb" {\n' });
    expect(await runValidate(parseValidateArgs(['good.tf', 'bad.tf', '--format', 'terraform']), fs.io)).toBe(2);
    expect(fs.out[0]).toBe('ok good.tf');
    expect(fs.out[1]).toMatch(/^bad\.tf: line \d+, column \d+: /);
  });

  it('is wired into the CLI parser', () => {
    expect(parseArgs(['validate', 'x.json'])).toEqual({ command: 'validate', files: ['x.json'], format: undefined });
    expect(() => parseArgs(['validate'])).toThrow(/at least one file/);
  });
});

describe('export and import', () => {
  it('exports an example to stdout or a file', () => {
    const fs = files({});
    expect(runExport(parseExportArgs(['--example', 'l4-basic', '--format', 'ipvsadm']), fs.io)).toBe(0);
    expect(fs.out.join('')).toContain('-A -t 47.100.10.10:80 -s wrr');
    expect(runExport(parseExportArgs(['l4-basic', '--format', 'keepalived', '-o', 'out/k.conf']), fs.io)).toBe(0);
    expect(fs.store.get('out/k.conf')).toContain('virtual_server 47.100.10.10 80 {');
  });

  it.each(EXPORT_FORMATS())('export --format %s -o FILE writes what the exporter gives, with the files beside it', (format) => {
    expect(EXPORT_FORMATS()).toEqual(expect.arrayContaining(['aliyun', 'api-json', 'terraform', 'nginx', 'keepalived', 'ipvsadm']));
    const fs = files({});
    expect(runExport(parseExportArgs(['https-keyserver', '--format', format, '-o', 'out/main']), fs.io)).toBe(0);
    const expected = exportScenario(parseScenario(examples['https-keyserver']!), format);
    expect(expected[0]!.content.length).toBeGreaterThan(0);
    for (const file of expected) expect(fs.store.get(file.path === undefined ? 'out/main' : `out/${file.path}`)).toBe(file.content);
    expect(fs.store.size).toBe(expected.length);
  });

  it.each(IMPORT_FORMATS())('import --format %s -o FILE reads its own export back into a valid scenario', async (format) => {
    expect(IMPORT_FORMATS()).toEqual(expect.arrayContaining(['nginx', 'keepalived', 'ipvsadm', 'terraform']));
    const source = ['nginx', 'terraform'].includes(format) ? 'l7-rules' : 'l4-basic';
    const fs = files({ in: exportScenario(parseScenario(examples[source]!), format)[0]!.content });
    expect(await runImport(parseImportArgs(['in', '--format', format, '-o', 's.json']), fs.io)).toBe(0);
    expect(parseScenario(JSON.parse(fs.store.get('s.json')!) as ScenarioInput).listeners.length).toBeGreaterThan(0);
  });

  it('rejects unknown formats and missing arguments', () => {
    expect(() => parseExportArgs(['l4-basic', '--format', 'haproxy'])).toThrow(/not an export format/);
    expect(() => parseExportArgs(['--format', 'ipvsadm'])).toThrow(/needs a scenario/);
    expect(() => parseImportArgs(['x.conf'])).toThrow(/needs --format/);
    expect(parseArgs(['import', 'x.conf', '--format', 'ipvsadm', '-o', 'y.json'])).toEqual({ command: 'import', file: 'x.conf', format: 'ipvsadm', output: 'y.json' });
  });

  it('imports into a valid scenario, printing warnings and keeping them in the description', async () => {
    const fs = files({ 'rules.txt': '-A -t 10.0.0.1:80 -s lblc\n-a -t 10.0.0.1:80 -r 192.168.0.1:80 -m -w 2\n' });
    expect(await runImport(parseImportArgs(['rules.txt', '--format', 'ipvsadm', '-o', 's.json']), fs.io)).toBe(0);
    expect(fs.err[0]).toMatch(/^warning: rules\.txt line 1: scheduler lblc/);
    const scenario = JSON.parse(fs.store.get('s.json')!) as ScenarioInput;
    expect(scenario.description).toContain('line 1: scheduler lblc');
    expect(parseScenario(scenario).backendServers[0]).toMatchObject({ Weight: 2 });
  });

  it('a malformed file is an error with line and column', async () => {
    const fs = files({ 'bad.txt': '-A -t 10.0.0.1:80\n-a -t 10.0.0.1 -r x\n', 'bad.tf': 'resource "alicloud_slb_load_balancer" "x" {\n  address_type = \n}\n' });
    await expect(runImport(parseImportArgs(['bad.txt', '--format', 'ipvsadm']), fs.io)).rejects.toThrow(/ipvsadm line 2, column 7/);
    await expect(runImport(parseImportArgs(['bad.tf', '--format', 'terraform']), fs.io)).rejects.toThrow(/terraform line 2, column 18: Invalid expression/);
  });

  it('exports terraform with the certificates beside it and imports it back', async () => {
    const fs = files({});
    expect(runExport(parseExportArgs(['https-keyserver', '--format', 'terraform', '-o', 'tf/main.tf']), fs.io)).toBe(0);
    expect(fs.store.get('tf/main.tf')).toContain('resource "alicloud_slb_listener"');
    expect([...fs.store.keys()].some((k) => /^tf\/certs\/.*\.key$/.test(k))).toBe(true);
    expect(fs.store.get('tf/main.tf')).not.toContain('PRIVATE KEY');
    expect(await runImport(parseImportArgs(['tf/main.tf', '--format', 'terraform', '-o', 's.json']), fs.io)).toBe(0);
    const scenario = parseScenario(JSON.parse(fs.store.get('s.json')!) as ScenarioInput);
    expect(scenario.listeners.some((l) => l.ListenerProtocol === 'https')).toBe(true);
    expect(parseArgs(['import', 'main.tf', '--format', 'terraform'])).toMatchObject({ format: 'terraform' });
  });
});
