import { describe, expect, it } from 'vitest';
import { examples } from '../../scenario/examples';
import { parseScenario } from '../../scenario/validate';
import { createScenarioRouter } from './scenario-router';
import { withLoadBalancer } from '../../scenario/examples/shared';

const l7Rules = parseScenario(examples['l7-rules']);

describe('route: who would serve a request under a scenario', () => {
  it('follows rule → VServer group, and balances {5,1,1} in rsp-api as smooth WRR: a a b a c a a', () => {
    const route = createScenarioRouter(l7Rules);
    const answers = Array.from({ length: 7 }, () => route({ host: 'api.example.com', path: '/api/users?id=3' }));
    expect(answers.map((a) => a.ruleId)).toEqual(Array(7).fill('rule-api'));
    expect(answers.map((a) => a.vServerGroupId)).toEqual(Array(7).fill('rsp-api'));
    expect(answers.map((a) => a.serverId)).toEqual(['i-api1', 'i-api1', 'i-api2', 'i-api1', 'i-api3', 'i-api1', 'i-api1']);
    expect(answers.every((a) => a.status === 200 && a.listener === 80)).toBe(true);
  });

  it('a wildcard domain rule serves other subdomains; requests no rule claims go to the listener’s VServerGroupId', () => {
    const route = createScenarioRouter(l7Rules);
    expect(route({ host: 'IMG.Example.com:80', path: '/static/a.css' })).toEqual({ listener: 80, ruleId: 'rule-static', vServerGroupId: 'rsp-static', serverId: 'i-static1', status: 200 });
    // api.example.com has its own exact rule (for /api only): its other paths are not the wildcard's.
    expect(route({ host: 'api.example.com', path: '/static/a.css' })).toMatchObject({ ruleId: null, vServerGroupId: 'rsp-web', serverId: 'i-web1' });
    expect(route({ host: 'example.com', path: '/static/a.css' })).toMatchObject({ ruleId: null, vServerGroupId: 'rsp-web' });
  });

  it('without a listener VServerGroupId the default server group serves; a group with no weight answers 503', () => {
    const scenario = parseScenario({
      ...withLoadBalancer(examples['l7-rules']!, (lb) => ({
        ...lb,
        listeners: [{ ListenerProtocol: 'http', ListenerPort: 8000, Rules: [{ RuleId: 'rule-zero', Url: '/zero', VServerGroupId: 'rsp-zero' }] }],
        vServerGroups: [{ VServerGroupId: 'rsp-zero', BackendServers: [{ ServerId: 'i-api1', Weight: 0 }] }],
      })),
      clients: [],
    });
    const route = createScenarioRouter(scenario);
    expect(route({ host: 'x', path: '/zero/1' })).toEqual({ listener: 8000, ruleId: 'rule-zero', vServerGroupId: 'rsp-zero', serverId: null, status: 503 });
    expect(route({ host: 'x', path: '/' })).toMatchObject({ ruleId: null, vServerGroupId: null, serverId: 'i-api1', status: 200 });
  });

  it('ListenerForward answers its redirect code; unknown ports and layer-4 scenarios are errors that say why', () => {
    const scenario = parseScenario(
      withLoadBalancer(examples['https-keyserver']!, (lb) => ({
        ...lb,
        listeners: [...(lb.listeners ?? []), { ListenerProtocol: 'http', ListenerPort: 80, ListenerForward: 'on', ForwardPort: 443, ForwardCode: 308 }],
      })),
    );
    const route = createScenarioRouter(scenario);
    expect(route({ host: 'www.example.com', path: '/', port: 80 })).toEqual({ listener: 80, ruleId: null, vServerGroupId: null, serverId: null, status: 308 });
    expect(() => route({ host: 'a', path: '/', port: 81 })).toThrow(/no HTTP or HTTPS listener on port 81/);
    expect(() => createScenarioRouter(parseScenario(examples['l4-basic']))).toThrow(/no HTTP or HTTPS listener/);
  });
});
