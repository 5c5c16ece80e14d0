import { US_PER_MS, US_PER_S } from '../../shared/units';
import { grow } from '../core/event-queue';
import { Direction, EventKind, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import type { Simulation } from '../simulation';
import { drawSize } from '../traffic/sizes';

/** How an ECS reaches the Internet, in order of precedence (DOMAIN §6). */
export const EgressPath = { None: 0, PublicIp: 1, Eip: 2, Nat: 3 } as const;
export const EGRESS_PATH_NAMES = ['no_route', 'public_ip', 'eip', 'nat'] as const;

interface Flow {
  kind: 'workload' | 'inbound';
  index: number;
  ratePerSecond: number;
  requestBytes: Parameters<typeof drawSize>[0];
  responseBytes: Parameters<typeof drawSize>[0];
  remoteServiceMs: number;
  /** For inbound flows: the one ECS it reaches and the node it enters through. */
  backend: number;
  viaNode: number;
  /** Calls started, and how many of them found no route. */
  calls: number;
  noRoute: number;
}

const HEADER = 40;

/**
 * Traffic between ECS instances and Internet hosts that does not pass through SLB: calls a backend
 * makes (through its public IP, else its EIP, else a NAT SNAT entry, else `no_route`), and
 * Internet-initiated requests to an EIP or a NAT DNAT entry, which reach exactly one ECS and are
 * answered through the same EIP. Each call is SYN / request / FIN, answered by the other side.
 */
export class Egress {
  readonly flows: Flow[] = [];
  readonly calls = { opened: 0, completed: 0, noRoute: 0, byPath: new Float64Array(4) };
  /** Bytes ECS instances sent towards the Internet, by path: what the meters must account for. */
  readonly bytesFromEcs = new Float64Array(4);
  private serial: Float64Array = new Float64Array(256);
  private backendOf: Int32Array = new Int32Array(256);
  private viaOf: Int32Array = new Int32Array(256);
  private flowOf: Int32Array = new Int32Array(256);
  private free: number[] = [];
  private highWater = 0;
  private nextSerial = 1;
  /** Open sessions per NAT gateway (scenario order): its capacity units count their peak. */
  private readonly natOpen: Int32Array;
  private readonly rng: RandomStream;
  private readonly sizeRng: RandomStream;

  constructor(private readonly sim: Simulation) {
    this.rng = sim.stream('egress.arrivals');
    this.sizeRng = sim.stream('egress.sizes');
    const { egress, ecsInstances } = sim.scenario;
    this.natOpen = new Int32Array(egress.natGateways.length);
    const indexOf = (id: string) => ecsInstances.findIndex((s) => s.ServerId === id);
    egress.workloads.forEach((w, index) => {
      for (const id of w.serverIds) {
        this.flows.push({ kind: 'workload', index, ratePerSecond: w.callsPerSecond, requestBytes: w.requestBytes, responseBytes: w.responseBytes, remoteServiceMs: w.remoteServiceMs, backend: indexOf(id), viaNode: -1, calls: 0, noRoute: 0 });
      }
    });
    egress.inbound.forEach((flow, index) => {
      const eip = egress.eips.findIndex((e) => e.AllocationId === flow.target);
      let backend: number;
      let viaNode: number;
      if (eip >= 0) {
        backend = indexOf(egress.eips[eip]!.InstanceId);
        viaNode = sim.topology.byKind.eip[eip] as number;
      } else {
        const [natId, port] = flow.target.split(':');
        const nat = egress.natGateways.findIndex((n) => n.NatGatewayId === natId);
        backend = indexOf(egress.natGateways[nat]!.dnatEntries.find((d) => String(d.ExternalPort) === port)!.ServerId);
        viaNode = sim.topology.byKind.nat[nat] as number;
      }
      this.flows.push({ kind: 'inbound', index, ratePerSecond: flow.requestsPerSecond, requestBytes: flow.requestBytes, responseBytes: flow.responseBytes, remoteServiceMs: flow.remoteServiceMs, backend, viaNode, calls: 0, noRoute: 0 });
    });
  }

  start(): void {
    this.flows.forEach((_, f) => this.scheduleArrival(f));
  }

  private scheduleArrival(f: number): void {
    const gapUs = Math.max(1, Math.round(this.rng.exponential(US_PER_S / this.flows[f]!.ratePerSecond)));
    this.sim.push(this.sim.nowUs + gapUs, EventKind.EgressArrival, f, 0);
  }

  /** Precedence: public IP assigned at creation, then an EIP, then a NAT SNAT entry. */
  pathOf(backend: number): { path: number; node: number } {
    const { scenario, topology } = this.sim;
    const server = scenario.ecsInstances[backend]!;
    if (server.publicIp) return { path: EgressPath.PublicIp, node: topology.byKind.ecs[backend] as number };
    const eip = scenario.egress.eips.findIndex((e) => e.InstanceId === server.ServerId);
    if (eip >= 0) return { path: EgressPath.Eip, node: topology.byKind.eip[eip] as number };
    const nat = scenario.egress.natGateways.findIndex((n) => n.snatServerIds.includes(server.ServerId));
    if (nat >= 0) return { path: EgressPath.Nat, node: topology.byKind.nat[nat] as number };
    return { path: EgressPath.None, node: -1 };
  }

  onArrival(f: number): void {
    this.scheduleArrival(f);
    const flow = this.flows[f]!;
    this.calls.opened++;
    flow.calls++;
    if (flow.kind === 'workload') {
      const { path, node } = this.pathOf(flow.backend);
      this.calls.byPath[path] = (this.calls.byPath[path] as number) + 1;
      if (path === EgressPath.None) {
        this.calls.noRoute++;
        flow.noRoute++;
        return;
      }
      const call = this.open(f, flow.backend, node);
      this.sendFromEcs(call, PacketType.Syn, HEADER);
    } else {
      const path = this.sim.topology.nodes[flow.viaNode]!.kind === 'nat' ? EgressPath.Nat : EgressPath.Eip;
      this.calls.byPath[path] = (this.calls.byPath[path] as number) + 1;
      const call = this.open(f, flow.backend, flow.viaNode);
      this.sendToEcs(call, PacketType.Syn, HEADER);
    }
  }

  private open(f: number, backend: number, via: number): number {
    let call = this.free.pop();
    if (call === undefined) {
      if (this.highWater === this.serial.length) this.grow();
      call = this.highWater++;
    }
    this.serial[call] = this.nextSerial++;
    this.flowOf[call] = f;
    this.backendOf[call] = backend;
    this.viaOf[call] = via;
    if (this.isNat(call)) {
      const nat = this.sim.topology.nodes[via]!.index;
      this.natOpen[nat] = (this.natOpen[nat] as number) + 1;
      this.sim.meters.natSession(this.sim.nowUs, nat, this.natOpen[nat] as number);
    }
    return call;
  }

  private isNat(call: number): boolean {
    const via = this.viaOf[call] as number;
    return via >= 0 && this.sim.topology.nodes[via]!.kind === 'nat';
  }

  private close(call: number): void {
    if (this.isNat(call)) {
      const nat = this.sim.topology.nodes[this.viaOf[call] as number]!.index;
      this.natOpen[nat] = (this.natOpen[nat] as number) - 1;
    }
    this.serial[call] = 0;
    this.free.push(call);
    this.calls.completed++;
  }

  private packet(call: number, type: number, dir: number, bytes: number): number {
    return this.sim.packets.allocate(call, (this.serial[call] as number) | 0, type, dir, Math.max(1, Math.ceil(bytes / this.sim.scenario.network.mssBytes)), bytes);
  }

  /** ECS → (public IP | EIP | NAT) → Internet host. */
  private sendFromEcs(call: number, type: number, bytes: number): void {
    const ecs = this.sim.topology.byKind.ecs[this.backendOf[call] as number] as number;
    const via = this.viaOf[call] as number;
    const packet = this.packet(call, type, Direction.EgressFromEcs, bytes);
    const path = via === ecs ? EgressPath.PublicIp : this.isNat(call) ? EgressPath.Nat : EgressPath.Eip;
    this.bytesFromEcs[path] = (this.bytesFromEcs[path] as number) + bytes;
    if (via === ecs) this.sim.forward(packet, ecs, this.sim.topology.byKind.external[0] as number);
    else this.sim.forward(packet, ecs, via);
  }

  /** Internet host → (public IP | EIP | NAT) → ECS. */
  private sendToEcs(call: number, type: number, bytes: number): void {
    const external = this.sim.topology.byKind.external[0] as number;
    const ecs = this.sim.topology.byKind.ecs[this.backendOf[call] as number] as number;
    const via = this.viaOf[call] as number;
    const packet = this.packet(call, type, Direction.EgressToEcs, bytes);
    this.sim.forward(packet, external, via === ecs ? ecs : via);
  }

  onPacket(packet: number, node: number): void {
    const sim = this.sim;
    const p = sim.packets;
    const call = p.conn[packet] as number;
    if (((this.serial[call] as number) | 0) !== p.tag[packet] || this.serial[call] === 0) {
      p.release(packet);
      return;
    }
    const kind = sim.topology.nodes[node]!.kind;
    const toEcs = p.dir[packet] === Direction.EgressToEcs;
    if (kind === 'eip' || kind === 'nat') {
      // Pass-through: on to the ECS or out to the Internet host. Bytes through a NAT count towards
      // its capacity units where they are metered, on the Internet ↔ NAT hop (Meters.hop).
      return sim.forward(packet, node, toEcs ? (sim.topology.byKind.ecs[this.backendOf[call] as number] as number) : (sim.topology.byKind.external[0] as number));
    }
    const type = p.type[packet] as number;
    p.release(packet);
    const outbound = this.flows[this.flowOf[call] as number]!.kind === 'workload';
    // The side that opened the call: it sends SYN, then the request, then FIN; the other side answers.
    const atOpener = outbound ? kind === 'ecs' : kind === 'external';
    if (atOpener) this.openerReceives(call, type, outbound);
    else this.responderReceives(call, type, outbound);
  }

  private openerReceives(call: number, type: number, outbound: boolean): void {
    const flow = this.flows[this.flowOf[call] as number]!;
    const send = (t: number, bytes: number) => (outbound ? this.sendFromEcs(call, t, bytes) : this.sendToEcs(call, t, bytes));
    if (type === PacketType.SynAck) send(PacketType.Data, drawSize(flow.requestBytes, this.sizeRng));
    else if (type === PacketType.Data) send(PacketType.Fin, HEADER);
    else if (type === PacketType.Fin) this.close(call);
  }

  private responderReceives(call: number, type: number, outbound: boolean): void {
    const flow = this.flows[this.flowOf[call] as number]!;
    const reply = (t: number, bytes: number) => (outbound ? this.sendToEcs(call, t, bytes) : this.sendFromEcs(call, t, bytes));
    if (type === PacketType.Syn) reply(PacketType.SynAck, HEADER);
    else if (type === PacketType.Data) this.sim.push(this.sim.nowUs + Math.max(1, Math.round(flow.remoteServiceMs * US_PER_MS)), EventKind.EgressRespond, call, (this.serial[call] as number) | 0);
    else if (type === PacketType.Fin) reply(PacketType.Fin, HEADER);
  }

  onRespond(call: number, tag: number): void {
    if (this.serial[call] === 0 || ((this.serial[call] as number) | 0) !== tag) return;
    const flow = this.flows[this.flowOf[call] as number]!;
    const bytes = drawSize(flow.responseBytes, this.sizeRng);
    if (flow.kind === 'workload') this.sendToEcs(call, PacketType.Data, bytes);
    else this.sendFromEcs(call, PacketType.Data, bytes);
  }

  get inFlight(): number {
    return this.highWater - this.free.length;
  }

  private grow(): void {
    const capacity = this.serial.length * 2;
    this.serial = grow(this.serial, capacity);
    this.backendOf = grow(this.backendOf, capacity);
    this.viaOf = grow(this.viaOf, capacity);
    this.flowOf = grow(this.flowOf, capacity);
  }
}
