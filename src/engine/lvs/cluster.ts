import { Direction, PacketType } from '../core/kinds';
import { TimerHeap } from '../core/timer-heap';
import { Outcome, outcomeReason } from '../metrics/outcomes';
import { EcmpGroup, flowHash } from '../net/ecmp';
import type { Simulation } from '../simulation';
import { AccessControl } from './acl';
import { BackendViews } from './backend-views';
import { FullNat } from './fullnat';
import { LvsNodeFaults } from './node-faults';
import { ZoneFailover } from './zone-failover';
import { PersistenceTemplates } from './persistence';
import { SessionLifecycle } from './session-lifecycle';
import { ServerFlag } from '../traffic/connection-table';
import { SessionFlag, SessionTable } from './session-table';
import { ConnState, CONN_STATE_NAMES, TIMEOUT_PRESETS } from './tcp-states';

const TCP = 6;
const UDP = 17;

/**
 * The LVS cluster: ECMP in front, then per node the IPVS connection table, scheduling on SYN (any
 * packet for UDP), FULLNAT local ports, state timeouts, persistence templates, and the hooks into
 * multicast session sync. All nodes are active; each keeps its own scheduler position and counts.
 */
export class LvsCluster {
  readonly ids: number[];
  readonly up: Uint8Array;
  readonly sessions: SessionTable;
  /** Per connection, when its earliest LVS session is due to expire (on any node). */
  readonly timers: TimerHeap;
  readonly views: BackendViews;
  readonly ecmp: EcmpGroup;
  /** Per node: flows handled, RSTs sent, packets dropped (blackholed or no session). */
  readonly flows: Float64Array;
  readonly resets: Float64Array;
  readonly drops: Float64Array;
  /** Per node: entries it holds now that were installed or refreshed by sync. */
  readonly syncedHeld: Float64Array;
  /** The latest failure reason at each node, for the UI's badge. */
  readonly lastFailure: (string | undefined)[];
  /** How many times each node went down or came back (its table is empty from then on). */
  readonly restarts: Uint32Array;
  /** FULLNAT local ports in use, per node and backend. */
  readonly portsInUse: Int32Array;
  /** FULLNAT local addresses and ports: claimed, rewritten, released. */
  readonly fullnat: FullNat;
  readonly portCapacity: number;
  /** Node crashes, upgrades, recoveries, route withdrawal and backend removal with drain. */
  readonly faults: LvsNodeFaults;
  /** Which zone's nodes hold the VIP, and moving it when the primary zone's cluster is down (DOMAIN §5). */
  readonly zones: ZoneFailover;
  /** Creating, advancing, expiring, installing (from sync) and removing table entries. */
  readonly lifecycle: SessionLifecycle;
  /** Connections scheduled and still holding their origin session, all instances together (per instance: sim.instances). */
  concurrent = 0;
  portExhausted = 0;
  private readonly listenerProtocol: Uint8Array;
  private readonly listenerPort: Int32Array;
  readonly backends: number;
  readonly templates: PersistenceTemplates;
  /** Listener access control lists, checked on a flow's first packet at a node (acl.ts). */
  readonly acl: AccessControl;

  constructor(private readonly sim: Simulation) {
    const scenario = sim.scenario;
    this.ids = sim.topology.byKind.lvs;
    const n = this.ids.length;
    this.backends = sim.real.count;
    this.up = new Uint8Array(n).fill(1);
    this.sessions = new SessionTable(n, sim.conns.capacity);
    this.timers = new TimerHeap(sim.conns.capacity);
    this.views = new BackendViews(sim, n);
    this.ecmp = new EcmpGroup(scenario.cluster.ecmpMode, this.ids);
    this.zones = new ZoneFailover(
      sim,
      this,
      scenario.cluster.lvsNodes,
      scenario.cluster.zoneFailoverDelayS,
    );
    this.flows = new Float64Array(n);
    this.resets = new Float64Array(n);
    this.drops = new Float64Array(n);
    this.syncedHeld = new Float64Array(n);
    this.lastFailure = this.ids.map(() => undefined);
    this.restarts = new Uint32Array(n);
    this.portsInUse = new Int32Array(n * this.backends);
    this.portCapacity = scenario.cluster.localAddressesPerNode * scenario.cluster.portsPerLocalAddress;
    this.fullnat = new FullNat(sim, this, this.portsInUse);
    this.listenerProtocol = Uint8Array.from(scenario.listeners, (l) => (l.ListenerProtocol === 'udp' ? UDP : TCP));
    this.listenerPort = Int32Array.from(scenario.listeners, (l) => l.ListenerPort);
    this.templates = new PersistenceTemplates(n, scenario.listeners.map((l) => l.PersistenceTimeout));
    this.acl = new AccessControl(scenario);
    this.faults = new LvsNodeFaults(sim, this);
    this.lifecycle = new SessionLifecycle(sim, this, TIMEOUT_PRESETS[scenario.cluster.timeoutPreset]);
  }

