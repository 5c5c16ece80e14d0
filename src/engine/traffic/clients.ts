import { US_PER_MS, US_PER_S } from '../../shared/units';
import { Direction, EventKind, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import { Outcome } from '../metrics/outcomes';
import { formatIp } from '../net/ipv4';
import type { Simulation } from '../simulation';
import { nextArrival } from './arrivals';
import { rateProfileOf } from './daily-profile';
import { ClientPhase } from './connection-table';
import { formatCid, quicConnectionId } from './quic';
import { HttpClients } from './http-clients';
import { isLayer7, type Scenario } from '../../scenario/schema';
import { drawSize } from './sizes';

const EPHEMERAL_PORT_LOW = 32768;
const EPHEMERAL_PORT_COUNT = 28232;
const HEADER_BYTES = 40;
/** A UDP client waits this many RTOs after its last datagram before calling the flow timed out. */
const UDP_WAIT_RTOS = 4;

/**
 * Client populations: connection arrivals, the client side of TCP (handshake, requests, delayed
 * ACKs, FIN, retransmission with exponential backoff) and UDP flows. Clients see only what comes
 * back over the wire; an RST carries the reason the network had for sending it.
 */
export class Clients {
  private readonly arrivalRng: RandomStream;
  private readonly addressRng: RandomStream;
  private readonly sizeRng: RandomStream;
  /** Only drawn from when a population changes addresses, so other runs' draws never shift. */
  private readonly addressChangeRng: RandomStream;
  private readonly nextPort: Int32Array;
  private readonly openedBy: Float64Array;
  private readonly listenerOf: Int32Array;
  private readonly udp: Uint8Array;
  /** Per population: 1 when its listener is HTTP/HTTPS (requests go through the HTTP client side). */
  private readonly layer7: Uint8Array;
  /** Per listener: 1 for HTTP/HTTPS. A connection keeps its listener, so this says how it talks for good. */
  private readonly listenerLayer7: Uint8Array;
  /**
   * Per population: the generation of its pending arrival (the event's b). A change to the
   * population bumps it, so an arrival queued under the old settings pops and is ignored.
   */
  private readonly arrivalGen: Int32Array;
  readonly http: HttpClients;

  constructor(private readonly sim: Simulation) {
    this.arrivalRng = sim.stream('traffic.arrivals');
    this.addressRng = sim.stream('traffic.addresses');
    this.sizeRng = sim.stream('traffic.sizes');
    this.addressChangeRng = sim.stream('traffic.address-changes');
    const populations = sim.scenario.clients;
    this.nextPort = new Int32Array(populations.length);
    this.openedBy = new Float64Array(populations.length);
    this.arrivalGen = new Int32Array(populations.length);
    this.listenerOf = Int32Array.from(populations, (p) => listenerFor(sim, p));
    this.udp = Uint8Array.from(this.listenerOf, (l) => (sim.scenario.listeners[l]?.ListenerProtocol === 'udp' ? 1 : 0));
    this.layer7 = Uint8Array.from(this.listenerOf, (l) => (isLayer7(sim.scenario.listeners[l]?.ListenerProtocol ?? '') ? 1 : 0));
    this.listenerLayer7 = Uint8Array.from(sim.scenario.listeners, (l) => (isLayer7(l.ListenerProtocol) ? 1 : 0));
    this.http = new HttpClients(sim, this);
  }

  /** Is this connection's listener HTTP/HTTPS? */
  isLayer7(conn: number): boolean {
    return this.listenerLayer7[this.sim.conns.listener[conn] as number] === 1;
  }

  start(): void {
    this.sim.scenario.clients.forEach((_, i) => {
      if (this.sim.live.populationPresent[i] === 1) this.scheduleArrival(i);
    });
  }

  /**
   * After a configuration change (sim.scenario and sim.live already replaced). A population added
   * starts arriving from now; one removed stops (its open connections continue); one whose
   * `arrival` changed has its pending arrival replaced by one drawn from now. New connections go to
   * the listener its ListenerPort names now; open ones keep theirs. Other fields (sizes, think
   * time, retransmission) are read when used, so they apply from their next use.
   */
  reconfigure(previous: Scenario, wasPresent: Uint8Array): void {
    const sim = this.sim;
    sim.scenario.clients.forEach((spec, p) => {
      const present = sim.live.populationPresent[p] === 1;
      const before = previous.clients[p]!;
      if (present) this.retarget(p, spec);
      if (!present && wasPresent[p] === 0) return;
      const changed = !present || wasPresent[p] === 0 || JSON.stringify(before.arrival) !== JSON.stringify(spec.arrival);
      if (!changed) return;
      this.arrivalGen[p] = (this.arrivalGen[p] as number) + 1;
      if (present) this.scheduleArrival(p);
    });
  }

  /** New connections of population p go to its load balancer's listener on its port (the present one, if two share it). */
  private retarget(p: number, population: { LoadBalancerId: string; ListenerPort: number }): void {
    const sim = this.sim;
    const l = listenerFor(sim, population);
    this.listenerOf[p] = l;
    this.udp[p] = sim.scenario.listeners[l]?.ListenerProtocol === 'udp' ? 1 : 0;
    this.layer7[p] = this.listenerLayer7[l] ?? 0;
  }

  nodeOf(conn: number): number {
    return this.sim.topology.byKind.clients[this.sim.conns.population[conn] as number] as number;
  }

  private scheduleArrival(population: number): void {
    const spec = this.sim.scenario.clients[population]!.arrival;
    const { gapUs } = nextArrival(spec, this.sim.nowUs, this.arrivalRng, rateProfileOf(spec, this.sim.scenario.billing.startTime));
    const at = this.sim.nowUs + Math.max(1, Math.round(gapUs));
    if (spec.stopAfterSeconds !== undefined && at > spec.stopAfterSeconds * US_PER_S) return;
    this.sim.push(at, EventKind.ConnectionArrival, population, this.arrivalGen[population] as number);
  }

  onArrival(population: number, gen: number): void {
    if (gen !== this.arrivalGen[population]) return;
    const spec = this.sim.scenario.clients[population]!;
    const count = spec.arrival.type === 'burst' ? spec.arrival.burstSize : 1;
    for (let i = 0; i < count; i++) {
      if (spec.arrival.maxConnections !== undefined && (this.openedBy[population] as number) >= spec.arrival.maxConnections) return;
      this.openedBy[population] = (this.openedBy[population] as number) + 1;
      this.open(population);
    }
    this.scheduleArrival(population);
  }

  private open(population: number): void {
    const spec = this.sim.scenario.clients[population]!;
    const clientIp = (populationBase(population) + this.addressRng.int(spec.clientIps)) | 0;
    this.openFrom(population, clientIp, this.udp[population] === 1 ? spec.datagrams : spec.exchanges, false);
  }

  /** A client opens a new connection to carry requests a closed one left (HTTP/HTTPS); answers it. */
  reopen(population: number, clientIp: number, requests: number, afterFailure: boolean): number {
    return this.openFrom(population, clientIp, requests, afterFailure);
  }

  private openFrom(population: number, clientIp: number, exchanges: number, reconnected: boolean): number {
    const sim = this.sim;
    const spec = sim.scenario.clients[population]!;
    const port = this.takePort(population);
    const udp = this.udp[population] === 1;
    const conn = sim.conns.open(population, this.listenerOf[population] as number, clientIp, port, exchanges);
    sim.listenerMetrics.connectionOpened(this.listenerOf[population] as number);
    sim.lvs.ensureCapacity();
    if (this.layer7[population] === 1) this.http.onOpen(conn, exchanges, reconnected);
    if (sim.journal) {
      const cid = udp ? `, QUIC CID ${formatCid(quicConnectionId(sim.seed, sim.conns.serial[conn] as number))}` : '';
      const vip = sim.instances.vip[sim.instances.ofListener[this.listenerOf[population] as number] as number] as number;
      sim.note(conn, this.nodeOf(conn), 'open', `client ${formatIp(clientIp)}:${port} → ${formatIp(vip)}:${spec.ListenerPort}${cid}`);
    }
    if (udp) {
      sim.conns.phase[conn] = ClientPhase.Open;
      this.sendDatagram(conn);
      return conn;
    }
    this.await(conn, PacketType.SynAck);
    this.send(conn, PacketType.Syn, 1, HEADER_BYTES);
    return conn;
  }

  /** The population's next ephemeral port (what its NAT hands out for a new mapping). */
  private takePort(population: number): number {
    const port = EPHEMERAL_PORT_LOW + ((this.nextPort[population] as number) % EPHEMERAL_PORT_COUNT);
    this.nextPort[population] = (this.nextPort[population] as number) + 1;
    return port;
  }

  /**
   * The UDP flow's client address and port change (NAT rebinding, a phone moving networks) while
   * its QUIC connection id stays. The LVS table key (protocol, client address and port, VIP, VPort)
   * changes with them, so to every node the flow is new: ECMP re-hashes it and the next datagram
   * is scheduled afresh wherever it lands. The model keeps one key per connection, so the old key's
   * entries are dropped here (releasing their counts and FULLNAT ports) rather than left to expire,
   * and the connection's tag changes so nothing of the old key (sync records, packets) applies to
   * the new one. Once per flow: `addressChangeAfterDatagrams` is when, not how often.
   */
  private changeAddress(conn: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const population = c.population[conn] as number;
    const spec = sim.scenario.clients[population]!;
    const oldIp = c.clientIp[conn] as number;
    const oldPort = c.clientPort[conn] as number;
    // Another of the population's addresses when it has more than one; always a new port.
    const base = populationBase(population);
    let ip = oldIp;
    if (spec.clientIps > 1) {
      const pick = this.addressChangeRng.int(spec.clientIps - 1);
      ip = (base + (pick >= oldIp - base ? pick + 1 : pick)) | 0;
    }
    const held: string[] = [];
    for (let i = 0; i < sim.lvs.sessions.nodes; i++) {
      if (!sim.lvs.sessions.has(sim.lvs.sessions.at(conn, i))) continue;
      held.push(sim.topology.nodes[sim.lvs.ids[i] as number]!.label);
      sim.lvs.lifecycle.remove(conn, i);
    }
    c.clientIp[conn] = ip;
    c.clientPort[conn] = this.takePort(population);
    // A new tag: sync records of the old key still buffered or in flight no longer install, and
    // the old key's packets still in flight (none at the default spacing) are dropped as stale.
    c.keyChanged[conn] = 1;
    if (sim.journal) {
      const dropped = held.length > 0 ? `; the old key's entries on ${held.join(', ')} are dropped` : '';
      sim.note(
        conn,
        this.nodeOf(conn),
        'address change',
        `client ${formatIp(oldIp)}:${oldPort} becomes ${formatIp(ip)}:${c.clientPort[conn]} after ${c.clientPackets[conn]} datagrams; QUIC CID ${formatCid(quicConnectionId(sim.seed, c.serial[conn] as number))} unchanged; a new LVS table key${dropped}`,
      );
    }
  }

  // --- sending -------------------------------------------------------------------------------

  private send(conn: number, type: number, segments: number, bytes: number): void {
    this.sendPacket(conn, type, segments, bytes, -1);
  }

  /** Sends a client → server packet (`request`: the HTTP request it carries, or -1). */
  sendPacket(conn: number, type: number, segments: number, bytes: number, request: number): void {
    const sim = this.sim;
    const c = sim.conns;
    c.clientPackets[conn] = (c.clientPackets[conn] as number) + segments;
    const packet = sim.packets.allocate(conn, c.tag(conn), type, Direction.ToServer, segments, bytes);
    sim.packets.ordinal[packet] = c.clientPackets[conn] as number;
    sim.packets.request[packet] = request;
    sim.forward(packet, this.nodeOf(conn), sim.topology.byKind.internet[0] as number);
  }

  /** The client has nothing left to send: FIN, and wait for the server's. */
  close(conn: number): void {
    this.sim.conns.phase[conn] = ClientPhase.Closing;
    this.await(conn, PacketType.Fin);
    this.send(conn, PacketType.Fin, 1, HEADER_BYTES);
  }

  awaitReply(conn: number, type: number, timeoutMs?: number): void {
    this.await(conn, type, timeoutMs);
  }

  clearWait(conn: number): void {
    this.satisfied(conn);
  }

  private sendRequest(conn: number): void {
    const spec = this.sim.scenario.clients[this.sim.conns.population[conn] as number]!;
    const bytes = drawSize(spec.requestBytes, this.sizeRng);
    this.sim.conns.requestSentUs[conn] = this.sim.nowUs;
    this.await(conn, PacketType.Data);
    this.send(conn, PacketType.Data, this.segmentsFor(bytes), bytes);
  }

  private sendDatagram(conn: number): void {
    const sim = this.sim;
    const spec = sim.scenario.clients[sim.conns.population[conn] as number]!;
    if (sim.conns.clientPackets[conn] === spec.addressChangeAfterDatagrams) this.changeAddress(conn);
    this.send(conn, PacketType.Datagram, 1, spec.datagramBytes);
    const sent = sim.conns.clientPackets[conn] as number;
    if (sent < spec.datagrams) {
      sim.push(sim.nowUs + Math.max(1, Math.round(spec.datagramIntervalMs * US_PER_MS)), EventKind.ClientDatagram, conn, sim.conns.tag(conn));
    } else {
      // Last datagram out: wait a while for the outstanding replies.
      this.await(conn, PacketType.Datagram, spec.rtoMs * UDP_WAIT_RTOS);
    }
  }

  onDatagramTimer(conn: number, tag: number): void {
    if (!this.sim.conns.isLive(conn, tag) || this.sim.conns.phase[conn] === ClientPhase.Done) return;
    this.sendDatagram(conn);
  }

  private segmentsFor(bytes: number): number {
    return Math.max(1, Math.ceil(bytes / this.sim.scenario.network.mssBytes));
  }

  // --- retransmission ------------------------------------------------------------------------

  /** Waits for a reply of `type`; if none comes within the RTO, re-sends (see onRetransmit). */
  private await(conn: number, type: number, timeoutMs?: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const spec = sim.scenario.clients[c.population[conn] as number]!;
    c.awaiting[conn] = type;
    const gen = ((c.retransmitGen[conn] as number) + 1) | 0;
    c.retransmitGen[conn] = gen;
    const rtoMs = timeoutMs ?? spec.rtoMs * 2 ** (c.retries[conn] as number);
    sim.push(sim.nowUs + Math.round(rtoMs * US_PER_MS), EventKind.ClientRetransmit, conn, gen);
  }

  private satisfied(conn: number): void {
    const c = this.sim.conns;
    c.retries[conn] = 0;
    c.awaiting[conn] = 0;
    c.retransmitGen[conn] = ((c.retransmitGen[conn] as number) + 1) | 0;
  }

  onRetransmit(conn: number, gen: number): void {
    const sim = this.sim;
    const c = sim.conns;
    if (c.retransmitGen[conn] !== gen || c.serial[conn] === 0 || c.phase[conn] === ClientPhase.Done) return;
    const spec = sim.scenario.clients[c.population[conn] as number]!;
    const awaiting = c.awaiting[conn] as number;
    if (awaiting === PacketType.Datagram || (c.retries[conn] as number) >= spec.maxRetries) {
      const reason = (c.lossReason[conn] as number) || Outcome.no_response;
      sim.endConnection(conn, reason, this.nodeOf(conn), `no answer after ${c.retries[conn]} retransmissions`);
      return;
    }
    c.retries[conn] = (c.retries[conn] as number) + 1;
    if (sim.journal) sim.note(conn, this.nodeOf(conn), 'retransmit', `no reply within the RTO; retry ${c.retries[conn]}`);
    this.await(conn, awaiting);
    // RTO retransmits the first unacknowledged segment only.
    if (awaiting === PacketType.SynAck) this.send(conn, PacketType.Syn, 1, HEADER_BYTES);
    else if (awaiting === PacketType.Tls) this.send(conn, PacketType.Tls, 1, 300);
    else if (awaiting === PacketType.Data && this.isLayer7(conn)) this.http.retransmit(conn);
    else if (awaiting === PacketType.Data) this.send(conn, PacketType.Data, 1, Math.min(sim.scenario.network.mssBytes, 400));
    else if (awaiting === PacketType.Fin) this.send(conn, PacketType.Fin, 1, HEADER_BYTES);
  }

  // --- receiving -----------------------------------------------------------------------------

  onPacket(packet: number, conn: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const type = p.type[packet] as number;
    const segments = p.segments[packet] as number;
    const reason = p.reason[packet] as number;
    const request = p.request[packet] as number;
    p.release(packet);
    const c = sim.conns;
    if (c.phase[conn] === ClientPhase.Done) return;
    switch (type) {
      case PacketType.SynAck:
        return this.onSynAck(conn);
      case PacketType.Tls:
        return this.http.onHandshakeDone(conn);
      case PacketType.Ack:
        if (request >= 0) this.http.onAck(conn, request);
        return;
      case PacketType.Data:
        if (this.isLayer7(conn)) return this.http.onResponse(conn, request);
        return this.onResponse(conn, segments);
      case PacketType.Fin:
        if (c.awaiting[conn] !== PacketType.Fin) {
          if (this.isLayer7(conn) && c.phase[conn] === ClientPhase.Open) this.http.onServerClose(conn);
          return;
        }
        this.satisfied(conn);
        this.send(conn, PacketType.Ack, 1, HEADER_BYTES);
        return sim.endConnection(conn, Outcome.completed, this.nodeOf(conn), 'closed: FIN answered, final ACK sent');
      case PacketType.Rst:
        return sim.endConnection(conn, reason || Outcome.no_response, this.nodeOf(conn), 'RST received');
      case PacketType.Datagram: {
        const left = (c.exchangesLeft[conn] as number) - 1;
        c.exchangesLeft[conn] = left;
        if (left <= 0) {
          this.satisfied(conn);
          sim.endConnection(conn, Outcome.completed, this.nodeOf(conn), 'every datagram answered');
        }
        return;
      }
      default:
        return;
    }
  }

  private onSynAck(conn: number): void {
    const sim = this.sim;
    const c = sim.conns;
    if (c.phase[conn] !== ClientPhase.Connecting) {
      this.send(conn, PacketType.Ack, 1, HEADER_BYTES); // duplicate SYN-ACK: re-acknowledge
      return;
    }
    c.phase[conn] = ClientPhase.Open;
    sim.established++;
    this.satisfied(conn);
    this.send(conn, PacketType.Ack, 1, HEADER_BYTES);
    if (this.isLayer7(conn)) return this.http.onEstablished(conn);
    const spec = sim.scenario.clients[c.population[conn] as number]!;
    if (spec.requestDelayMs > 0) sim.push(sim.nowUs + Math.round(spec.requestDelayMs * US_PER_MS), EventKind.ClientThinkDone, conn, c.tag(conn));
    else this.sendRequest(conn);
  }

  private onResponse(conn: number, segments: number): void {
    const sim = this.sim;
    const c = sim.conns;
    if (c.awaiting[conn] !== PacketType.Data) return; // a duplicate response
    this.satisfied(conn);
    sim.latency.record(sim.nowUs - (c.requestSentUs[conn] as number));
    // Delayed ACK: one ACK per two segments received.
    this.send(conn, PacketType.Ack, Math.ceil(segments / 2), HEADER_BYTES * Math.ceil(segments / 2));
    const left = (c.exchangesLeft[conn] as number) - 1;
    c.exchangesLeft[conn] = left;
    if (left <= 0) {
      c.phase[conn] = ClientPhase.Closing;
      this.await(conn, PacketType.Fin);
      this.send(conn, PacketType.Fin, 1, HEADER_BYTES);
      return;
    }
    const spec = sim.scenario.clients[c.population[conn] as number]!;
    const thinkUs = Math.round(spec.thinkTimeMs * US_PER_MS);
    if (thinkUs === 0) this.sendRequest(conn);
    else sim.push(sim.nowUs + thinkUs, EventKind.ClientThinkDone, conn, c.tag(conn));
  }

  onThinkDone(conn: number, tag: number): void {
    if (!this.sim.conns.isLive(conn, tag) || this.sim.conns.phase[conn] === ClientPhase.Done) return;
    if (this.isLayer7(conn)) return this.http.onThinkDone(conn);
    this.sendRequest(conn);
  }
}

/**
 * The listener a population's clients connect to: the one of its load balancer on its port that exists now. Two
 * listeners of the run's base may share a port (a TCP listener deleted, an HTTP one created on
 * its port); only one of them is present at a time.
 */
function listenerFor(sim: Simulation, population: { LoadBalancerId: string; ListenerPort: number }): number {
  const listeners = sim.scenario.listeners;
  let first = -1;
  for (let l = 0; l < listeners.length; l++) {
    if (listeners[l]!.ListenerPort !== population.ListenerPort || listeners[l]!.LoadBalancerId !== population.LoadBalancerId) continue;
    if (sim.live.listenerPresent[l] === 1) return l;
    if (first < 0) first = l;
  }
  return first;
}

/** Client addresses: 100.0.0.0 + 1,048,576 per population; its IPs are the first `clientIps` of them. */
export function populationBase(population: number): number {
  return (0x64000000 + population * 0x100000) | 0;
}
