import { z } from 'zod';
import type { IssueSink } from './cross-field-rules';
import type { ScenarioFields } from './schema';

/**
 * Master-slave (primary/secondary) server groups (CreateMasterSlaveServerGroup, Slb 2014-05-15):
 * exactly two servers, one `Master` and one `Slave`, each an ECS instance (by ServerId) on its own
 * Port with its own Weight. A TCP or UDP listener that names one with `MasterSlaveServerGroupId`
 * forwards to the master while its health check passes, to the slave while it fails, and back to
 * the master when it recovers (docs/LAYER4.md, "Master-slave server groups").
 */

export const MASTER_SLAVE_SERVER_TYPES = ['Master', 'Slave'] as const;

export const masterSlaveBackendServerSchema = z.strictObject({
  ServerId: z.string().min(1),
  Port: z.number().int().min(1).max(65535),
  Weight: z.number().int().min(0).max(100).default(100),
  /** The API's default is Master; a group needs exactly one of each (checked below). */
  ServerType: z.enum(MASTER_SLAVE_SERVER_TYPES).default('Master'),
});

export const masterSlaveServerGroupSchema = z.strictObject({
  /** Master-slave groups share the `rsp-` ids of VServer groups, as in the API. */
  MasterSlaveServerGroupId: z.string().regex(/^rsp-[a-z0-9]{1,32}$/, 'must look like rsp-xxxx (lower-case letters and digits)'),
  MasterSlaveServerGroupName: z.string().max(80).default(''),
  /** Exactly two: checked by checkMasterSlave so the message says what is wrong. */
  MasterSlaveBackendServers: z.array(masterSlaveBackendServerSchema).max(10),
});
export type MasterSlaveServerGroup = z.output<typeof masterSlaveServerGroupSchema>;
export type MasterSlaveBackendServer = MasterSlaveServerGroup['MasterSlaveBackendServers'][number];

/** The scenario's list (at most 200, as VServer groups). */
export const masterSlaveServerGroupsSchema = z.array(masterSlaveServerGroupSchema).max(200).default([]);

/** The listener field: TCP/UDP listeners only; the group must exist (checkMasterSlave). */
export const masterSlaveListenerField = {
  MasterSlaveServerGroupId: z.string().min(1).optional(),
};

/** The group's master and slave, or undefined when it does not have exactly one of each. */
export function masterAndSlave(group: Pick<MasterSlaveServerGroup, 'MasterSlaveBackendServers'>): { master: MasterSlaveBackendServer; slave: MasterSlaveBackendServer } | undefined {
  const servers = group.MasterSlaveBackendServers;
  const master = servers.find((s) => s.ServerType === 'Master');
  const slave = servers.find((s) => s.ServerType === 'Slave');
  if (servers.length !== 2 || master === undefined || slave === undefined) return undefined;
  return { master, slave };
}

/**
 * The rules of master-slave groups across the scenario (the API's, DOMAIN §7): two servers, one
 * Master and one Slave, ECS instances of the scenario, two different instances (the engine keeps
 * one health verdict per listener and instance); ids unique, also among VServer groups; a
 * listener's MasterSlaveServerGroupId names a group and the listener is TCP or UDP.
 */
export function checkMasterSlave(scenario: ScenarioFields, ctx: IssueSink): void {
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message });
  const serverIds = new Set(scenario.ecsInstances.map((s) => s.ServerId));
  const vServerGroupIds = new Set(scenario.vServerGroups.map((g) => g.VServerGroupId));
  const ids = new Set<string>();
  const owner = new Map<string, string>();
  scenario.masterSlaveServerGroups.forEach((group, g) => {
    const at = (...rest: (string | number)[]): (string | number)[] => ['masterSlaveServerGroups', g, ...rest];
    const id = group.MasterSlaveServerGroupId;
    if (ids.has(id)) issue(at('MasterSlaveServerGroupId'), `${id} is listed twice`);
    if (vServerGroupIds.has(id)) issue(at('MasterSlaveServerGroupId'), `${id} is also a VServer group's id; the two kinds share the rsp- ids`);
    ids.add(id);
    owner.set(id, group.LoadBalancerId);
    const servers = group.MasterSlaveBackendServers;
    if (servers.length !== 2) {
      issue(at('MasterSlaveBackendServers'), `a master-slave server group has exactly 2 servers, one Master and one Slave; this one has ${servers.length}`);
    } else if (masterAndSlave(group) === undefined) {
      issue(at('MasterSlaveBackendServers', 1, 'ServerType'), `a master-slave server group has one Master and one Slave; both are ${servers[0]!.ServerType}`);
    }
    servers.forEach((server, s) => {
      if (!serverIds.has(server.ServerId)) issue(at('MasterSlaveBackendServers', s, 'ServerId'), `no ECS instance ${server.ServerId} in ecsInstances`);
      if (servers.findIndex((o) => o.ServerId === server.ServerId) !== s)
        issue(at('MasterSlaveBackendServers', s, 'ServerId'), `${server.ServerId} is already the group's other server: master and slave must be two different ECS instances`);
    });
  });
  scenario.listeners.forEach((listener, i) => {
    const id = listener.MasterSlaveServerGroupId;
    if (id === undefined) return;
    const path = ['listeners', i, 'MasterSlaveServerGroupId'];
    if (listener.ListenerProtocol !== 'tcp' && listener.ListenerProtocol !== 'udp') {
      issue(path, `only TCP and UDP listeners use master-slave server groups; this listener is ${listener.ListenerProtocol.toUpperCase()}`);
    } else if (!ids.has(id)) {
      issue(path, `no master-slave server group ${id} in masterSlaveServerGroups`);
    } else if (owner.get(id) !== listener.LoadBalancerId) {
      issue(path, `master-slave server group ${id} belongs to load balancer ${owner.get(id)}; a listener forwards to its own instance's groups`);
    }
  });
}
