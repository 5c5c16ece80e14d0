import type { IssueSink } from './cross-field-rules';
import { z } from 'zod';

/**
 * Access control lists (Slb 2014-05-15: CreateAccessControlList, AddAccessControlListEntry, …)
 * and the listener fields that apply them (AclStatus, AclType, AclId). The field names are the
 * API's own: an ACL's entries are `AclEntrys` of `{ AclEntryIP, AclEntryComment }`, as
 * DescribeAccessControlListAttribute answers them. schema.ts and cross-field-rules.ts wire them in.
 */

/** The API's limits (CreateAccessControlList / AddAccessControlListEntry docs). */
export const ACL_LIMITS = {
  /** ACLs per account and region. */
  aclsPerRegion: 50,
  /** Entries one ACL may hold. */
  entriesPerAcl: 300,
  /** Entries one AddAccessControlListEntry call may add. */
  entriesPerCall: 50,
  /** AclName: 1–80 characters. */
  nameLength: 80,
  /** AclEntryComment: the API sets no documented limit; the simulator keeps at most this many characters. */
  commentLength: 256,
} as const;

/** AclName: 1–80 Chinese characters, letters, digits, `.`, `-`, `/`, `_` (the CreateAccessControlList docs). */
export const ACL_NAME = /^[\p{Script=Han}A-Za-z0-9._/-]{1,80}$/u;
export const ACL_NAME_RULE = 'must be 1–80 Chinese characters, letters, digits, ".", "-", "/" or "_"';

/** An IPv4 CIDR block as two 32-bit integers: the network address and the mask. */
export interface Cidr {
  network: number;
  mask: number;
  prefix: number;
}

const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4_CIDR = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}(/(3[0-2]|[12]?\\d))?$`);

/** The mask of a prefix length, as an unsigned 32-bit integer (`/0` is 0: every address matches). */
export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/**
 * Reads an ACL entry: an IPv4 address (`10.1.2.3`, the same as `/32`) or CIDR block
 * (`10.0.0.0/8`). Returns the block, or the rule it breaks. A block with bits set past its prefix
 * (`10.0.0.1/8`) is refused, naming the network address it probably means.
 */
export function parseCidr(text: string): Cidr | string {
  const match = IPV4_CIDR.exec(text);
  if (!match) return `"${text}" is not an IPv4 address or CIDR block such as 10.0.0.0/8`;
  const [address, prefixText] = text.split('/');
  const value = address!.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
  const prefix = prefixText === undefined ? 32 : Number(prefixText);
  const mask = prefixMask(prefix);
  const network = (value & mask) >>> 0;
  if (network !== value) return `"${text}" has host bits set past /${prefix}; the block is ${formatIpv4(network)}/${prefix}`;
  return { network, mask, prefix };
}

/** The canonical form of an entry, so `10.1.2.3` and `10.1.2.3/32` are the same entry. */
export function canonicalCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

export const aclEntrySchema = z.strictObject({
  /** An IPv4 address or CIDR block, with no host bits set past the prefix. */
  AclEntryIP: z.string().superRefine((text, ctx) => {
    const parsed = parseCidr(text);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  }),
  AclEntryComment: z.string().max(ACL_LIMITS.commentLength).default(''),
});

export const aclSchema = z.strictObject({
  AclId: z.string().regex(/^acl-[a-z0-9]{1,32}$/, 'must look like acl-xxxx (lower-case letters and digits)'),
  AclName: z.string().regex(ACL_NAME, ACL_NAME_RULE),
  /** IPv4 only: the simulated clients have IPv4 addresses (the API also takes ipv6). */
  AddressIPVersion: z.literal('ipv4', 'only ipv4 ACLs are simulated (the clients have IPv4 addresses)').default('ipv4'),
  AclEntrys: z
    .array(aclEntrySchema)
    .max(ACL_LIMITS.entriesPerAcl, `an ACL holds at most ${ACL_LIMITS.entriesPerAcl} entries (AclEntryExceedLimit)`)
    .default([]),
});
export type AclSpec = z.output<typeof aclSchema>;

export const aclsSchema = z.array(aclSchema).max(ACL_LIMITS.aclsPerRegion, `at most ${ACL_LIMITS.aclsPerRegion} ACLs per region`).default([]);

/** The listener fields of access control, on every protocol (CreateLoadBalancer*Listener). */
export const listenerAclFields = {
  /** on: only clients the ACL admits reach the listener (white list), or only those it does not list (black list). */
  AclStatus: z.enum(['on', 'off']).default('off'),
  AclType: z.enum(['white', 'black']).optional(),
  AclId: z.string().min(1).optional(),
};

interface AclListener {
  AclStatus: 'on' | 'off';
  AclType?: 'white' | 'black' | undefined;
  AclId?: string | undefined;
}

/** Within one listener: AclStatus on needs AclType and AclId. */
export function checkListenerAcl(listener: AclListener, ctx: z.RefinementCtx): void {
  if (listener.AclStatus !== 'on') return;
  if (listener.AclType === undefined) ctx.addIssue({ code: 'custom', path: ['AclType'], message: 'AclStatus on needs AclType: white or black' });
  if (listener.AclId === undefined) ctx.addIssue({ code: 'custom', path: ['AclId'], message: 'AclStatus on needs AclId: the ACL to apply' });
}

/** Across the scenario: ACL ids and names unique, entries unique per ACL, listeners name existing ACLs. */
export function checkAcls(scenario: { acls: readonly AclSpec[]; listeners: readonly AclListener[] }, ctx: IssueSink): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  scenario.acls.forEach((acl, a) => {
    if (ids.has(acl.AclId)) ctx.addIssue({ code: 'custom', path: ['acls', a, 'AclId'], message: `${acl.AclId} is listed twice` });
    if (names.has(acl.AclName)) ctx.addIssue({ code: 'custom', path: ['acls', a, 'AclName'], message: `another ACL is named "${acl.AclName}"; names are unique in a region (AclNameExist)` });
    ids.add(acl.AclId);
    names.add(acl.AclName);
    const seen = new Map<string, number>();
    acl.AclEntrys.forEach((entry, e) => {
      const parsed = parseCidr(entry.AclEntryIP);
      if (typeof parsed === 'string') return;
      const key = canonicalCidr(parsed);
      const first = seen.get(key);
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['acls', a, 'AclEntrys', e, 'AclEntryIP'], message: `${entry.AclEntryIP} is entry ${first} of this ACL already (${key})` });
      else seen.set(key, e);
    });
  });
  scenario.listeners.forEach((listener, i) => {
    if (listener.AclId !== undefined && !ids.has(listener.AclId)) ctx.addIssue({ code: 'custom', path: ['listeners', i, 'AclId'], message: `no ACL ${listener.AclId} in acls` });
  });
}
