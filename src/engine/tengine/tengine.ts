import { US_PER_MS, US_PER_S } from '../../shared/units';
import { IDEMPOTENT_METHODS } from '../../scenario/l7-schema';
import { Direction, EventKind, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import { Condition } from '../backend/servers';
import { Outcome } from '../metrics/outcomes';
import type { Simulation } from '../simulation';
import { ClientPhase, ServerFlag } from '../traffic/connection-table';
import { drawSize } from '../traffic/sizes';
import { populationBase } from '../traffic/clients';
import { UpstreamBalancer, type PassiveFailure } from './balancer';
import { mergeRouting } from './live-routing';
import { resolveRouting, type ListenerRouting } from './groups';
import { isLayer7, type Listener } from '../../scenario/schema';
import { KeyServers } from './key-servers';
import { L7Connections, TlsState } from './l7-connections';
import { L7Metrics } from './l7-metrics';
import { RequestPhase, RequestTable } from './request-table';
import { isNormalUri, normalizeUri } from '../../nginx/uri';
import { checkClientHello, simulatedEpochMs, TlsFailureCode, type TlsFailure } from './tls';

/** Response types gzip compresses (DOMAIN §3). */
const GZIP_TYPES = new Set(['text/xml', 'text/plain', 'text/css', 'application/javascript', 'application/x-javascript', 'application/rss+xml', 'application/atom+xml', 'application/xml']);
/** Bytes of an error page or redirect Tengine writes itself (status line, headers, short body). */
const ERROR_PAGE_BYTES = 512;
const REDIRECT_BYTES = 300;
/** Response headers around a backend's body. */
const RESPONSE_HEADER_BYTES = 200;
/** Handshake flights: a full handshake carries the certificate chain. Not billed (DOMAIN §4). */
const FULL_HANDSHAKE_BYTES = 4000;
const RESUMED_HANDSHAKE_BYTES = 300;
/** Header bytes Tengine adds on the way to the backend. */
const XFF_BYTES = 32;
const OPTIONAL_HEADER_BYTES = 24;

/** A sticky client's cookie as it keeps it: which backend, until when. */
interface StickyCookie {
  backend: number;
  expiresUs: number;
}

const { Open: OPEN } = ServerFlag;

/**
 * The Tengine cluster (DOMAIN §3, §4): LVS schedules a layer-7 listener's connections onto these
 * nodes; each terminates the client's TCP and TLS, routes every request (rule → VServer group →
 * listener group → default group), balances it onto a backend over its own pooled upstream
 * connections (nginx's smooth WRR, least-conn or round-robin, with passive failure marking and a
 * retry on the next peer for idempotent methods), and answers the client: the backend's response
 * (gzipped where it applies), a redirect, or an error page (503 no backend at all, 502 none
 * usable or refused, 504 at exactly RequestTimeout). HTTPS full handshakes wait for the Key Server.
 */
export class TengineCluster {
  readonly up: Uint8Array;
  readonly lastFailure: (string | undefined)[];
  /** Per node: requests received, client connections open. */
  readonly requests: Float64Array;
  readonly clientConnections: Int32Array;
  /** Per node × backend: upstream connections open (busy and idle), and the idle ones. */
  readonly upstreamOpen: Int32Array;
  readonly upstreamIdle: Int32Array;
  readonly keyServers: KeyServers;
  readonly metrics = new L7Metrics();
  readonly reqs = new RequestTable();
  readonly l7: L7Connections | undefined;
  /** Per listener: its routing (undefined for TCP/UDP listeners). */
  readonly routing: (ListenerRouting | undefined)[];
  private readonly layer7: Uint8Array;
  /** Per listener: bytes of the headers Tengine adds to each request (fixed by its settings). */
  private readonly addedHeaderBytes: Int32Array;
  private readonly failure: PassiveFailure;
  /** balancers[node][listener][group]. */
  private readonly balancers: UpstreamBalancer[][][];
  /** Per listener: sticky cookies by client address (insert: expiring SERVERID; server: the app's cookie). */
  private readonly jars: Map<number, StickyCookie>[];
  /** Per population: 1 per client address that holds a session ticket. */
  private readonly tickets: (Uint8Array | undefined)[];
  private readonly ecs: number;
  private readonly tlsRng: RandomStream;
  private readonly serviceRng: RandomStream;
  private readonly sizeRng: RandomStream;

  constructor(private readonly sim: Simulation) {
    const scenario = sim.scenario;
    const n = sim.topology.byKind.tengine.length;
    this.ecs = scenario.ecsInstances.length;
    this.up = new Uint8Array(n).fill(1);
    this.lastFailure = Array.from({ length: n }, () => undefined);
    this.requests = new Float64Array(n);
    this.clientConnections = new Int32Array(n);
    this.upstreamOpen = new Int32Array(n * this.ecs);
    this.upstreamIdle = new Int32Array(n * this.ecs);
    this.keyServers = new KeyServers(sim);
    this.layer7 = Uint8Array.from(scenario.listeners, (l) => (isLayer7(l.ListenerProtocol) ? 1 : 0));
    this.addedHeaderBytes = Int32Array.from(scenario.listeners, addedHeaderBytes);
    // A listener only a later change brings in may name VServer groups that do not exist yet: it
    // starts with the default server group alone, and reconfigure() merges its own routing in.
    this.routing = scenario.listeners.map((l, i) => (isLayer7(l.ListenerProtocol) ? resolveRouting(scenario, sim.live.listenerPresent[i] === 1 ? l : withoutGroups(l)) : undefined));
    this.l7 = this.layer7.includes(1) ? new L7Connections(sim.conns.capacity) : undefined;
    const failure = { maxFails: scenario.cluster.tengine.maxFails, failTimeoutUs: Math.round(scenario.cluster.tengine.failTimeoutS * US_PER_S) };
    this.failure = failure;
    this.balancers = Array.from({ length: n }, () =>
      this.routing.map((routing, l) => (routing ? routing.groups.map((g) => new UpstreamBalancer(scenario.listeners[l]!.Scheduler as 'wrr' | 'wlc' | 'rr', g.weights, failure)) : [])),
    );
    this.jars = scenario.listeners.map(() => new Map());
    this.tickets = scenario.clients.map(() => undefined);
    this.tlsRng = sim.stream('tengine.tls');
    this.serviceRng = sim.stream('tengine.backend-service');
    this.sizeRng = sim.stream('tengine.sizes');
  }

  isLayer7Listener(listener: number): boolean {
    return this.layer7[listener] === 1;
  }

  /** Configured weights × health × removal, into every node's balancers (after health or weight changes). */
  refreshWeights(): void {
    const { servers, health } = this.sim;
    this.routing.forEach((routing, l) => {
      if (!routing) return;
      routing.groups.forEach((group, g) => {
        for (let p = 0; p < group.servers.length; p++) {
          const b = group.servers[p] as number;
          const slot = servers.slot(l, b);
          const configured = group.id === null ? (servers.weight[slot] as number) : (group.weights[p] as number);
          const weight = servers.removed[slot] === 0 && health.isHealthy(l, b) ? configured : 0;
          for (const node of this.balancers) node[l]![g]!.setWeight(p, weight);
        }
      });
    });
  }

  /**
   * After a configuration change (sim.scenario replaced): each layer-7 listener's headers, rules,
   * VServer groups, group weights and balancing algorithm as Tengine reloads them. Groups and
   * their peers are only ever added (a server leaving a group keeps its peer slot at weight 0),
   * so requests in flight keep their group and peer; new requests are routed by the new rules.
   */
  reconfigure(): void {
    const scenario = this.sim.scenario;
    scenario.listeners.forEach((listener, l) => {
      const routing = this.routing[l];
      // An absent listener's definition may name groups gone from this configuration: it keeps its routing until it is back.
      if (!routing || this.sim.live.listenerPresent[l] === 0) return;
      this.addedHeaderBytes[l] = addedHeaderBytes(listener);
      const nodes = this.balancers.map((node) => node[l]!);
      mergeRouting(scenario, listener, routing, {
        addGroup: (size) => {
          for (const groups of nodes) groups.push(new UpstreamBalancer(listener.Scheduler as 'wrr' | 'wlc' | 'rr', new Int32Array(size), this.failure));
        },
        addPeer: (g) => {
          for (const groups of nodes) groups[g]!.addPeer();
        },
        setSingle: (g, single, peer) => {
          for (const groups of nodes) groups[g]!.setSingle(single, peer);
        },
      });
      for (const groups of nodes) for (const balancer of groups) balancer.algorithm = listener.Scheduler as 'wrr' | 'wlc' | 'rr';
    });
  }

  /** Marked-down peers on a node now (passive failures), over all its balancers. */
  markedDown(t: number): number {
    let count = 0;
    for (const listener of this.balancers[t]!) for (const balancer of listener) count += balancer.markedDown(this.sim.nowUs);
    return count;
  }

  /** Upstream connections open to a backend from every Tengine node. */
  upstreamTo(backend: number): number {
    let open = 0;
    for (let t = 0; t < this.up.length; t++) open += this.upstreamOpen[t * this.ecs + backend] as number;
    return open;
  }

  upstreamConnections(t: number): number {
    let open = 0;
    for (let b = 0; b < this.ecs; b++) open += this.upstreamOpen[t * this.ecs + b] as number;
    return open;
  }

  // --- the client's connection, terminated here ----------------------------------------------

  onPacket(packet: number, node: number, conn: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const c = sim.conns;
    const t = sim.topology.nodes[node]!.index;
    const type = p.type[packet] as number;
    if (c.phase[conn] === ClientPhase.Done) {
      p.release(packet);
      return;
    }
    if (this.up[t] === 0) {
      // The Tengine process is gone: the host's kernel answers RST for the closed port.
      if (type === PacketType.Syn || type === PacketType.Data || type === PacketType.Tls) return this.reply(packet, conn, PacketType.Rst, 40, Outcome.tengine_failed);
      p.release(packet);
      return;
    }
    const server = sim.real.ecs + t;
    switch (type) {
      case PacketType.Syn: {
        const flags = c.serverFlags[conn] as number;
        if ((flags & OPEN) === 0) {
          c.serverFlags[conn] = flags | OPEN;
          c.serverBackend[conn] = server;
          this.clientConnections[t] = (this.clientConnections[t] as number) + 1;
        }
        return this.reply(packet, conn, PacketType.SynAck, 40, 0);
      }
      case PacketType.Tls:
        return this.onClientHello(packet, t, conn);
      case PacketType.Data:
        return this.onRequest(packet, t, conn);
      case PacketType.Fin:
        this.release(conn);
        return this.reply(packet, conn, PacketType.Fin, 40, 0);
      case PacketType.Rst:
        this.release(conn);
        p.release(packet);
        return;
      default:
        p.release(packet);
    }
  }

  /** Turns the received packet into a reply and sends it back through the connection's LVS node. */
  private reply(packet: number, conn: number, type: number, bytes: number, reason: number): void {
    this.sim.packets.turnAround(packet, type, 1, bytes, reason);
    this.sendBack(packet, conn);
  }

  private sendBack(packet: number, conn: number): void {
    const sim = this.sim;
    const server = sim.conns.serverBackend[conn] as number;
    const from = server >= sim.real.ecs ? (sim.real.node[server] as number) : (sim.real.node[sim.conns.backend[conn] as number] as number);
    sim.forward(packet, from, sim.conns.lvsNode[conn] as number);
  }

  private send(conn: number, type: number, bytes: number, request: number, reason = 0): void {
    const sim = this.sim;
    const segments = Math.max(1, Math.ceil(bytes / sim.scenario.network.mssBytes));
    const packet = sim.packets.allocate(conn, sim.conns.tag(conn), type, Direction.ToClient, segments, bytes);
    sim.packets.request[packet] = request;
    sim.packets.reason[packet] = reason;
    this.sendBack(packet, conn);
  }

  /** The server side of a client connection closes (client FIN, reset, or the client is done). */
  release(conn: number): void {
    const c = this.sim.conns;
    const flags = c.serverFlags[conn] as number;
    if ((flags & OPEN) === 0) return;
    c.serverFlags[conn] = flags & ~OPEN;
    const t = (c.serverBackend[conn] as number) - this.sim.real.ecs;
    this.clientConnections[t] = (this.clientConnections[t] as number) - 1;
  }

  // --- TLS -----------------------------------------------------------------------------------

  private onClientHello(packet: number, t: number, conn: number): void {
    const sim = this.sim;
    const l7 = this.l7!;
    if (l7.tls[conn] !== TlsState.HelloSent) {
      sim.packets.release(packet); // a retransmitted hello while the handshake is under way
      return;
    }
    const c = sim.conns;
    const population = c.population[conn] as number;
    const spec = sim.scenario.clients[population]!;
    const listener = sim.scenario.listeners[c.listener[conn] as number]!;
    const client = sim.clientDefaults.tls(population);
    const sni = sim.clientDefaults.http(population).mix[l7.firstKind[conn] as number]!.host.replace(/:\d+$/, '');
    const check = checkClientHello(sim.scenario, listener, client, sni, simulatedEpochMs(sim.scenario.billing.startTime, sim.nowUs));
    const node = sim.topology.byKind.tengine[t] as number;
    if (check.failure) return this.failHandshake(packet, conn, node, check.failure, check.why);
    const ip = (c.clientIp[conn] as number) - populationBase(population);
    const tickets = (this.tickets[population] ??= new Uint8Array(spec.clientIps));
    if (tickets[ip] === 1 && this.tlsRng.next() < client.resumption) {
      this.metrics.resumedHandshakes++;
      l7.tls[conn] = TlsState.Done;
      if (sim.journal) sim.note(conn, node, 'tls', `resumed handshake (session ticket): no Key Server round trip; ${check.why}`);
      return this.reply(packet, conn, PacketType.Tls, RESUMED_HANDSHAKE_BYTES, 0);
    }
    const sent = this.keyServers.submit(node, check.certificate.EncryptionAlgorithm);
    if (!sent) return this.failHandshake(packet, conn, node, 'keyserver_unavailable', 'full handshake needs the Key Server, and none is up');
    sim.packets.release(packet);
    l7.tls[conn] = TlsState.AtKeyServer;
    if (sim.journal) sim.note(conn, node, 'tls', `full handshake: ${check.why}; ${check.certificate.EncryptionAlgorithm === 'RSA' ? 'RSA decryption' : 'ECDSA signature'} on Key Server-${sent.server + 1}, back in ${((sent.replyUs - sim.nowUs) / 1000).toFixed(3)} ms`);
    sim.push(sent.replyUs, EventKind.KeyServerReply, conn, c.tag(conn));
  }

  onKeyServerReply(conn: number, tag: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const l7 = this.l7!;
    if (!c.isLive(conn, tag) || c.phase[conn] === ClientPhase.Done || l7.tls[conn] !== TlsState.AtKeyServer) return;
    const t = (c.serverBackend[conn] as number) - sim.real.ecs;
    if (this.up[t] === 0 || ((c.serverFlags[conn] as number) & OPEN) === 0) return;
    l7.tls[conn] = TlsState.Done;
    this.metrics.fullHandshakes++;
    this.send(conn, PacketType.Tls, FULL_HANDSHAKE_BYTES, -1);
  }

  private failHandshake(packet: number, conn: number, node: number, failure: TlsFailure, why: string): void {
    const m = this.metrics;
    m.failedHandshakes[TlsFailureCode[failure]] = (m.failedHandshakes[TlsFailureCode[failure]] as number) + 1;
    this.sim.note(conn, node, 'tls failed', `${failure}: ${why}; alert and close`);
    this.release(conn);
    this.reply(packet, conn, PacketType.Rst, 40, Outcome.tls_handshake_failed);
  }

  /** Remembers that a client address completed a handshake (it may resume next time). */
  grantTicket(conn: number): void {
    const c = this.sim.conns;
    const population = c.population[conn] as number;
    const tickets = (this.tickets[population] ??= new Uint8Array(this.sim.scenario.clients[population]!.clientIps));
    tickets[(c.clientIp[conn] as number) - populationBase(population)] = 1;
  }

  // --- requests ------------------------------------------------------------------------------

  private onRequest(packet: number, t: number, conn: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const r = this.reqs;
    const req = p.request[packet] as number;
    p.release(packet);
    const c = sim.conns;
    if (req < 0 || r.conn[req] !== conn || r.tag[req] !== c.tag(conn)) return;
    // Every copy is acknowledged; only the first is processed.
    this.send(conn, PacketType.Ack, 40, req);
    if (r.phase[req] !== RequestPhase.Sent) return;
    const l7 = this.l7!;
    r.phase[req] = RequestPhase.Upstream;
    r.arrivedUs[req] = sim.nowUs;
    r.tengine[req] = t;
    l7.atTengine[conn] = (l7.atTengine[conn] as number) + 1;
    this.requests[t] = (this.requests[t] as number) + 1;
    sim.meters.request(sim.nowUs, sim.instanceOf(conn));
    const l = c.listener[conn] as number;
    const listener = sim.scenario.listeners[l]!;
    const node = sim.topology.byKind.tengine[t] as number;
    const method = this.methodOf(req);
    if (listener.ListenerForward === 'on') {
      sim.note(conn, node, 'request', `${method} ${r.host[req]}${r.path[req]}: ListenerForward → ${listener.ForwardCode ?? 301} to https://…:${listener.ForwardPort}`);
      this.metrics.countRule('redirect');
      return this.answer(req, listener.ForwardCode ?? 301, REDIRECT_BYTES);
    }
    // Tengine matches the normalised URI, as nginx does: %XX decoded, slashes merged, dot
    // segments resolved, the query cut off; a target that climbs above the root is a 400.
    const path = r.path[req]!;
    const uri = isNormalUri(path) ? { ok: true as const, uri: path } : normalizeUri(path);
    if (!uri.ok) {
      sim.note(conn, node, 'bad request', `${method} ${r.path[req]}: ${uri.reason}: 400`);
      this.metrics.countRule('default');
      return this.answer(req, 400, ERROR_PAGE_BYTES);
    }
    const routing = this.routing[l]!;
    const rule = routing.matcher.rule(r.host[req]!, uri.uri);
    const group = rule >= 0 ? (routing.ruleGroup[rule] as number) : routing.fallbackGroup;
    r.rule[req] = rule;
    r.group[req] = group;
    this.metrics.countRule(rule >= 0 ? listener.Rules![rule]!.RuleId : 'default');
    if (sim.journal) {
      const match = routing.matcher.match(r.host[req]!, uri.uri);
      const groupId = routing.groups[group]!.id;
      const fallback = rule >= 0 ? '' : listener.VServerGroupId !== undefined ? ' → the listener\'s VServerGroupId' : ' → the default server group';
      sim.note(conn, node, 'request', `${method} ${r.host[req]}${r.path[req]}: ${match.why}${fallback}; group ${groupId ?? 'default'}${this.headersNote(listener)}`);
    }
    this.attempt(req);
  }

  private headersNote(listener: { XForwardedFor_SLBIP?: string | undefined; XForwardedFor_SLBID?: string | undefined; XForwardedFor_proto?: string | undefined }): string {
    const extra = [listener.XForwardedFor_SLBIP === 'on' ? 'SLB-IP' : '', listener.XForwardedFor_SLBID === 'on' ? 'SLB-ID' : '', listener.XForwardedFor_proto === 'on' ? 'X-Forwarded-Proto' : ''].filter(Boolean);
    return `; adds X-Forwarded-For${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`;
  }

  private methodOf(req: number): string {
    const c = this.sim.conns;
    return this.sim.clientDefaults.http(c.population[this.reqs.conn[req] as number] as number).mix[this.reqs.kind[req] as number]!.method;
  }

  /** Picks a backend for the request (cookie first, then the balancer) and sends it upstream. */
  private attempt(req: number): void {
    const sim = this.sim;
    const r = this.reqs;
    const c = sim.conns;
    const conn = r.conn[req] as number;
    const t = r.tengine[req] as number;
    const l = c.listener[conn] as number;
    const listener = sim.scenario.listeners[l]!;
    const group = this.routing[l]!.groups[r.group[req] as number]!;
    const balancer = this.balancers[t]![l]![r.group[req] as number]!;
    const node = sim.topology.byKind.tengine[t] as number;
    // 503: nothing to send to at all (no server, all removed or weight 0); 502: servers exist, none usable.
    let present = false;
    for (let p = 0; p < group.servers.length; p++) {
      const b = group.servers[p] as number;
      const slot = sim.servers.slot(l, b);
      const configured = group.id === null ? (sim.servers.weight[slot] as number) : (group.weights[p] as number);
      if (configured > 0 && sim.servers.removed[slot] === 0) present = true;
    }
    if (!present) {
      sim.note(conn, node, 'no backend', `group ${group.id ?? 'default'} has no server with weight > 0: 503`);
      return this.answer(req, 503, ERROR_PAGE_BYTES);
    }
    const tried = r.tried[req] as number;
    let peer = -1;
    // Whether the client's cookie chose the peer; the note saying so is built only for a journal.
    let kept = false;
    let cookieNote = '';
    const explain = sim.journal !== undefined;
    const sticky = listener.StickySession === 'on' && sim.clientDefaults.http(c.population[conn] as number).cookies === 'keep';
    const jar = this.jars[l]!;
    const clientKey = c.clientIp[conn] as number;
    if (sticky) {
      const cookie = jar.get(clientKey);
      if (cookie && cookie.expiresUs > sim.nowUs) {
        const p = group.servers.indexOf(cookie.backend);
        if (p >= 0 && !(p < 32 && (tried & (1 << p)) !== 0) && balancer.available(p, sim.nowUs)) {
          peer = p;
          kept = true;
          if (explain) cookieNote = `cookie ${listener.StickySessionType === 'insert' ? 'SERVERID' : listener.Cookie} → ${sim.scenario.ecsInstances[cookie.backend]!.ServerId} kept`;
        } else if (p >= 0 && explain) cookieNote = `cookie → ${sim.scenario.ecsInstances[cookie.backend]!.ServerId}, which is not usable now: re-balanced`;
      } else if (cookie && explain) cookieNote = 'cookie expired: re-balanced';
    }
    if (peer < 0) peer = balancer.pick(sim.nowUs, tried);
    if (peer < 0) {
      sim.note(conn, node, 'no live upstream', `group ${group.id ?? 'default'}: every backend fails its health check or is marked down: 502`);
      return this.answer(req, 502, ERROR_PAGE_BYTES);
    }
    const backend = group.servers[peer] as number;
    if (sticky && !kept) {
      const insert = listener.StickySessionType === 'insert';
      jar.set(clientKey, { backend, expiresUs: insert ? sim.nowUs + (listener.CookieTimeout ?? 1000) * US_PER_S : Infinity });
      if (explain) cookieNote = `${cookieNote ? `${cookieNote}; ` : ''}${insert ? `sets SERVERID (expires in ${listener.CookieTimeout} s)` : `rewrites cookie ${listener.Cookie}`} for ${sim.scenario.ecsInstances[backend]!.ServerId}`;
    }
    r.tried[req] = tried | (peer < 32 ? 1 << peer : 0);
    r.peer[req] = peer;
    r.backend[req] = backend;
    r.attempts[req] = (r.attempts[req] as number) + 1;
    // Explained before this request counts against the peer: the numbers the balancer compared.
    const why = explain ? (kept ? cookieNote : `${balancer.explain(peer, sim.nowUs)}${cookieNote ? `; ${cookieNote}` : ''}`) : '';
    balancer.acquire(peer);
    const k = t * this.ecs + backend;
    const fresh = (this.upstreamIdle[k] as number) === 0;
    if (fresh) this.upstreamOpen[k] = (this.upstreamOpen[k] as number) + 1;
    else this.upstreamIdle[k] = (this.upstreamIdle[k] as number) - 1;
    r.freshUpstream[req] = fresh ? 1 : 0;
    const ecsNode = sim.topology.byKind.ecs[backend] as number;
    const oneWayUs = this.linkUs(node, ecsNode, conn);
    const arriveUs = sim.nowUs + oneWayUs + (fresh ? 2 * oneWayUs : 0);
    const population = sim.scenario.clients[c.population[conn] as number]!;
    const kind = sim.clientDefaults.http(c.population[conn] as number).mix[r.kind[req] as number]!;
    const bytes = drawSize(kind.requestBytes ?? population.requestBytes, this.sizeRng) + (this.addedHeaderBytes[l] as number);
    sim.meters.hop(node, ecsNode, bytes, sim.nowUs, sim.instanceOf(conn));
    sim.servers.bytesIn[backend] = (sim.servers.bytesIn[backend] as number) + bytes;
    sim.recorder?.hop(node, ecsNode, sim.nowUs, arriveUs, PacketType.Data, c.serial[conn] as number, l);
    if (sim.journal) {
      sim.note(conn, node, 'upstream', `attempt ${r.attempts[req]} → ${sim.scenario.ecsInstances[backend]!.ServerId}:${group.ports[peer]} (${why}); ${fresh ? 'new upstream connection' : 'pooled upstream connection'}`);
    }
    const key = this.attemptKey(req);
    if (!this.lostOnLink(conn, node, ecsNode)) sim.push(arriveUs, EventKind.UpstreamArrive, req, key);
    if (r.attempts[req] === 1) this.armTimeout(conn, (r.arrivedUs[req] as number) + listener.RequestTimeout! * US_PER_S);
  }

  /**
   * The link's latency a → b, with what a link-latency fault adds; given the connection whose
   * message crosses it, a delay counts it as affected by that fault (failover report).
   */
  private linkUs(a: number, b: number, conn?: number): number {
    const sim = this.sim;
    const k = a * sim.topology.nodes.length + b;
    const added = sim.links.active ? sim.links.addedUs(k) : 0;
    if (added > 0 && conn !== undefined) sim.failover.linkHit(conn, k);
    return (sim.topology.latencyUs[k] as number) + added;
  }

  /** Whether a link fault (link-loss, link-oneway) loses the upstream message a → b: silence, RequestTimeout decides. */
  private lostOnLink(conn: number, a: number, b: number): boolean {
    const sim = this.sim;
    if (!sim.links.active || !sim.links.drops(a * sim.topology.nodes.length + b)) return false;
    sim.note(conn, a, 'lost', `link fault on ${sim.topology.nodes[a]!.key}->${sim.topology.nodes[b]!.key}: upstream message lost`);
    sim.failover.linkHit(conn, a * sim.topology.nodes.length + b);
    return true;
  }

  /** Identifies one attempt of one request life: stale events of earlier attempts are ignored. */
  private attemptKey(req: number): number {
    return (((this.reqs.gen[req] as number) & 0x7fffff) << 8) | (this.reqs.attempts[req] as number);
  }

  private isCurrent(req: number, key: number): boolean {
    return this.reqs.phase[req] === RequestPhase.Upstream && this.attemptKey(req) === key;
  }

  /** The request reaches the backend over the upstream connection. */
  onUpstreamArrive(req: number, key: number): void {
    const sim = this.sim;
    const r = this.reqs;
    if (!this.isCurrent(req, key)) return;
    const backend = r.backend[req] as number;
    const condition = sim.servers.condition[backend];
    const ecsNode = sim.topology.byKind.ecs[backend] as number;
    const tengineNode = sim.topology.byKind.tengine[r.tengine[req] as number] as number;
    if (condition === Condition.Down) return; // silence: RequestTimeout decides
    if (condition === Condition.Refusing) {
      sim.servers.lastFailure[backend] = 'refusing connections (RST)';
      if (this.lostOnLink(r.conn[req] as number, ecsNode, tengineNode)) return;
      sim.push(sim.nowUs + this.linkUs(ecsNode, tengineNode, r.conn[req] as number), EventKind.UpstreamFailed, req, key);
      return;
    }
    sim.servers.requests[backend] = (sim.servers.requests[backend] as number) + 1;
    const server = sim.scenario.ecsInstances[backend]!;
    const mean = server.serviceTimeMs * US_PER_MS * (condition === Condition.Slow ? server.slowFactor : 1);
    const serviceUs = server.serviceTimeDistribution === 'constant' ? mean : this.serviceRng.exponential(mean);
    if (this.lostOnLink(r.conn[req] as number, ecsNode, tengineNode)) return;
    sim.push(sim.nowUs + Math.max(1, Math.round(serviceUs)) + this.linkUs(ecsNode, tengineNode, r.conn[req] as number), EventKind.UpstreamResponse, req, key);
  }

  /** The backend refused or reset: passive failure, then the next peer for idempotent methods, else 502. */
  onUpstreamFailed(req: number, key: number): void {
    const sim = this.sim;
    const r = this.reqs;
    if (!this.isCurrent(req, key)) return;
    const t = r.tengine[req] as number;
    const conn = r.conn[req] as number;
    const l = sim.conns.listener[conn] as number;
    const balancer = this.balancers[t]![l]![r.group[req] as number]!;
    const peer = r.peer[req] as number;
    balancer.fail(peer, sim.nowUs);
    if (balancer.isMarkedDown(peer, sim.nowUs)) sim.failover.passivelyMarked(r.backend[req] as number);
    balancer.release(peer);
    this.closeUpstream(t, r.backend[req] as number);
    const node = sim.topology.byKind.tengine[t] as number;
    const method = this.methodOf(req);
    const group = this.routing[l]!.groups[r.group[req] as number]!;
    const untried = (r.attempts[req] as number) < group.servers.length;
    if (IDEMPOTENT_METHODS.includes(method) && untried) {
      sim.note(conn, node, 'retry', `${sim.scenario.ecsInstances[r.backend[req] as number]!.ServerId} refused (RST); ${method} is idempotent: next peer`);
      r.backend[req] = -1;
      return this.attempt(req);
    }
    sim.note(conn, node, 'upstream failed', `${sim.scenario.ecsInstances[r.backend[req] as number]!.ServerId} refused (RST)${untried ? `; ${method} is not idempotent, no retry` : '; no untried peer left'}: 502`);
    this.answer(req, 502, ERROR_PAGE_BYTES);
  }

  /** The backend's response is back at Tengine. */
  onUpstreamResponse(req: number, key: number): void {
    const sim = this.sim;
    const r = this.reqs;
    if (!this.isCurrent(req, key)) return;
    const t = r.tengine[req] as number;
    const conn = r.conn[req] as number;
    const c = sim.conns;
    const l = c.listener[conn] as number;
    const listener = sim.scenario.listeners[l]!;
    const backend = r.backend[req] as number;
    const balancer = this.balancers[t]![l]![r.group[req] as number]!;
    balancer.succeed(r.peer[req] as number, sim.nowUs);
    balancer.release(r.peer[req] as number);
    const k = t * this.ecs + backend;
    // The upstream connection goes back to the pool, or closes when the pool is full.
    if ((this.upstreamIdle[k] as number) < sim.scenario.cluster.tengine.upstreamKeepalive) this.upstreamIdle[k] = (this.upstreamIdle[k] as number) + 1;
    else this.upstreamOpen[k] = (this.upstreamOpen[k] as number) - 1;
    if (sim.servers.answersError(backend)) {
      // backend-errors: the application answered 500. An HTTP status is a response, not an upstream
      // failure (proxy_next_upstream is `error timeout`): no passive marking, no retry; Tengine relays it.
      const ecs = sim.topology.byKind.ecs[backend] as number;
      const node = sim.topology.byKind.tengine[t] as number;
      sim.recorder?.hop(ecs, node, sim.nowUs - this.linkUs(ecs, node), sim.nowUs, PacketType.Data, c.serial[conn] as number, l);
      if (sim.journal) sim.note(conn, node, 'response', `${sim.scenario.ecsInstances[backend]!.ServerId} answered 500 (backend-errors)`);
      return this.answer(req, 500, ERROR_PAGE_BYTES);
    }
    const population = sim.scenario.clients[c.population[conn] as number]!;
    const kind = sim.clientDefaults.http(c.population[conn] as number).mix[r.kind[req] as number]!;
    let bytes = drawSize(kind.responseBytes ?? population.responseBytes, this.sizeRng);
    sim.servers.bytesOut[backend] = (sim.servers.bytesOut[backend] as number) + bytes;
    const tengineNode = sim.topology.byKind.tengine[t] as number;
    const ecsNode = sim.topology.byKind.ecs[backend] as number;
    sim.meters.hop(ecsNode, tengineNode, bytes, sim.nowUs - this.linkUs(ecsNode, tengineNode), sim.instanceOf(conn));
    sim.recorder?.hop(ecsNode, tengineNode, sim.nowUs - this.linkUs(ecsNode, tengineNode), sim.nowUs, PacketType.Data, c.serial[conn] as number, l);
    const gzip = listener.Gzip === 'on' && GZIP_TYPES.has(kind.contentType);
    if (gzip) bytes = Math.max(1, Math.round(bytes * sim.scenario.cluster.tengine.gzipRatio));
    if (sim.journal) sim.note(conn, tengineNode, 'response', `${sim.scenario.ecsInstances[backend]!.ServerId} answered 200${gzip ? `; gzip ${kind.contentType} to ${bytes} B` : ''}`);
    this.answer(req, 200, bytes + RESPONSE_HEADER_BYTES);
  }

  /** Makes sure a RequestTimeout event is pending no later than `deadlineUs` (one per connection). */
  private armTimeout(conn: number, deadlineUs: number): void {
    const l7 = this.l7!;
    const pending = l7.timeoutEventUs[conn] as number;
    // Deadlines only grow along a connection: a pending earlier event re-arms for this one.
    if (pending >= 0 && pending <= deadlineUs) return;
    l7.timeoutEventUs[conn] = deadlineUs;
    this.sim.push(deadlineUs, EventKind.RequestTimeout, conn, this.sim.conns.tag(conn));
  }

  /**
   * A connection's earliest RequestTimeout deadline may have come: every request Tengine still
   * holds whose deadline is now answers 504 — exactly RequestTimeout after it arrived — and the
   * event re-arms for the next deadline.
   */
  onRequestTimeout(conn: number, tag: number): void {
    const sim = this.sim;
    const l7 = this.l7!;
    if (!sim.conns.isLive(conn, tag) || l7.timeoutEventUs[conn] !== sim.nowUs) return;
    l7.timeoutEventUs[conn] = -1;
    const r = this.reqs;
    const timeoutUs = sim.scenario.listeners[sim.conns.listener[conn] as number]!.RequestTimeout! * US_PER_S;
    let next = Infinity;
    for (let req = l7.head[conn] as number; req >= 0; ) {
      const following = r.next[req] as number;
      if (r.phase[req] === RequestPhase.Upstream) {
        const deadline = (r.arrivedUs[req] as number) + timeoutUs;
        if (deadline <= sim.nowUs) this.timeOut(req);
        else next = Math.min(next, deadline);
      }
      req = following;
    }
    if (next < Infinity) this.armTimeout(conn, next);
  }

  /** No response within RequestTimeout: passive failure of the peer, and 504. */
  private timeOut(req: number): void {
    const sim = this.sim;
    const r = this.reqs;
    const t = r.tengine[req] as number;
    const conn = r.conn[req] as number;
    const l = sim.conns.listener[conn] as number;
    if ((r.backend[req] as number) >= 0) {
      const balancer = this.balancers[t]![l]![r.group[req] as number]!;
      balancer.fail(r.peer[req] as number, sim.nowUs);
      if (balancer.isMarkedDown(r.peer[req] as number, sim.nowUs)) sim.failover.passivelyMarked(r.backend[req] as number);
      balancer.release(r.peer[req] as number);
      this.closeUpstream(t, r.backend[req] as number);
    }
    const listener = sim.scenario.listeners[l]!;
    if (sim.journal) sim.note(conn, sim.topology.byKind.tengine[t] as number, 'timeout', `no response within RequestTimeout ${listener.RequestTimeout} s: 504`);
    this.answer(req, 504, ERROR_PAGE_BYTES);
  }

  private closeUpstream(t: number, backend: number): void {
    const k = t * this.ecs + backend;
    this.upstreamOpen[k] = (this.upstreamOpen[k] as number) - 1;
  }

  /** Tengine answers the client: the status is final; the response travels back through LVS. */
  private answer(req: number, status: number, bytes: number): void {
    const sim = this.sim;
    const r = this.reqs;
    const conn = r.conn[req] as number;
    const l7 = this.l7!;
    r.phase[req] = RequestPhase.Answered;
    r.status[req] = status;
    r.responseBytes[req] = bytes;
    r.gen[req] = (r.gen[req] as number) + 1; // late events of the attempt are stale now
    l7.atTengine[conn] = (l7.atTengine[conn] as number) - 1;
    this.send(conn, PacketType.Data, bytes, req);
    if ((l7.atTengine[conn] as number) === 0) {
      l7.idleSinceUs[conn] = sim.nowUs;
      if ((l7.idleEventUs[conn] as number) < 0) this.armIdle(conn, sim.nowUs + this.idleTimeoutUs(conn));
    }
  }

  private idleTimeoutUs(conn: number): number {
    return (this.sim.scenario.listeners[this.sim.conns.listener[conn] as number]!.IdleTimeout ?? 15) * US_PER_S;
  }

  private armIdle(conn: number, atUs: number): void {
    this.l7!.idleEventUs[conn] = atUs;
    this.sim.push(atUs, EventKind.TengineIdle, conn, this.sim.conns.tag(conn));
  }

  /** The keep-alive connection may have stayed idle for IdleTimeout: if so Tengine closes it, else the check moves on. */
  onIdle(conn: number, tag: number): void {
    const sim = this.sim;
    const c = sim.conns;
    const l7 = this.l7!;
    if (!c.isLive(conn, tag) || l7.idleEventUs[conn] !== sim.nowUs) return;
    l7.idleEventUs[conn] = -1;
    // Busy now: the next answer that leaves it idle arms the check again.
    if ((l7.atTengine[conn] as number) > 0) return;
    const dueUs = (l7.idleSinceUs[conn] as number) + this.idleTimeoutUs(conn);
    if (dueUs > sim.nowUs) return this.armIdle(conn, dueUs);
    if (c.phase[conn] !== ClientPhase.Open) return;
    if (((c.serverFlags[conn] as number) & OPEN) === 0 || (c.serverBackend[conn] as number) < sim.real.ecs) return;
    const listener = sim.scenario.listeners[c.listener[conn] as number]!;
    if (sim.journal) sim.note(conn, sim.real.node[c.serverBackend[conn] as number] as number, 'idle close', `no request for IdleTimeout ${listener.IdleTimeout} s: Tengine closes the keep-alive connection (FIN)`);
    this.release(conn);
    this.send(conn, PacketType.Fin, 40, -1);
  }

  /** The client's connection is over: requests Tengine still holds for it are abandoned. */
  abandon(conn: number): void {
    const r = this.reqs;
    const l7 = this.l7!;
    for (let req = l7.head[conn] as number; req >= 0; req = r.next[req] as number) {
      if (r.phase[req] !== RequestPhase.Upstream) continue;
      const t = r.tengine[req] as number;
      if ((r.backend[req] as number) >= 0) {
        const l = this.sim.conns.listener[conn] as number;
        this.balancers[t]![l]![r.group[req] as number]!.release(r.peer[req] as number);
        this.closeUpstream(t, r.backend[req] as number);
      }
      r.phase[req] = RequestPhase.Answered;
      r.gen[req] = (r.gen[req] as number) + 1;
    }
    l7.atTengine[conn] = 0;
  }

  // --- faults --------------------------------------------------------------------------------

  /**
   * The Tengine process on node t fails: every client connection it holds is reset (in-flight
   * requests fail; clients reconnect through LVS), its upstream connections are gone, and until
   * it recovers its port answers RST. LVS stops scheduling onto it once its health check fails.
   */
  crash(t: number): void {
    const sim = this.sim;
    const c = sim.conns;
    sim.failover.sync();
    this.up[t] = 0;
    this.lastFailure[t] = `crashed at ${(sim.nowUs / 1e6).toFixed(3)} s`;
    const server = sim.real.ecs + t;
    for (let conn = 0; conn < c.slots; conn++) {
      if (c.serial[conn] === 0 || c.phase[conn] === ClientPhase.Done || c.serverBackend[conn] !== server || ((c.serverFlags[conn] as number) & OPEN) === 0) continue;
      this.abandon(conn);
      this.release(conn);
      sim.note(conn, sim.real.node[server] as number, 'tengine crash', `${sim.topology.nodes[sim.real.node[server] as number]!.label} failed: its kernel resets the connection`);
      this.send(conn, PacketType.Rst, 40, -1, Outcome.tengine_failed);
    }
    for (let b = 0; b < this.ecs; b++) {
      this.upstreamOpen[t * this.ecs + b] = 0;
      this.upstreamIdle[t * this.ecs + b] = 0;
    }
  }

  recover(t: number): void {
    this.sim.failover.sync();
    this.up[t] = 1;
  }
}

/** Bytes of the headers Tengine adds to each request of the listener. */
function addedHeaderBytes(l: Listener): number {
  return XFF_BYTES + OPTIONAL_HEADER_BYTES * [l.XForwardedFor_SLBIP, l.XForwardedFor_SLBID, l.XForwardedFor_proto].filter((v) => v === 'on').length;
}

/** The listener with no rules and no VServerGroupId: its requests would all go to the default server group. */
function withoutGroups(l: Listener): Listener {
  const { Rules: _rules, VServerGroupId: _group, ...rest } = l;
  return rest;
}