  ensureCapacity(): void {
    this.sessions.ensureCapacity(this.sim.conns.capacity);
    this.timers.ensureCapacity(this.sim.conns.capacity);
  }

  indexOf(node: number): number {
    return this.sim.topology.nodes[node]!.index;
  }

  /** IP protocol of the connection's listener (looked up per packet: a typed array, not a string compare). */
  private protocolOf(conn: number): number {
    return this.listenerProtocol[this.sim.conns.listener[conn] as number] as number;
  }

  /** The VIP of the listener's instance. */
  private vipOf(listener: number): number {
    return this.sim.instances.vip[this.sim.instances.ofListener[listener] as number] as number;
  }

  /** A connection's origin session ended: it no longer counts towards its instance's connections. */
  releaseOrigin(conn: number): void {
    this.concurrent--;
    this.sim.instances.released(this.sim.instances.ofListener[this.sim.conns.listener[conn] as number] as number);
  }

  isUdp(conn: number): boolean {
    return this.protocolOf(conn) === UDP;
  }

  // --- ECMP ----------------------------------------------------------------------------------

  /** The LVS node (id) the router sends the connection's packets to now; -1 when none announces the VIP. */
  nextHopOf(conn: number): number {
    const c = this.sim.conns;
    const listener = c.listener[conn] as number;
    return this.ecmp.pick(flowHash(this.protocolOf(conn), c.clientIp[conn] as number, c.clientPort[conn] as number, this.vipOf(listener), this.listenerPort[listener] as number));
  }

  /** The router hashes the flow's 5-tuple onto one of the announced LVS nodes. */
  route(packet: number, router: number, conn: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const listener = c.listener[conn] as number;
    const port = this.listenerPort[listener] as number;
    const hash = flowHash(this.protocolOf(conn), c.clientIp[conn] as number, c.clientPort[conn] as number, this.vipOf(listener), port);
    const next = this.ecmp.pick(hash);
    if (next < 0) {
      c.lossReason[conn] = Outcome.route_blackhole;
      sim.packets.release(packet);
      sim.note(conn, router, 'drop', 'no LVS node announces the VIP');
      return;
    }
    if (sim.journal && next !== c.lvsNode[conn]) sim.note(conn, router, 'ecmp', `${this.sim.scenario.cluster.ecmpMode} hash ${hash >>> 0} → ${sim.topology.nodes[next]!.label}`);
    sim.forward(packet, router, next);
  }

  // --- client → server -----------------------------------------------------------------------

  onInbound(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const i = this.indexOf(node);
    const c = sim.conns;
    if (this.up[i] === 0) {
      // The router still sends to a dead node until it withdraws the route.
      this.drops[i] = (this.drops[i] as number) + 1;
      c.lossReason[conn] = Outcome.route_blackhole;
      sim.packets.release(packet);
      sim.note(conn, node, 'drop', `${sim.topology.nodes[node]!.label} is down; route not yet withdrawn`);
      return;
    }
    const type = sim.packets.type[packet] as number;
    let index = this.sessions.at(conn, i);
    if (this.sessions.state[index] === ConnState.None) {
      const udp = this.isUdp(conn);
      if (!udp && type !== PacketType.Syn) return this.resetUnknown(packet, node, conn);
      if (sim.live.running[c.listener[conn] as number] === 0) return this.dropStopped(packet, node, conn);
      if (!this.acl.admits(c.listener[conn] as number, c.clientIp[conn] as number)) return this.denyAcl(packet, node, conn);
      if (sim.journal && this.acl.mode[c.listener[conn] as number] !== 0) sim.note(conn, node, 'acl', this.acl.explain(c.listener[conn] as number, c.clientIp[conn] as number));
      if (!this.admit(packet, node, conn)) return;
      index = this.sessions.at(conn, i); // admitting gave the connection its row
    } else if (sim.journal && c.lvsNode[conn] !== node) {
      sim.note(conn, node, 'session found', `${CONN_STATE_NAMES[this.sessions.state[index] as number]}${(this.sessions.flags[index]! & SessionFlag.Synced) !== 0 ? ' (synced)' : ''}; continue to the same backend`);
    }
    const backend = this.sessions.backend[index] as number;
    c.backend[conn] = backend;
    if (backend < 0) return this.synProxy(packet, node, conn);
    if (!this.fullnat.rewrite(packet, node, conn, i, backend)) return;
    this.lifecycle.onClientPacket(conn, i, type, sim.packets.segments[packet] as number, sim.packets.ordinal[packet] as number);
    c.lvsNode[conn] = node;
    if (this.views.dropsTraffic(c.listener[conn] as number, backend)) {
      this.drops[i] = (this.drops[i] as number) + 1;
      c.lossReason[conn] = Outcome.backend_removed;
      sim.packets.release(packet);
      return;
    }
    sim.forward(packet, node, sim.real.node[backend] as number);
  }

