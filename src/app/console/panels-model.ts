import { nestedList, type InstanceView } from './instance';
import type { SlbFailure } from './slb-client';

/**
 * Pure helpers of the VServer group, forwarding rule, certificate and ACL panels: reading the
 * API's answers into rows, and telling which form field an API error is about.
 */

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

/**
 * The full parameter an error names: `"RuleList[0].Url"` as quoted in the message (the client's
 * `parameter` stops at the bracket), else the client's reading.
 */
export function namedParameter(error: SlbFailure): string | undefined {
  const quoted = /(?:specified|input) parameter "([^"]+)"/i.exec(error.message);
  return quoted?.[1] ?? error.parameter;
}

/**
 * The form field an error belongs next to: the last part of the parameter it names
 * (`RuleList[0].Url` → `Url`, `AclEntrys[0].entry` → `entry`) when that is one of `fields`, else
 * the field its code is about (`byCode`), else a field the message names (`The specified
 * VServerGroupId does not exist`), else `fallback`.
 */
export function errorField<F extends string>(
  error: SlbFailure,
  fields: readonly F[],
  fallback: F,
  byCode: Readonly<Record<string, F>> = {},
): F {
  const parameter = namedParameter(error);
  if (parameter !== undefined) {
    const last = parameter
      .split('.')
      .pop()!
      .replace(/\[\d+\]$/, '');
    const hit = fields.find((f) => f.toLowerCase() === last.toLowerCase());
    if (hit !== undefined) return hit;
  }
  const coded = byCode[error.code];
  if (coded !== undefined) return coded;
  return fields.find((f) => new RegExp(`\\b${f}\\b`).test(error.message)) ?? fallback;
}

// --- VServer groups.

export interface GroupServer {
  ServerId: string;
  Port: string;
  Weight: string;
  ServerIp: string;
}

export interface GroupView {
  id: string;
  name: string;
  servers: GroupServer[];
  /** Listener ports and rule ids that forward to the group (it cannot be deleted while any do). */
  usedBy: string[];
}

/** DescribeVServerGroups (with IncludeListener and IncludeRule) → id, name and users of each group. */
export function parseGroupList(body: Record<string, unknown>): Omit<GroupView, 'servers'>[] {
  return nestedList(body, 'VServerGroups', 'VServerGroup').map((g) => {
    const associated = (g['AssociatedObjects'] ?? {}) as Record<string, unknown>;
    const listeners = nestedList(associated, 'Listeners', 'Listener').map((l) => `${text(l['Protocol']).toUpperCase()}:${text(l['Port'])}`);
    const rules = nestedList(associated, 'Rules', 'Rule').map((r) => text(r['RuleId']));
    return { id: text(g['VServerGroupId']), name: text(g['VServerGroupName']), usedBy: [...listeners, ...rules] };
  });
}

/** DescribeVServerGroupAttribute → the group's servers. */
export function parseGroupServers(body: Record<string, unknown>): GroupServer[] {
  return nestedList(body, 'BackendServers', 'BackendServer').map((s) => ({
    ServerId: text(s['ServerId']),
    Port: text(s['Port']),
    Weight: text(s['Weight']),
    ServerIp: text(s['ServerIp']),
  }));
}

/**
 * The ECS instances the console can offer for a group: those the instance and its groups already
 * use (the SLB API has no call listing a region's ECS instances), sorted, each once.
 */
export function knownInstances(view: Pick<InstanceView, 'backendServers'>, groups: readonly Pick<GroupView, 'servers'>[]): string[] {
  const ids = new Set<string>();
  for (const s of view.backendServers) if (s.ServerId) ids.add(s.ServerId);
  for (const g of groups) for (const s of g.servers) if (s.ServerId) ids.add(s.ServerId);
  return [...ids].sort();
}

/** A group's servers as the BackendServers parameter takes them. */
export const serverEntries = (servers: readonly Pick<GroupServer, 'ServerId' | 'Port' | 'Weight'>[]) =>
  servers.map((s) => ({ ServerId: s.ServerId.trim(), Port: s.Port.trim(), Weight: s.Weight.trim() || undefined }));

// --- Forwarding rules.

export interface RuleView {
  RuleId: string;
  RuleName: string;
  Domain: string;
  Url: string;
  VServerGroupId: string;
}

export function parseRules(body: Record<string, unknown>): RuleView[] {
  return nestedList(body, 'Rules', 'Rule').map((r) => ({
    RuleId: text(r['RuleId']),
    RuleName: text(r['RuleName']),
    Domain: text(r['Domain']),
    Url: text(r['Url']),
    VServerGroupId: text(r['VServerGroupId']),
  }));
}

