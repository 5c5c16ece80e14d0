import type { Scenario } from '../scenario/schema';
import { Instances } from './lvs/instances';
import { US_PER_S } from '../shared/units';
import { cloneGraph } from './core/clone-graph';
import { graphBytes, restoreGraph, snapshotGraph, type GraphSnapshot } from './core/graph-snapshot';
import { EventQueue } from './core/event-queue';
import { Direction, EventKind, PacketType } from './core/kinds';
import { RandomStream } from './core/prng';
import { TraceHash } from './core/trace-hash';
import { HealthChecks } from './backend/health-checks';
import { Servers } from './backend/servers';
import { Faults, type FaultSpec } from './faults/faults';
import { FailoverLog } from './faults/failover-report';
import { Meters, startOffsetUs } from './billing/meters';
import { computeBill, type Bill, type BillOptions } from './billing/bill';
import { Egress } from './egress/egress';
import type { HopRecorder } from './hops';
import type { JourneyRecorder } from './journal';
import { LvsCluster } from './lvs/cluster';
import { SyncDaemon } from './lvs/sync';
import { OUTCOMES, outcomeReason } from './metrics/outcomes';
import { LatencyHistogram } from './metrics/latency';
import { ListenerMetrics } from './metrics/listener-metrics';
import { BandwidthShaper } from './net/bandwidth';
import { LinkFaults } from './net/link-faults';
import { PacketTable } from './net/packet-table';
import { ShapedEdge } from './net/shaped-edge';
import { buildTopology, NODE_KINDS, type Topology } from './net/topology';
import { Clients } from './traffic/clients';
import { ClientL7Specs } from './traffic/http-clients';
import { RealServers } from './lvs/real-servers';
import { TengineCluster } from './tengine/tengine';
import { ClientPhase, ConnectionTable } from './traffic/connection-table';
import { buildReport, connectionCounts, type ConnectionCounts, type SimulationReport } from './report';
import type { AlignedConfig } from './config/align';
import { LiveConfig } from './config/live';
import { applyStep } from './config/reconfigure';

/** Node kinds a packet can arrive at, as indices in NODE_KINDS (Simulation.nodeKind). */
const [CLIENTS, INTERNET, ROUTER, LVS, TENGINE, ECS] = (['clients', 'internet', 'router', 'lvs', 'tengine', 'ecs'] as const).map((kind) => NODE_KINDS.indexOf(kind));

/**
 * A journal entry due at a simulated time: a configuration change (its aligned step) or a live
 * fault (the configuration stays the step it was; the fault is applied to the engine).
 */
export interface ScheduledChange {
  atUs: number;
  step: AlignedConfig;
  fault?: FaultSpec | undefined;
}

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Receives every packet hop (the browser's animation); omit for headless speed. */
  recorder?: HopRecorder;
  /** Receives connection journeys (CLI --trace, the UI's journey view). */
  journal?: JourneyRecorder;
  /**
   * The initial step of a run with live configuration changes (alignScenarios(...).steps[0]); the
   * scenario passed is then the aligned base. Listeners, populations and backends the step does not
   * hold exist in the tables but produce no events until a later step brings them in.
   */
  config?: AlignedConfig;
}

/**
 * The engine's one public entry: a deterministic discrete-event simulation of a scenario. Time is
 * integer microseconds; all randomness comes from named seeded streams; every processed event
 * updates the trace hash. The layers (clients, LVS cluster, sync, servers, health checks, faults)
 * are modules that share this object's queue, tables and forwarding.
 */
