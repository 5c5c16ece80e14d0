/** Event kinds: which handler an event runs. Integers, because events live in typed arrays. */
export const EventKind = {
  /** a = client population index: a new connection arrives. */
  ConnectionArrival: 1,
  /** a = packet id, b = node id: a packet reaches a node. */
  PacketArrive: 2,
  /** a = connection id: the client's think time is over; it sends the next request. */
  ClientThinkDone: 3,
  /** a = connection id: the backend application has produced its response. */
  BackendRespond: 4,
} as const;

/** TCP/UDP packet types as they appear on the wire (and as dots in the UI). */
export const PacketType = {
  Syn: 1,
  SynAck: 2,
  Ack: 3,
  Data: 4,
  Fin: 5,
  Rst: 6,
  Datagram: 7,
  Sync: 8,
} as const;
export type PacketTypeCode = (typeof PacketType)[keyof typeof PacketType];

export const PACKET_TYPE_NAMES: Record<number, string> = {
  1: 'SYN',
  2: 'SYN-ACK',
  3: 'ACK',
  4: 'DATA',
  5: 'FIN',
  6: 'RST',
  7: 'UDP',
  8: 'SYNC',
};

/** Which way a packet travels: towards the backend (client → server) or back to the client. */
export const Direction = { ToServer: 0, ToClient: 1 } as const;
