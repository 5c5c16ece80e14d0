import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createScenarioRouter } from '../engine/tengine/scenario-router';
import { parseNginxConfig, type NginxConfig } from '../nginx/config';
import { createNginxRouter } from '../nginx/router';
import type { Scenario } from '../scenario/schema';
import { parseScenario } from '../scenario/validate';
import { exportScenario, importText } from './index';
import { domainRoutes, domainRulesOf } from './nginx-domains';
import { l7SubsetScenario, PROBE_HOSTS, PROBE_PATHS } from './l7-subset.testkit';

/**
 * An imported nginx file routes as nginx does: for every request, the layer-7 issue's nginx router
 * (nginx's server selection and location matching, run on the file) and the simulator's router
 * (run on the imported scenario, and on the scenario the file was exported from) pick the same
 * servers, or all refuse. The generator's files are exports, so this checks the export too.
 */

/** The servers that can answer (weight > 0, not down or backup) of the upstream nginx chose. */
function nginxServers(config: NginxConfig, upstream: string | null): string[] {
  const peers = config.upstreams.find((u) => u.name === upstream)?.peers ?? [];
  return peers
    .filter((p) => !p.down && !p.backup && p.weight > 0)
    .map((p) => p.address)
    .sort();
}

/** The servers that can answer (weight > 0) of the VServer group (or default server group) the scenario chose. */
function scenarioServers(scenario: Scenario, port: number, group: string | null): string[] {
  const ipOf = new Map(scenario.ecsInstances.map((s) => [s.ServerId, s.PrivateIp]));
  const listener = scenario.listeners.find((l) => l.ListenerPort === port)!;
  const list =
    group === null
      ? scenario.backendServers.filter((b) => b.LoadBalancerId === listener.LoadBalancerId).map((b) => ({ ServerId: b.ServerId, Port: listener.BackendServerPort, Weight: b.Weight }))
      : scenario.vServerGroups.find((g) => g.VServerGroupId === group)!.BackendServers;
  return list
    .filter((b) => b.Weight > 0)
    .map((b) => `${ipOf.get(b.ServerId)}:${b.Port}`)
    .sort();
}

function rulesEndingInSlash(scenario: Scenario, port: number): string[] {
  return (scenario.listeners.find((l) => l.ListenerPort === port)?.Rules ?? []).flatMap((r) => (r.Url?.endsWith('/') ? [r.Url] : []));
}

describe('an exported and re-imported nginx file routes as nginx does', () => {
  it('random scenarios of the supported subset: nginx on the export, the original and the imported scenario pick the same servers for every request', () => {
    let compared = 0;
    let redirects = 0;
    fc.assert(
      fc.property(l7SubsetScenario(fc.integer({ min: 1000, max: 9000 })), (input) => {
        const original = parseScenario(input);
        const text = exportScenario(original, 'nginx')[0]!.content;
        const config = parseNginxConfig(text);
        const nginx = createNginxRouter(config);
        const imported = parseScenario(importText(text, 'nginx').scenario);
        const route = createScenarioRouter(imported);
        const routeOriginal = createScenarioRouter(original);
        for (const listener of imported.listeners) {
          for (const host of PROBE_HOSTS) {
            for (const path of PROBE_PATHS) {
              const request = { host, path, port: listener.ListenerPort };
              const byNginx = nginx.route(request);
              const byScenario = route(request);
              const where = `${host}${path} on port ${listener.ListenerPort}\n${text}`;
              if (byNginx.status === 301) {
                // The one known difference (docs/INTEROP.md): nginx answers a URI equal to a proxied
                // prefix location ending in "/", less that slash, with a 301 to it; SLB matches the
                // rule's Url as a plain prefix, so the simulator serves /img by the rules as they are.
                expect(rulesEndingInSlash(imported, listener.ListenerPort), where).toContain(path + '/');
                redirects++;
                continue;
              }
              // No server to answer: nginx returns 503 (the export's `return 503`), the simulator answers 503.
              const nginxAnswers = byNginx.status === 200 ? nginxServers(config, byNginx.upstreamName) : [];
              const scenarioAnswers = byScenario.status === 200 ? scenarioServers(imported, listener.ListenerPort, byScenario.vServerGroupId) : [];
              expect(scenarioAnswers, where).toEqual(nginxAnswers);
              expect(byScenario.status === 200, where).toBe(byNginx.status === 200);
              // And the export says what the original scenario does (the same servers, by address).
              const byOriginal = routeOriginal(request);
              expect(byOriginal.status === 200 ? scenarioServers(original, listener.ListenerPort, byOriginal.vServerGroupId) : [], `original: ${where}`).toEqual(nginxAnswers);
              compared++;
            }
          }
        }
      }),
      { numRuns: 60 },
    );
    expect(compared).toBeGreaterThan(1000);
    expect(redirects).toBeLessThan(compared / 10);
  });
});

describe('domain server blocks and SLB rule order', () => {
  const urlOnly = new Map<string, string | undefined>([
    ['/', 'def'],
    ['/api/v2', 'g2'],
    ['/static', 'g3'],
  ]);
  const defaults = [...urlOnly].map(([url, upstream]) => ({ url, upstream }));

  it('the export repeats a URL-only rule in a domain block only where no rule of the domain matches first', () => {
    // www's /api matches /api/v2/… before the URL-only /api/v2 can: nginx must not see /api/v2 there.
    expect(domainRoutes([{ Url: '/api', VServerGroupId: 'g1' }], urlOnly)).toEqual(
      new Map([
        ['/', 'def'],
        ['/static', 'g3'],
        ['/api', 'g1'],
      ]),
    );
    // A rule without a Url matches every path: no URL-only rule is reached; a Url of the domain still wins.
    expect(domainRoutes([{ VServerGroupId: 'g0' }, { Url: '/static/img', VServerGroupId: 'g4' }], urlOnly)).toEqual(
      new Map([
        ['/', 'g0'],
        ['/static/img', 'g4'],
      ]),
    );
  });

  it('the import reads an exported block back to the domain rules that wrote it', () => {
    expect(domainRulesOf([...domainRoutes([{ Url: '/api', VServerGroupId: 'g1' }], urlOnly)].map(([url, upstream]) => ({ url, upstream })), defaults)).toEqual([{ url: '/api', upstream: 'g1' }]);
    expect(domainRulesOf([{ url: '/', upstream: 'g0' }], defaults)).toEqual([{ url: undefined, upstream: 'g0' }]);
  });

  it('a hand-written block that SLB cannot follow with fewer rules becomes every location, / as the rule without a Url', () => {
    // Without /static here, nginx sends www's /static to "def"; SLB without a www rule for it would use the URL-only /static.
    expect(domainRulesOf([{ url: '/', upstream: 'def' }], defaults)).toEqual([{ url: undefined, upstream: 'def' }]);
    // Locations equal to the default server's are left to the URL-only rules: only /x is the domain's own.
    expect(domainRulesOf([{ url: '/', upstream: 'def' }, { url: '/api/v2', upstream: 'g2' }, { url: '/static', upstream: 'g3' }, { url: '/x', upstream: 'g5' }], defaults)).toEqual([{ url: '/x', upstream: 'g5' }]);
  });
});
