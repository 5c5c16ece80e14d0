import { isLayer7, type Scenario } from '../../scenario/schema';
import { CodedError } from '../../shared/errors';
import { UpstreamBalancer } from './balancer';
import { resolveRouting } from './groups';

/**
 * One request to route: the Host header, the request target, the listener port (default: the
 * first HTTP/HTTPS listener's) and the load balancer (default: the first HTTP/HTTPS listener's).
 */
export interface RouteRequest {
  host: string;
  path: string;
  port?: number;
  loadBalancerId?: string;
}

/** Who would serve the request under the scenario's listeners, rules and groups (`npm run sim -- route`). */
export interface ScenarioRouteAnswer {
  listener: number;
  ruleId: string | null;
  vServerGroupId: string | null;
  serverId: string | null;
  status: number;
}

/**
 * A router over one scenario's layer-7 configuration, answering as one Tengine node would with
 * every backend healthy (no traffic runs, so no health check or passive failure has marked any
 * down): ListenerForward → its redirect; rule → VServer group → the listener's VServerGroupId →
 * the default server group (the same resolution the engine uses); a group with no server of
 * weight > 0 → 503; else the listener's balancer picks, its state carrying across the requests.
 */
export function createScenarioRouter(scenario: Scenario): (request: RouteRequest) => ScenarioRouteAnswer {
  const layer7 = scenario.listeners.filter((l) => isLayer7(l.ListenerProtocol));
  if (layer7.length === 0) throw new CodedError('NoLayer7Listener', 'route: the scenario has no HTTP or HTTPS listener to route requests through', 'scenario');
  const failure = { maxFails: scenario.cluster.tengine.maxFails, failTimeoutUs: scenario.cluster.tengine.failTimeoutS * 1e6 };
  const byPort = new Map(
    layer7.map((listener) => {
      const routing = resolveRouting(scenario, listener);
      const balancers = routing.groups.map((g) => new UpstreamBalancer(listener.Scheduler as 'wrr' | 'wlc' | 'rr', g.weights, failure));
      return [`${listener.LoadBalancerId}:${listener.ListenerPort}`, { listener, routing, balancers }] as const;
    }),
  );
  return (request) => {
    const lb = request.loadBalancerId ?? layer7[0]!.LoadBalancerId;
    const port = request.port ?? layer7.find((l) => l.LoadBalancerId === lb)?.ListenerPort ?? layer7[0]!.ListenerPort;
    const entry = byPort.get(`${lb}:${port}`);
    if (!entry) {
      const have = layer7.filter((l) => l.LoadBalancerId === lb).map((l) => l.ListenerPort);
      throw new CodedError('NoSuchListener', `route: ${lb} has no HTTP or HTTPS listener on port ${port} (have ${have.join(', ') || 'none'})`, 'port');
    }
    const { listener, routing, balancers } = entry;
    const answer = (ruleId: string | null, vServerGroupId: string | null, serverId: string | null, status: number): ScenarioRouteAnswer => ({ listener: port, ruleId, vServerGroupId, serverId, status });
    if (listener.ListenerForward === 'on') return answer(null, null, null, listener.ForwardCode ?? 301);
    const match = routing.matcher.match(request.host, request.path);
    const g = match.rule >= 0 ? (routing.ruleGroup[match.rule] as number) : routing.fallbackGroup;
    const group = routing.groups[g]!;
    const ruleId = match.rule >= 0 ? listener.Rules![match.rule]!.RuleId : null;
    if (!group.weights.some((w) => w > 0)) return answer(ruleId, group.id, null, 503);
    const peer = balancers[g]!.pick(0);
    if (peer < 0) return answer(ruleId, group.id, null, 502);
    return answer(ruleId, group.id, scenario.ecsInstances[group.servers[peer] as number]!.ServerId, 200);
  };
}
