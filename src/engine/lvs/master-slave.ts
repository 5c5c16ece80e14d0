import { masterAndSlave } from '../../scenario/master-slave-schema';
import type { Listener, Scenario } from '../../scenario/schema';

/** One server of a master-slave pair, in the engine's terms: ECS index, port and configured weight. */
export interface PairMember {
  backend: number;
  port: number;
  weight: number;
}

/** A TCP/UDP listener's master-slave server group, resolved against the scenario's ECS instances. */
export interface MasterSlavePair {
  id: string;
  master: PairMember;
  slave: PairMember;
}

/**
 * The master-slave group a layer-4 listener forwards to, or undefined when it uses the default
 * server group. A listener whose group is not in the scenario (an aligned step's stopped
 * placeholder of a listener that a later step defines) gets an empty pair: index −1, no servers.
 */
export function masterSlavePairOf(scenario: Pick<Scenario, 'ecsInstances' | 'masterSlaveServerGroups'>, listener: Pick<Listener, 'MasterSlaveServerGroupId'>): MasterSlavePair | undefined {
  const id = listener.MasterSlaveServerGroupId;
  if (id === undefined) return undefined;
  const group = scenario.masterSlaveServerGroups.find((g) => g.MasterSlaveServerGroupId === id);
  const pair = group && masterAndSlave(group);
  const member = (server: { ServerId: string; Port: number; Weight: number } | undefined): PairMember => {
    const backend = server === undefined ? -1 : scenario.ecsInstances.findIndex((s) => s.ServerId === server.ServerId);
    return { backend, port: server?.Port ?? 0, weight: backend < 0 ? 0 : server!.Weight };
  };
  return { id, master: member(pair?.master), slave: member(pair?.slave) };
}

/**
 * Which member takes new connections (SLB, "Create and manage a primary/secondary server group"):
 * the master while it is usable, else the slave while it is usable, else none (−1). "Usable" is
 * the listener's health check passing and a weight above 0 (the API: a server of weight 0 gets no
 * requests). The check is re-read at every decision, so traffic returns to the master as soon as
 * its health check passes again.
 */
export function activeMember(pair: MasterSlavePair, healthy: (backend: number) => boolean): PairMember | undefined {
  const usable = (m: PairMember): boolean => m.backend >= 0 && m.weight > 0 && healthy(m.backend);
  if (usable(pair.master)) return pair.master;
  if (usable(pair.slave)) return pair.slave;
  return undefined;
}
