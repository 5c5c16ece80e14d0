import { US_PER_MS } from '../../shared/units';
import { EventKind, PACKET_TYPE_NAMES, PacketType } from '../core/kinds';
import type { RandomStream } from '../core/prng';
import type { Simulation } from '../simulation';
import { CONN_STATE_NAMES } from './tcp-states';

/**
 * Numbers per sync record: connection, its tag, state, backend, when the sender's timer ends (µs),
 * and, for journeys, the client packet that triggered it (its ordinal and type).
 */
const RECORD = 7;

interface SyncMessage {
  from: number;
  records: number[];
  /** Deliveries still to happen; the message is dropped when it reaches 0. */
  pending: number;
}

/**
 * IPVS multicast session sync (net/netfilter/ipvs/ip_vs_sync.c) to 224.0.0.81:8848. Records
 * collect in a per-node buffer of about one MTU; a full buffer goes out `fullBufferDelayMs` after
 * it fills, a partly filled one only once it is `maxBufferAgeMs` old, looked at every
 * `checkIntervalMs`. With batching off each record is sent at once. Each receiver may lose a
 * message (`lossRate`), and a partitioned sync link loses all of them.
 */
export class SyncDaemon {
  /** Per node: records it sent and records it received (installed or refreshed). */
  readonly sent: Float64Array;
  readonly received: Float64Array;
  /** Per sending node: multicast messages sent. Per receiving node: messages and the records in them lost. */
  readonly messagesSent: Float64Array;
  readonly messagesLost: Float64Array;
  readonly recordsLost: Float64Array;
  /** The whole sync link is partitioned; or, per node, that node is cut off from it. */
  partitioned = false;
  readonly nodePartitioned: Uint8Array;
  private readonly buffers: number[][];
  private readonly bufferStartUs: Float64Array;
  private readonly messages = new Map<number, SyncMessage>();
  private nextMessage = 1;
  private readonly lossRng: RandomStream;
  private readonly config;

  constructor(private readonly sim: Simulation) {
    const n = sim.topology.byKind.lvs.length;
    this.config = sim.scenario.cluster.sync;
    this.sent = new Float64Array(n);
    this.received = new Float64Array(n);
    this.messagesSent = new Float64Array(n);
    this.messagesLost = new Float64Array(n);
    this.recordsLost = new Float64Array(n);
    this.nodePartitioned = new Uint8Array(n);
    this.buffers = Array.from({ length: n }, () => []);
    this.bufferStartUs = new Float64Array(n);
    this.lossRng = sim.stream('lvs.sync.loss');
  }

  start(): void {
    if (!this.config.batching) return;
    const every = Math.round(this.config.checkIntervalMs * US_PER_MS);
    this.buffers.forEach((_, i) => this.sim.push(every, EventKind.SyncCheck, i, 0));
  }

  /** Queues a record of the connection's current session on node i for the other nodes. */
  enqueue(i: number, conn: number, triggerOrdinal: number, triggerType: number): void {
    const sim = this.sim;
    const index = sim.lvs.sessions.at(conn, i);
    const s = sim.lvs.sessions;
    const tag = sim.conns.tag(conn);
    const state = s.state[index] as number;
    const backend = s.backend[index] as number;
    const expiresUs = s.expiryOf(index, sim.nowUs);
    this.sent[i] = (this.sent[i] as number) + 1;
    if (!this.config.batching) {
      this.send(i, [conn, tag, state, backend, expiresUs, triggerOrdinal, triggerType]);
      return;
    }
    // The record's numbers go straight into the buffer (no array per record: one per synced packet).
    const buffer = this.buffers[i]!;
    if (buffer.length === 0) this.bufferStartUs[i] = sim.nowUs;
    buffer.push(conn, tag, state, backend, expiresUs, triggerOrdinal, triggerType);
    if (buffer.length / RECORD >= this.config.recordsPerMessage) {
      // Full: it leaves after a short delay; a fresh buffer starts collecting.
      const id = this.store(i, this.takeBuffer(i));
      sim.push(sim.nowUs + Math.round(this.config.fullBufferDelayMs * US_PER_MS), EventKind.SyncSendFull, i, id);
    }
  }

