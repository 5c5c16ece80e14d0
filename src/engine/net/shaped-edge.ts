import { EventKind, PacketType } from '../core/kinds';
import { Outcome } from '../metrics/outcomes';
import type { ClientPopulation } from '../../scenario/schema';
import type { ConnectionTable } from '../traffic/connection-table';
import { US_PER_MS } from '../../shared/units';
import { ShapeDirection, type BandwidthShaper } from './bandwidth';
import type { PacketTable } from './packet-table';

/** What the Internet edge needs from the simulation: its tables, clock, forwarding and agenda. */
export interface ShapedEdgeHost {
  readonly packets: PacketTable;
  readonly conns: ConnectionTable;
  readonly nowUs: number;
  readonly scenario: { readonly clients: readonly Pick<ClientPopulation, 'rtoMs' | 'maxRetries'>[] };
  forward(packet: number, from: number, to: number, delayUs?: number): void;
  push(timeUs: number, kind: number, a: number, b: number): void;
  note(conn: number, node: number, event: string, reason: string): void;
}

/**
 * The Internet edge of SLB (Internet ↔ ECMP router) where bandwidth caps apply: each packet of a
 * listener is offered to its limiter (BandwidthShaper) and forwarded after the queueing delay it
 * gives, or dropped.
 *
 * What a drop does, in the engine's TCP model: the clients retransmit what they wait for (SYN,
 * request, FIN) themselves, so a dropped inbound packet is simply lost. The SLB side (LVS for its
 * own SYN-ACKs and RSTs, the backend's or Tengine's TCP for the rest) has no retransmission timer in
 * the model, so here a dropped outbound SYN-ACK, data train, FIN or TLS flight is sent again after
 * the connection's RTO (`rtoMs` of its client population, doubling, at most `maxRetries` times) —
 * as its sender's TCP would — and offered to the limiter again. ACKs, RSTs and UDP datagrams are
 * not retransmitted (TCP does not; UDP cannot). A packet lost for good records `bandwidth_limit`
 * as the connection's loss reason, so a client that then gives up ends with that outcome.
 */
export class ShapedEdge {
  constructor(
    private readonly host: ShapedEdgeHost,
    readonly shaper: BandwidthShaper,
    private readonly router: number,
    private readonly internet: number,
  ) {}

  /** Inbound: Internet → router. */
  inbound(packet: number): void {
    this.send(packet, this.internet, this.router, ShapeDirection.In, 0);
  }

  /** Outbound: router → Internet. */
  outbound(packet: number): void {
    this.send(packet, this.router, this.internet, ShapeDirection.Out, 0);
  }

  /** A dropped outbound packet's retransmission timer fired (EventKind.ShapedRetransmit). */
  onRetransmit(packet: number, attempt: number): void {
    const { packets: p, conns } = this.host;
    const conn = p.conn[packet] as number;
    if (!conns.isLive(conn, p.tag[packet] as number)) {
      p.release(packet);
      return;
    }
    this.shaper.countRetransmission(conns.listener[conn] as number, ShapeDirection.Out);
    this.send(packet, this.router, this.internet, ShapeDirection.Out, attempt);
  }

  private send(packet: number, from: number, to: number, direction: number, attempt: number): void {
    const h = this.host;
    const p = h.packets;
    const conn = p.conn[packet] as number;
    const listener = h.conns.listener[conn] as number;
    const delayUs = this.shaper.admit(listener, direction, p.bytes[packet] as number, h.nowUs);
    if (delayUs >= 0) return h.forward(packet, from, to, delayUs);
    this.onDrop(packet, conn, direction, attempt);
  }

  private onDrop(packet: number, conn: number, direction: number, attempt: number): void {
    const h = this.host;
    const p = h.packets;
    const type = p.type[packet] as number;
    const node = direction === ShapeDirection.In ? this.internet : this.router;
    const spec = h.scenario.clients[h.conns.population[conn] as number];
    if (direction === ShapeDirection.Out && spec !== undefined && retransmits(type) && attempt < spec.maxRetries) {
      const rtoUs = Math.round(spec.rtoMs * 2 ** attempt * US_PER_MS);
      h.note(conn, node, 'bandwidth', `dropped by the bandwidth limit (queue full); sent again in ${rtoUs / 1000} ms`);
      h.push(h.nowUs + rtoUs, EventKind.ShapedRetransmit, packet, attempt + 1);
      return;
    }
    h.conns.lossReason[conn] = Outcome.bandwidth_limit;
    h.note(conn, node, 'bandwidth', 'dropped by the bandwidth limit (queue full)');
    p.release(packet);
  }
}

/** The packet types whose sender's TCP retransmits them. */
function retransmits(type: number): boolean {
  return type === PacketType.SynAck || type === PacketType.Data || type === PacketType.Fin || type === PacketType.Tls;
}
