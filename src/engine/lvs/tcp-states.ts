import { PacketType } from '../core/kinds';

/**
 * IPVS connection states (net/netfilter/ipvs/ip_vs_proto_tcp.c) as small integers, the kernel's
 * transition tables by direction, and the per-state timeouts.
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
  /** The kernel's SYN_SENT: reached only through a server SYN in states no client starts from. */
  SynSent: 9,
} as const;

export const CONN_STATE_NAMES = ['NONE', 'SYN_RECV', 'ESTABLISHED', 'FIN_WAIT', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'UDP', 'SYN_SENT'] as const;

/** Timeouts in seconds, indexed by state; ESTABLISHED comes from the listener's EstablishedTimeout. */
export const TIMEOUT_PRESETS = {
  // Mainline IPVS (tcp_timeouts[]): SYN_RECV 60, FIN_WAIT 120, TIME_WAIT 120, CLOSE 10, CLOSE_WAIT 60, LAST_ACK 30, SYN_SENT 120; UDP 300.
  mainline: [0, 60, 900, 120, 120, 10, 60, 30, 300, 120],
  // Alibaba's LVS kernel uses much shorter closing timeouts.
  alibaba: [0, 30, 900, 7, 7, 3, 7, 7, 300, 3],
} as const satisfies Record<string, readonly number[]>;

/** Only ESTABLISHED counts as active (and UDP, which IPVS never marks inactive). */
export function isActive(state: number): boolean {
  return state === ConnState.Established || state === ConnState.Udp;
}

/**
 * States in which a TCP connection is synced at all (ip_vs_sync_conn_needed): ESTABLISHED,
 * FIN_WAIT, CLOSE, CLOSE_WAIT and TIME_WAIT. SYN_RECV, LAST_ACK and SYN_SENT never are.
 */
export function isSyncableState(state: number): boolean {
  return state === ConnState.Established || isClosingState(state);
}

/** Entering these states (seen at the next client packet) forces a sync, whatever the packet count. */
export function isClosingState(state: number): boolean {
  return state === ConnState.FinWait || state === ConnState.CloseWait || state === ConnState.TimeWait || state === ConnState.Close;
}

const { SynRecv: SR, Established: ES, FinWait: FW, TimeWait: TW, Close: CL, CloseWait: CW, LastAck: LA, Udp: UD, SynSent: SS } = ConnState;

/**
 * `tcp_states[]` of ip_vs_proto_tcp.c, re-indexed by this module's state numbers. Rows: the
 * packet's flag class as `tcp_state_idx()` orders it (rst, then syn, then fin, then ack); columns:
 * the current state. INPUT is client → LB, OUTPUT is backend → LB (FULLNAT sees both).
 */
//                         NO  SR  ES  FW  TW  CL  CW  LA  UD  SS
const INPUT: readonly (readonly number[])[] = [
  /* syn */ [SR, SR, ES, SR, SR, SR, SR, SR, UD, ES],
  /* fin */ [CL, TW, CW, TW, TW, CL, CW, LA, UD, SS],
  /* ack */ [CL, ES, ES, FW, TW, CL, CW, CL, UD, SS],
  /* rst */ [CL, SR, CL, CL, CL, CL, CL, LA, UD, CL],
];
const OUTPUT: readonly (readonly number[])[] = [
  /* syn */ [SS, SR, ES, SS, SS, SS, SS, SS, UD, SS],
  /* fin */ [TW, TW, FW, FW, TW, CL, TW, LA, UD, SS],
  /* ack */ [ES, ES, ES, FW, TW, CL, CW, LA, UD, SS],
  /* rst */ [CL, CL, CL, CL, TW, CL, CL, CL, UD, SS],
];

/** tcp_state_idx(): which row a packet type uses (a SYN-ACK has SYN set; data and ACKs carry ACK). */
function rowOf(packetType: number): number {
  switch (packetType) {
    case PacketType.Rst:
      return 3;
    case PacketType.Syn:
    case PacketType.SynAck:
      return 0;
    case PacketType.Fin:
      return 1;
    case PacketType.Ack:
    case PacketType.Data:
      return 2;
    default:
      return -1;
  }
}

/** State after a client → LB packet (the INPUT table). */
export function stateAfterClientPacket(state: number, packetType: number): number {
  const row = rowOf(packetType);
  return row < 0 ? state : (INPUT[row]![state] as number);
}

/** State after a backend → LB packet (the OUTPUT table). */
export function stateAfterServerPacket(state: number, packetType: number): number {
  const row = rowOf(packetType);
  return row < 0 ? state : (OUTPUT[row]![state] as number);
}