  /**
   * A new flow for a stopped (or deleted) listener: IPVS has no virtual service for the port, so
   * nothing schedules it and the SYN (or datagram) goes unanswered; the client retransmits and
   * gives up (`listener_stopped`). Flows that already have an entry are not affected.
   */
  private dropStopped(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const i = this.indexOf(node);
    this.drops[i] = (this.drops[i] as number) + 1;
    sim.conns.lossReason[conn] = Outcome.listener_stopped;
    sim.packets.release(packet);
    const listener = sim.conns.listener[conn] as number;
    const instance = sim.instances.ofListener[listener] as number;
    const why = sim.instances.active[instance] === 0 ? `forwards nothing (${sim.instances.ids[instance]} is inactive or deleted)` : 'is stopped';
    sim.note(conn, node, 'drop', `listener ${this.listenerPort[listener]} ${why}: no virtual service, no answer`);
  }

  /**
   * The listener's ACL denies the client's address: LVS drops the SYN (the first datagram, on UDP)
   * without an answer, before the instance's limits count it; the client retransmits until it
   * gives up (`acl_denied`). Flows already in the table are never checked again.
   */
  private denyAcl(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const listener = c.listener[conn] as number;
    const first = ((c.serverFlags[conn] as number) & ServerFlag.AclDenied) === 0;
    this.acl.countDenial(listener, first);
    c.serverFlags[conn] = (c.serverFlags[conn] as number) | ServerFlag.AclDenied;
    c.lossReason[conn] = Outcome.acl_denied;
    sim.packets.release(packet);
    if (sim.journal) sim.note(conn, node, 'drop', this.acl.explain(listener, c.clientIp[conn] as number));
  }

  /** A new flow on this node: instance limits, FULLNAT port, persistence, scheduler. */
  private admit(packet: number, node: number, conn: number): boolean {
    const sim = this.sim;
    const c = sim.conns;
    const i = this.indexOf(node);
    const listener = c.listener[conn] as number;
    const instances = sim.instances;
    const instance = instances.ofListener[listener] as number;
    if (instances.overLimit(instance, sim.nowUs)) {
      instances.droppedSyns[instance] = (instances.droppedSyns[instance] as number) + 1;
      if (((c.serverFlags[conn] as number) & ServerFlag.InstanceDropped) === 0) instances.instanceDrops[instance] = (instances.instanceDrops[instance] as number) + 1;
      c.serverFlags[conn] = (c.serverFlags[conn] as number) | ServerFlag.InstanceDropped;
      c.lossReason[conn] = Outcome.instance_limit;
      sim.packets.release(packet);
      sim.note(conn, node, 'drop', `over the ${instances.specs[instance]} limit of ${instances.ids[instance]} (InstanceDropConnection)`);
      return false;
    }
    const backend = this.pickBackend(conn, i, listener, node);
    if (backend >= 0) {
      const ports = i * this.backends + backend;
      if ((this.portsInUse[ports] as number) >= this.portCapacity) {
        this.portExhausted++;
        this.reset(packet, node, conn, Outcome.port_exhausted, `no FULLNAT local port left towards ${sim.real.label[backend]}`);
        return false;
      }
    }
    this.concurrent++;
    sim.meters.newConnection(sim.nowUs, instance, instances.admitted(instance));
    this.flows[i] = (this.flows[i] as number) + 1;
    c.backend[conn] = backend;
    c.originNode[conn] = node;
    c.originEpoch[conn] = this.restarts[i] as number;
    this.lifecycle.create(conn, i, backend, SessionFlag.Origin);
    if (backend >= 0 && this.templates.enabled(listener)) this.lifecycle.control(conn, i);
    return true;
  }

