/**
 * How a connection ended. Every connection ends in exactly one outcome, and each outcome belongs
 * to exactly one category of the report (`completed`, `reset`, `refused`, `dropped`, `timedOut`).
 */
export const OUTCOMES = [
  { reason: 'in_flight', category: 'inFlight' },
  { reason: 'completed', category: 'completed' },
  // The flow moved to an LVS node that had no session for it (DOMAIN §2.4).
  { reason: 'failover_handshake', category: 'reset' },
  { reason: 'failover_unsynced', category: 'reset' },
  // The LVS session timed out (EstablishedTimeout etc.) and the next packet found none.
  { reason: 'session_expired', category: 'reset' },
  // The flow reached a node whose synced copy of its session had expired (or was reset at expiry there).
  { reason: 'synced_session_expired', category: 'reset' },
  // LVS completed the handshake itself but had no backend to send to.
  { reason: 'no_healthy_backend', category: 'reset' },
  // The backend answered RST (refusing, or over its connection limit).
  { reason: 'backend_refused', category: 'reset' },
  // ConnectionDrainTimeout ran out on a removed backend: LVS terminated the connection.
  { reason: 'drain_timeout', category: 'reset' },
  // No FULLNAT local port left on the LVS node for that backend.
  { reason: 'port_exhausted', category: 'refused' },
  // Over the instance specification's connection or CPS limit: the SYN is dropped.
  { reason: 'instance_limit', category: 'dropped' },
  // The client gave up after retransmitting into a dead LVS node the router still sent to.
  { reason: 'route_blackhole', category: 'timedOut' },
  // The client gave up: the backend was down, or replies were lost.
  { reason: 'backend_down', category: 'timedOut' },
  // The backend was removed without ConnectionDrain: its packets were dropped until the client gave up.
  { reason: 'backend_removed', category: 'timedOut' },
  { reason: 'no_response', category: 'timedOut' },
  // HTTPS: Tengine rejected the handshake (policy, certificate, mutual TLS, no Key Server).
  { reason: 'tls_handshake_failed', category: 'refused' },
  // The Tengine node holding the connection failed: its kernel reset the connection.
  { reason: 'tengine_failed', category: 'reset' },
  // The listener was stopped (or not there): LVS has no virtual service for the port and drops the SYN.
  { reason: 'listener_stopped', category: 'timedOut' },
  // The listener's access control list denied the client's address: LVS dropped its SYN (or
  // datagram) without an answer, and the client gave up retransmitting.
  { reason: 'acl_denied', category: 'dropped' },
  // The client gave up after a bandwidth limit (listener or instance Bandwidth) dropped its packets.
  { reason: 'bandwidth_limit', category: 'timedOut' },
] as const;

export type OutcomeReason = (typeof OUTCOMES)[number]['reason'];
export type OutcomeCategory = (typeof OUTCOMES)[number]['category'];

/** Outcome codes are indices into OUTCOMES, so they fit typed arrays. */
export const Outcome = Object.fromEntries(OUTCOMES.map((o, i) => [o.reason, i])) as { [K in OutcomeReason]: number };

export function outcomeReason(code: number): OutcomeReason {
  return (OUTCOMES[code] ?? OUTCOMES[0]).reason;
}
