import type { Scenario } from '../scenario/schema';
import { US_PER_MS, US_PER_S } from '../shared/units';
import { EventQueue } from './core/event-queue';
import { Direction, EventKind, PacketType } from './core/kinds';
import { RandomStream } from './core/prng';
import { TraceHash } from './core/trace-hash';
import type { HopRecorder } from './hops';
import { flowHash, moduloNextHop } from './net/ecmp';
import { PacketTable } from './net/packet-table';
import { buildTopology, type Topology } from './net/topology';
import { WrrScheduler } from './lvs/schedulers/wrr';
import type { BackendView } from './lvs/schedulers/types';
import { ConnectionTable, Outcome } from './traffic/connection-table';

export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  seed?: number;
  /** Receives every packet hop (the browser's animation); omit for headless speed. */
  recorder?: HopRecorder;
}

export interface SimulationStats {
  events: number;
  simulatedUs: number;
  traceHash: string;
  connections: { opened: number; completed: number; reset: number; inFlight: number };
  packetsInFlight: number;
}

const TCP = 6;
const EPHEMERAL_PORT_LOW = 32768;
const EPHEMERAL_PORT_COUNT = 28232;

/**
 * The engine's one public entry: a deterministic discrete-event simulation of a scenario. Time is
 * integer microseconds; all randomness comes from named seeded streams; every processed event
 * updates the trace hash.
 */
