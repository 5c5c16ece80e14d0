import type { Scenario } from '../../scenario/schema';
import { SPEC_LIMITS } from '../lvs/specs';
import { hourStartLabel } from './clock';
import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import type { InstanceMeter, MeterSnapshot, NatHourMeter, SlbPeaks } from './meters';

const BYTES_PER_GB = 1024 ** 3;
export const SPECS_SMALL_TO_LARGE = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'];

/** One NAT gateway in one clock hour: its meters and the capacity units they make. */
export interface NatHourBasis extends NatHourMeter {
  capacityUnits: number;
}

/** One load balancer in one clock hour: its own peaks and the spec its spec fee bills. */
export interface InstanceHourBasis extends SlbPeaks {
  billedSpec: string;
}

/**
 * What the hourly lines of the bill stand on, one entry per UTC+8 clock hour. Each load balancer's
 * spec fee bills its `instances[LoadBalancerId].billedSpec`, computed from its own peaks and capped
 * by its own LoadBalancerSpec; each NAT gateway's capacity units are computed from its entry in
 * `natGateways`. The flat peak fields are all load balancers together (meters.ts, `HourMeter`), the
 * flat `nat*` fields add up the gateways (with one gateway they are its own figures), and the flat
 * `billedSpec` is the first load balancer's (with one load balancer, what the hour is billed at).
 */
export interface HourBasis extends SlbPeaks {
  /** Start of the clock hour, UTC+8 local time like `billing.startTime`: `2026-01-01T09:00:00`. */
  hourStart: string;
  natPeakSessionsPerSecond: number;
  natPeakSessions: number;
  natInboundBytes: number;
  natOutboundBytes: number;
  natGateways: Record<string, NatHourBasis>;
  /** The first load balancer's `instances` entry's spec (`scenario.loadBalancers[0]`). */
  billedSpec: string;
  /** By LoadBalancerId, for every load balancer of the scenario, in its order. */
  instances: Record<string, InstanceHourBasis>;
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

const NO_PEAKS: SlbPeaks = { peakConnections: 0, peakCps: 0, peakQps: 0 };

/**
 * A load balancer's meters by LoadBalancerId; undefined for one the meters do not know (no traffic,
 * no peaks). Should the engine number one id twice (deleted, then created again with the same id),
 * its entries are combined: bytes add up, peaks take the larger.
 */
export function instanceMeterOf(meters: MeterSnapshot, id: string): InstanceMeter | undefined {
  const entries = meters.instances.filter((instance) => instance.LoadBalancerId === id);
  if (entries.length <= 1) return entries[0];
  const hours = Math.max(...entries.map((entry) => entry.hours.length));
  return {
    LoadBalancerId: id,
    slbOut: entries.reduce((sum, entry) => sum + entry.slbOut, 0),
    hours: Array.from({ length: hours }, (_, h) => ({
      peakConnections: Math.max(...entries.map((entry) => entry.hours[h]?.peakConnections ?? 0)),
      peakCps: Math.max(...entries.map((entry) => entry.hours[h]?.peakCps ?? 0)),
      peakQps: Math.max(...entries.map((entry) => entry.hours[h]?.peakQps ?? 0)),
    })),
  };
}

/** The first `hours` clock hours of the meters, with the spec and capacity units each one bills. */
export function hourlyBasis(scenario: Scenario, meters: MeterSnapshot, hours: number): HourBasis[] {
  const gateways = scenario.egress.natGateways;
  const loadBalancers: { lb: LoadBalancerAttributes; hours: readonly SlbPeaks[] }[] = scenario.loadBalancers.map((lb) => ({
    lb,
    hours: instanceMeterOf(meters, lb.LoadBalancerId)?.hours ?? [],
  }));
  return meters.hours.slice(0, hours).map((hour, index) => {
    const natGateways: Record<string, NatHourBasis> = {};
    gateways.forEach((gateway, j) => {
      const nat = hour.nat[j] ?? { peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0 };
      natGateways[gateway.NatGatewayId] = { ...nat, capacityUnits: natCuForHour(nat) };
    });
    const sum = (field: keyof NatHourMeter) => hour.nat.reduce((total, nat) => total + nat[field], 0);
    const instances: Record<string, InstanceHourBasis> = {};
    for (const { lb, hours: own } of loadBalancers) {
      const { peakConnections, peakCps, peakQps } = own[index] ?? NO_PEAKS;
      instances[lb.LoadBalancerId] = {
        peakConnections,
        peakCps,
        peakQps,
        billedSpec: specForHour({ peakConnections, peakCps, peakQps }, lb.LoadBalancerSpec),
      };
    }
    const first = scenario.loadBalancers[0];
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
      billedSpec: first ? instances[first.LoadBalancerId]!.billedSpec : specForHour(NO_PEAKS, ''),
      instances,
    };
  });
}
