import { parseCidr, type AclSpec } from '../../scenario/acl-schema';
import type { Scenario } from '../../scenario/schema';
import { formatIp } from '../net/ipv4';

/** How a listener applies its ACL. */
export const AclMode = { Off: 0, White: 1, Black: 2 } as const;

/**
 * Listener access control as LVS applies it (docs/LAYER4.md, "Access control"): per listener,
 * its mode and its ACL's entries as int32 network/mask pairs in one flat column, so a match on
 * the per-SYN path is a loop of `(ip & mask) === network` over typed arrays — no allocation,
 * no strings. Built when the simulation is, and rebuilt by `load()` when the configuration
 * changes while the run plays (only then does it allocate).
 */
export class AccessControl {
  /** Per listener: AclMode. */
  readonly mode: Uint8Array;
  /** Per listener: where its entries start in `networks`/`masks`, and how many there are. */
  private readonly start: Int32Array;
  private readonly count: Int32Array;
  private networks = new Int32Array(0);
  private masks = new Int32Array(0);
  /** Per listener: its ACL, for journey notes only. */
  private acls: (AclSpec | undefined)[] = [];
  /** Per listener: connections that had a packet denied (counted once), and every packet denied. */
  readonly deniedConnections: Float64Array;
  readonly deniedPackets: Float64Array;

  constructor(scenario: Scenario) {
    const listeners = scenario.listeners.length;
    this.mode = new Uint8Array(listeners);
    this.start = new Int32Array(listeners);
    this.count = new Int32Array(listeners);
    this.deniedConnections = new Float64Array(listeners);
    this.deniedPackets = new Float64Array(listeners);
    this.load(scenario);
  }

  /** Takes the listeners' AclStatus, AclType, AclId and the ACLs' entries from `scenario` (same listeners, in the same order). */
  load(scenario: Scenario): void {
    const byId = new Map(scenario.acls.map((a) => [a.AclId, a]));
    const acls = scenario.listeners.map((l) => (l.AclStatus === 'on' && l.AclId !== undefined ? byId.get(l.AclId) : undefined));
    const total = acls.reduce((sum, acl) => sum + (acl?.AclEntrys.length ?? 0), 0);
    const networks = new Int32Array(total);
    const masks = new Int32Array(total);
    let at = 0;
    scenario.listeners.forEach((listener, l) => {
      const acl = acls[l];
      this.mode[l] = acl === undefined ? AclMode.Off : listener.AclType === 'black' ? AclMode.Black : AclMode.White;
      this.start[l] = at;
      for (const entry of acl?.AclEntrys ?? []) {
        const cidr = parseCidr(entry.AclEntryIP);
        // The scenario schema has already refused anything else.
        if (typeof cidr === 'string') throw new Error(`ACL ${acl!.AclId}: ${cidr}`);
        networks[at] = cidr.network | 0;
        masks[at] = cidr.mask | 0;
        at++;
      }
      this.count[l] = at - (this.start[l] as number);
    });
    this.networks = networks;
    this.masks = masks;
    this.acls = acls;
  }

  /** The first entry of the listener's ACL that `ip` (an int32 address) falls in, or -1. */
  match(listener: number, ip: number): number {
    const start = this.start[listener] as number;
    const end = start + (this.count[listener] as number);
    const networks = this.networks;
    const masks = this.masks;
    for (let e = start; e < end; e++) if ((ip & (masks[e] as number)) === networks[e]) return e - start;
    return -1;
  }

  /**
   * Whether the listener lets `ip` in: always with access control off; a white list admits only
   * the addresses its entries cover (an empty one admits nobody); a black list admits all others.
   */
  admits(listener: number, ip: number): boolean {
    const mode = this.mode[listener] as number;
    if (mode === AclMode.Off) return true;
    const found = this.match(listener, ip) >= 0;
    return mode === AclMode.White ? found : !found;
  }

  /** Counts one denied packet; `firstForConnection` when its connection had none denied before. */
  countDenial(listener: number, firstForConnection: boolean): void {
    this.deniedPackets[listener] = (this.deniedPackets[listener] as number) + 1;
    if (firstForConnection) this.deniedConnections[listener] = (this.deniedConnections[listener] as number) + 1;
  }

  /** The journey line for a decision: the ACL, its type, and the entry that matched or that none did. */
  explain(listener: number, clientIp: number): string {
    const ip = formatIp(clientIp);
    const acl = this.acls[listener];
    if (acl === undefined) return 'access control off';
    const white = this.mode[listener] === AclMode.White;
    const list = `${acl.AclId} (${acl.AclName}) as a ${white ? 'white' : 'black'} list`;
    const e = this.match(listener, clientIp);
    if (e < 0) {
      const none = acl.AclEntrys.length === 0 ? 'it has no entries' : `${ip} matches none of its ${acl.AclEntrys.length} entries`;
      return `${list}: ${none}; ${white ? 'denied (an empty or unmatched white list admits nobody)' : 'admitted'}`;
    }
    const entry = acl.AclEntrys[e]!;
    const comment = entry.AclEntryComment === '' ? '' : ` ("${entry.AclEntryComment}")`;
    return `${list}: ${ip} matches entry ${entry.AclEntryIP}${comment}; ${white ? 'admitted' : 'denied'}`;
  }
}