export class Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly topology: Topology;
  private readonly queue = new EventQueue(4096);
  private readonly hash = new TraceHash();
  private readonly packets = new PacketTable(4096);
  private readonly conns = new ConnectionTable(4096);
  private readonly recorder: HopRecorder | undefined;
  private readonly nodeCount: number;
  private readonly arrivalRng: RandomStream;
  private readonly clientRng: RandomStream;
  private readonly backendRng: RandomStream;
  private readonly announcedLvs: number[];
  /** One scheduler per (LVS node, listener): each node keeps its own position (IPVS). */
  private readonly schedulers: WrrScheduler[];
  private readonly backendView: BackendView;
  private readonly nextClientPort: Int32Array;
  private readonly vip: number;
  private nowUs = 0;
  private eventCount = 0;
  private completed = 0;
  private reset = 0;

  constructor(scenario: Scenario, options: SimulationOptions = {}) {
    this.scenario = scenario;
    this.seed = options.seed ?? scenario.seed;
    this.recorder = options.recorder;
    this.topology = buildTopology(scenario);
    this.nodeCount = this.topology.nodes.length;
    this.arrivalRng = new RandomStream(this.seed, 'traffic.arrivals');
    this.clientRng = new RandomStream(this.seed, 'traffic.clients');
    this.backendRng = new RandomStream(this.seed, 'backend.service');
    this.announcedLvs = [...this.topology.byKind.lvs];
    this.schedulers = this.announcedLvs.flatMap(() => scenario.listeners.map(() => new WrrScheduler()));
    const backends = scenario.backendServers.length;
    this.backendView = {
      weights: Int32Array.from(scenario.backendServers, (s) => s.Weight),
      active: new Int32Array(backends),
      inactive: new Int32Array(backends),
      version: 0,
    };
    this.nextClientPort = new Int32Array(scenario.clients.length);
    this.vip = ipv4ToInt(scenario.loadBalancer.Address);
    scenario.clients.forEach((_, i) => this.scheduleNextArrival(i));
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

  /** Processes exactly one event; false when nothing is left to do. */
  step(): boolean {
    const q = this.queue;
    if (!q.pop()) return false;
    this.nowUs = q.poppedTimeUs;
    this.eventCount++;
    this.hash.update(q.poppedTimeUs, q.poppedKind, q.poppedA, q.poppedB);
    this.dispatch(q.poppedKind, q.poppedA, q.poppedB);
    return true;
  }

  /** Processes every event up to and including `untilUs`, then sets the clock to `untilUs`. */
  runUntil(untilUs: number, maxEvents = Infinity): boolean {
    let budget = maxEvents;
    while (this.queue.peekTimeUs() <= untilUs) {
      if (budget-- <= 0) return false;
      this.step();
    }
    if (untilUs > this.nowUs) this.nowUs = untilUs;
    return true;
  }

  stats(): SimulationStats {
    return {
      events: this.eventCount,
      simulatedUs: this.nowUs,
      traceHash: this.hash.hex(),
      connections: { opened: this.conns.opened, completed: this.completed, reset: this.reset, inFlight: this.conns.live },
      packetsInFlight: this.packets.inFlight,
    };
  }

  private dispatch(kind: number, a: number, b: number): void {
    switch (kind) {
      case EventKind.ConnectionArrival:
        return this.onConnectionArrival(a);
      case EventKind.PacketArrive:
        return this.onPacketArrive(a, b);
      case EventKind.ClientThinkDone:
        return this.sendRequest(a);
      case EventKind.BackendRespond:
        return this.sendResponse(a);
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }

  // --- traffic -------------------------------------------------------------------------------

  private scheduleNextArrival(population: number): void {
    const { arrival } = this.scenario.clients[population]!;
    const meanUs = US_PER_S / arrival.connectionsPerSecond;
    const gapUs = arrival.type === 'poisson' ? this.arrivalRng.exponential(meanUs) : meanUs;
    this.queue.push(this.nowUs + Math.max(1, Math.round(gapUs)), EventKind.ConnectionArrival, population, 0);
  }

  private onConnectionArrival(population: number): void {
    this.scheduleNextArrival(population);
    const spec = this.scenario.clients[population]!;
    const listener = this.scenario.listeners.findIndex((l) => l.ListenerPort === spec.ListenerPort);
    // Client addresses: 100.0.0.0 + population offset + uniform pick among the population's IPs.
    const clientIp = (0x64000000 + population * 0x100000 + this.clientRng.int(spec.clientIps)) | 0;
    const port = EPHEMERAL_PORT_LOW + (this.nextClientPort[population]! % EPHEMERAL_PORT_COUNT);
    this.nextClientPort[population] = this.nextClientPort[population]! + 1;
    const conn = this.conns.open(population, listener, clientIp, port, spec.exchanges, this.nowUs);
    this.sendFromClient(conn, PacketType.Syn, 1, 40);
  }

  private clientNode(conn: number): number {
    return this.topology.byKind.clients[this.conns.population[conn]!]!;
  }

  private sendFromClient(conn: number, type: number, segments: number, bytes: number): void {
    const packet = this.packets.allocate(conn, type, Direction.ToServer, segments, bytes);
    this.forward(packet, this.clientNode(conn), this.topology.byKind.internet[0]!);
  }

  private sendRequest(conn: number): void {
    const spec = this.scenario.clients[this.conns.population[conn]!]!;
    this.sendFromClient(conn, PacketType.Data, this.segmentsFor(spec.requestBytes), spec.requestBytes);
  }

  private sendResponse(conn: number): void {
    if (!this.conns.isOpen(conn)) return;
    const spec = this.scenario.clients[this.conns.population[conn]!]!;
    this.sendFromBackend(conn, PacketType.Data, this.segmentsFor(spec.responseBytes), spec.responseBytes);
  }

  private segmentsFor(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / this.scenario.network.mssBytes));
  }

  // --- packet forwarding ---------------------------------------------------------------------

  private forward(packet: number, from: number, to: number): void {
    const latency = this.topology.latencyUs[from * this.nodeCount + to]!;
    const arriveUs = this.nowUs + latency;
    this.queue.push(arriveUs, EventKind.PacketArrive, packet, to);
    if (this.recorder) {
      const conn = this.packets.conn[packet]!;
      this.recorder.hop(from, to, this.nowUs, arriveUs, this.packets.type[packet]!, this.conns.serial[conn]!, this.conns.listener[conn]!);
    }
  }

  private onPacketArrive(packet: number, node: number): void {
    const conn = this.packets.conn[packet]!;
    const toServer = this.packets.dir[packet] === Direction.ToServer;
    const { kind } = this.topology.nodes[node]!;
    switch (kind) {
      case 'internet':
        if (toServer) return this.forward(packet, node, this.topology.byKind.router[0]!);
        return this.forward(packet, node, this.clientNode(conn));
      case 'router':
        if (toServer) return this.routeToLvs(packet, node, conn);
        return this.forward(packet, node, this.topology.byKind.internet[0]!);
      case 'lvs':
        if (toServer) return this.lvsInbound(packet, node, conn);
        return this.forward(packet, node, this.topology.byKind.router[0]!);
      case 'ecs':
        return this.backendReceive(packet, node, conn);
      case 'clients':
        return this.clientReceive(packet, conn);
      default:
        this.packets.release(packet);
    }
  }

  private routeToLvs(packet: number, router: number, conn: number): void {
    const listener = this.scenario.listeners[this.conns.listener[conn]!]!;
    const hash = flowHash(TCP, this.conns.clientIp[conn]!, this.conns.clientPort[conn]!, this.vip, listener.ListenerPort);
    const lvs = moduloNextHop(hash, this.announcedLvs);
    this.conns.lvsNode[conn] = lvs;
    this.forward(packet, router, lvs);
  }

  private lvsInbound(packet: number, lvs: number, conn: number): void {
    this.conns.clientPackets[conn] = this.conns.clientPackets[conn]! + this.packets.segments[packet]!;
    if (this.packets.type[packet] === PacketType.Syn) {
      const lvsIndex = this.topology.nodes[lvs]!.index;
      const scheduler = this.schedulers[lvsIndex * this.scenario.listeners.length + this.conns.listener[conn]!]!;
      this.conns.backend[conn] = scheduler.pick(this.backendView);
    }
    const backend = this.conns.backend[conn]!;
    if (backend < 0) {
      // No backend to schedule to: answer with a reset (refined by the layer-4 model).
      this.packets.type[packet] = PacketType.Rst;
      this.packets.dir[packet] = Direction.ToClient;
      return this.forward(packet, lvs, this.topology.byKind.router[0]!);
    }
    this.forward(packet, lvs, this.topology.byKind.ecs[backend]!);
  }

  private sendFromBackend(conn: number, type: number, segments: number, bytes: number): void {
    const packet = this.packets.allocate(conn, type, Direction.ToClient, segments, bytes);
    this.forward(packet, this.topology.byKind.ecs[this.conns.backend[conn]!]!, this.conns.lvsNode[conn]!);
  }

  private backendReceive(packet: number, _node: number, conn: number): void {
    const type = this.packets.type[packet]!;
    this.packets.release(packet);
    switch (type) {
      case PacketType.Syn:
        return this.sendFromBackend(conn, PacketType.SynAck, 1, 40);
      case PacketType.Data: {
        const server = this.scenario.backendServers[this.conns.backend[conn]!]!;
        const serviceUs = Math.max(1, Math.round(this.backendRng.exponential(server.serviceTimeMs * US_PER_MS)));
        this.queue.push(this.nowUs + serviceUs, EventKind.BackendRespond, conn, 0);
        return;
      }
      case PacketType.Fin:
        return this.sendFromBackend(conn, PacketType.Fin, 1, 40);
      case PacketType.Ack:
        // The ACK that answers our FIN closes the connection; handshake ACKs need nothing.
        if (this.conns.exchangesLeft[conn] === 0) this.finish(conn, Outcome.Completed);
        return;
      default:
        return;
    }
  }

  private clientReceive(packet: number, conn: number): void {
    const type = this.packets.type[packet]!;
    this.packets.release(packet);
    switch (type) {
      case PacketType.SynAck:
        this.sendFromClient(conn, PacketType.Ack, 1, 40);
        return this.sendRequest(conn);
      case PacketType.Data: {
        const left = this.conns.exchangesLeft[conn]! - 1;
        this.conns.exchangesLeft[conn] = left;
        if (left === 0) return this.sendFromClient(conn, PacketType.Fin, 1, 40);
        const spec = this.scenario.clients[this.conns.population[conn]!]!;
        const thinkUs = Math.round(spec.thinkTimeMs * US_PER_MS);
        if (thinkUs === 0) return this.sendRequest(conn);
        this.queue.push(this.nowUs + thinkUs, EventKind.ClientThinkDone, conn, 0);
        return;
      }
      case PacketType.Fin:
        return this.sendFromClient(conn, PacketType.Ack, 1, 40);
      case PacketType.Rst:
        return this.finish(conn, Outcome.Reset);
      default:
        return;
    }
  }

  private finish(conn: number, outcome: number): void {
    if (outcome === Outcome.Completed) this.completed++;
    else this.reset++;
    this.conns.close(conn);
  }
}

export function ipv4ToInt(address: string): number {
  return address.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0) | 0;
}
