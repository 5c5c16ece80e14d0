import { PacketType } from '../core/kinds';

/**
 * IPVS connection states (net/netfilter/ipvs/ip_vs_proto_tcp.c) as small integers, the transitions
 * this simulator drives from packet types, and the per-state timeouts.
 */
export const ConnState = {
  None: 0,
  SynRecv: 1,
  Established: 2,
  FinWait: 3,
  TimeWait: 4,
  Close: 5,
  CloseWait: 6,
  LastAck: 7,
  /** UDP "connections" have a single state. */
  Udp: 8,
} as const;

export const CONN_STATE_NAMES = ['NONE', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'UDP'] as const;

/** Timeouts in seconds, indexed by state; ESTABLISHED comes from the listener's EstablishedTimeout. */
export const TIMEOUT_PRESETS = {
  // Mainline IPVS (tcp_timeouts[]): SYN_RECV 60, FIN_WAIT 120, TIME_WAIT 120, CLOSE 10, CLOSE_WAIT 60, LAST_ACK 30; UDP 300.
  mainline: [0, 60, 900, 120, 120, 10, 60, 30, 300],
  // Alibaba's LVS kernel uses much shorter closing timeouts.
  alibaba: [0, 30, 900, 7, 7, 3, 7, 7, 300],
} as const satisfies Record<string, readonly number[]>;

/** Only ESTABLISHED counts as active (and UDP, which IPVS never marks inactive). */
export function isActive(state: number): boolean {
  return state === ConnState.Established || state === ConnState.Udp;
}

/** Entering these states syncs the connection at once, whatever its packet count (ip_vs_sync.c). */
export function isClosingState(state: number): boolean {
  return state === ConnState.FinWait || state === ConnState.CloseWait || state === ConnState.TimeWait || state === ConnState.Close;
}

/** State after a client → server packet. */
export function stateAfterClientPacket(state: number, packetType: number): number {
  switch (packetType) {
    case PacketType.Syn:
      return state === ConnState.None ? ConnState.SynRecv : state;
    case PacketType.Ack:
    case PacketType.Data:
      if (state === ConnState.SynRecv) return ConnState.Established;
      if (state === ConnState.LastAck) return ConnState.Close;
      return state;
    case PacketType.Fin:
      if (state === ConnState.Established || state === ConnState.SynRecv) return ConnState.FinWait;
      if (state === ConnState.CloseWait) return ConnState.LastAck;
      return state;
    case PacketType.Rst:
      return ConnState.Close;
    default:
      return state;
  }
}

/** State after a server → client packet. */
export function stateAfterServerPacket(state: number, packetType: number): number {
  switch (packetType) {
    case PacketType.Fin:
      if (state === ConnState.FinWait) return ConnState.TimeWait;
      if (state === ConnState.Established) return ConnState.CloseWait;
      return state;
    case PacketType.Rst:
      return ConnState.Close;
    default:
      return state;
  }
}
