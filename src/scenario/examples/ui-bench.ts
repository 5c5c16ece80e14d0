import type { ScenarioInput } from '../schema';
import { defaultScenario } from './default';
import { withLoadBalancer } from './shared';

/**
 * The default topology under heavy load, for the renderer benchmark (`npm run bench:ui`): enough
 * connections that thousands of packets are in flight at once at slow playback speeds.
 */
export const uiBenchScenario: ScenarioInput = {
  ...withLoadBalancer(defaultScenario, (lb) => ({ ...lb, LoadBalancerSpec: 'slb.s3.large' })),
  name: 'ui-bench',
  description: 'The default topology at 20,000 new connections per second (renderer benchmark).',
  clients: [{ id: 'web-clients', ListenerPort: 80, clientIps: 50_000, arrival: { type: 'poisson', connectionsPerSecond: 20_000 }, exchanges: 2, thinkTimeMs: 50 }],
};
