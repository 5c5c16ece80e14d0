import type { ForwardingRuleSpec } from '../../scenario/l7-schema';
import { isLayer7, type Listener, type Scenario } from '../../scenario/schema';
import { commitScenario } from '../commit';
import { ApiError, invalidParameter } from '../errors';
import type { ActionParams, ActionTable } from '../router';
import type { ControlPlaneState } from '../state';
import { entryName, jsonListParam, jsonObjectListParam, malformed, stringField } from './json-list';
import { checkRegion, defined, listenerNotFound, portParam, requiredParam, requireLoadBalancer, scenarioRegion } from './params';
import { requireVServerGroup } from './vserver-group-writes';

/**
 * Forwarding rules of HTTP/HTTPS listeners (Slb 2014-05-15: CreateRules, DeleteRules, SetRule,
 * DescribeRules, DescribeRuleAttribute). Rules live on their listener (`listeners[i].Rules`).
 */

/** Rules per listener (SLB quota; DOMAIN §3, §5). */
export const RULES_PER_LISTENER = 40;
/** Rules per CreateRules call (API reference: "at most 10 forwarding rules per request"). */
export const RULES_PER_CALL = 10;

/** RuleName: 1–40 characters, letters, digits, `-`, `/`, `.`, `_` (API reference, CreateRules). */
const RULE_NAME = /^[A-Za-z0-9\-/._]{1,40}$/;
/** A domain as the rule schema takes it: exact or a leading `*.` wildcard. */
const DOMAIN = /^(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/;
/**
 * Url: starts with `/`, 1–80 characters of letters, digits, `-`, `/`, `.`, `%`, `?`, `#`, `&`
 * (API reference; it also allows Chinese characters, which the scenario format does not hold yet).
 */
const URL = /^\/[A-Za-z0-9\-/.%?#&]*$/;

const RULE_FIELDS = ['RuleName', 'Domain', 'Url', 'VServerGroupId'] as const;

const ruleNotSupport = (listener: Listener): ApiError =>
  new ApiError(400, 'RuleNotSupport', `Forwarding rules are not supported on the ${listener.ListenerProtocol.toUpperCase()} listener on port ${listener.ListenerPort}; only HTTP and HTTPS listeners have them.`);

export const ruleNotFound = (id: string): ApiError => new ApiError(404, 'InvalidRuleId.NotFound', `The specified rule does not exist: "${id}".`);

/** `ListenerProtocol`, when given: one of the four protocols. */
function protocolParam(params: ActionParams): Listener['ListenerProtocol'] | undefined {
  const text = params['ListenerProtocol'];
  if (text === undefined) return undefined;
  const protocol = text.toLowerCase();
  if (protocol !== 'http' && protocol !== 'https' && protocol !== 'tcp' && protocol !== 'udp') {
    throw invalidParameter('ListenerProtocol', `"${text}" must be http, https, tcp or udp`);
  }
  return protocol;
}

/**
 * The HTTP/HTTPS listener named by LoadBalancerId, ListenerPort and (optionally) ListenerProtocol.
 * A TCP/UDP listener there answers RuleNotSupport, as the API does.
 */
function requireRuleListener(state: ControlPlaneState, params: ActionParams): { listener: Listener; index: number } {
  const lb = requireLoadBalancer(state, params);
  const port = portParam(params, 'ListenerPort', true);
  const protocol = protocolParam(params);
  const { listeners } = state.scenario;
  const mine = (l: Listener): boolean => l.LoadBalancerId === lb.LoadBalancerId && l.ListenerPort === port;
  const index = listeners.findIndex((l) => mine(l) && (protocol === undefined || l.ListenerProtocol === protocol));
  const listener = listeners[index];
  if (listener === undefined) {
    const other = listeners.find(mine);
    throw listenerNotFound(
      port,
      protocol ?? 'http',
      other === undefined ? `${lb.LoadBalancerId} has no listener on that port` : `the listener on that port is ${other.ListenerProtocol.toUpperCase()}`,
    );
  }
  if (!isLayer7(listener.ListenerProtocol)) throw ruleNotSupport(listener);
  return { listener, index };
}

/** The rule with this id, on whichever instance's listener it lives, or InvalidRuleId.NotFound. */
export function requireRule(state: ControlPlaneState, id: string): { rule: ForwardingRuleSpec; listener: Listener; listenerIndex: number } {
  for (const [listenerIndex, listener] of state.scenario.listeners.entries()) {
    const rule = (listener.Rules ?? []).find((r) => r.RuleId === id);
    if (rule !== undefined) return { rule, listener, listenerIndex };
  }
  throw ruleNotFound(id);
}

/** The region, when given, must be the instance's: rules of another region are not found. */
function checkRuleRegion(state: ControlPlaneState, params: ActionParams, id: string): void {
  const region = checkRegion(params);
  if (region !== undefined && region !== scenarioRegion(state.scenario)) throw ruleNotFound(id);
}

function checkRuleName(name: string, where: string): string {
  if (!RULE_NAME.test(name)) {
    throw invalidParameter(where, `"${name}" must be 1 to 40 characters: letters, digits, "-", "/", "." and "_"`);
  }
  return name;
}

/** Domain+Url, as rules are told apart on a listener (domains compare case-insensitively). */
const pairKey = (rule: Pick<ForwardingRuleSpec, 'Domain' | 'Url'>): string => `${(rule.Domain ?? '').toLowerCase()} ${rule.Url ?? ''}`;
const describePair = (rule: Pick<ForwardingRuleSpec, 'Domain' | 'Url'>): string =>
  [rule.Domain === undefined ? undefined : `Domain "${rule.Domain}"`, rule.Url === undefined ? undefined : `Url "${rule.Url}"`].filter(Boolean).join(' and ');

/** Next free `rule-simN` ids, derived from the scenario alone so a replayed journal gets the same ids. */
function nextRuleIds(scenario: Scenario, count: number): string[] {
  let highest = 0;
  for (const listener of scenario.listeners) {
    for (const rule of listener.Rules ?? []) {
      const match = /^rule-sim(\d+)$/.exec(rule.RuleId);
      if (match) highest = Math.max(highest, Number(match[1]));
    }
  }
  return Array.from({ length: count }, (_, i) => `rule-sim${String(highest + 1 + i).padStart(4, '0')}`);
}

/** The next scenario with `listeners[index]` replaced. */
function withListener(scenario: Scenario, index: number, listener: Listener): Scenario {
  return { ...scenario, listeners: scenario.listeners.map((l, i) => (i === index ? listener : l)) };
}

/** One RuleList entry of a listener of `loadBalancerId`, checked against the API's rules for each field. */
function parseRule(state: ControlPlaneState, loadBalancerId: string, entry: Record<string, unknown>, i: number): Omit<ForwardingRuleSpec, 'RuleId'> {
  const field = (name: string) => stringField(entry, name, entryName('RuleList', i, name), 'RuleListMalformed');
  const name = field('RuleName');
  if (name === undefined || name === '') throw invalidParameter(entryName('RuleList', i, 'RuleName'), 'every rule needs a RuleName');
  checkRuleName(name, entryName('RuleList', i, 'RuleName'));
  const domain = field('Domain');
  const url = field('Url');
  if ((domain === undefined || domain === '') && (url === undefined || url === '')) {
    throw invalidParameter(entryName('RuleList', i, 'Domain'), 'a rule needs a Domain, a Url, or both');
  }
  if (domain !== undefined && domain !== '' && (domain.length > 80 || !DOMAIN.test(domain))) {
    throw malformed('DomainMalformed', entryName('RuleList', i, 'Domain'), `"${domain}" must be a domain name such as www.example.com or *.example.com (letters, digits, "-", "."; at most 80 characters)`);
  }
  if (url !== undefined && url !== '') {
    if (url === '/') throw malformed('UrlMalformed', entryName('RuleList', i, 'Url'), 'a rule\'s Url cannot be only "/"; the listener itself serves "/"');
    if (url.length > 80 || !URL.test(url)) {
      throw malformed('UrlMalformed', entryName('RuleList', i, 'Url'), `"${url}" must start with "/" and hold 1 to 80 of: letters, digits, "-", "/", ".", "%", "?", "#", "&"`);
    }
  }
  const groupId = field('VServerGroupId');
  if (groupId === undefined || groupId === '') throw invalidParameter(entryName('RuleList', i, 'VServerGroupId'), 'every rule needs the VServerGroupId it forwards to');
  requireVServerGroup(state, groupId, loadBalancerId);
  return defined({ RuleName: name, Domain: domain || undefined, Url: url || undefined, VServerGroupId: groupId }) as Omit<ForwardingRuleSpec, 'RuleId'>;
}

/** CreateRules: adds up to 10 rules to an HTTP/HTTPS listener; answers their ids. */
export function createRules(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { listener, index } = requireRuleListener(state, params);
  const entries = jsonObjectListParam(params, 'RuleList', { malformedCode: 'RuleListMalformed', max: RULES_PER_CALL }, RULE_FIELDS);
  const existing = listener.Rules ?? [];
  if (existing.length + entries.length > RULES_PER_LISTENER) {
    throw new ApiError(
      400,
      'TooManyRules',
      `The listener on port ${listener.ListenerPort} has ${existing.length} forwarding rules; adding ${entries.length} would pass its limit of ${RULES_PER_LISTENER}.`,
    );
  }
  const names = new Map(existing.map((r) => [r.RuleName, r.RuleId]));
  const pairs = new Map(existing.map((r) => [pairKey(r), r.RuleId]));
  const ids = nextRuleIds(state.scenario, entries.length);
  const added = entries.map((entry, i): ForwardingRuleSpec => {
    const rule = parseRule(state, listener.LoadBalancerId, entry, i);
    const sameName = names.get(rule.RuleName);
    if (sameName !== undefined) {
      throw invalidParameter(entryName('RuleList', i, 'RuleName'), `"${rule.RuleName}" is already the name of ${sameName} on this listener; rule names are unique per listener`);
    }
    const samePair = pairs.get(pairKey(rule));
    if (samePair !== undefined) {
      throw new ApiError(400, 'DomainExist', `A rule with ${describePair(rule)} already exists on the listener on port ${listener.ListenerPort} (${samePair}).`);
    }
    const created = { RuleId: ids[i]!, ...rule };
    names.set(rule.RuleName, created.RuleId);
    pairs.set(pairKey(rule), created.RuleId);
    return created;
  });
  const next = withListener(state.scenario, index, { ...listener, Rules: [...existing, ...added] });
  commitScenario(state, next, () => 'RuleList');
  return { Rules: { Rule: added.map((r) => ({ RuleId: r.RuleId, RuleName: r.RuleName })) } };
}

/** DeleteRules: removes rules by id (`RuleIds`, a JSON list); every id must exist. */
export function deleteRules(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  checkRegion(params);
  const ids = jsonListParam(params, 'RuleIds', { malformedCode: 'InvalidParameter', max: RULES_PER_LISTENER * 50 }).map((id, i) => {
    if (typeof id !== 'string' || id === '') throw invalidParameter(`RuleIds[${i}]`, 'each entry must be a rule id such as "rule-abc123"');
    return id;
  });
  for (const id of ids) {
    checkRuleRegion(state, params, id);
    requireRule(state, id);
  }
  const doomed = new Set(ids);
  const next: Scenario = {
    ...state.scenario,
    listeners: state.scenario.listeners.map((l) => (l.Rules?.some((r) => doomed.has(r.RuleId)) ? { ...l, Rules: l.Rules.filter((r) => !doomed.has(r.RuleId)) } : l)),
  };
  commitScenario(state, next, () => 'RuleIds');
  return {};
}

/**
 * Per-rule listener settings SetRule takes with `ListenerSync=off`. The scenario's rules always
 * follow their listener's settings, so these are refused rather than silently ignored.
 */
const PER_RULE_SETTINGS = [
  'Scheduler',
  'StickySession',
  'StickySessionType',
  'CookieTimeout',
  'Cookie',
  'HealthCheck',
  'HealthCheckDomain',
  'HealthCheckURI',
  'HealthyThreshold',
  'UnhealthyThreshold',
  'HealthCheckTimeout',
  'HealthCheckInterval',
  'HealthCheckConnectPort',
  'HealthCheckHttpCode',
] as const;

/** SetRule: renames a rule or points it at another VServer group. */
export function setRule(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const id = requiredParam(params, 'RuleId');
  checkRuleRegion(state, params, id);
  const sync = params['ListenerSync'];
  if (sync !== undefined && sync !== 'on' && sync !== 'off') throw invalidParameter('ListenerSync', `"${sync}" must be on or off`);
  const unsupported = [...(sync === 'off' ? ['ListenerSync'] : []), ...PER_RULE_SETTINGS.filter((name) => params[name] !== undefined)];
  if (unsupported.length > 0) {
    throw new ApiError(
      400,
      'UnsupportedParameter',
      `The simulator's forwarding rules always follow their listener's scheduler, session and health-check settings (ListenerSync on); it does not support ${unsupported.join(', ')}.`,
    );
  }
  const { rule, listener, listenerIndex } = requireRule(state, id);
  const name = params['RuleName'];
  if (name !== undefined) {
    checkRuleName(name, 'RuleName');
    const other = (listener.Rules ?? []).find((r) => r.RuleName === name && r.RuleId !== id);
    if (other !== undefined) throw invalidParameter('RuleName', `"${name}" is already the name of ${other.RuleId} on this listener; rule names are unique per listener`);
  }
  const groupId = params['VServerGroupId'];
  if (groupId !== undefined) {
    if (groupId === '') throw invalidParameter('VServerGroupId', 'must name a VServer group');
    requireVServerGroup(state, groupId, listener.LoadBalancerId);
  }
  const updated: ForwardingRuleSpec = { ...rule, ...(name !== undefined ? { RuleName: name } : {}), ...(groupId !== undefined ? { VServerGroupId: groupId } : {}) };
  if (updated.RuleName === rule.RuleName && updated.VServerGroupId === rule.VServerGroupId) return {};
  const rules = (listener.Rules ?? []).map((r) => (r.RuleId === id ? updated : r));
  commitScenario(state, withListener(state.scenario, listenerIndex, { ...listener, Rules: rules }), (path) =>
    path.endsWith('VServerGroupId') ? 'VServerGroupId' : 'RuleName',
  );
  return {};
}

const describeRule = (rule: ForwardingRuleSpec): Record<string, unknown> =>
  defined({ RuleId: rule.RuleId, RuleName: rule.RuleName, Domain: rule.Domain, Url: rule.Url, VServerGroupId: rule.VServerGroupId, ListenerSync: 'on' });

/** DescribeRules: the rules of one HTTP/HTTPS listener. */
export function describeRules(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const { listener } = requireRuleListener(state, params);
  return { Rules: { Rule: (listener.Rules ?? []).map(describeRule) } };
}

/** DescribeRuleAttribute: one rule, with its listener and the listener settings it follows. */
export function describeRuleAttribute(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const id = requiredParam(params, 'RuleId');
  checkRuleRegion(state, params, id);
  const { rule, listener } = requireRule(state, id);
  return defined({
    LoadBalancerId: listener.LoadBalancerId,
    ListenerPort: String(listener.ListenerPort),
    ...describeRule(rule),
    Scheduler: listener.Scheduler,
    StickySession: listener.StickySession,
    StickySessionType: listener.StickySession === 'on' ? listener.StickySessionType : undefined,
    CookieTimeout: listener.StickySession === 'on' ? listener.CookieTimeout : undefined,
    Cookie: listener.StickySession === 'on' ? listener.Cookie : undefined,
    HealthCheck: listener.HealthCheck,
    HealthCheckURI: listener.HealthCheck === 'on' ? listener.HealthCheckURI : undefined,
    HealthCheckDomain: listener.HealthCheck === 'on' ? listener.HealthCheckDomain : undefined,
    HealthCheckHttpCode: listener.HealthCheck === 'on' ? listener.HealthCheckHttpCode : undefined,
    HealthCheckTimeout: listener.HealthCheck === 'on' ? listener.HealthCheckTimeout : undefined,
    HealthCheckInterval: listener.HealthCheck === 'on' ? listener.HealthCheckInterval : undefined,
    HealthyThreshold: listener.HealthCheck === 'on' ? listener.HealthyThreshold : undefined,
    UnhealthyThreshold: listener.HealthCheck === 'on' ? listener.UnhealthyThreshold : undefined,
  });
}

export const RULE_ACTIONS: ActionTable = {
  CreateRules: createRules,
  DeleteRules: deleteRules,
  SetRule: setRule,
  DescribeRules: describeRules,
  DescribeRuleAttribute: describeRuleAttribute,
};
