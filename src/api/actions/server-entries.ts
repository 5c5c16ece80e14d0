import type { Scenario } from '../../scenario/schema';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams } from '../router';
import { entryName, integerField, jsonListParam, jsonObjectListParam, malformed, stringField } from './json-list';

/**
 * The entries of the API's server lists (`BackendServers`, `OldBackendServers`,
 * `NewBackendServers`): `{ServerId, Weight, Type, ServerIp, Port, Description}`, shared by the
 * default server group's actions and the VServer group actions.
 */

/** Servers per call (API reference: at most 20 backend servers per request). */
export const SERVERS_PER_CALL = 20;
/** Backend servers per instance, and per VServer group (SLB quota, DOMAIN §5). */
export const SERVERS_PER_INSTANCE = 200;

export const SERVER_FIELDS = ['ServerId', 'Weight', 'Type', 'ServerIp', 'Port', 'Description'] as const;

export interface ServerEntry {
  ServerId: string;
  Weight?: number;
  Type?: 'ecs' | 'eni';
  ServerIp?: string;
  Port?: number;
  Description?: string;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** Description: 1–80 characters, letters, digits, Chinese characters, `-`, `/`, `.`, `_` (API reference). */
const DESCRIPTION = /^[A-Za-z0-9\-/._\u4e00-\u9fa5]{1,80}$/;

export const tooManyServers = (name: string, count: number): ApiError =>
  new ApiError(400, 'TooManyBackendServers', `The parameter "${name}" has ${count} entries; at most ${SERVERS_PER_CALL} backend servers per request.`);

export const serverNotFound = (id: string): ApiError => new ApiError(404, 'InvalidServerId.NotFound', `The specified ServerId does not exist: "${id}" is not an ECS instance of this region.`);

/** The region's ECS instances, as the scenario holds them. */
export function ecsInstances(scenario: Scenario): readonly { ServerId: string; PrivateIp: string }[] {
  return scenario.ecsInstances;
}

/**
 * Parses the server list in `name` (required), checks every field, and keeps only the first entry
 * of each server (by `keyOf`: ServerId, or ServerId and Port for VServer groups), as the API does
 * with duplicates within one request. Every ServerId must be an ECS instance of the region.
 */
export function serverListParam(
  scenario: Scenario,
  params: ActionParams,
  name: string,
  options: { portRequired: boolean; keyOf: (entry: ServerEntry) => string; allowIds?: boolean },
): ServerEntry[] {
  const rules = { malformedCode: 'BackendServersMalformed', max: SERVERS_PER_CALL, tooMany: (count: number) => tooManyServers(name, count) };
  const raw = options.allowIds
    ? jsonListParam(params, name, rules).map((entry, i) => {
        if (typeof entry === 'string') return { ServerId: entry };
        if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
          throw malformed('BackendServersMalformed', name, `entry ${i + 1} must be a ServerId or an object such as {"ServerId": "i-…"}`);
        }
        const unknown = Object.keys(entry).find((key) => !(SERVER_FIELDS as readonly string[]).includes(key));
        if (unknown !== undefined) throw malformed('BackendServersMalformed', name, `entry ${i + 1} has an unknown field "${unknown}"; the fields are ${SERVER_FIELDS.join(', ')}`);
        return entry as Record<string, unknown>;
      })
    : jsonObjectListParam(params, name, rules, SERVER_FIELDS);
  const instances = new Map(ecsInstances(scenario).map((instance) => [instance.ServerId, instance]));
  const seen = new Set<string>();
  const kept: ServerEntry[] = [];
  raw.forEach((entry, i) => {
    const parsed = parseServerEntry(entry, name, i, options.portRequired);
    const instance = instances.get(parsed.ServerId);
    if (instance === undefined) throw serverNotFound(parsed.ServerId);
    if (parsed.ServerIp !== undefined && parsed.ServerIp !== instance.PrivateIp) {
      throw invalidParameter(entryName(name, i, 'ServerIp'), `${parsed.ServerIp} is not the address of ${parsed.ServerId} (${instance.PrivateIp})`);
    }
    const key = options.keyOf(parsed);
    if (seen.has(key)) return;
    seen.add(key);
    kept.push(parsed);
  });
  return kept;
}

export function parseServerEntry(entry: Record<string, unknown>, name: string, i: number, portRequired: boolean): ServerEntry {
  const text = (field: string) => stringField(entry, field, entryName(name, i, field), 'BackendServersMalformed');
  const serverId = text('ServerId');
  if (serverId === undefined || serverId === '') throw malformed('BackendServersMalformed', entryName(name, i, 'ServerId'), 'every server needs a ServerId');
  const parsed: ServerEntry = { ServerId: serverId };

  const weight = integerField(entry, 'Weight');
  if (weight !== undefined) {
    if (!(weight.value >= 0 && weight.value <= 100)) {
      throw new ApiError(400, 'InvalidWeight.Malformed', `A specified weight is not valid: ${entryName(name, i, 'Weight')} is ${weight.text}; a weight is an integer from 0 to 100.`);
    }
    parsed.Weight = weight.value;
  }

  const port = integerField(entry, 'Port');
  if (port === undefined && portRequired) throw invalidParameter(entryName(name, i, 'Port'), 'every server of a VServer group needs the Port it listens on');
  if (port !== undefined) {
    if (!(port.value >= 1 && port.value <= 65535)) {
      throw invalidParameter(entryName(name, i, 'Port'), `${port.text} is not a port: the Port value should be in [1, 65535]`);
    }
    parsed.Port = port.value;
  }

  const type = text('Type');
  if (type !== undefined && type !== 'ecs' && type !== 'eni') throw invalidParameter(entryName(name, i, 'Type'), `"${type}" must be ecs or eni`);
  if (type !== undefined) parsed.Type = type;

  const ip = text('ServerIp');
  if (ip !== undefined && ip !== '') {
    if (!IPV4.test(ip)) throw invalidParameter(entryName(name, i, 'ServerIp'), `"${ip}" is not an IPv4 address`);
    parsed.ServerIp = ip;
  }
  if (type === 'eni' && parsed.ServerIp === undefined) throw invalidParameter(entryName(name, i, 'ServerIp'), 'a server of Type eni needs its ServerIp');

  const description = text('Description');
  if (description !== undefined && description !== '') {
    if (!DESCRIPTION.test(description)) {
      throw invalidParameter(entryName(name, i, 'Description'), `"${description}" must be 1 to 80 characters: letters, digits, Chinese characters, "-", "/", "." and "_"`);
    }
    parsed.Description = description;
  }
  return parsed;
}
