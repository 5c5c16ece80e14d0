import { describe, expect, it } from 'vitest';
import { PacketType } from '../../worker/protocol';
import { colorIndexOf, COLORS, EGRESS_COLOR, KEY_COLOR, LISTENER_COLORS, PROBE_COLOR, TLS_COLOR } from './dot-colors';

const colorOf = (type: number, listener: number) => COLORS[colorIndexOf(type, listener)];

describe('dot colours', () => {
  it('TLS flights and Key Server operations have colours of their own, distinct from every other', () => {
    expect(colorOf(PacketType.Tls, 0)).toBe(TLS_COLOR);
    expect(colorOf(PacketType.Tls, 1)).toBe(TLS_COLOR);
    expect(colorOf(PacketType.KeyOp, -1)).toBe(KEY_COLOR);
    expect(new Set(COLORS).size).toBe(COLORS.length);
  });

  it('requests and responses take their listener colour; probes, egress and the rest keep theirs', () => {
    expect(colorOf(PacketType.Data, 1)).toBe(LISTENER_COLORS[1]);
    expect(colorOf(PacketType.Data, LISTENER_COLORS.length)).toBe(LISTENER_COLORS[0]);
    expect(colorOf(PacketType.Probe, 0)).toBe(PROBE_COLOR);
    expect(colorOf(PacketType.Data, -2)).toBe(EGRESS_COLOR);
    // Every colour index fits the overlay's groups (colour × 16 packet types).
    for (let type = 1; type <= 11; type++) for (const listener of [-2, -1, 0, 5, 9]) expect(colorIndexOf(type, listener)).toBeLessThan(COLORS.length);
  });
});
