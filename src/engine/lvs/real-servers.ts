import { isLayer7, type Scenario } from '../../scenario/schema';
import type { Topology } from '../net/topology';

/**
 * What LVS schedules onto: its real servers. A TCP/UDP listener's real servers are the ECS
 * backends; an HTTP/HTTPS listener's are the Tengine nodes, which terminate the client's
 * connection and forward each request themselves (DOMAIN §0, §3). One index space holds both, so
 * scheduling, FULLNAT ports, session sync and failover treat layer-7 connections exactly as
 * layer-4 ones: indices 0…ecs−1 are the backends in scenario order, then the Tengine nodes —
 * only when some listener is HTTP/HTTPS, so a layer-4 scenario's tables are exactly as before.
 */
export class RealServers {
  /** ECS backends, then Tengine nodes. */
  readonly count: number;
  readonly ecs: number;
  /** Topology node of each real server. */
  readonly node: Int32Array;
  readonly label: readonly string[];
  readonly privateIp: readonly string[];

  constructor(scenario: Scenario, topology: Topology) {
    this.ecs = scenario.ecsInstances.length;
    const layer7 = scenario.listeners.some((l) => isLayer7(l.ListenerProtocol));
    const tengine = layer7 ? topology.byKind.tengine : [];
    this.count = this.ecs + tengine.length;
    this.node = Int32Array.from([...topology.byKind.ecs, ...tengine]);
    this.label = [...scenario.ecsInstances.map((s) => s.ServerId), ...tengine.map((t) => topology.nodes[t]!.label)];
    // Tengine nodes live in SLB's own network; their addresses are the model's, not published ones.
    this.privateIp = [...scenario.ecsInstances.map((s) => s.PrivateIp), ...tengine.map((_, i) => `100.127.0.${i + 1}`)];
  }

  isTengine(server: number): boolean {
    return server >= this.ecs;
  }

  /** The Tengine node index (0-based) of a real server that is one. */
  tengineIndex(server: number): number {
    return server - this.ecs;
  }
}
