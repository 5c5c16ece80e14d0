/**
 * What an IPVS scheduler sees when it picks a backend for a new connection on one LVS node: the
 * listener's backends in the order the listener lists them (the simulator's documented scan order),
 * with each one's effective weight and this node's connection counts. Columns are typed arrays
 * owned by the caller and updated in place; `version` increments whenever a weight or the set of
 * usable backends changes, so hashing schedulers know when to rebuild their tables.
 */
export interface BackendView {
  /** Effective weight per backend: 0 means skip (weight 0 / quiesced, unhealthy, removed). */
  readonly weights: Int32Array;
  /** ESTABLISHED connections per backend on this LVS node (local and synced). */
  readonly active: Int32Array;
  /** Connections in any other state per backend on this LVS node. */
  readonly inactive: Int32Array;
  /** Changes whenever `weights` changes. */
  readonly version: number;
}

/** The flow a new connection belongs to; hashing schedulers read the fields they key on. */
export interface FlowKey {
  clientIp: number;
  clientPort: number;
  vip: number;
  vport: number;
  /** QUIC connection id (UDP listeners with `qch`); 0 when absent. */
  quicCid: number;
}

export interface Scheduler {
  /** Returns the chosen backend index, or -1 when no backend is usable. Must not allocate. */
  pick(view: BackendView, flow: FlowKey): number;
}

export type SchedulerName = 'wrr' | 'wlc' | 'rr' | 'sch' | 'tch' | 'qch' | 'lc' | 'sed' | 'nq';
