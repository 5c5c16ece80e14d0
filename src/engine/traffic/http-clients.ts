import { US_PER_MS } from '../../shared/units';
import { httpClientSchema, tlsClientSchema, type HttpClientSpec, type TlsClientSpec } from '../../scenario/l7-schema';
import type { Scenario } from '../../scenario/schema';
import { EventKind, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import { Outcome } from '../metrics/outcomes';
import type { Simulation } from '../simulation';
import { TlsState } from '../tengine/l7-connections';
import { NO_RESPONSE } from '../tengine/l7-metrics';
import { RequestPhase } from '../tengine/request-table';
import type { Clients } from './clients';
import { ClientPhase } from './connection-table';
import { drawSize } from './sizes';

const HELLO_BYTES = 300;
/** After Tengine acknowledged a request, the client waits this long past RequestTimeout for the answer. */
const RESPONSE_GRACE_MS = 10_000;

/** Each population's HTTP and TLS behaviour, with the schema's defaults where the scenario says nothing. */
export class ClientL7Specs {
  private readonly httpSpecs: HttpClientSpec[];
  private readonly tlsSpecs: TlsClientSpec[];
  /** Per population: cumulative weights of its request mix, for drawing a kind. */
  readonly cumulative: Float64Array[];

  constructor(scenario: Scenario) {
    this.httpSpecs = scenario.clients.map((p) => p.http ?? httpClientSchema.parse({}));
    this.tlsSpecs = scenario.clients.map((p) => p.tls ?? tlsClientSchema.parse({}));
    this.cumulative = this.httpSpecs.map((spec) => {
      let sum = 0;
      return Float64Array.from(spec.mix, (k) => (sum += k.weight));
    });
  }

  http(population: number): HttpClientSpec {
    return this.httpSpecs[population]!;
  }

  tls(population: number): TlsClientSpec {
    return this.tlsSpecs[population]!;
  }
}

/**
 * The HTTP side of client populations on HTTP/HTTPS listeners: after the TCP handshake an HTTPS
 * client sends its ClientHello and waits for the handshake; then requests drawn from the
 * population's mix go out, one at a time (HTTP/1.1 keep-alive) or several at once (HTTP/2 streams),
 * each retransmitted until Tengine acknowledges it and then awaited until its response. A
 * connection that a failure broke (Tengine crash) is replaced once by a new one carrying the
 * requests left; one Tengine closed for idleness is replaced whenever requests are left.
 */
export class HttpClients {
  private readonly kindRng: RandomStream;
  private readonly pathRng: RandomStream;
  private readonly sizeRng: RandomStream;

  constructor(
    private readonly sim: Simulation,
    private readonly clients: Clients,
  ) {
    this.kindRng = sim.stream('http.kinds');
    this.pathRng = sim.stream('http.paths');
    this.sizeRng = sim.stream('http.sizes');
  }

  private drawKind(population: number): number {
    const cumulative = this.sim.clientDefaults.cumulative[population]!;
    const x = this.kindRng.next() * (cumulative[cumulative.length - 1] as number);
    let k = 0;
    while (k < cumulative.length - 1 && (cumulative[k] as number) <= x) k++;
    return k;
  }

  /** A new connection: how many requests it carries and how many may be in flight at once. */
  onOpen(conn: number, requests: number, reconnected: boolean): void {
    const sim = this.sim;
    const l7 = sim.tengine.l7!;
    l7.ensureCapacity(sim.conns.capacity);
    const population = sim.conns.population[conn] as number;
    const listener = sim.scenario.listeners[sim.conns.listener[conn] as number]!;
    const http = sim.clientDefaults.http(population);
    const h2 = listener.ListenerProtocol === 'https' && listener.EnableHttp2 === 'on' && http.http2;
    l7.reset(conn, requests, this.drawKind(population), h2 ? http.streams : 1, reconnected);
  }

  /** The TCP handshake is done: TLS first on HTTPS, else the first requests. */
  onEstablished(conn: number): void {
    const sim = this.sim;
    const listener = sim.scenario.listeners[sim.conns.listener[conn] as number]!;
    if (listener.ListenerProtocol === 'https') {
      const l7 = sim.tengine.l7!;
      l7.tls[conn] = TlsState.HelloSent;
      l7.helloUs[conn] = sim.nowUs;
      this.clients.awaitReply(conn, PacketType.Tls);
      this.clients.sendPacket(conn, PacketType.Tls, 1, HELLO_BYTES, -1);
      return;
    }
    this.startRequests(conn);
  }

  onHandshakeDone(conn: number): void {
    const sim = this.sim;
    if (sim.conns.awaiting[conn] !== PacketType.Tls) return; // a duplicate
    this.clients.clearWait(conn);
    sim.tengine.grantTicket(conn);
    this.startRequests(conn);
  }

  private startRequests(conn: number): void {
    const sim = this.sim;
    const spec = sim.scenario.clients[sim.conns.population[conn] as number]!;
    if (spec.requestDelayMs > 0) sim.push(sim.nowUs + Math.round(spec.requestDelayMs * US_PER_MS), EventKind.ClientThinkDone, conn, sim.conns.tag(conn));
    else this.fill(conn);
  }

  /** Sends requests until the connection's stream limit or its last request. */
  fill(conn: number): void {
    const l7 = this.sim.tengine.l7!;
    while ((l7.unsent[conn] as number) > 0 && (l7.outstanding[conn] as number) < (l7.streams[conn] as number)) this.sendRequest(conn);
  }

  private sendRequest(conn: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const l7 = sim.tengine.l7!;
    const r = sim.tengine.reqs;
    const population = c.population[conn] as number;
    const spec = sim.scenario.clients[population]!;
    const http = sim.clientDefaults.http(population);
    const first = l7.sentAny[conn] === 0;
    l7.sentAny[conn] = 1;
    const kind = first ? (l7.firstKind[conn] as number) : this.drawKind(population);
    const shape = http.mix[kind]!;
    const path = shape.path.includes('*') ? this.fillWildcards(shape.path) : shape.path;
    // The first request of an HTTPS connection waited for the handshake: its latency includes it.
    const sentUs = first && (l7.helloUs[conn] as number) >= 0 ? (l7.helloUs[conn] as number) : sim.nowUs;
    const req = r.open(conn, c.tag(conn), kind, shape.host, path, sentUs);
    r.next[req] = l7.head[conn] as number;
    l7.head[conn] = req;
    l7.unsent[conn] = (l7.unsent[conn] as number) - 1;
    l7.outstanding[conn] = (l7.outstanding[conn] as number) + 1;
    l7.unacked[conn] = req;
    sim.tengine.metrics.sent++;
    const bytes = drawSize(shape.requestBytes ?? spec.requestBytes, this.sizeRng);
    this.clients.awaitReply(conn, PacketType.Data);
    this.clients.sendPacket(conn, PacketType.Data, Math.max(1, Math.ceil(bytes / sim.scenario.network.mssBytes)), bytes, req);
  }

  /** Each `*` of a path becomes a random base-36 token, left to right (a loop, not replace(): no closure per request). */
  private fillWildcards(pattern: string): string {
    let path = '';
    let from = 0;
    for (let star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', from)) {
      path += pattern.slice(from, star) + this.pathRng.int(1_000_000).toString(36);
      from = star + 1;
    }
    return path + pattern.slice(from);
  }

  /** RTO: the request Tengine has not acknowledged goes again (one segment). */
  retransmit(conn: number): void {
    const req = this.sim.tengine.l7!.unacked[conn] as number;
    this.clients.sendPacket(conn, PacketType.Data, 1, Math.min(this.sim.scenario.network.mssBytes, 400), req);
  }

  /** Tengine acknowledged a request: stop retransmitting; wait for the response itself. */
  onAck(conn: number, req: number): void {
    const sim = this.sim;
    const l7 = sim.tengine.l7!;
    if (req < 0 || l7.unacked[conn] !== req) return;
    l7.unacked[conn] = -1;
    this.clients.clearWait(conn);
    this.awaitResponse(conn);
  }

  /**
   * Waits for responses: the client gives up when nothing has come for RequestTimeout + 10 s since
   * the last ACK or response. One pending event per connection, moved along as progress comes.
   */
  private awaitResponse(conn: number): void {
    const sim = this.sim;
    const l7 = sim.tengine.l7!;
    l7.progressUs[conn] = sim.nowUs;
    if ((l7.waitEventUs[conn] as number) >= 0) return;
    this.armWait(conn, sim.nowUs + this.responseWaitUs(conn));
  }

  private responseWaitUs(conn: number): number {
    const listener = this.sim.scenario.listeners[this.sim.conns.listener[conn] as number]!;
    return Math.round(((listener.RequestTimeout ?? 60) * 1000 + RESPONSE_GRACE_MS) * US_PER_MS);
  }

  private armWait(conn: number, atUs: number): void {
    this.sim.tengine.l7!.waitEventUs[conn] = atUs;
    this.sim.push(atUs, EventKind.ClientResponseWait, conn, this.sim.conns.tag(conn));
  }

  onResponseWait(conn: number, tag: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const l7 = sim.tengine.l7!;
    if (!c.isLive(conn, tag) || l7.waitEventUs[conn] !== sim.nowUs) return;
    l7.waitEventUs[conn] = -1;
    // Nothing awaited (all answered) or a request still being retransmitted (the RTO timer runs): no wait.
    if (c.phase[conn] === ClientPhase.Done || (l7.outstanding[conn] as number) === 0 || l7.unacked[conn] !== -1) return;
    const dueUs = (l7.progressUs[conn] as number) + this.responseWaitUs(conn);
    if (dueUs > sim.nowUs) return this.armWait(conn, dueUs);
    sim.endConnection(conn, Outcome.no_response, this.clients.nodeOf(conn), 'request acknowledged, but no response came');
  }

  /** A response arrived: record it, then the next request, or close when none is left. */
  onResponse(conn: number, req: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const r = sim.tengine.reqs;
    const l7 = sim.tengine.l7!;
    if (req < 0 || r.conn[req] !== conn || r.tag[req] !== c.tag(conn) || r.phase[req] !== RequestPhase.Answered) return;
    const status = r.status[req] as number;
    const m = sim.tengine.metrics;
    m.completed++;
    m.byStatus[status] = (m.byStatus[status] as number) + 1;
    const latencyUs = sim.nowUs - (r.sentUs[req] as number);
    m.latency.record(latencyUs);
    sim.latency.record(latencyUs);
    if (sim.journal) sim.note(conn, this.clients.nodeOf(conn), 'response', `${status} for ${r.host[req]}${r.path[req]} after ${(latencyUs / 1000).toFixed(3)} ms (${r.responseBytes[req]} B)`);
    this.unlink(conn, req);
    r.free(req);
    l7.outstanding[conn] = (l7.outstanding[conn] as number) - 1;
    c.exchangesLeft[conn] = (c.exchangesLeft[conn] as number) - 1;
    if (l7.unacked[conn] === -1) this.clients.clearWait(conn);
    if ((l7.unsent[conn] as number) === 0 && (l7.outstanding[conn] as number) === 0) return this.clients.close(conn);
    if ((l7.outstanding[conn] as number) > 0 && l7.unacked[conn] === -1) this.awaitResponse(conn);
    if ((l7.unsent[conn] as number) > 0 && (l7.outstanding[conn] as number) === 0) {
      const thinkUs = Math.round(sim.scenario.clients[c.population[conn] as number]!.thinkTimeMs * US_PER_MS);
      if (thinkUs > 0) return sim.push(sim.nowUs + thinkUs, EventKind.ClientThinkDone, conn, c.tag(conn));
    }
    this.fill(conn);
  }

  private unlink(conn: number, req: number): void {
    const r = this.sim.tengine.reqs;
    const l7 = this.sim.tengine.l7!;
    if (l7.head[conn] === req) {
      l7.head[conn] = r.next[req] as number;
      return;
    }
    for (let at = l7.head[conn] as number; at >= 0; at = r.next[at] as number) {
      if (r.next[at] === req) {
        r.next[at] = r.next[req] as number;
        return;
      }
    }
  }

  /** Tengine closed the keep-alive connection (IdleTimeout): the client closes too and reconnects for what is left. */
  onServerClose(conn: number): void {
    const sim = this.sim;
    const l7 = sim.tengine.l7!;
    this.clients.sendPacket(conn, PacketType.Fin, 1, 40, -1);
    const left = (l7.unsent[conn] as number) + (l7.outstanding[conn] as number);
    sim.endConnection(conn, Outcome.completed, this.clients.nodeOf(conn), 'Tengine closed the idle keep-alive connection (IdleTimeout); the client closed too');
    if (left > 0) this.reconnect(conn, left, false);
  }

  /**
   * The connection ended (any outcome): its requests still awaiting a response end without one.
   * A connection broken by a Tengine failure is replaced once.
   */
  onConnectionEnd(conn: number, outcome: number): void {
    const sim = this.sim;
    const r = sim.tengine.reqs;
    const l7 = sim.tengine.l7!;
    sim.tengine.abandon(conn);
    const m = sim.tengine.metrics;
    let dropped = 0;
    for (let req = l7.head[conn] as number; req >= 0; ) {
      const next = r.next[req] as number;
      m.byStatus[NO_RESPONSE] = (m.byStatus[NO_RESPONSE] as number) + 1;
      r.free(req);
      dropped++;
      req = next;
    }
    l7.head[conn] = -1;
    l7.outstanding[conn] = 0;
    const left = (l7.unsent[conn] as number) + dropped;
    if (outcome === Outcome.tengine_failed && l7.reconnected[conn] === 0 && left > 0) this.reconnect(conn, left, true);
  }

  private reconnect(conn: number, requests: number, afterFailure: boolean): void {
    const c = this.sim.conns;
    const replacement = this.clients.reopen(c.population[conn] as number, c.clientIp[conn] as number, requests, afterFailure);
    this.sim.note(conn, this.clients.nodeOf(conn), 'reconnect', `${requests} request(s) left: a new connection #${c.serial[replacement]} goes through LVS again`);
  }

  /** The client's think time is over: the next request(s). */
  onThinkDone(conn: number): void {
    if (this.sim.conns.phase[conn] !== ClientPhase.Open) return;
    this.fill(conn);
  }
}
