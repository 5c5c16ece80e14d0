import { grow } from '../core/event-queue';
import { Direction } from '../core/kinds';

/**
 * Packets in flight, struct-of-arrays with a free list: an id is reused once its packet is
 * delivered or dropped, so memory follows the number in flight, not the number ever sent. A data
 * "packet" may be a train of `segments` segments with exact total `bytes`. `tag` is the owning
 * connection's serial tag; `reason` is the outcome code an RST carries.
 */
export class PacketTable {
  conn: Int32Array;
  tag: Int32Array;
  type: Int32Array;
  dir: Int32Array;
  segments: Int32Array;
  reason: Int32Array;
  /** Client → server packets: the client's running count of segments sent, up to this packet's last. */
  ordinal: Int32Array;
  /** HTTP packets: the request (request-table id) a request, its ACK or its response carries; -1 otherwise. */
  request: Int32Array;
  bytes: Float64Array;
  private freeList: Int32Array;
  private freeCount = 0;
  private highWater = 0;
  inFlight = 0;

  constructor(capacity = 1024) {
    this.conn = new Int32Array(capacity);
    this.tag = new Int32Array(capacity);
    this.type = new Int32Array(capacity);
    this.dir = new Int32Array(capacity);
    this.segments = new Int32Array(capacity);
    this.reason = new Int32Array(capacity);
    this.ordinal = new Int32Array(capacity);
    this.request = new Int32Array(capacity);
    this.bytes = new Float64Array(capacity);
    this.freeList = new Int32Array(capacity);
  }

  allocate(conn: number, tag: number, type: number, dir: number, segments: number, bytes: number): number {
    let id: number;
    if (this.freeCount > 0) id = this.freeList[--this.freeCount] as number;
    else {
      if (this.highWater === this.conn.length) this.grow();
      id = this.highWater++;
    }
    this.conn[id] = conn;
    this.tag[id] = tag;
    this.type[id] = type;
    this.dir[id] = dir;
    this.segments[id] = segments;
    this.reason[id] = 0;
    this.ordinal[id] = 0;
    this.request[id] = -1;
    this.bytes[id] = bytes;
    this.inFlight++;
    return id;
  }

  /**
   * Turns a received client → server packet into the reply that goes back (an answer, an RST):
   * no allocation, as the request's slot is done with anyway.
   */
  turnAround(id: number, type: number, segments: number, bytes: number, reason: number): void {
    this.type[id] = type;
    this.dir[id] = Direction.ToClient;
    this.segments[id] = segments;
    this.bytes[id] = bytes;
    this.reason[id] = reason;
  }

  release(id: number): void {
    this.freeList[this.freeCount++] = id;
    this.inFlight--;
  }

  private grow(): void {
    const capacity = this.conn.length * 2;
    this.conn = grow(this.conn, capacity);
    this.tag = grow(this.tag, capacity);
    this.type = grow(this.type, capacity);
    this.dir = grow(this.dir, capacity);
    this.segments = grow(this.segments, capacity);
    this.reason = grow(this.reason, capacity);
    this.ordinal = grow(this.ordinal, capacity);
    this.request = grow(this.request, capacity);
    this.bytes = grow(this.bytes, capacity);
    this.freeList = grow(this.freeList, capacity);
  }
}