export class Simulation {
  /** The configuration in force: the initial scenario, replaced (never mutated) by reconfigure(). */
  scenario: Scenario;
  readonly seed: number;
  readonly topology: Topology;
  readonly queue = new EventQueue(4096);
  readonly packets = new PacketTable(4096);
  readonly conns = new ConnectionTable(4096);
  recorder: HopRecorder | undefined;
  journal: JourneyRecorder | undefined;
  readonly clients: Clients;
  /** What LVS schedules onto: ECS backends (TCP/UDP listeners) and Tengine nodes (HTTP/HTTPS). */
  readonly real: RealServers;
  readonly tengine: TengineCluster;
  readonly clientDefaults: ClientL7Specs;
  readonly lvs: LvsCluster;
  readonly sync: SyncDaemon;
  readonly servers: Servers;
  readonly health: HealthChecks;
  readonly faults: Faults;
  /** Link faults (loss, added latency, one-way failure) that forward() applies. */
  readonly links: LinkFaults;
  /** What each fault did to which connections (the report's `faults`); it only observes. */
  readonly failover = new FailoverLog(this);
  readonly egress: Egress;
  readonly meters: Meters;
  /** The load-balancer instances: VIPs, limits, status, and which listener is whose. */
  readonly instances: Instances;
  /** Which listeners, populations and backends exist now, and which listeners run. */
  readonly live: LiveConfig;
  /** Bandwidth caps at the Internet edge (listener and paybybandwidth instance `Bandwidth`). */
  readonly bandwidth: BandwidthShaper;
  private readonly edge: ShapedEdge;
  /** Ended connections by outcome code. */
  readonly outcomeCounts = new Float64Array(OUTCOMES.length);
  /** Request latency seen by clients since the last reset (the UI samples and resets it). */
  readonly latency = new LatencyHistogram();
  /** Per-listener, per-second traffic for the last hour (CloudMonitor's acs_slb_dashboard). */
  readonly listenerMetrics: ListenerMetrics;
  /** Connections that completed their handshake (client saw SYN-ACK). */
  established = 0;
  nowUs = 0;
  private readonly hash = new TraceHash();
  private readonly nodeCount: number;
  /** Per node id, its kind's index in NODE_KINDS: a packet's arrival switches on a number, not a string. */
  private readonly nodeKind: Uint8Array;
  private eventCount = 0;
  private readonly streams = new Map<string, RandomStream>();
  /** The run's journal as engine steps, in time order; shared with checkpoints, replaced, never edited. */
  private changes: readonly ScheduledChange[] = [];
  private applied = 0;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.recorder = options.recorder;
    this.journal = options.journal;
    this.topology = buildTopology(scenario, options.config);
    this.nodeCount = this.topology.nodes.length;
    this.nodeKind = Uint8Array.from(this.topology.nodes, (n) => NODE_KINDS.indexOf(n.kind));
    this.live = new LiveConfig(scenario, options.config);
    this.instances = new Instances(scenario);
    this.meters = new Meters(this.topology, startOffsetUs(scenario.billing.startTime), this.instances.ids);
    this.real = new RealServers(scenario, this.topology);
    this.clientDefaults = new ClientL7Specs(scenario);
    this.servers = new Servers(this);
    this.health = new HealthChecks(this);
    this.sync = new SyncDaemon(this);
    this.tengine = new TengineCluster(this);
    this.lvs = new LvsCluster(this);
    this.clients = new Clients(this);
    this.listenerMetrics = new ListenerMetrics(this);
    this.faults = new Faults(this);
    this.links = new LinkFaults(this.nodeCount, this.stream('link.loss'));
    this.egress = new Egress(this);
    this.bandwidth = new BandwidthShaper(scenario);
    this.edge = new ShapedEdge(this, this.bandwidth, this.topology.byKind.router[0]!, this.topology.byKind.internet[0]!);
    this.clients.start();
    this.egress.start();
    this.health.start();
    this.sync.start();
    this.faults.start();
  }

  /** A named, seeded random stream; each component owns its own so draws never shift others. */
  stream(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(this.seed, name);
      this.streams.set(name, stream);
    }
    return stream;
  }

  get timeUs(): number {
    return this.nowUs;
  }

  get events(): number {
    return this.eventCount;
  }

  get traceHash(): string {
    return this.hash.hex();
  }

  /** When the next event happens: the earliest of the event queue, the session timers and the journal. */
  nextEventUs(): number {
    return Math.min(this.queue.peekTimeUs(), this.lvs.timers.peekTimeUs(), this.nextChangeUs());
  }

  /** How many journal entries are in force. */
  get changesApplied(): number {
    return this.applied;
  }

  /**
   * The run's journal, as engine steps. Entries already applied must be the same ones (a live
   * change appends at the current time; a new branch drops only entries not yet applied).
   */
  setChanges(changes: readonly ScheduledChange[]): void {
    if (changes.length < this.applied) throw new Error(`the journal lost entries already in force (${changes.length} < ${this.applied})`);
    this.changes = changes;
  }

  private nextChangeUs(): number {
    const next = this.changes[this.applied];
    return next === undefined ? Infinity : Math.max(next.atUs, this.nowUs);
  }

  /**
   * Processes exactly one event; false when nothing is left to do. Session timers live outside
   * the queue (one per connection, movable); a timer due at the same microsecond as a queued
   * event fires first, so a session whose time is up is gone when a packet arrives then.
   */
  step(): boolean {
    const timerUs = this.lvs.timers.peekTimeUs();
    const queueUs = this.queue.peekTimeUs();
    // A journal entry takes effect after every event at or before its time (a live change is made
    // between events), so replaying the journal reproduces the live run exactly.
    const changeUs = this.nextChangeUs();
    if (changeUs < timerUs && changeUs < queueUs) this.applyNextChange(changeUs);
    else if (timerUs <= queueUs) {
      if (timerUs === Infinity) return false;
      this.fireSessionTimer(timerUs);
    } else this.processQueued(queueUs);
    return true;
  }

  /**
   * Processes every event up to and including `untilUs`, then sets the clock to `untilUs`. The
   * same choice as step(), in one loop: this is the engine's hot path (millions of events per
   * second), so it reads the three sources' next times once per event and calls nothing else.
   */
  runUntil(untilUs: number, maxEvents = Infinity): boolean {
    let budget = maxEvents;
    const queue = this.queue;
    const timers = this.lvs.timers;
    for (;;) {
      const timerUs = timers.peekTimeUs();
      const queueUs = queue.peekTimeUs();
      const changeUs = this.nextChangeUs();
      if (timerUs > untilUs && queueUs > untilUs && changeUs > untilUs) break;
      if (budget-- <= 0) return false;
      if (changeUs < timerUs && changeUs < queueUs) this.applyNextChange(changeUs);
      else if (timerUs <= queueUs) {
        if (timerUs === Infinity) break;
        this.fireSessionTimer(timerUs);
      } else this.processQueued(queueUs);
    }
    if (untilUs > this.nowUs) this.nowUs = untilUs;
    return true;
  }

  /** The next journal entry, due at `atUs`: a configuration step or a live fault. */
  private applyNextChange(atUs: number): void {
    this.nowUs = atUs;
    this.eventCount++;
    const change = this.changes[this.applied++]!;
    if (change.fault) this.injectFault(change.fault, this.applied - 1);
    else this.reconfigure(change.step);
  }

  /** The earliest session timer, due at `atUs`. */
  private fireSessionTimer(atUs: number): void {
    if (atUs >= this.listenerMetrics.nextCloseUs) this.listenerMetrics.closeUntil(atUs);
    const conn = this.lvs.timers.peekKey();
    this.nowUs = atUs;
    this.eventCount++;
    this.hash.update(atUs, EventKind.SessionTimer, conn, 0);
    this.lvs.lifecycle.onSessionTimer(conn);
  }

  /** The earliest queued event, due at `atUs`. */
  private processQueued(atUs: number): void {
    if (atUs >= this.listenerMetrics.nextCloseUs) this.listenerMetrics.closeUntil(atUs);
    const q = this.queue;
    q.pop();
    this.nowUs = q.poppedTimeUs;
    this.eventCount++;
    this.hash.update(q.poppedTimeUs, q.poppedKind, q.poppedA, q.poppedB);
    this.dispatch(q.poppedKind, q.poppedA, q.poppedB);
  }

  /**
   * Applies a configuration change at the current time (after `runUntil(T)`), with the product's
   * semantics: new connections and requests use the new settings, existing ones keep what the
   * kernel or Tengine would let them keep (docs/LAYER4.md, "Live configuration changes"). The
   * change is hashed, so two runs that differ only in when it was made differ in trace hash.
   * Throws, changing nothing, when the step changes what the engine cannot change live.
   */
  reconfigure(step: AlignedConfig): void {
    applyStep(this, step);
    this.hash.update(this.nowUs, EventKind.Reconfigure, step.index, 0);
  }

  /** A live fault, the `index`-th journal entry, applied now (hashed like a configuration step). */
  private injectFault(fault: FaultSpec, index: number): void {
    this.faults.applyLive(fault);
    this.hash.update(this.nowUs, EventKind.LiveFault, index, 0);
  }

  push(timeUs: number, kind: number, a: number, b: number): void {
    this.queue.push(timeUs, kind, a, b);
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case EventKind.ConnectionArrival:
        return this.clients.onArrival(a, b);
      case EventKind.PacketArrive:
        return this.onPacketArrive(a, b);
      case EventKind.ClientThinkDone:
        return this.clients.onThinkDone(a, b);
      case EventKind.BackendRespond:
        return this.servers.onRespond(a, b);
      case EventKind.ClientRetransmit:
        return this.clients.onRetransmit(a, b);
      case EventKind.SyncCheck:
        return this.sync.onCheck(a);
      case EventKind.SyncSendFull:
        return this.sync.onSendFull(a, b);
      case EventKind.SyncDeliver:
        return this.sync.onDeliver(a, b);
      case EventKind.HealthProbeStart:
        return this.health.onProbeStart(a);
      case EventKind.HealthProbeResult:
        return this.health.onProbeResult(a, b);
      case EventKind.Fault:
        return this.faults.onFault(a);
      case EventKind.FaultClear:
        return this.faults.onClear(a);
      case EventKind.ZoneMove:
        return this.lvs.zones.onMove(a, b);
      case EventKind.RouteWithdraw:
        return this.lvs.faults.onRouteWithdraw(a);
      case EventKind.ClientDatagram:
        return this.clients.onDatagramTimer(a, b);
      case EventKind.DrainExpire:
        return this.lvs.faults.onDrainExpire(a, b);
      case EventKind.EgressArrival:
        return this.egress.onArrival(a);
      case EventKind.EgressRespond:
        return this.egress.onRespond(a, b);
      case EventKind.UdpGraceOver:
        return this.lvs.views.refreshWeights();
      case EventKind.UpstreamArrive:
        return this.tengine.onUpstreamArrive(a, b);
      case EventKind.UpstreamResponse:
        return this.tengine.onUpstreamResponse(a, b);
      case EventKind.UpstreamFailed:
        return this.tengine.onUpstreamFailed(a, b);
      case EventKind.RequestTimeout:
        return this.tengine.onRequestTimeout(a, b);
      case EventKind.KeyServerReply:
        return this.tengine.onKeyServerReply(a, b);
      case EventKind.TengineIdle:
        return this.tengine.onIdle(a, b);
      case EventKind.ClientResponseWait:
        return this.clients.http.onResponseWait(a, b);
      case EventKind.ShapedRetransmit:
        return this.edge.onRetransmit(a, b);
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }

  // --- packets -------------------------------------------------------------------------------

  /**
   * Sends a packet over the link from → to; it arrives after the link's latency (plus `delayUs`
   * spent queued at `from`, behind a bandwidth limit).
   */
  /** The instance a packet's connection belongs to, or -1 for traffic of no listener (egress, health checks). */
  instanceOf(conn: number): number {
    return this.instances.ofListener[this.conns.listener[conn] as number] ?? -1;
  }

  private instanceOfPacket(packet: number): number {
    const p = this.packets;
    return (p.dir[packet] as number) >= Direction.EgressFromEcs ? -1 : this.instanceOf(p.conn[packet] as number);
  }

  forward(packet: number, from: number, to: number, delayUs = 0): void {
    let latency = this.topology.latencyUs[from * this.nodeCount + to] as number;
    const p = this.packets;
    if (this.links.active && (p.dir[packet] as number) < Direction.EgressFromEcs) {
      const k = from * this.nodeCount + to;
      if (this.links.drops(k)) return this.dropOnLink(packet, from, to);
      const added = this.links.addedUs(k);
      if (added > 0) {
        latency += added;
        if (this.conns.isLive(p.conn[packet] as number, p.tag[packet] as number)) this.failover.linkHit(p.conn[packet] as number, k);
      }
    }
    const arriveUs = this.nowUs + delayUs + latency;
    this.queue.push(arriveUs, EventKind.PacketArrive, packet, to);
    // Handshake bytes are not billed (DOMAIN §4).
    if (p.type[packet] !== PacketType.Tls) this.meters.hop(from, to, p.bytes[packet] as number, this.nowUs, this.instanceOfPacket(packet));
    this.listenerMetrics.hop(from, to, packet);
    if (this.recorder) {
      const conn = p.conn[packet] as number;
      const egress = (p.dir[packet] as number) >= Direction.EgressFromEcs;
      this.recorder.hop(from, to, this.nowUs + delayUs, arriveUs, p.type[packet] as number, egress ? 0 : (this.conns.serial[conn] as number), egress ? -2 : (this.conns.listener[conn] as number), p.bytes[packet] as number);
    }
  }

  /**
   * A link fault lost the packet: it vanishes, as any loss does; the client's retransmissions
   * decide what happens, and if it gives up the connection ends no_response (unless an earlier
   * loss on its path named another reason).
   */
  private dropOnLink(packet: number, from: number, to: number): void {
    const conn = this.packets.conn[packet] as number;
    if (this.conns.isLive(conn, this.packets.tag[packet] as number)) {
      this.note(conn, from, 'lost', `link fault on ${this.topology.nodes[from]!.key}->${this.topology.nodes[to]!.key}: packet lost`);
      this.failover.linkHit(conn, from * this.nodeCount + to);
    }
    this.packets.release(packet);
  }

  private onPacketArrive(packet: number, node: number): void {
    const p = this.packets;
    if ((p.dir[packet] as number) >= Direction.EgressFromEcs) return this.egress.onPacket(packet, node);
    const conn = p.conn[packet] as number;
    // A packet of a connection whose slot has since been reused is stale: it vanishes.
    if (!this.conns.isLive(conn, p.tag[packet] as number)) {
      p.release(packet);
      return;
    }
    const toServer = p.dir[packet] === Direction.ToServer;
    const t = this.topology;
    switch (this.nodeKind[node]) {
      case INTERNET:
        if (toServer && this.bandwidth.active) return this.edge.inbound(packet);
        return this.forward(packet, node, toServer ? t.byKind.router[0]! : this.clients.nodeOf(conn));
      case ROUTER:
        if (toServer) return this.lvs.route(packet, node, conn);
        if (this.bandwidth.active) return this.edge.outbound(packet);
        return this.forward(packet, node, t.byKind.internet[0]!);
      case LVS:
        if (toServer) return this.lvs.onInbound(packet, node, conn);
        return this.lvs.onOutbound(packet, node, conn);
      case ECS:
        return this.servers.onPacket(packet, node, conn);
      case TENGINE:
        return this.tengine.onPacket(packet, node, conn);
      case CLIENTS:
        return this.clients.onPacket(packet, conn);
      default:
        p.release(packet);
    }
  }

  // --- connection lifecycle ------------------------------------------------------------------

  /** The client records how its connection ended; exactly once per connection. */
  endConnection(conn: number, outcome: number, node: number, reason: string): void {
    const c = this.conns;
    if (c.phase[conn] === ClientPhase.Done) return;
    c.phase[conn] = ClientPhase.Done;
    c.outcome[conn] = outcome;
    c.retransmitGen[conn] = (c.retransmitGen[conn] as number) + 1; // cancels any pending retransmission
    this.outcomeCounts[outcome] = (this.outcomeCounts[outcome] as number) + 1;
    this.failover.connectionEnded(conn, outcome);
    this.listenerMetrics.connectionEnded(conn, outcome);
    if (this.clients.isLayer7(conn)) {
      this.tengine.release(conn);
      this.clients.http.onConnectionEnd(conn, outcome);
    } else this.servers.release(conn);
    if (this.journal) this.note(conn, node, 'outcome', `${outcomeReason(outcome)}: ${reason}`);
    this.releaseIfFinished(conn);
  }

  /** Frees the slot once the client is done and no LVS node holds a session any more. */
  releaseIfFinished(conn: number): void {
    if (this.conns.phase[conn] !== ClientPhase.Done || this.conns.sessions[conn] !== 0) return;
    this.lvs.timers.cancel(conn);
    this.lvs.lifecycle.forget(conn);
    this.conns.free(conn);
  }

  /** Adds a journey entry when a journal wants this connection. */
  note(conn: number, node: number, event: string, reason: string): void {
    const j = this.journal;
    if (!j) return;
    const serial = this.conns.serial[conn] as number;
    if (!j.wants(serial)) return;
    j.record({ timeUs: this.nowUs, conn: serial, node: node < 0 ? '-' : this.topology.nodes[node]!.label, event, reason });
  }

  /**
   * An independent copy of the whole simulation state (a checkpoint), sharing only the immutable
   * scenario and topology. The copy reports to the given recorder and journal instead.
   */
  fork(attach: { recorder?: HopRecorder | undefined; journal?: JourneyRecorder | undefined } = {}, stats?: { bytes: number }): Simulation {
    const copy = cloneGraph(this, [this.scenario, this.topology, this.recorder, this.journal, this.changes], stats);
    copy.recorder = attach.recorder;
    copy.journal = attach.journal;
    return copy;
  }

  /**
   * A checkpoint of the whole state with its typed arrays packed (core/packed-array.ts): unused
   * capacity costs nothing and, given the previous snapshot of this run as `base`, unchanged
   * chunks are shared with it. `Simulation.restore` turns it back into a fork.
   */
  snapshot(base?: SimulationSnapshot): SimulationSnapshot {
    const snapshot = snapshotGraph<Simulation>(this, [this.scenario, this.topology, this.recorder, this.journal, this.changes], base);
    snapshot.graph.recorder = undefined;
    snapshot.graph.journal = undefined;
    return snapshot;
  }

  /** Bytes of the state's typed arrays at their full capacity (what a fork would copy), without copying. */
  tableBytes(): number {
    return graphBytes(this, [this.scenario, this.topology, this.recorder, this.journal, this.changes]);
  }

  /** An independent simulation from a snapshot, exactly as `fork` would have made it then. */
  static restore(snapshot: SimulationSnapshot, attach: { recorder?: HopRecorder | undefined; journal?: JourneyRecorder | undefined } = {}): Simulation {
    const frozen = snapshot.graph;
    const copy = restoreGraph(snapshot, [frozen.scenario, frozen.topology, frozen.changes]);
    copy.recorder = attach.recorder;
    copy.journal = attach.journal;
    return copy;
  }

  /** Cheap counters for every UI frame (the full report also checks invariants). */
  stats(): { events: number; simulatedUs: number; traceHash: string; connections: ConnectionCounts } {
    return { events: this.eventCount, simulatedUs: this.nowUs, traceHash: this.hash.hex(), connections: connectionCounts(this) };
  }

  /** The itemised bill for the traffic so far; options switch region or charge type. */
  bill(options: BillOptions = {}): Bill {
    return computeBill(this.scenario, this.meters.snapshot(this.nowUs), options);
  }

  report(wallSeconds = 0): SimulationReport {
    return buildReport(this, wallSeconds);
  }

  get simulatedSeconds(): number {
    return this.nowUs / US_PER_S;
  }
}

/** A packed checkpoint of a simulation (Simulation.snapshot / Simulation.restore). */
export type SimulationSnapshot = GraphSnapshot<Simulation>;
