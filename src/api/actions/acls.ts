import { ACL_LIMITS, ACL_NAME, ACL_NAME_RULE, canonicalCidr, parseCidr, type AclSpec } from '../../scenario/acl-schema';
import type { Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter, missingParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { entryName, jsonObjectListParam, malformed, stringField } from './json-list';
import { checkRegion, requiredParam, scenarioRegion } from './params';

/**
 * Access control lists (Slb 2014-05-15): CreateAccessControlList, DeleteAccessControlList,
 * SetAccessControlListAttribute, Add/RemoveAccessControlListEntry,
 * DescribeAccessControlLists, DescribeAccessControlListAttribute. Listeners apply an ACL with
 * AclStatus, AclType and AclId (listener-params.ts); the engine enforces it at LVS
 * (src/engine/lvs/acl.ts). Limits and codes are the API reference's and the SLB error center's;
 * the choices where they are silent are in docs/API.md, "Access control lists".
 */

// --- Errors (codes from the API reference, the SLB error center, and the Terraform provider's handling).

export const aclNotFound = (id: string): ApiError => new ApiError(404, 'AclNotExist', `The specified AclId does not exist: "${id}".`);
const aclNameExists = (name: string): ApiError =>
  new ApiError(400, 'AclNameExist', `The specified AclName "${name}" is already used by another ACL of this region; names are unique in a region.`);
const tooManyAcls = (): ApiError =>
  new ApiError(400, 'AclNumberOverLimit', `The region already has ${ACL_LIMITS.aclsPerRegion} ACLs, the most an account can create in a region.`);
const entryIllegal = (where: string, rule: string): ApiError => malformed('AclEntryIllegal', where, rule);
const tooManyEntries = (id: string, count: number): ApiError =>
  new ApiError(400, 'AclEntryExceedLimit', `The ACL ${id} would hold ${count} entries; an ACL holds at most ${ACL_LIMITS.entriesPerAcl}.`);

// --- Parameters.

/** The region of a call: the scenario's; another region's ACLs are not found (one region is modelled). */
function inRegion(state: ControlPlaneState, params: ActionParams): boolean {
  const region = checkRegion(params);
  return region === undefined || region === scenarioRegion(state.scenario);
}

/** The ACL named by the required AclId (in RegionId, when given), or AclNotExist. */
function requireAcl(state: ControlPlaneState, params: ActionParams): { acl: AclSpec; index: number } {
  const here = inRegion(state, params);
  const id = requiredParam(params, 'AclId');
  const index = state.scenario.acls.findIndex((a) => a.AclId === id);
  const acl = state.scenario.acls[index];
  if (!here || acl === undefined) throw aclNotFound(id);
  return { acl, index };
}

function aclNameParam(params: ActionParams): string {
  const name = requiredParam(params, 'AclName');
  if (!ACL_NAME.test(name)) throw invalidParameter('AclName', `"${name}" ${ACL_NAME_RULE}`);
  return name;
}

function intParam(params: ActionParams, name: string, fallback: number, max: number): number {
  const text = params[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) throw invalidParameter(name, `"${text}" must be an integer from 1 to ${max}`);
  return value;
}

/** The listeners whose AclId names this ACL: it is associated with them. */
function boundListeners(scenario: Scenario, id: string): Scenario['listeners'] {
  return scenario.listeners.filter((l) => l.AclId === id);
}

const portsOf = (listeners: Scenario['listeners']): string => listeners.map((l) => `${l.ListenerProtocol.toUpperCase()} ${l.ListenerPort} (${l.LoadBalancerId})`).join(', ');

interface EntryParam {
  /** The canonical block (`10.1.2.3` → `10.1.2.3/32`), how entries are compared. */
  key: string;
  entry: string;
  comment: string | undefined;
}

/**
 * AclEntrys: a JSON list of `{"entry": "10.0.0.0/8", "comment": "…"}` (the API's lower-case
 * keys), 1–50 per call. An entry is an IPv4 address or CIDR block (AclEntryIllegal otherwise).
 */
function entriesParam(params: ActionParams): EntryParam[] {
  const rules = { malformedCode: 'AclEntryIllegal', max: ACL_LIMITS.entriesPerCall };
  return jsonObjectListParam(params, 'AclEntrys', rules, ['entry', 'comment']).map((item, i) => {
    const entry = stringField(item, 'entry', entryName('AclEntrys', i, 'entry'), 'AclEntryIllegal');
    if (entry === undefined) throw missingParameter(entryName('AclEntrys', i, 'entry'));
    const parsed = parseCidr(entry.trim());
    if (typeof parsed === 'string') throw entryIllegal(entryName('AclEntrys', i, 'entry'), parsed);
    const comment = stringField(item, 'comment', entryName('AclEntrys', i, 'comment'), 'AclEntryIllegal');
    if (comment !== undefined && comment.length > ACL_LIMITS.commentLength) {
      throw invalidParameter(entryName('AclEntrys', i, 'comment'), `must be at most ${ACL_LIMITS.commentLength} characters`);
    }
    return { key: canonicalCidr(parsed), entry: entry.trim(), comment };
  });
}

const entryKey = (entry: AclSpec['AclEntrys'][number]): string => {
  const parsed = parseCidr(entry.AclEntryIP);
  return typeof parsed === 'string' ? entry.AclEntryIP : canonicalCidr(parsed);
};

// --- Writes.

function commitAcls(state: ControlPlaneState, acls: readonly AclSpec[]): void {
  commitScenario(state, { ...state.scenario, acls: [...acls] });
}

/** Next free `acl-simN` id, from the scenario alone, so a replayed journal hands out the same ids. */
function nextAclId(scenario: Scenario): string {
  let highest = 0;
  for (const acl of scenario.acls) {
    const match = /^acl-sim(\d+)$/.exec(acl.AclId);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `acl-sim${String(highest + 1).padStart(4, '0')}`;
}

function createAccessControlList(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  writeRegion(state, params);
  const name = aclNameParam(params);
  const version = params['AddressIPVersion'];
  if (version !== undefined && version !== '' && version !== 'ipv4') {
    throw invalidParameter(
      'AddressIPVersion',
      version === 'ipv6' ? 'ipv6 ACLs are not simulated: the simulated clients have IPv4 addresses (use ipv4)' : `"${version}" must be ipv4 or ipv6`,
    );
  }
  const { acls } = state.scenario;
  if (acls.some((a) => a.AclName === name)) throw aclNameExists(name);
  if (acls.length >= ACL_LIMITS.aclsPerRegion) throw tooManyAcls();
  const AclId = nextAclId(state.scenario);
  commitAcls(state, [...acls, { AclId, AclName: name, AddressIPVersion: 'ipv4', AclEntrys: [] }]);
  return { AclId };
}

/** A write in another region is refused: one region is modelled (as for certificates). */
function writeRegion(state: ControlPlaneState, params: ActionParams): void {
  if (!inRegion(state, params)) {
    throw new ApiError(
      404,
      'InvalidRegionId.NotFound',
      `The specified RegionId "${params['RegionId']}" is not served: the simulator models one region, ${scenarioRegion(state.scenario)}.`,
    );
  }
}

/** Only an ACL no listener uses can be deleted (the DeleteAccessControlList docs). */
function deleteAccessControlList(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { acl } = requireAcl(state, params);
  const bound = boundListeners(state.scenario, acl.AclId);
  if (bound.length > 0) {
    throw new ApiError(
      400,
      'OperationFailed.AclBindedWithVip',
      `The ACL ${acl.AclId} is associated with the listeners ${portsOf(bound)}; turn their access control off (AclStatus off) first.`,
    );
  }
  commitAcls(
    state,
    state.scenario.acls.filter((a) => a.AclId !== acl.AclId),
  );
  return {};
}

/** Renames an ACL. The same name again changes nothing and commits nothing. */
function setAccessControlListAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { acl, index } = requireAcl(state, params);
  const name = aclNameParam(params);
  if (name === acl.AclName) return { AclId: acl.AclId };
  if (state.scenario.acls.some((a) => a.AclName === name)) throw aclNameExists(name);
  commitAcls(
    state,
    state.scenario.acls.map((a, i) => (i === index ? { ...a, AclName: name } : a)),
  );
  return { AclId: acl.AclId };
}

/**
 * Adds entries. Repeats within the request are added once (the docs: "duplicate entries are
 * ignored"); an entry the ACL already holds is InvalidParam.AclEntryExists; past 300, AclEntryExceedLimit.
 */
function addAccessControlListEntry(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { acl, index } = requireAcl(state, params);
  const given = entriesParam(params);
  const held = new Set(acl.AclEntrys.map(entryKey));
  const added: AclSpec['AclEntrys'] = [];
  const seen = new Set<string>();
  given.forEach((e, i) => {
    if (held.has(e.key)) {
      throw new ApiError(400, 'InvalidParam.AclEntryExists', `The specified entry ${entryName('AclEntrys', i, 'entry')} "${e.entry}" already exists in the ACL ${acl.AclId}.`);
    }
    if (seen.has(e.key)) return;
    seen.add(e.key);
    added.push({ AclEntryIP: e.entry, AclEntryComment: e.comment ?? '' });
  });
  const count = acl.AclEntrys.length + added.length;
  if (count > ACL_LIMITS.entriesPerAcl) throw tooManyEntries(acl.AclId, count);
  commitAcls(
    state,
    state.scenario.acls.map((a, i) => (i === index ? { ...a, AclEntrys: [...a.AclEntrys, ...added] } : a)),
  );
  return {};
}

/**
 * Removes entries, matched by block (`comment` is not compared). An ACL with no entries answers
 * AclEntryEmpty; an entry it does not hold is InvalidParameter; an ACL a listener uses must keep
 * at least one entry (the API reference: "if the ACL is associated with listeners, not all its
 * entries can be removed").
 */
function removeAccessControlListEntry(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { acl, index } = requireAcl(state, params);
  const given = entriesParam(params);
  if (acl.AclEntrys.length === 0) throw new ApiError(400, 'AclEntryEmpty', `The ACL ${acl.AclId} does not have any entry.`);
  const held = new Set(acl.AclEntrys.map(entryKey));
  given.forEach((e, i) => {
    if (!held.has(e.key)) throw invalidParameter(entryName('AclEntrys', i, 'entry'), `"${e.entry}" is not an entry of the ACL ${acl.AclId}`);
  });
  const removed = new Set(given.map((e) => e.key));
  const left = acl.AclEntrys.filter((e) => !removed.has(entryKey(e)));
  const bound = boundListeners(state.scenario, acl.AclId);
  if (left.length === 0 && bound.length > 0) {
    throw invalidParameter('AclEntrys', `the ACL ${acl.AclId} is associated with the listeners ${portsOf(bound)} and must keep at least one entry`);
  }
  commitAcls(
    state,
    state.scenario.acls.map((a, i) => (i === index ? { ...a, AclEntrys: left } : a)),
  );
  return {};
}

// --- Reads.

/** DescribeAccessControlLists: the region's ACLs, AclName matched as a substring, paged (PageSize ≤ 50, default 10). */
function describeAccessControlLists(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const here = inRegion(state, params);
  const name = params['AclName'];
  const version = params['AddressIPVersion'];
  if (version !== undefined && version !== '' && version !== 'ipv4' && version !== 'ipv6') throw invalidParameter('AddressIPVersion', `"${version}" must be ipv4 or ipv6`);
  const pageNumber = intParam(params, 'PageNumber', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = intParam(params, 'PageSize', 10, 50);
  const all = here
    ? state.scenario.acls.filter((a) => (name === undefined || name === '' || a.AclName.includes(name)) && (version === undefined || version === '' || a.AddressIPVersion === version))
    : [];
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    TotalCount: all.length,
    PageNumber: pageNumber,
    PageSize: pageSize,
    Count: page.length,
    Acls: { Acl: page.map((a) => ({ AclId: a.AclId, AclName: a.AclName, AddressIPVersion: a.AddressIPVersion, CreateTime: state.createTime })) },
  };
}

/**
 * DescribeAccessControlListAttribute: the ACL, its entries (those whose comment is
 * AclEntryComment, when given; paged with Page and PageSize ≤ 50, default 10, as the API pages
 * them) and the listeners it is associated with.
 */
function describeAccessControlListAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { acl } = requireAcl(state, params);
  const comment = params['AclEntryComment'];
  const page = intParam(params, 'Page', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = intParam(params, 'PageSize', 10, 50);
  const entries = acl.AclEntrys.filter((e) => comment === undefined || comment === '' || e.AclEntryComment === comment);
  return {
    AclId: acl.AclId,
    AclName: acl.AclName,
    AddressIPVersion: acl.AddressIPVersion,
    AclEntrys: { AclEntry: entries.slice((page - 1) * pageSize, page * pageSize).map((e) => ({ AclEntryIP: e.AclEntryIP, AclEntryComment: e.AclEntryComment })) },
    RelatedListeners: {
      RelatedListener: boundListeners(state.scenario, acl.AclId).map((l) => ({
        LoadBalancerId: l.LoadBalancerId,
        ListenerPort: l.ListenerPort,
        Protocol: l.ListenerProtocol,
        AclType: l.AclType,
      })),
    },
  };
}

export const ACL_ACTIONS: ActionTable = {
  CreateAccessControlList: createAccessControlList,
  DeleteAccessControlList: deleteAccessControlList,
  SetAccessControlListAttribute: setAccessControlListAttribute,
  AddAccessControlListEntry: addAccessControlListEntry,
  RemoveAccessControlListEntry: removeAccessControlListEntry,
  DescribeAccessControlLists: describeAccessControlLists,
  DescribeAccessControlListAttribute: describeAccessControlListAttribute,
};
