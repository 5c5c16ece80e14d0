import { attached, oneLoadBalancer } from './shared';
import type { ScenarioInput } from '../schema';

/**
 * An HTTP listener with domain and URL forwarding rules over three VServer groups, and sticky
 * cookies: API calls on api.example.com, static files on *.example.com, everything else on the
 * listener's web group.
 */
export const l7RulesScenario: ScenarioInput = oneLoadBalancer({
  name: 'l7-rules',
  description:
    'HTTP listener :80 on 2 Tengine nodes. Rules: api.example.com/api → rsp-api, *.example.com/static → rsp-static, the rest → rsp-web. Insert-cookie stickiness (SERVERID, 600 s). 70 % API calls, 30 % static files.',
  seed: 7,
  loadBalancer: { LoadBalancerId: 'lb-bp1l7rules00001', LoadBalancerName: 'l7-rules', LoadBalancerSpec: 'slb.s3.medium' },
  cluster: { lvsNodes: 4, tengineNodes: 2, keyServers: 1 },
  listeners: [
    {
      ListenerProtocol: 'http',
      ListenerPort: 80,
      BackendServerPort: 8080,
      Scheduler: 'wrr',
      VServerGroupId: 'rsp-web',
      StickySession: 'on',
      StickySessionType: 'insert',
      CookieTimeout: 600,
      XForwardedFor_proto: 'on',
      Rules: [
        { RuleId: 'rule-api', RuleName: 'api', Domain: 'api.example.com', Url: '/api', VServerGroupId: 'rsp-api' },
        { RuleId: 'rule-static', RuleName: 'static', Domain: '*.example.com', Url: '/static', VServerGroupId: 'rsp-static' },
      ],
    },
  ],
  ...attached([
    { ServerId: 'i-api1', PrivateIp: '192.168.0.21', serviceTimeMs: 20 },
    { ServerId: 'i-api2', PrivateIp: '192.168.0.22', serviceTimeMs: 20 },
    { ServerId: 'i-api3', PrivateIp: '192.168.0.23', serviceTimeMs: 20 },
    { ServerId: 'i-static1', PrivateIp: '192.168.1.31', serviceTimeMs: 2 },
    { ServerId: 'i-static2', PrivateIp: '192.168.1.32', serviceTimeMs: 2 },
    { ServerId: 'i-web1', PrivateIp: '192.168.2.41', serviceTimeMs: 10 },
  ]),
  vServerGroups: [
    {
      VServerGroupId: 'rsp-api',
      VServerGroupName: 'api',
      BackendServers: [
        { ServerId: 'i-api1', Port: 8080, Weight: 5 },
        { ServerId: 'i-api2', Port: 8080, Weight: 1 },
        { ServerId: 'i-api3', Port: 8080, Weight: 1 },
      ],
    },
    {
      VServerGroupId: 'rsp-static',
      VServerGroupName: 'static',
      BackendServers: [
        { ServerId: 'i-static1', Port: 80, Weight: 100 },
        { ServerId: 'i-static2', Port: 80, Weight: 100 },
      ],
    },
    { VServerGroupId: 'rsp-web', VServerGroupName: 'web', BackendServers: [{ ServerId: 'i-web1', Port: 8080, Weight: 100 }] },
  ],
  clients: [
    {
      id: 'browsers',
      ListenerPort: 80,
      clientIps: 2000,
      arrival: { type: 'poisson', connectionsPerSecond: 300 },
      requestBytes: { type: 'uniform', min: 300, max: 900 },
      responseBytes: { type: 'exponential', mean: 12_000 },
      exchanges: 6,
      thinkTimeMs: 100,
      http: {
        cookies: 'keep',
        mix: [
          { weight: 70, method: 'GET', host: 'api.example.com', path: '/api/*', contentType: 'application/json', responseBytes: { type: 'exponential', mean: 2000 } },
          { weight: 20, method: 'GET', host: 'www.example.com', path: '/static/*', contentType: 'text/css' },
          { weight: 10, method: 'GET', host: 'www.example.com', path: '/', contentType: 'text/html' },
        ],
      },
    },
  ],
});
