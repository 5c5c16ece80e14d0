import { grow } from '../core/event-queue';

/** Where a request is. */
export const RequestPhase = {
  Free: 0,
  /** Sent by the client, not yet at Tengine (or lost on the way). */
  Sent: 1,
  /** At Tengine: routed, waiting for a backend (or queued for a retry). */
  Upstream: 2,
  /** Tengine answered; the response is on its way to the client. */
  Answered: 3,
} as const;

/**
 * Every HTTP request in flight, struct-of-arrays with a free list, like the connection table.
 * A request lives from the client's send until the client reads its response or its connection
 * ends; its status is final once Tengine answers. Strings (host, path) are kept by reference to
 * the population's drawn values. `gen` changes on every upstream attempt, so a late event of an
 * abandoned attempt (a response after the 504) is recognised and ignored.
 */
export class RequestTable {
  conn: Int32Array;
  tag: Int32Array;
  phase: Uint8Array;
  /** Index into the population's request mix. */
  kind: Uint8Array;
  status: Int16Array;
  /** The Tengine node (0-based) handling it, -1 before it arrives. */
  tengine: Int16Array;
  /** Group index within its listener's routing, rule index (-1 = none). */
  group: Int16Array;
  rule: Int16Array;
  /** The backend (ECS index) of the current attempt, -1 none; the peer index within the group. */
  backend: Int16Array;
  peer: Int16Array;
  attempts: Uint8Array;
  /** Peers already tried (bit per peer index < 32): retries go to the next peer. */
  tried: Uint32Array;
  gen: Int32Array;
  /** 1 when the attempt's upstream connection was newly opened (its handshake is part of the wait). */
  freshUpstream: Uint8Array;
  sentUs: Float64Array;
  arrivedUs: Float64Array;
  responseBytes: Float64Array;
  /** The next request of the same connection (a list per connection), -1 at the end. */
  next: Int32Array;
  host: string[];
  path: string[];
  private freeHead = -1;
  private highWater = 0;
  live = 0;

  constructor(capacity = 256) {
    this.conn = new Int32Array(capacity);
    this.tag = new Int32Array(capacity);
    this.phase = new Uint8Array(capacity);
    this.kind = new Uint8Array(capacity);
    this.status = new Int16Array(capacity);
    this.tengine = new Int16Array(capacity);
    this.group = new Int16Array(capacity);
    this.rule = new Int16Array(capacity);
    this.backend = new Int16Array(capacity);
    this.peer = new Int16Array(capacity);
    this.attempts = new Uint8Array(capacity);
    this.tried = new Uint32Array(capacity);
    this.gen = new Int32Array(capacity);
    this.freshUpstream = new Uint8Array(capacity);
    this.sentUs = new Float64Array(capacity);
    this.arrivedUs = new Float64Array(capacity);
    this.responseBytes = new Float64Array(capacity);
    this.next = new Int32Array(capacity);
    this.host = new Array<string>(capacity).fill('');
    this.path = new Array<string>(capacity).fill('');
  }

  open(conn: number, tag: number, kind: number, host: string, path: string, nowUs: number): number {
    let id: number;
    if (this.freeHead >= 0) {
      id = this.freeHead;
      this.freeHead = this.next[id] as number;
    } else {
      if (this.highWater === this.conn.length) this.grow();
      id = this.highWater++;
    }
    this.conn[id] = conn;
    this.tag[id] = tag;
    this.phase[id] = RequestPhase.Sent;
    this.kind[id] = kind;
    this.status[id] = 0;
    this.tengine[id] = -1;
    this.group[id] = -1;
    this.rule[id] = -1;
    this.backend[id] = -1;
    this.peer[id] = -1;
    this.attempts[id] = 0;
    this.tried[id] = 0;
    this.gen[id] = (this.gen[id] as number) + 1;
    this.freshUpstream[id] = 0;
    this.sentUs[id] = nowUs;
    this.arrivedUs[id] = -1;
    this.responseBytes[id] = 0;
    this.next[id] = -1;
    this.host[id] = host;
    this.path[id] = path;
    this.live++;
    return id;
  }

  free(id: number): void {
    this.phase[id] = RequestPhase.Free;
    this.gen[id] = (this.gen[id] as number) + 1;
    this.next[id] = this.freeHead;
    this.freeHead = id;
    this.live--;
  }

  /** Highest slot ever used. */
  get slots(): number {
    return this.highWater;
  }

  private grow(): void {
    const capacity = this.conn.length * 2;
    this.conn = grow(this.conn, capacity);
    this.tag = grow(this.tag, capacity);
    this.phase = grow(this.phase, capacity);
    this.kind = grow(this.kind, capacity);
    this.status = grow(this.status, capacity);
    this.tengine = grow(this.tengine, capacity);
    this.group = grow(this.group, capacity);
    this.rule = grow(this.rule, capacity);
    this.backend = grow(this.backend, capacity);
    this.peer = grow(this.peer, capacity);
    this.attempts = grow(this.attempts, capacity);
    this.tried = grow(this.tried, capacity);
    this.gen = grow(this.gen, capacity);
    this.freshUpstream = grow(this.freshUpstream, capacity);
    this.sentUs = grow(this.sentUs, capacity);
    this.arrivedUs = grow(this.arrivedUs, capacity);
    this.responseBytes = grow(this.responseBytes, capacity);
    this.next = grow(this.next, capacity);
    for (let i = this.host.length; i < capacity; i++) {
      this.host.push('');
      this.path.push('');
    }
  }
}