  private pickBackend(conn: number, i: number, listener: number, node: number): number {
    const sim = this.sim;
    const c = sim.conns;
    const spec = sim.scenario.listeners[listener]!;
    const view = this.views.view(i, listener);
    const clientIp = c.clientIp[conn] as number;
    if (spec.PersistenceTimeout > 0) {
      const kept = this.templates.use(i, listener, clientIp, sim.nowUs, view.weights);
      if (kept >= 0) {
        if (sim.journal) sim.note(conn, node, 'schedule', `persistence template: client IP stays on ${sim.real.label[kept]}`);
        return kept;
      }
    }
    const flow = this.views.flowKey(conn, this.vipOf(listener), spec.ListenerPort);
    const backend = this.views.scheduler(i, listener).pick(view, flow);
    this.templates.remember(i, listener, clientIp, backend, sim.nowUs);
    if (sim.journal) sim.note(conn, node, 'schedule', this.views.explain(i, listener, backend));
    return backend;
  }

  /** No backend usable: LVS completes the handshake itself, then resets the first data packet. */
  private synProxy(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const i = this.indexOf(node);
    const type = p.type[packet] as number;
    sim.conns.lvsNode[conn] = node;
    this.lifecycle.onClientPacket(conn, i, type, p.segments[packet] as number, p.ordinal[packet] as number);
    if (type === PacketType.Syn) {
      p.type[packet] = PacketType.SynAck;
      p.dir[packet] = Direction.ToClient;
      p.bytes[packet] = 40;
      sim.note(conn, node, 'syn proxy', 'no healthy backend: LVS answers the SYN itself');
      sim.forward(packet, node, sim.topology.byKind.router[0] as number);
    } else if (type === PacketType.Ack) {
      p.release(packet);
    } else {
      this.reset(packet, node, conn, Outcome.no_healthy_backend, 'no healthy backend for this listener');
    }
  }

  /** A non-SYN TCP packet this node has no session for: answer RST (DOMAIN §2.2, §2.4). */
  private resetUnknown(packet: number, node: number, conn: number): void {
    const c = this.sim.conns;
    const i = this.indexOf(node);
    // Scheduled here and the node has not restarted since: its own entry timed out.
    const sameNode = c.originNode[conn] === node && c.originEpoch[conn] === ((this.restarts[i] as number) & 0xffff);
    const syncedExpired = ((this.sessions.flags[this.sessions.at(conn, i)] as number) & SessionFlag.SyncedExpired) !== 0;
    let outcome: number;
    let why: string;
    if (syncedExpired) {
      outcome = Outcome.synced_session_expired;
      why = 'its synced session expired here';
    } else if (sameNode) {
      outcome = Outcome.session_expired;
      why = 'session expired on this node';
    } else if (((c.serverFlags[conn] as number) & ServerFlag.HandshakeDone) === 0) {
      outcome = Outcome.failover_handshake;
      why = 'flow moved before its handshake completed';
    } else {
      outcome = Outcome.failover_unsynced;
      why = 'flow moved before its session was synced';
    }
    this.reset(packet, node, conn, outcome, `no session on ${this.sim.topology.nodes[node]!.label} (${why}); RST`);
  }

  /** Turns a packet into an RST carrying `outcome` and sends it back to the client. */
  reset(packet: number, node: number, conn: number, outcome: number, why: string): void {
    const sim = this.sim;
    const p = sim.packets;
    const i = this.indexOf(node);
    this.resets[i] = (this.resets[i] as number) + 1;
    this.lastFailure[i] = outcomeReason(outcome);
    this.lifecycle.onResetSent(conn, i);
    p.turnAround(packet, PacketType.Rst, 1, 40, outcome);
    sim.note(conn, node, 'reset', why);
    sim.forward(packet, node, sim.topology.byKind.router[0] as number);
  }

  // --- server → client -----------------------------------------------------------------------

  onOutbound(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const i = this.indexOf(node);
    const index = this.sessions.at(conn, i);
    if (this.up[i] === 0 || this.sessions.state[index] === ConnState.None) {
      this.drops[i] = (this.drops[i] as number) + 1;
      if (this.up[i] === 0) sim.conns.lossReason[conn] = Outcome.route_blackhole;
      sim.packets.release(packet);
      return;
    }
    this.lifecycle.onServerPacket(conn, i, sim.packets.type[packet] as number);
    sim.forward(packet, node, sim.topology.byKind.router[0] as number);
  }

  // --- views for reports and invariants ------------------------------------------------------

  activeOn(i: number): number {
    return this.views.activeTotal[i] as number;
  }

  inactiveOn(i: number): number {
    return this.views.inactiveTotal[i] as number;
  }
}
