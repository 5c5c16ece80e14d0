import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { exportScenario, importText, ImportSyntaxError } from './index';
import { l7ConfigOf, l7SubsetScenario } from './l7-subset.testkit';

describe('nginx export', () => {
  it('writes servers, locations, upstreams and comments for what nginx cannot say', () => {
    const [main] = exportScenario(parseScenario(examples['l7-rules']!), 'nginx');
    expect(main!.content).toContain('upstream lb-bp1l7rules00001_80_rsp-api {\n        server 192.168.0.21:8080 weight=5;');
    expect(main!.content).toContain('server_name *.example.com;');
    expect(main!.content).toContain('location /api {');
    expect(main!.content).toMatch(/# SLB StickySession insert/);
    expect(main!.content).toMatch(/# SLB health check/);
    expect(main!.content).not.toMatch(/^\s*sticky|health_check/m);
  });

  it('points HTTPS servers at placeholder certificate files, never at a real key', () => {
    const files = exportScenario(parseScenario(examples['https-keyserver']!), 'nginx', { includeSecrets: false });
    expect(files[0]!.content).toContain('ssl_certificate certs/');
    expect(files.slice(1).map((f) => f.path)).toEqual(expect.arrayContaining([expect.stringMatching(/^certs\/.*\.crt$/), expect.stringMatching(/^certs\/.*\.key$/)]));
    expect(files.find((f) => f.path?.endsWith('.crt'))!.content).toContain('placeholder');
  });
});

describe('nginx import', () => {
  it('lists what it does not understand, with lines', () => {
    const conf = 'worker_processes 2;\nevents {}\nhttp {\n  upstream u { ip_hash; server 10.0.0.1:8080 weight=3; server backend.local; }\n  server {\n    listen 8080;\n    location ~ \\.php$ { proxy_pass http://u; }\n    location / { proxy_pass http://u; rewrite ^ /x; }\n  }\n}\n';
    const { scenario, warnings } = importText(conf, 'nginx');
    expect(warnings.map((w) => w.line)).toEqual([1, 4, 4, 7, 8]);
    const parsed = parseScenario(scenario);
    expect(parsed.listeners[0]).toMatchObject({ ListenerProtocol: 'http', ListenerPort: 8080, Scheduler: 'wrr', VServerGroupId: 'rsp-1' });
    expect(parsed.vServerGroups[0]!.BackendServers).toEqual([{ ServerId: 'i-0a000001', Port: 8080, Weight: 3 }]);
  });

  it('says where nginx and SLB differ: a proxied location ending in "/" redirects its URL without the slash', () => {
    const conf = 'http {\n  upstream u { server 10.0.0.1:80; }\n  server {\n    listen 80;\n    location / { proxy_pass http://u; }\n    location /img/ { proxy_pass http://u; }\n  }\n}\n';
    const { warnings } = importText(conf, 'nginx');
    expect(warnings).toEqual([{ line: 6, message: 'location /img/: nginx answers /img with a 301 to /img/; the SLB rule /img/ does not match /img, which the other rules serve' }]);
  });

  it('a malformed file is an error with line and column', () => {
    expect(() => importText('http {\n  server {\n    listen 80;\n', 'nginx')).toThrow(/nginx\.conf line 2, column 3: .*never closed/);
    expect(() => importText('http {\n   server { listen abc; }\n}', 'nginx')).toThrow(ImportSyntaxError);
  });
});

describe('nginx round trip export → import keeps the HTTP/HTTPS config', () => {
  it('random scenarios of the supported subset', () => {
    fc.assert(
      fc.property(l7SubsetScenario(), (input) => {
        const original = parseScenario(input);
        const { scenario, warnings } = importText(exportScenario(original, 'nginx')[0]!.content, 'nginx');
        expect(l7ConfigOf(parseScenario(scenario))).toEqual(l7ConfigOf(original));
        // The one difference nginx and SLB keep (a Url ending in "/", docs/INTEROP.md) is said, nothing else.
        const slashUrls = original.listeners.flatMap((l) => (l.Rules ?? []).flatMap((r) => (r.Url !== undefined && r.Url.length > 1 && r.Url.endsWith('/') ? [r.Url] : [])));
        expect(warnings.filter((w) => !slashUrls.some((u) => w.message.startsWith(`location ${u}: nginx answers ${u.slice(0, -1)} with a 301`)))).toEqual([]);
        if (slashUrls.length > 0) expect(warnings.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  });

  it('never hangs or crashes on random and mutated files', () => {
    const seeds = [exportScenario(parseScenario(examples['l7-rules']!), 'nginx')[0]!.content, exportScenario(parseScenario(examples['https-keyserver']!), 'nginx')[0]!.content];
    const junk = fc.string({ unit: fc.constantFrom('{', '}', ';', ' ', '\n', '#', '"', "'", '\\', 'server', 'listen', 'location', 'upstream', 'http', '80', '/a', 'proxy_pass', 'http://u', 'weight=0', '10.0.0.1', 'ssl', '$') });
    fc.assert(
      fc.property(
        fc.oneof(
          junk,
          fc.tuple(fc.constantFrom(...seeds), fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 12 }), ins: junk }), { maxLength: 4 })).map(([base, cuts]) =>
            cuts.reduce((s, c) => {
              const at = c.at % (s.length + 1);
              return s.slice(0, at) + c.ins + s.slice(at + c.del);
            }, base),
          ),
        ),
        (input) => {
          try {
            parseScenario(importText(input, 'nginx').scenario);
          } catch (error) {
            expect(error).toBeInstanceOf(ImportSyntaxError);
            expect((error as ImportSyntaxError).position.line).toBeGreaterThanOrEqual(1);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
