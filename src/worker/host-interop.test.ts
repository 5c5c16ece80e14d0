import { describe, expect, it } from 'vitest';
import { ok, pausedHost } from '../test/paused-host';
import { defaultScenario } from '../scenario/examples/default';
import { SimHost, type HostClock } from './host';
import { cachedLoader, type Interop } from './interop-loader';

const S = 1_000_000;
const clock: HostClock = { nowMs: () => 0, every: () => () => undefined };

describe('export and import through the host, the interop code loaded at first use', () => {
  it('lists the formats, exports the configuration in force and reads it back', async () => {
    const host = pausedHost();
    const formats = await host.interopFormats();
    expect(formats.export).toEqual(['keepalived', 'ipvsadm', 'nginx', 'aliyun', 'terraform', 'api-json']);
    expect(formats.import).toEqual(['keepalived', 'ipvsadm', 'nginx', 'terraform']);
    const exported = await host.exportRun('keepalived');
    if (!exported.ok) throw new Error(exported.message);
    const text = exported.files[0]?.content ?? '';
    expect(text).toContain('virtual_server');
    const imported = await host.importConfig(text, 'keepalived', 'default.conf');
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
  });

  it('a malformed file gets its line and column; an unknown format is named', async () => {
    const host = pausedHost();
    const malformed = await host.importConfig('}', 'keepalived');
    expect(malformed).toMatchObject({ ok: false, line: 1, column: 1 });
    expect(await host.exportRun('yaml')).toEqual({
      ok: false,
      message: expect.stringContaining('--format: "yaml" is not an export format'),
    });
    expect(await host.importConfig('x', 'yaml')).toEqual({
      ok: false,
      message: expect.stringContaining('--format: "yaml" is not an import format'),
    });
  });

  it('exports the configuration as it was asked for, even if a change comes while the code loads', async () => {
    let release: (interop: Interop) => void = () => undefined;
    const host = new SimHost(
      clock,
      cachedLoader(() => new Promise<Interop>((resolve) => (release = resolve))),
    );
    host.load(defaultScenario);
    host.runUntil(1 * S);
    const answer = host.exportRun('api-json');
    ok(host.api({ Action: 'CreateLoadBalancer', RegionId: 'cn-hangzhou', LoadBalancerName: 'made-while-loading' }));
    release(await import('../interop/index'));
    const exported = await answer;
    if (!exported.ok) throw new Error(exported.message);
    expect(exported.files[0]?.content).not.toContain('made-while-loading');
    // Asked after it, the export has the change.
    const after = await host.exportRun('api-json');
    expect(after.ok && after.files[0]?.content).toContain('made-while-loading');
  });

  it('exporting before a scenario is loaded is a refusal that says so', async () => {
    expect(await new SimHost(clock).exportRun('api-json')).toEqual({ ok: false, message: 'no scenario loaded' });
  });

  it('code that cannot be loaded is a refusal with the reason, not a crash', async () => {
    const host = new SimHost(clock, () => Promise.reject(new Error('the interop chunk could not be fetched')));
    host.load(defaultScenario);
    expect(await host.exportRun('nginx')).toEqual({ ok: false, message: 'the interop chunk could not be fetched' });
    expect(await host.importConfig('x', 'nginx')).toEqual({ ok: false, message: 'the interop chunk could not be fetched' });
    await expect(host.interopFormats()).rejects.toThrow('the interop chunk could not be fetched');
  });
});