  onCheck(i: number): void {
    const sim = this.sim;
    const buffer = this.buffers[i]!;
    if (buffer.length > 0 && sim.nowUs - (this.bufferStartUs[i] as number) >= this.config.maxBufferAgeMs * US_PER_MS) {
      this.send(i, this.takeBuffer(i));
    }
    sim.push(sim.nowUs + Math.round(this.config.checkIntervalMs * US_PER_MS), EventKind.SyncCheck, i, 0);
  }

  onSendFull(i: number, id: number): void {
    const message = this.messages.get(id);
    if (!message) return;
    this.messages.delete(id);
    if (this.sim.lvs.up[i] === 1) this.send(i, message.records);
  }

  /** The node's buffered records, handed over whole; the node starts a fresh buffer. */
  private takeBuffer(i: number): number[] {
    const buffer = this.buffers[i]!;
    this.buffers[i] = [];
    return buffer;
  }

  /** A node went down: whatever it had not sent yet is lost. */
  dropBuffer(i: number): void {
    this.buffers[i]!.length = 0;
    for (const [id, message] of this.messages) if (message.from === i && message.pending === 0) this.messages.delete(id);
  }

  private store(from: number, records: number[]): number {
    const id = this.nextMessage++;
    this.messages.set(id, { from, records, pending: 0 });
    return id;
  }

  /** Multicasts one message from node i to every other live node, subject to loss and partitions. */
  private send(i: number, records: number[]): void {
    const sim = this.sim;
    const lvs = sim.lvs;
    const syncNode = sim.topology.byKind.sync[0] as number;
    const from = lvs.ids[i] as number;
    const n = lvs.ids.length;
    const id = this.store(i, records);
    const message = this.messages.get(id)!;
    const firstConn = records[0] as number;
    const legUs = sim.topology.latencyUs[from * sim.topology.nodes.length + syncNode] as number;
    this.messagesSent[i] = (this.messagesSent[i] as number) + 1;
    const zoneOf = lvs.zones.zoneOf;
    for (let j = 0; j < n; j++) {
      // Each zone's cluster is its own multicast group: the standby zone neither hears nor is heard.
      if (j === i || lvs.up[j] === 0 || zoneOf[j] !== zoneOf[i]) continue;
      if (this.partitioned || this.nodePartitioned[i] === 1 || this.nodePartitioned[j] === 1 || (this.config.lossRate > 0 && this.lossRng.next() < this.config.lossRate)) {
        this.messagesLost[j] = (this.messagesLost[j] as number) + 1;
        this.recordsLost[j] = (this.recordsLost[j] as number) + records.length / RECORD;
        continue;
      }
      message.pending++;
      const to = lvs.ids[j] as number;
      const arriveUs = sim.nowUs + legUs + (sim.topology.latencyUs[syncNode * sim.topology.nodes.length + to] as number);
      sim.push(arriveUs, EventKind.SyncDeliver, id, j);
      sim.recorder?.hop(syncNode, to, sim.nowUs + legUs, arriveUs, PacketType.Sync, sim.conns.serial[firstConn] as number, -1);
    }
    sim.recorder?.hop(from, syncNode, sim.nowUs, sim.nowUs + legUs, PacketType.Sync, sim.conns.serial[firstConn] as number, -1);
    if (sim.journal) {
      for (let r = 0; r < records.length; r += RECORD) {
        const conn = records[r] as number;
        if (sim.conns.isLive(conn, records[r + 1] as number)) {
          sim.note(conn, from, 'sync sent', `${CONN_STATE_NAMES[records[r + 2] as number]} record from client packet ${records[r + 5]} (${PACKET_TYPE_NAMES[records[r + 6] as number]}) multicast to 224.0.0.81:8848`);
        }
      }
    }
    if (message.pending === 0) this.messages.delete(id);
  }

  onDeliver(id: number, j: number): void {
    const sim = this.sim;
    const message = this.messages.get(id);
    if (!message) return;
    if (--message.pending === 0) this.messages.delete(id);
    if (sim.lvs.up[j] === 0) return;
    const { records } = message;
    for (let r = 0; r < records.length; r += RECORD) {
      const conn = records[r] as number;
      if (!sim.conns.isLive(conn, records[r + 1] as number)) continue;
      this.received[j] = (this.received[j] as number) + 1;
      sim.lvs.lifecycle.installSynced(conn, j, records[r + 2] as number, records[r + 3] as number, records[r + 4] as number, sim.lvs.ids[message.from] as number);
    }
  }
}
