import { Outcome } from '../metrics/outcomes';
import { formatIp } from '../net/ipv4';
import type { Simulation } from '../simulation';
import type { LvsCluster } from './cluster';
import { SessionFlag } from './session-table';

/** The kernel's local port range, 1024–65535: at most 64,512 ports per local address and backend. */
export const LOCAL_PORT_LOW = 1024;
export const LOCAL_PORT_RANGE = 64_512;
/** 100.64.0.0: the start of the shared address space (RFC 6598) SLB uses for its internal addresses. */
const LOCAL_BASE = 0x64400000;

/**
 * LVS node `i`'s local address `k` (both from 0): 100.64.(i+1).(k+1), so LVS-1's addresses are
 * 100.64.1.1, 100.64.1.2, … and LVS-n's start at 100.64.n.1. A 256th address spills into the next
 * /24 as 100.64.(i+2).0, which no other node uses (theirs start at .1), so addresses never collide.
 */
export function localAddress(i: number, k: number): number {
  return (LOCAL_BASE + (i + 1) * 256 + k + 1) | 0;
}

/**
 * The free ports of one (node, local address, backend): ports never handed out are taken in order
 * from a per-pool starting point; released ones queue up and are reused oldest first, before any
 * fresh one, so memory follows the peak number in use, not the range. A port is either fresh (at or
 * after `fresh`) or in use or queued exactly once, so no port is handed out twice.
 */
class PortPool {
  /** Ports handed out fresh so far. */
  private fresh = 0;
  private queue = new Uint16Array(16);
  private head = 0;
  private queued = 0;

  constructor(
    private readonly capacity: number,
    /** Where this pool's fresh ports start in the range (spread so journeys show varied ports). */
    private readonly start: number,
  ) {}

  get inUse(): number {
    return this.fresh - this.queued;
  }

  /** A free port, or -1 when all `capacity` ports are in use. */
  take(): number {
    if (this.queued > 0) {
      const port = this.queue[this.head] as number;
      this.head = (this.head + 1) % this.queue.length;
      this.queued--;
      return port;
    }
    if (this.fresh >= this.capacity) return -1;
    return LOCAL_PORT_LOW + ((this.start + this.fresh++) % LOCAL_PORT_RANGE);
  }

  put(port: number): void {
    if (this.queued === this.queue.length) {
      // Grow the ring, unrolling it so the oldest entry comes first.
      const bigger = new Uint16Array(this.queue.length * 2);
      for (let k = 0; k < this.queued; k++) bigger[k] = this.queue[(this.head + k) % this.queue.length] as number;
      this.queue = bigger;
      this.head = 0;
    }
    this.queue[(this.head + this.queued) % this.queue.length] = port;
    this.queued++;
  }
}

/** One node's ports towards one backend: a pool per local address and the rotating address cursor. */
interface PortGroup {
  next: number;
  pools: (PortPool | undefined)[];
}

/**
 * FULLNAT source rewriting (DOMAIN §2.1): towards the backend a packet leaves LVS as
 * `lip:lport → rip:rport`, with a local address of the forwarding node and a port from that
 * address's pool for the backend. A connection holds one local address and port at a time, on the
 * node whose session has `SessionFlag.LocalPort`; they live in the connection table
 * (`localAddress`, `localPort`: 3 bytes per connection). The node that schedules a flow claims
 * them at its first packet; when a flow moves, the node that takes it over claims its own (the
 * backend answers the local address it saw, so replies follow the flow) and the previous holder's
 * port goes back to its pool. Each node takes its local addresses in turn per backend, like the
 * kernel's `curr_laddr`, skipping full ones.
 */
export class FullNat {
  readonly addressesPerNode: number;
  readonly portsPerAddress: number;
  private readonly groups: (PortGroup | undefined)[];
  private readonly backends: number;

  constructor(
    private readonly sim: Simulation,
    private readonly lvs: LvsCluster,
    /**
     * Ports in use per node and backend: the cluster's `portsInUse`, kept here. While it is below
     * addresses × ports one of the node's pools has a free port, which is what `admit` checks.
     */
    private readonly inUse: Int32Array,
  ) {
    this.addressesPerNode = sim.scenario.cluster.localAddressesPerNode;
    this.portsPerAddress = sim.scenario.cluster.portsPerLocalAddress;
    this.backends = sim.real.count;
    this.groups = new Array<PortGroup | undefined>(lvs.ids.length * this.backends).fill(undefined);
  }

  /**
   * Gives node i a local address and port towards `backend` for the connection, releasing the one
   * another node held. False (nothing changed) when every local address of node i is full.
   */
  claim(conn: number, i: number, backend: number): boolean {
    const group = this.group(i, backend);
    for (let t = 0; t < this.addressesPerNode; t++) {
      const k = (group.next + t) % this.addressesPerNode;
      const pool = (group.pools[k] ??= new PortPool(this.portsPerAddress, this.startOf(i, k, backend)));
      const port = pool.take();
      if (port < 0) continue;
      group.next = (k + 1) % this.addressesPerNode;
      this.releaseHolder(conn);
      const c = this.sim.conns;
      c.localAddress[conn] = k;
      c.localPort[conn] = port;
      this.inUse[i * this.backends + backend] = (this.inUse[i * this.backends + backend] as number) + 1;
      const s = this.lvs.sessions;
      const index = s.own(conn, i);
      s.flags[index] = (s.flags[index] as number) | SessionFlag.LocalPort;
      return true;
    }
    return false;
  }

