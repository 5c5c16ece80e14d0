import { grow, nextCapacity } from '../core/event-queue';

/** Where the client is in its connection's life. */
export const ClientPhase = {
  Connecting: 0,
  Open: 1,
  Closing: 2,
  /** The client has recorded the outcome; LVS sessions may still linger (TIME_WAIT…). */
  Done: 3,
} as const;

/**
 * Bits of `serverFlags`, one table so the modules that set them (servers, LVS lifecycle, admission)
 * never collide.
 */
export const ServerFlag = {
  /** The backend holds the connection open. */
  Open: 1,
  /** The backend is preparing a response. */
  Responding: 2,
  /** Some LVS node saw the handshake complete (decides failover_handshake vs failover_unsynced). */
  HandshakeDone: 4,
  /** One of the connection's SYNs was dropped over the instance's limits (counted once). */
  InstanceDropped: 8,
  /** The connection's first request was metered for peak QPS (once per connection). */
  RequestMetered: 16,
  /** A packet of the connection was denied by its listener's ACL (counted once). */
  AclDenied: 32,
} as const;

/**
 * Every tracked connection, struct-of-arrays with a free list. A connection is tracked from the
 * client's SYN until both the client has recorded its outcome and no LVS node holds a session for
 * it any more; then its slot is reused. `serial` is the run-wide connection number users see;
 * events and packets carry its low 32 bits (`tag`) so a reused slot never receives a stale event.
 * At a million connections every byte per slot is a megabyte: columns are as narrow as their
 * values allow, and the free list is threaded through a column free slots do not use.
 */
export class ConnectionTable {
  serial: Float64Array;
  population: Uint16Array;
  listener: Uint8Array;
  clientIp: Int32Array;
  clientPort: Uint16Array;
  /** The backend the connection's sessions point to; -1 before scheduling or when none was usable. */
  backend: Int16Array;
  /** The LVS node that scheduled the connection (its FULLNAT port is there); -1 before. */
  originNode: Int16Array;
  /** That node's restart count (low 16 bits) when it scheduled the connection. */
  originEpoch: Uint16Array;
  /**
   * FULLNAT: the local address (index among its node's) and port the connection holds on the node
   * whose session has `SessionFlag.LocalPort` (lvs/fullnat.ts); meaningless while none does.
   */
  localAddress: Uint8Array;
  localPort: Uint16Array;
  /**
   * 1 once the client's address and port changed (a UDP flow's NAT rebinding): the LVS table key
   * is new, so the tag changes too and sync records, packets and events of the old key are stale.
   */
  keyChanged: Uint8Array;
  /** The LVS node that forwarded the latest client packet: replies return through it. */
  lvsNode: Int16Array;
  phase: Uint8Array;
  outcome: Uint8Array;
  /** Why the client's most recent packet was lost; becomes the outcome if it gives up. */
  lossReason: Uint8Array;
  /** LVS nodes holding a session for this connection. */
  sessions: Uint8Array;
  retries: Uint8Array;
  /** What the client waits for (a PacketType) and what it re-sends on timeout. */
  awaiting: Uint8Array;
  /** Server side: 1 while the backend has the connection open, 2 while a response is being prepared. */
  serverFlags: Uint8Array;
  /** The backend holding the server side open (a retried SYN may land on another one). */
  serverBackend: Int16Array;
  exchangesLeft: Int32Array;
  /** Client → LB packets sent (all retransmissions included). */
  clientPackets: Int32Array;
  retransmitGen: Int32Array;
  /** When the client sent its current request (for request latency). */
  requestSentUs: Float64Array;
  /** Most recently freed slot, -1 when none; a free slot's `clientIp` holds the next one. */
  private freeHead = -1;
  private highWater = 0;
  live = 0;
  private nextSerial = 1;

