import { grow, nextCapacity } from '../core/event-queue';
import { ConnState } from './tcp-states';

/** How far ahead of now a stored expiry may lie and still be recovered exactly from 32 bits. */
export const MAX_EXPIRY_AHEAD_US = 2 ** 31 - 1;

export const SessionFlag = {
  /** Installed (or refreshed) from a sync message rather than only scheduled here. */
  Synced: 1,
  /** This node scheduled the connection and holds its FULLNAT local port. */
  Origin: 2,
  /**
   * Kept after the entry is gone: it was a synced entry that expired, so a packet finding no
   * entry here is `synced_session_expired`, not a failover the journey would contradict.
   */
  SyncedExpired: 4,
  /** Counted in its persistence template's controlled connections (the kernel's n_control). */
  Controlled: 8,
  /** This node's entry holds the connection's FULLNAT local address and port (lvs/fullnat.ts). */
  LocalPort: 16,
} as const;

/**
 * The state at the entry's last sync (the kernel's `old_state`) lives in the flags' top three
 * bits: only TCP states that are ever synced are stored there (NONE, ESTABLISHED … CLOSE_WAIT ≤ 6).
 */
export const SYNCED_STATE_SHIFT = 5;

/**
 * Every LVS node's connection table, in one struct-of-arrays of rows, one row per connection that
 * has (or had) an entry on some node, indexed `row * nodes + node` (`at`, `own`). The table key of
 * DOMAIN §2.2 — (protocol, client addr, client port, VIP, VPort) — is interned to the dense
 * connection id when the client opens the flow, and the id maps to its row: a lookup is two array
 * reads, a perfect hash of the live flows, with no hash map to grow. State NONE means "no entry on
 * this node".
 *
 * Rows are separate from connection slots because many tracked connections never reach LVS's
 * table: a client retrying a SYN that the instance limit dropped holds a slot for a minute or more.
 * Row 0 is never handed out and stays all zero, so reading a connection without a row finds
 * NONE everywhere; writes go through `own`, which gives the connection a row first.
 */
export class SessionTable {
  state: Uint8Array;
  flags: Uint8Array;
  /** Client packets this node has seen for the connection, modulo the sync period. */
  packets: Uint8Array;
  /**
   * When each entry expires, as the low 32 bits of the microsecond clock. Every timeout is at most
   * 900 s (< 2^31 µs) and the session timers remove an entry the moment it is due, so a stored
   * expiry is always within 2^31 µs after now and `expiryOf` recovers it exactly: 4 bytes instead of 8.
   */
  private expiresLow: Int32Array;
  /** The backend this node's entry forwards to (-1: none usable, LVS answered the SYN itself). */
  backend: Int16Array;
  /** Each connection's row; 0 = none yet (row 0 is the all-NONE row). */
  private rowOf: Int32Array;
  /** Most recently freed row, 0 when none; a free row's first `expiresLow` holds the next one. */
  private freeRow = 0;
  private rowsUsed = 1;
  private rowsHeld = 0;

  constructor(
    readonly nodes: number,
    connCapacity: number,
  ) {
    this.rowOf = new Int32Array(connCapacity);
    const rows = Math.min(connCapacity, 1024);
    this.state = new Uint8Array(rows * nodes);
    this.flags = new Uint8Array(rows * nodes);
    this.packets = new Uint8Array(rows * nodes);
    this.expiresLow = new Int32Array(rows * nodes);
    this.backend = new Int16Array(rows * nodes);
  }

  /** Keeps a row reference for every connection slot. */
  ensureCapacity(connCapacity: number): void {
    if (connCapacity > this.rowOf.length) this.rowOf = grow(this.rowOf, connCapacity);
  }

  /** Rows handed out and not yet freed (row 0 excluded). */
  get rows(): number {
    return this.rowsHeld;
  }

  /** Index of node `node`'s entry for `conn`, for reading: a connection without a row reads as NONE. */
  at(conn: number, node: number): number {
    return (this.rowOf[conn] as number) * this.nodes + node;
  }

  /** Index of node `node`'s entry for `conn`, for writing: gives the connection a row if it has none. */
  own(conn: number, node: number): number {
    let row = this.rowOf[conn] as number;
    if (row === 0) row = this.allocateRow(conn);
    return row * this.nodes + node;
  }

  /** The connection's slot is being freed: its row (and whatever it remembers) goes back. */
  release(conn: number): void {
    const row = this.rowOf[conn] as number;
    if (row === 0) return;
    this.rowOf[conn] = 0;
    const base = row * this.nodes;
    this.state.fill(0, base, base + this.nodes);
    this.flags.fill(0, base, base + this.nodes);
    this.expiresLow[base] = this.freeRow;
    this.freeRow = row;
    this.rowsHeld--;
  }

  /** The entry's expiry in microseconds (exact while it is within 2^31 µs after `nowUs`). */
  expiryOf(index: number, nowUs: number): number {
    const base = Math.floor(nowUs);
    return base + (((this.expiresLow[index] as number) - (base | 0)) | 0);
  }

  setExpiry(index: number, atUs: number): void {
    // ToInt32 keeps the low 32 bits of the (integer) microsecond time.
    this.expiresLow[index] = atUs | 0;
  }

  has(index: number): boolean {
    return this.state[index] !== ConnState.None;
  }

  private allocateRow(conn: number): number {
    let row = this.freeRow;
    if (row !== 0) this.freeRow = this.expiresLow[row * this.nodes] as number;
    else {
      if (this.rowsUsed * this.nodes === this.state.length) this.growRows();
      row = this.rowsUsed++;
    }
    const base = row * this.nodes;
    // A fresh row: no entry on any node (state, flags), and the rest zeroed so a row's history
    // never leaks into the next connection that gets it.
    this.state.fill(0, base, base + this.nodes);
    this.flags.fill(0, base, base + this.nodes);
    this.packets.fill(0, base, base + this.nodes);
    this.expiresLow.fill(0, base, base + this.nodes);
    this.backend.fill(0, base, base + this.nodes);
    this.rowOf[conn] = row;
    this.rowsHeld++;
    return row;
  }

  private growRows(): void {
    const size = nextCapacity(this.rowsUsed) * this.nodes;
    this.state = grow(this.state, size);
    this.flags = grow(this.flags, size);
    this.packets = grow(this.packets, size);
    this.expiresLow = grow(this.expiresLow, size);
    this.backend = grow(this.backend, size);
  }
}
