import { defaultGroupWeights, NOT_ATTACHED } from '../../scenario/attachments';
import { US_PER_MS } from '../../shared/units';
import { Direction, EventKind, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import { Outcome } from '../metrics/outcomes';
import type { Simulation } from '../simulation';
import { drawSize } from '../traffic/sizes';
import { ClientPhase, ServerFlag } from '../traffic/connection-table';

export const Condition = { Healthy: 0, Slow: 1, Down: 2, Refusing: 3 } as const;
const CONDITIONS = ['healthy', 'slow', 'down', 'refusing'] as const;

const { Open: OPEN, Responding: RESPONDING, RequestMetered: REQUEST_METERED } = ServerFlag;

/**
 * The ECS backends: the server side of each connection (accept up to maxConnections, answer
 * requests after a service time, close on FIN), with a condition that faults change: healthy,
 * slow (service time × slowFactor), down (silent), refusing (RST).
 */
export class Servers {
  readonly condition: Uint8Array;
  /**
   * Per default-server-group slot (`instance × ECS count + backend`, see slot()): the backend's
   * weight in that load balancer's default server group, and 1 when that group does not hold it.
   */
  readonly weight: Int32Array;
  readonly removed: Uint8Array;
  readonly open: Int32Array;
  readonly accepted: Float64Array;
  readonly bytesIn: Float64Array;
  readonly bytesOut: Float64Array;
  /** Requests received (first copies, not retransmissions). */
  readonly requests: Float64Array;
  /** The latest failure seen at each backend, for the UI's badge. */
  readonly lastFailure: (string | undefined)[];
  /** backend-errors: the fraction of requests the backend answers with an error (0 = none). */
  readonly errorRate: Float64Array;
  private readonly serviceRng: RandomStream;
  /** Which responses are errors (backend-errors); drawn only while a backend has an error rate. */
  readonly errorRng: RandomStream;
  private readonly sizeRng: RandomStream;

  constructor(private readonly sim: Simulation) {
    const servers = sim.scenario.ecsInstances;
    const attachedWeights = defaultGroupWeights(sim.scenario);
    this.condition = Uint8Array.from(servers, (s) => CONDITIONS.indexOf(s.condition));
    this.weight = attachedWeights.map((w) => Math.max(w, 0));
    // An instance the load balancer does not hold is out of rotation, as a removed backend is.
    this.removed = Uint8Array.from(attachedWeights, (w) => (w === NOT_ATTACHED ? 1 : 0));
    this.open = new Int32Array(servers.length);
    this.accepted = new Float64Array(servers.length);
    this.bytesIn = new Float64Array(servers.length);
    this.bytesOut = new Float64Array(servers.length);
    this.requests = new Float64Array(servers.length);
    this.lastFailure = servers.map(() => undefined);
    this.errorRate = new Float64Array(servers.length);
    this.errorRng = sim.stream('backend.errors');
    this.serviceRng = sim.stream('backend.service');
    this.sizeRng = sim.stream('backend.sizes');
  }

  /** The slot of backend b in the default server group of listener l's load balancer. */
  slot(listener: number, b: number): number {
    return (this.sim.instances.ofListener[listener] as number) * this.condition.length + b;
  }

  /** The slot of backend b in instance i's default server group. */
  instanceSlot(instance: number, b: number): number {
    return instance * this.condition.length + b;
  }

  conditionName(b: number): string {
    return CONDITIONS[this.condition[b] as number] ?? 'healthy';
  }

  setCondition(b: number, name: (typeof CONDITIONS)[number]): void {
    this.sim.failover.sync();
    this.condition[b] = CONDITIONS.indexOf(name);
    if (name !== 'healthy') this.lastFailure[b] = `${name} at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
  }

  /** backend-errors: the backend answers `rate` of its requests with an error (backend-up clears it). */
  setErrorRate(b: number, rate: number): void {
    this.errorRate[b] = rate;
    if (rate > 0) this.lastFailure[b] = `erroring (${Math.round(rate * 100)}%) at ${(this.sim.nowUs / 1e6).toFixed(3)} s`;
  }

  /** Whether the response the backend produces now is an error (one draw, only while it has an error rate). */
  answersError(b: number): boolean {
    const rate = this.errorRate[b] as number;
    return rate > 0 && this.errorRng.next() < rate;
  }

  onPacket(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const c = sim.conns;
    const b = sim.topology.nodes[node]!.index;
    const type = p.type[packet] as number;
    this.bytesIn[b] = (this.bytesIn[b] as number) + (p.bytes[packet] as number);
    if (this.condition[b] === Condition.Down) {
      c.lossReason[conn] = Outcome.backend_down;
      p.release(packet);
      return;
    }
    if (c.phase[conn] === ClientPhase.Done) {
      // The client has already given up: a late packet opens nothing (the client would answer RST).
      p.release(packet);
      return;
    }
    let flags = c.serverFlags[conn] as number;
    switch (type) {
      case PacketType.Syn:
        if ((flags & OPEN) !== 0 && c.serverBackend[conn] !== b) {
          // A retried SYN was scheduled elsewhere: the first backend's half-open connection is abandoned.
          this.close(conn, c.serverBackend[conn] as number);
          flags = c.serverFlags[conn] as number;
        }
        if (this.condition[b] === Condition.Refusing || ((flags & OPEN) === 0 && (this.open[b] as number) >= sim.scenario.ecsInstances[b]!.maxConnections)) {
          this.lastFailure[b] = this.condition[b] === Condition.Refusing ? 'refusing connections (RST)' : 'over maxConnections (RST)';
          sim.note(conn, node, 'refused', this.condition[b] === Condition.Refusing ? 'port closed: RST' : 'over maxConnections: RST');
          return this.reply(packet, conn, PacketType.Rst, 1, 40, Outcome.backend_refused);
        }
        if ((flags & OPEN) === 0) {
          c.serverFlags[conn] = flags | OPEN;
          c.serverBackend[conn] = b;
          this.open[b] = (this.open[b] as number) + 1;
          this.accepted[b] = (this.accepted[b] as number) + 1;
        }
        return this.reply(packet, conn, PacketType.SynAck, 1, 40, 0);
      case PacketType.Data: {
        p.release(packet);
        if ((flags & RESPONDING) !== 0) return;
        if ((flags & REQUEST_METERED) === 0) sim.meters.request(sim.nowUs, sim.instanceOf(conn));
        c.serverFlags[conn] = flags | RESPONDING | REQUEST_METERED;
        this.requests[b] = (this.requests[b] as number) + 1;
        const server = sim.scenario.ecsInstances[b]!;
        const mean = server.serviceTimeMs * US_PER_MS * (this.condition[b] === Condition.Slow ? server.slowFactor : 1);
        const serviceUs = server.serviceTimeDistribution === 'constant' ? mean : this.serviceRng.exponential(mean);
        sim.push(sim.nowUs + Math.max(1, Math.round(serviceUs)), EventKind.BackendRespond, conn, c.tag(conn));
        return;
      }
      case PacketType.Datagram: {
        const spec = sim.scenario.clients[c.population[conn] as number]!;
        return this.reply(packet, conn, PacketType.Datagram, 1, drawSize(spec.responseBytes, this.sizeRng), 0);
      }
      case PacketType.Fin:
        this.close(conn, c.serverBackend[conn] as number);
        return this.reply(packet, conn, PacketType.Fin, 1, 40, 0);
      case PacketType.Rst:
        // LVS reset the connection (an idle entry expired): the server side closes, answering nothing.
        this.close(conn, c.serverBackend[conn] as number);
        p.release(packet);
        return;
      default:
        p.release(packet);
    }
  }

  onRespond(conn: number, tag: number): void {
    const sim = this.sim;
    const c = sim.conns;
    if (!c.isLive(conn, tag)) return;
    c.serverFlags[conn] = (c.serverFlags[conn] as number) & ~RESPONDING;
    const b = c.backend[conn] as number;
    if (b < 0 || this.condition[b] === Condition.Down) return;
    if (this.answersError(b)) {
      // Layer 4 has no status code: the application fails the request and its kernel resets the
      // connection (RST after the request), which the client records as backend_refused.
      this.lastFailure[b] = 'error: connection reset after the request';
      sim.note(conn, sim.topology.byKind.ecs[b] as number, 'error', 'backend-errors: the backend reset the connection after the request (RST)');
      this.close(conn, b);
      const rst = sim.packets.allocate(conn, c.tag(conn), PacketType.Rst, Direction.ToClient, 1, 40);
      sim.packets.reason[rst] = Outcome.backend_refused;
      return this.sendBack(rst, conn, b);
    }
    const spec = sim.scenario.clients[c.population[conn] as number]!;
    const bytes = drawSize(spec.responseBytes, this.sizeRng);
    const packet = sim.packets.allocate(conn, c.tag(conn), PacketType.Data, Direction.ToClient, Math.max(1, Math.ceil(bytes / sim.scenario.network.mssBytes)), bytes);
    this.sendBack(packet, conn, b);
  }

  /** Turns the received packet into the reply (no allocation) and sends it back. */
  private reply(packet: number, conn: number, type: number, segments: number, bytes: number, reason: number): void {
    this.sim.packets.turnAround(packet, type, segments, bytes, reason);
    this.sendBack(packet, conn, this.sim.conns.backend[conn] as number);
  }

  /** FULLNAT: the reply goes to the LVS node whose local address the request came from. */
  private sendBack(packet: number, conn: number, b: number): void {
    const sim = this.sim;
    this.bytesOut[b] = (this.bytesOut[b] as number) + (sim.packets.bytes[packet] as number);
    sim.forward(packet, sim.topology.byKind.ecs[b] as number, sim.conns.lvsNode[conn] as number);
  }

  private close(conn: number, b: number): void {
    const c = this.sim.conns;
    if (((c.serverFlags[conn] as number) & OPEN) === 0) return;
    c.serverFlags[conn] = (c.serverFlags[conn] as number) & ~OPEN;
    this.open[b] = (this.open[b] as number) - 1;
  }

  /** The client is done with the connection: the server side goes too. */
  release(conn: number): void {
    this.close(conn, this.sim.conns.serverBackend[conn] as number);
  }
}