  constructor(capacity = 1024) {
    this.serial = new Float64Array(capacity);
    this.population = new Uint16Array(capacity);
    this.listener = new Uint8Array(capacity);
    this.clientIp = new Int32Array(capacity);
    this.clientPort = new Uint16Array(capacity);
    this.backend = new Int16Array(capacity);
    this.originNode = new Int16Array(capacity);
    this.originEpoch = new Uint16Array(capacity);
    this.localAddress = new Uint8Array(capacity);
    this.localPort = new Uint16Array(capacity);
    this.keyChanged = new Uint8Array(capacity);
    this.lvsNode = new Int16Array(capacity);
    this.phase = new Uint8Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.lossReason = new Uint8Array(capacity);
    this.sessions = new Uint8Array(capacity);
    this.retries = new Uint8Array(capacity);
    this.awaiting = new Uint8Array(capacity);
    this.serverFlags = new Uint8Array(capacity);
    this.serverBackend = new Int16Array(capacity);
    this.exchangesLeft = new Int32Array(capacity);
    this.clientPackets = new Int32Array(capacity);
    this.retransmitGen = new Int32Array(capacity);
    this.requestSentUs = new Float64Array(capacity);
  }

  get capacity(): number {
    return this.serial.length;
  }

  open(population: number, listener: number, clientIp: number, clientPort: number, exchanges: number): number {
    let id: number;
    if (this.freeHead >= 0) {
      id = this.freeHead;
      this.freeHead = this.clientIp[id] as number;
    } else {
      if (this.highWater === this.serial.length) this.grow();
      id = this.highWater++;
    }
    this.serial[id] = this.nextSerial++;
    this.population[id] = population;
    this.listener[id] = listener;
    this.clientIp[id] = clientIp;
    this.clientPort[id] = clientPort;
    this.keyChanged[id] = 0;
    this.backend[id] = -1;
    this.originNode[id] = -1;
    this.lvsNode[id] = -1;
    this.phase[id] = ClientPhase.Connecting;
    this.outcome[id] = 0;
    this.lossReason[id] = 0;
    this.sessions[id] = 0;
    this.retries[id] = 0;
    this.awaiting[id] = 0;
    this.serverFlags[id] = 0;
    this.exchangesLeft[id] = exchanges;
    this.clientPackets[id] = 0;
    this.live++;
    return id;
  }

  /**
   * Low 32 bits of the serial, with bit 31 flipped once the client's key changed: carried by
   * events, packets and sync records to detect a reused slot or an old key. Two tags of one slot
   * can only collide 2^31 connections apart.
   */
  tag(id: number): number {
    return ((this.serial[id] as number) | 0) ^ ((this.keyChanged[id] as number) << 31);
  }

  isLive(id: number, tag: number): boolean {
    return (this.serial[id] as number) !== 0 && this.tag(id) === tag;
  }

  free(id: number): void {
    this.serial[id] = 0;
    this.clientIp[id] = this.freeHead;
    this.freeHead = id;
    this.live--;
  }

  get opened(): number {
    return this.nextSerial - 1;
  }

  /** Highest slot ever used: loops over all connections stop here. */
  get slots(): number {
    return this.highWater;
  }

  private grow(): void {
    const capacity = nextCapacity(this.serial.length);
    this.serial = grow(this.serial, capacity);
    this.population = grow(this.population, capacity);
    this.listener = grow(this.listener, capacity);
    this.clientIp = grow(this.clientIp, capacity);
    this.clientPort = grow(this.clientPort, capacity);
    this.backend = grow(this.backend, capacity);
    this.originNode = grow(this.originNode, capacity);
    this.originEpoch = grow(this.originEpoch, capacity);
    this.localAddress = grow(this.localAddress, capacity);
    this.localPort = grow(this.localPort, capacity);
    this.keyChanged = grow(this.keyChanged, capacity);
    this.lvsNode = grow(this.lvsNode, capacity);
    this.phase = grow(this.phase, capacity);
    this.outcome = grow(this.outcome, capacity);
    this.lossReason = grow(this.lossReason, capacity);
    this.sessions = grow(this.sessions, capacity);
    this.retries = grow(this.retries, capacity);
    this.awaiting = grow(this.awaiting, capacity);
    this.serverFlags = grow(this.serverFlags, capacity);
    this.serverBackend = grow(this.serverBackend, capacity);
    this.exchangesLeft = grow(this.exchangesLeft, capacity);
    this.clientPackets = grow(this.clientPackets, capacity);
    this.retransmitGen = grow(this.retransmitGen, capacity);
    this.requestSentUs = grow(this.requestSentUs, capacity);
  }
}
