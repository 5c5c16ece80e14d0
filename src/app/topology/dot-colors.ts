import { PacketType } from '../../worker/protocol';

/** Dot colour by listener (index), so each listener's traffic reads as one stream. */
export const LISTENER_COLORS = ['#4ade80', '#60a5fa', '#f472b6', '#facc15', '#a78bfa', '#2dd4bf'];
export const SYNC_COLOR = '#c084fc';
export const PROBE_COLOR = '#64748b';
export const EGRESS_COLOR = '#fb923c';
export const RESET_COLOR = '#f87171';
/** TLS handshake flights (client ↔ Tengine), whatever the listener. */
export const TLS_COLOR = '#e2e8f0';
/** A Tengine ↔ Key Server private-key operation, each way. */
export const KEY_COLOR = '#fb7185';

/** Colours by small index: listeners first, then the fixed ones. */
export const COLORS = [...LISTENER_COLORS, RESET_COLOR, SYNC_COLOR, PROBE_COLOR, EGRESS_COLOR, TLS_COLOR, KEY_COLOR];

/** Which colour a hop is drawn in: by packet type for the kinds that have their own, else by listener (-2 = backend egress). */
export function colorIndexOf(type: number, listener: number): number {
  if (type === PacketType.Rst) return LISTENER_COLORS.length;
  if (type === PacketType.Sync) return LISTENER_COLORS.length + 1;
  if (type === PacketType.Probe) return LISTENER_COLORS.length + 2;
  if (listener === -2) return LISTENER_COLORS.length + 3;
  if (type === PacketType.Tls) return LISTENER_COLORS.length + 4;
  if (type === PacketType.KeyOp) return LISTENER_COLORS.length + 5;
  return Math.max(0, listener) % LISTENER_COLORS.length;
}