/** One RuleList entry from the form: empty Domain or Url left out, as the API wants one or both. */
export function ruleEntry(rule: Omit<RuleView, 'RuleId'>): Record<string, string | undefined> {
  const blank = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());
  return { RuleName: rule.RuleName.trim(), Domain: blank(rule.Domain), Url: blank(rule.Url), VServerGroupId: rule.VServerGroupId };
}

/** The listeners that can hold forwarding rules (HTTP and HTTPS), by port. */
export function ruleListeners(view: Pick<InstanceView, 'listeners'>): { protocol: 'http' | 'https'; port: number }[] {
  return view.listeners
    .filter((l): l is typeof l & { protocol: 'http' | 'https' } => l.protocol === 'http' || l.protocol === 'https')
    .map((l) => ({ protocol: l.protocol, port: l.port }));
}

// --- Certificates.

export interface CertificateView {
  kind: 'server' | 'ca';
  id: string;
  name: string;
  commonName: string;
  fingerprint: string;
  expireTime: string;
}

export function parseCertificates(serverBody: Record<string, unknown>, caBody: Record<string, unknown>): CertificateView[] {
  const server = nestedList(serverBody, 'ServerCertificates', 'ServerCertificate').map((c): CertificateView => ({
    kind: 'server',
    id: text(c['ServerCertificateId']),
    name: text(c['ServerCertificateName']),
    commonName: text(c['CommonName']),
    fingerprint: text(c['Fingerprint']),
    expireTime: text(c['ExpireTime']),
  }));
  const ca = nestedList(caBody, 'CACertificates', 'CACertificate').map((c): CertificateView => ({
    kind: 'ca',
    id: text(c['CACertificateId']),
    name: text(c['CACertificateName']),
    commonName: text(c['CommonName']),
    fingerprint: text(c['Fingerprint']),
    expireTime: text(c['ExpireTime']),
  }));
  return [...server, ...ca];
}

/** The upload request that brings a certificate back, from the PEM the console sent for it. */
export function uploadRequest(
  kind: 'server' | 'ca',
  name: string,
  pem: { certificate: string; key?: string | undefined },
): { action: string; params: Record<string, string | undefined> } {
  return kind === 'server'
    ? {
        action: 'UploadServerCertificate',
        params: { ServerCertificateName: name || undefined, ServerCertificate: pem.certificate, PrivateKey: pem.key },
      }
    : { action: 'UploadCACertificate', params: { CACertificateName: name || undefined, CACertificate: pem.certificate } };
}

/** Whether a delete can be undone: only when this page still holds the PEM it uploaded. */
export const canReupload = (kind: 'server' | 'ca', pem: { certificate: string; key?: string | undefined } | undefined): boolean =>
  pem !== undefined && pem.certificate !== '' && (kind === 'ca' || (pem.key ?? '') !== '');

// --- ACLs.

export interface AclEntryView {
  entry: string;
  comment: string;
}

export interface AclView {
  id: string;
  name: string;
  version: string;
  entries: AclEntryView[];
  /** `HTTP:80`, … — the listeners that apply it (it cannot be deleted while any do). */
  listeners: string[];
}

export function parseAclList(body: Record<string, unknown>): Pick<AclView, 'id' | 'name' | 'version'>[] {
  return nestedList(body, 'Acls', 'Acl').map((a) => ({
    id: text(a['AclId']),
    name: text(a['AclName']),
    version: text(a['AddressIPVersion']),
  }));
}

export function parseAclAttribute(body: Record<string, unknown>): Pick<AclView, 'entries' | 'listeners'> {
  return {
    entries: nestedList(body, 'AclEntrys', 'AclEntry').map((e) => ({ entry: text(e['AclEntryIP']), comment: text(e['AclEntryComment']) })),
    listeners: nestedList(body, 'RelatedListeners', 'RelatedListener').map(
      (l) => `${text(l['Protocol']).toUpperCase()}:${text(l['ListenerPort'])}`,
    ),
  };
}

/** Entries as the AclEntrys parameter takes them (the API's lower-case keys). */
export const aclEntries = (entries: readonly AclEntryView[]): string =>
  JSON.stringify(
    entries.map((e) => (e.comment.trim() === '' ? { entry: e.entry.trim() } : { entry: e.entry.trim(), comment: e.comment.trim() })),
  );
