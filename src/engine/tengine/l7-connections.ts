import { grow } from '../core/event-queue';

/** Where an HTTPS connection's handshake is. */
export const TlsState = { None: 0, HelloSent: 1, AtKeyServer: 2, Done: 3 } as const;

/**
 * Per-connection state that only HTTP/HTTPS connections need, indexed like the connection table.
 * Allocated only when the scenario has a layer-7 listener, so layer-4 runs pay nothing for it.
 */
export class L7Connections {
  tls: Uint8Array;
  /** Requests the client has yet to send, and has sent without a response yet. */
  unsent: Int32Array;
  outstanding: Int16Array;
  /** Requests Tengine holds for the connection (routed, not yet answered). */
  atTengine: Int16Array;
  /** The first request of the connection's list (request-table ids), -1 when none. */
  head: Int32Array;
  /** The request kind drawn at open: the first request, and the TLS SNI. */
  firstKind: Uint8Array;
  /** Requests in flight at once: 1 (HTTP/1.1 keep-alive) or the HTTP/2 stream count. */
  streams: Uint8Array;
  /** 1 when this connection replaces one a failure broke (it is not replaced again). */
  reconnected: Uint8Array;
  /**
   * Tengine's timers, at most one pending event each per connection (a pending one re-arms for the
   * next deadline when it fires, so finished requests leave no stale events behind): when the
   * pending RequestTimeout and idle events fire (-1: none pending), and since when Tengine has
   * held no request of the connection.
   */
  timeoutEventUs: Float64Array;
  idleEventUs: Float64Array;
  idleSinceUs: Float64Array;
  /** The client's response wait: its pending event (-1: none) and its last sign of progress. */
  waitEventUs: Float64Array;
  progressUs: Float64Array;
  /** The latest request sent that Tengine has not acknowledged, -1 when none. */
  unacked: Int32Array;
  /** When the ClientHello left: the first request's latency includes the handshake. */
  helloUs: Float64Array;
  /** 1 once the connection sent its first request (which uses firstKind). */
  sentAny: Uint8Array;

  constructor(capacity: number) {
    this.tls = new Uint8Array(capacity);
    this.unsent = new Int32Array(capacity);
    this.outstanding = new Int16Array(capacity);
    this.atTengine = new Int16Array(capacity);
    this.head = new Int32Array(capacity);
    this.firstKind = new Uint8Array(capacity);
    this.streams = new Uint8Array(capacity);
    this.reconnected = new Uint8Array(capacity);
    this.timeoutEventUs = new Float64Array(capacity);
    this.idleEventUs = new Float64Array(capacity);
    this.idleSinceUs = new Float64Array(capacity);
    this.waitEventUs = new Float64Array(capacity);
    this.progressUs = new Float64Array(capacity);
    this.unacked = new Int32Array(capacity);
    this.helloUs = new Float64Array(capacity);
    this.sentAny = new Uint8Array(capacity);
  }

  ensureCapacity(capacity: number): void {
    if (capacity <= this.tls.length) return;
    this.tls = grow(this.tls, capacity);
    this.unsent = grow(this.unsent, capacity);
    this.outstanding = grow(this.outstanding, capacity);
    this.atTengine = grow(this.atTengine, capacity);
    this.head = grow(this.head, capacity);
    this.firstKind = grow(this.firstKind, capacity);
    this.streams = grow(this.streams, capacity);
    this.reconnected = grow(this.reconnected, capacity);
    this.timeoutEventUs = grow(this.timeoutEventUs, capacity);
    this.idleEventUs = grow(this.idleEventUs, capacity);
    this.idleSinceUs = grow(this.idleSinceUs, capacity);
    this.waitEventUs = grow(this.waitEventUs, capacity);
    this.progressUs = grow(this.progressUs, capacity);
    this.unacked = grow(this.unacked, capacity);
    this.helloUs = grow(this.helloUs, capacity);
    this.sentAny = grow(this.sentAny, capacity);
  }

  reset(conn: number, requests: number, firstKind: number, streams: number, reconnected: boolean): void {
    this.tls[conn] = 0;
    this.unsent[conn] = requests;
    this.outstanding[conn] = 0;
    this.atTengine[conn] = 0;
    this.head[conn] = -1;
    this.firstKind[conn] = firstKind;
    this.streams[conn] = streams;
    this.reconnected[conn] = reconnected ? 1 : 0;
    this.timeoutEventUs[conn] = -1;
    this.idleEventUs[conn] = -1;
    this.idleSinceUs[conn] = -1;
    this.waitEventUs[conn] = -1;
    this.progressUs[conn] = -1;
    this.unacked[conn] = -1;
    this.helloUs[conn] = -1;
    this.sentAny[conn] = 0;
  }
}
