import { grow } from '../core/event-queue';
import { ConnState } from './tcp-states';

export const SessionFlag = {
  /** Installed from a sync message rather than scheduled here. */
  Synced: 1,
  /** This node scheduled the connection and holds its FULLNAT local port. */
  Origin: 2,
} as const;

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
  expiresUs: Float64Array;
  /** The backend this node's entry forwards to (-1: none usable, LVS answered the SYN itself). */
  backend: Int16Array;

  constructor(
    readonly nodes: number,
    connCapacity: number,
  ) {
    this.state = new Uint8Array(connCapacity * nodes);
    this.flags = new Uint8Array(connCapacity * nodes);
    this.packets = new Uint8Array(connCapacity * nodes);
    this.expiresUs = new Float64Array(connCapacity * nodes);
    this.backend = new Int16Array(connCapacity * nodes);
  }

  /** Keeps the table as large as the connection table. */
  ensureCapacity(connCapacity: number): void {
    const size = connCapacity * this.nodes;
    if (size <= this.state.length) return;
    this.state = grow(this.state, size);
    this.flags = grow(this.flags, size);
    this.packets = grow(this.packets, size);
    this.expiresUs = grow(this.expiresUs, size);
    this.backend = grow(this.backend, size);
  }

  has(index: number): boolean {
    return this.state[index] !== ConnState.None;
  }
}