  /** Node i's session is going away (or handing over): its port returns to its pool. */
  release(conn: number, i: number, backend: number): void {
    const s = this.lvs.sessions;
    const index = s.at(conn, i);
    if (((s.flags[index] as number) & SessionFlag.LocalPort) === 0) return;
    s.flags[index] = (s.flags[index] as number) & ~SessionFlag.LocalPort;
    const c = this.sim.conns;
    this.group(i, backend).pools[c.localAddress[conn] as number]!.put(c.localPort[conn] as number);
    this.inUse[i * this.backends + backend] = (this.inUse[i * this.backends + backend] as number) - 1;
  }

  /** The node holding the connection's port, or -1. */
  holderOf(conn: number): number {
    const s = this.lvs.sessions;
    for (let j = 0; j < s.nodes; j++) if (((s.flags[s.at(conn, j)] as number) & SessionFlag.LocalPort) !== 0) return j;
    return -1;
  }

  /**
   * Rewrites a client packet on node i for its backend: the node's own local address and port,
   * claimed at the flow's first packet here (a new flow, or one taken over after a failover). The
   * journey shows the rewrite whenever the flow reaches a node anew. False when no port is left:
   * the packet has been turned into an RST (`port_exhausted`).
   */
  rewrite(packet: number, node: number, conn: number, i: number, backend: number): boolean {
    const sim = this.sim;
    const s = this.lvs.sessions;
    const index = s.at(conn, i);
    const held = ((s.flags[index] as number) & SessionFlag.LocalPort) !== 0;
    if (held && (!sim.journal || sim.conns.lvsNode[conn] === node)) return true;
    const previous = !held && sim.journal ? this.holderOf(conn) : -1;
    const released = previous >= 0 ? this.local(conn, previous) : '';
    if (!held && !this.claim(conn, i, backend)) {
      this.lvs.portExhausted++;
      this.lvs.reset(packet, node, conn, Outcome.port_exhausted, `no FULLNAT local port left on ${sim.topology.nodes[node]!.label} towards ${sim.real.label[backend]}`);
      return false;
    }
    if (sim.journal) {
      const takeover = !held && ((s.flags[index] as number) & SessionFlag.Origin) === 0;
      const how = takeover ? `; ${sim.topology.nodes[node]!.label} takes the flow over with its own local address${released ? ` (${released} released)` : ''}` : '';
      sim.note(conn, node, 'fullnat', `${this.describe(conn, i, backend)}${how}`);
    }
    return true;
  }

  /** `lip:lport` of the connection on node i (which must hold its port). */
  local(conn: number, i: number): string {
    const c = this.sim.conns;
    return `${formatIp(localAddress(i, c.localAddress[conn] as number))}:${c.localPort[conn]}`;
  }

  /** What the backend takes for the client: the real client (TOA) or, with FullNatEnabled, the local address. */
  seenByBackend(conn: number, i: number): string {
    const c = this.sim.conns;
    const listener = this.sim.scenario.listeners[c.listener[conn] as number]!;
    if (listener.FullNatEnabled) return `${this.local(conn, i)} (FullNatEnabled: client address hidden)`;
    const carried = listener.ListenerProtocol === 'udp' ? 'client address kept' : 'TOA';
    return `${formatIp(c.clientIp[conn] as number)}:${c.clientPort[conn]} (${carried})`;
  }

  /** The rewrite in one line: `cip:cport → vip:vport becomes lip:lport → rip:rport; backend sees client …`. */
  describe(conn: number, i: number, backend: number): string {
    const sim = this.sim;
    const c = sim.conns;
    const listener = sim.scenario.listeners[c.listener[conn] as number]!;
    const rip = sim.real.privateIp[backend]!;
    const client = `${formatIp(c.clientIp[conn] as number)}:${c.clientPort[conn]}`;
    const vip = `${formatIp(sim.instances.vip[sim.instances.ofListener[c.listener[conn] as number] as number] as number)}:${listener.ListenerPort}`;
    // A group member (master-slave or VServer group) listens on its own port; every other backend on BackendServerPort.
    const port = sim.lvs.views.backendPort(c.listener[conn] as number, backend);
    return `${client} → ${vip} becomes ${this.local(conn, i)} → ${rip}:${port}; backend sees client ${this.seenByBackend(conn, i)}`;
  }

  /** Ports in use on one (node, local address, backend) pool (tests, inspector). */
  poolInUse(i: number, k: number, backend: number): number {
    return this.groups[i * this.backends + backend]?.pools[k]?.inUse ?? 0;
  }

  private group(i: number, backend: number): PortGroup {
    const g = i * this.backends + backend;
    let group = this.groups[g];
    if (!group) {
      group = { next: 0, pools: new Array<PortPool | undefined>(this.addressesPerNode).fill(undefined) };
      this.groups[g] = group;
    }
    return group;
  }

  /** The connection's port goes back to whichever node held it. */
  private releaseHolder(conn: number): void {
    const j = this.holderOf(conn);
    if (j >= 0) this.release(conn, j, this.lvs.sessions.backend[this.lvs.sessions.at(conn, j)] as number);
  }

  /** A pool's first fresh port: a fixed mix of its (node, address, backend), like a kernel's random start. */
  private startOf(i: number, k: number, backend: number): number {
    let h = Math.imul((i + 1) * 0x10001 + k * 0x1f1f + backend * 0x3b9, 0x9e3779b1);
    h ^= h >>> 15;
    return (h >>> 0) % LOCAL_PORT_RANGE;
  }
}
