import { PROTOCOLS, upper, type ListenerAttributes, type Population, type Protocol } from './requests';
import type { SlbFailure, SlbParams, SlbResult } from './slb-client';

/**
 * What the console shows of one instance, read through the API like any client: the instance
 * (DescribeLoadBalancerAttribute), each listener (DescribeLoadBalancer<P>ListenerAttribute, for
 * the ports and protocols the instance lists), and the health of each listener's backends
 * (DescribeHealthStatus).
 */

export interface BackendServerView {
  ServerId: string;
  Weight: string;
  Type: string;
  ServerIp: string;
}

export interface HealthCounts {
  normal: number;
  abnormal: number;
  unavailable: number;
}

export interface ListenerView {
  protocol: Protocol;
  port: number;
  /** The Describe answer, or the API's error for this one listener. */
  attributes: ListenerAttributes | undefined;
  error: SlbFailure | undefined;
  health: HealthCounts;
}

export interface InstanceView {
  attribute: Record<string, unknown>;
  listeners: ListenerView[];
  backendServers: BackendServerView[];
  /** DescribeHealthStatus's error, when it failed (the listeners still show). */
  healthError: SlbFailure | undefined;
}

type Call = (action: string, params: SlbParams) => Promise<SlbResult>;

/** `{ X: { Y: [...] } }` → the list, or [] when the API left it out. */
export function nestedList<T = Record<string, unknown>>(body: Record<string, unknown>, outer: string, inner: string): T[] {
  const wrapper = body[outer];
  if (typeof wrapper !== 'object' || wrapper === null) return [];
  const list = (wrapper as Record<string, unknown>)[inner];
  return Array.isArray(list) ? (list as T[]) : [];
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

function protocolOf(value: unknown): Protocol | undefined {
  const p = text(value).toLowerCase();
  return (PROTOCOLS as readonly string[]).includes(p) ? (p as Protocol) : undefined;
}

export async function loadInstance(
  loadBalancerId: string,
  call: Call,
): Promise<{ ok: true; view: InstanceView } | { ok: false; error: SlbFailure }> {
  const attribute = await call('DescribeLoadBalancerAttribute', { LoadBalancerId: loadBalancerId });
  if (!attribute.ok) return { ok: false, error: attribute };
  const body = attribute.body;
  const ports = nestedList(body, 'ListenerPortsAndProtocol', 'ListenerPortAndProtocol')
    .map((entry) => ({ port: Number(entry['ListenerPort']), protocol: protocolOf(entry['ListenerProtocol']) }))
    .filter((entry): entry is { port: number; protocol: Protocol } => entry.protocol !== undefined && Number.isInteger(entry.port))
    .sort((a, b) => a.port - b.port);
  const [health, ...details] = await Promise.all([
    call('DescribeHealthStatus', { LoadBalancerId: loadBalancerId }),
    ...ports.map((p) =>
      call(`DescribeLoadBalancer${upper(p.protocol)}ListenerAttribute`, { LoadBalancerId: loadBalancerId, ListenerPort: p.port }),
    ),
  ]);
  const counts = new Map<number, HealthCounts>();
  if (health?.ok) {
    for (const server of nestedList(health.body, 'BackendServers', 'BackendServer')) {
      const port = Number(server['ListenerPort']);
      const c = counts.get(port) ?? { normal: 0, abnormal: 0, unavailable: 0 };
      const status = text(server['ServerHealthStatus']);
      if (status === 'normal' || status === 'abnormal') c[status]++;
      else c.unavailable++;
      counts.set(port, c);
    }
  }
  const listeners = ports.map((p, i): ListenerView => {
    const result = details[i]!;
    return {
      protocol: p.protocol,
      port: p.port,
      attributes: result.ok ? result.body : undefined,
      error: result.ok ? undefined : result,
      health: counts.get(p.port) ?? { normal: 0, abnormal: 0, unavailable: 0 },
    };
  });
  const backendServers = nestedList(body, 'BackendServers', 'BackendServer').map((s) => ({
    ServerId: text(s['ServerId']),
    Weight: text(s['Weight']),
    Type: text(s['Type']),
    ServerIp: text(s['ServerIp']),
  }));
  return { ok: true, view: { attribute: body, listeners, backendServers, healthError: health && !health.ok ? health : undefined } };
}

/** The simulator's client populations (SimDescribeClientPopulations), optionally of one listener. */
export async function loadPopulations(
  loadBalancerId: string,
  call: Call,
  listenerPort?: number,
): Promise<{ ok: true; populations: Population[] } | { ok: false; error: SlbFailure }> {
  const result = await call('SimDescribeClientPopulations', { LoadBalancerId: loadBalancerId, ListenerPort: listenerPort });
  if (!result.ok) return { ok: false, error: result };
  const list = nestedList(result.body, 'ClientPopulations', 'ClientPopulation');
  return { ok: true, populations: listenerPort === undefined ? list : list.filter((p) => Number(p['ListenerPort']) === listenerPort) };
}
