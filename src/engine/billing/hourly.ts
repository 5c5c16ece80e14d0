import type { Scenario } from '../../scenario/schema';
import { SPEC_LIMITS } from '../lvs/specs';
import { hourStartLabel } from './clock';
import type { MeterSnapshot, NatHourMeter } from './meters';

const BYTES_PER_GB = 1024 ** 3;
export const SPECS_SMALL_TO_LARGE = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'];

/** One NAT gateway in one clock hour: its meters and the capacity units they make. */
export interface NatHourBasis extends NatHourMeter {
  capacityUnits: number;
}

/**
 * What the hourly lines of the bill stand on, one entry per UTC+8 clock hour: the spec fee bills
 * `billedSpec`, and each NAT gateway's capacity units are computed from its entry in `natGateways`.
 * The flat `nat*` fields add up the gateways (with one gateway they are its own figures).
 */
export interface HourBasis {
  /** Start of the clock hour, UTC+8 local time like `billing.startTime`: `2026-01-01T09:00:00`. */
  hourStart: string;
  peakConnections: number;
  peakCps: number;
  peakQps: number;
  natPeakSessionsPerSecond: number;
  natPeakSessions: number;
  natInboundBytes: number;
  natOutboundBytes: number;
  natGateways: Record<string, NatHourBasis>;
  billedSpec: string;
}

/** The smallest spec whose limits cover an hour's peaks, capped by the purchased spec. */
export function specForHour(peaks: { peakConnections: number; peakCps: number; peakQps: number }, purchased: string): string {
  const cap = SPECS_SMALL_TO_LARGE.indexOf(purchased);
  const covering = (fits: (limits: (typeof SPEC_LIMITS)[string]) => boolean) => {
    const index = SPECS_SMALL_TO_LARGE.findIndex((spec) => fits(SPEC_LIMITS[spec]!));
    return index < 0 ? SPECS_SMALL_TO_LARGE.length - 1 : index;
  };
  const needed = Math.max(
    covering((l) => peaks.peakConnections <= l.maxConnections),
    covering((l) => peaks.peakCps <= l.newConnectionsPerSecond),
    covering((l) => peaks.peakQps <= l.queriesPerSecond),
  );
  return SPECS_SMALL_TO_LARGE[Math.min(needed, cap < 0 ? needed : cap)]!;
}

/** NAT capacity units for one gateway and hour: max(peak CPS / 1000, peak sessions / 10000, GB in+out / 1). */
export function natCuForHour(hour: NatHourMeter): number {
  return Math.max(hour.peakSessionsPerSecond / 1000, hour.peakSessions / 10_000, (hour.inboundBytes + hour.outboundBytes) / BYTES_PER_GB);
}

/** The first `hours` clock hours of the meters, with the spec and capacity units each one bills. */
export function hourlyBasis(scenario: Scenario, meters: MeterSnapshot, hours: number): HourBasis[] {
  const gateways = scenario.egress.natGateways;
  return meters.hours.slice(0, hours).map((hour, index) => {
    const natGateways: Record<string, NatHourBasis> = {};
    gateways.forEach((gateway, j) => {
      const nat = hour.nat[j] ?? { peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0 };
      natGateways[gateway.NatGatewayId] = { ...nat, capacityUnits: natCuForHour(nat) };
    });
    const sum = (field: keyof NatHourMeter) => hour.nat.reduce((total, nat) => total + nat[field], 0);
    return {
      hourStart: hourStartLabel(scenario.billing.startTime, index),
      peakConnections: hour.peakConnections,
      peakCps: hour.peakCps,
      peakQps: hour.peakQps,
      natPeakSessionsPerSecond: sum('peakSessionsPerSecond'),
      natPeakSessions: sum('peakSessions'),
      natInboundBytes: sum('inboundBytes'),
      natOutboundBytes: sum('outboundBytes'),
      natGateways,
      billedSpec: specForHour(hour, scenario.loadBalancer.LoadBalancerSpec),
    };
  });
}
