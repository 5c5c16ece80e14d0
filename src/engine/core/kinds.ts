/** Event kinds: which handler an event runs. Integers, because events live in typed arrays. */
export const EventKind = {
  /** a = client population, b = its arrival generation (stale after a change to the population): the next connection arrives. */
  ConnectionArrival: 1,
  /** a = packet id, b = node id: a packet reaches a node. */
  PacketArrive: 2,
  /** a = connection, b = tag: the client's think time is over; it sends the next request. */
  ClientThinkDone: 3,
  /** a = connection, b = tag: the backend application has produced its response. */
  BackendRespond: 4,
  /** a = connection, b = retransmit generation: the client's retransmission timer fired. */
  ClientRetransmit: 5,
  /**
   * a = connection, b = 0: the earliest LVS session expiry of a connection. Never queued: these
   * fire from the session timer heap, and the kind only tags them in the trace hash.
   */
  SessionTimer: 6,
  /** a = node: the sync daemon's periodic look at its partly filled buffer. */
  SyncCheck: 7,
  /** a = node, b = buffer generation: a full sync buffer's send delay is over. */
  SyncSendFull: 8,
  /** a = message id, b = receiving node: a multicast sync message arrives. */
  SyncDeliver: 9,
  /** a = health check id: a probe round starts. */
  HealthProbeStart: 10,
  /** a = health check id, b = 1 ok / 0 failed: a probe round's result is in. */
  HealthProbeResult: 11,
  /** a = fault index in the scenario. */
  Fault: 12,
  /** a = node: the router withdraws the route to a failed LVS node. */
  RouteWithdraw: 13,
  /** a = connection, b = tag: a UDP client sends its next datagram. */
  ClientDatagram: 14,
  /** a = backend, b = listener: the ConnectionDrainTimeout of a removed backend is over. */
  DrainExpire: 15,
  /** a = egress flow (workload or inbound source), b = backend or -1: the next outbound or inbound call starts. */
  EgressArrival: 16,
  /** a = call id, b = call tag: the remote side (or the ECS) has prepared its response. */
  EgressRespond: 17,
  /** a = backend: the five-minute delay of a UDP listener's removal or weight-0 change is over. */
  UdpGraceOver: 18,
  /** a = request, b = attempt key: a request reaches its backend over Tengine's upstream connection. */
  UpstreamArrive: 19,
  /** a = request, b = attempt key: the backend's response is back at Tengine. */
  UpstreamResponse: 20,
  /** a = request, b = attempt key: the backend refused or reset the upstream connection. */
  UpstreamFailed: 21,
  /**
   * a = connection, b = tag: the earliest RequestTimeout deadline of the connection's requests at
   * Tengine (at most one pending per connection; it re-arms for the next deadline).
   */
  RequestTimeout: 22,
  /** a = connection, b = tag: the Key Server's answer for a full handshake is back at Tengine. */
  KeyServerReply: 23,
  /** a = connection, b = tag: a keep-alive connection may have been idle for IdleTimeout (one pending per connection). */
  TengineIdle: 24,
  /** a = connection, b = tag: the client's wait for a response may be over (one pending per connection). */
  ClientResponseWait: 25,
  /**
   * a = the step's journal index, b = 0: a configuration change applied (Simulation.reconfigure).
   * Never queued: the kind only tags the change in the trace hash, so runs that differ only in
   * when a change was made hash differently.
   */
  Reconfigure: 26,
  /** a = packet id, b = attempt (1, 2, …): a packet a bandwidth limit dropped is sent again by the SLB side. */
  ShapedRetransmit: 27,
  /** A live fault from the run's journal (not queued: applied between events, as configuration changes are). */
  LiveFault: 28,
  /** a = pending clear (Faults): a fault's durationS is over; its clearing action applies. */
  FaultClear: 29,
  /** a = the zone the VIP moves to (0 primary, 1 secondary), b = the move's generation (a stale one is ignored). */
  ZoneMove: 30,
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
  Probe: 9,
  /** TLS handshake flights (not billed). */
  Tls: 10,
  /** A Tengine ↔ Key Server private-key operation (drawn, never routed). */
  KeyOp: 11,
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
  9: 'PROBE',
  10: 'TLS',
  11: 'KEY',
};

/**
 * Which way a packet travels: towards the backend (client → server) or back to the client; egress
 * packets (calls between ECS and Internet hosts, outside SLB) travel to or from the ECS.
 */
export const Direction = { ToServer: 0, ToClient: 1, EgressFromEcs: 2, EgressToEcs: 3 } as const;
