import { grow } from '../core/event-queue';
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
 * Every LVS node's connection table, in one struct-of-arrays indexed `conn * nodes + node`. The
 * table key of DOMAIN §2.2 — (protocol, client addr, client port, VIP, VPort) — is interned to the
 * dense connection id when the client opens the flow, so a lookup is an array index: a perfect
 * hash of the live flows, with no hash map to grow. State NONE means "no entry on this node".
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

  constructor(
    readonly nodes: number,
    connCapacity: number,
  ) {
    this.state = new Uint8Array(connCapacity * nodes);
    this.flags = new Uint8Array(connCapacity * nodes);
    this.packets = new Uint8Array(connCapacity * nodes);
    this.expiresLow = new Int32Array(connCapacity * nodes);
    this.backend = new Int16Array(connCapacity * nodes);
  }

  /** Keeps the table as large as the connection table. */
  ensureCapacity(connCapacity: number): void {
    const size = connCapacity * this.nodes;
    if (size <= this.state.length) return;
    this.state = grow(this.state, size);
    this.flags = grow(this.flags, size);
    this.packets = grow(this.packets, size);
    this.expiresLow = grow(this.expiresLow, size);
    this.backend = grow(this.backend, size);
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
}
