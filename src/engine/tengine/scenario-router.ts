import type { Scenario } from '../../scenario/schema';

/** One request to route: the Host header, the request target, and the listener port (default: the first HTTP/HTTPS listener). */
export interface RouteRequest {
  host: string;
  path: string;
  port?: number;
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
 * A router over one scenario's layer-7 configuration; balancer state carries across the requests
 * of one router, as in one Tengine worker. (Being built: the layer-7 issue fills this in.)
 */
export function createScenarioRouter(scenario: Scenario): (request: RouteRequest) => ScenarioRouteAnswer {
  void scenario;
  return () => {
    throw new Error('scenario routing is not built yet');
  };
}
