import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import type { Scenario } from '../../scenario/schema';
import { clockHoursTouched, US_PER_HOUR } from './clock';
import { hourlyBasis, instanceMeterOf, SPECS_SMALL_TO_LARGE, type HourBasis } from './hourly';
import { SERIES_INSTANCE_OFFSET, type InOut, type MeterSnapshot } from './meters';
import { PRICE_SOURCE, PRICE_TABLES, priceRegionOf, type PriceRegion, type PriceTable } from './prices';

export const BYTES_PER_GB = 1024 ** 3;
export const HOURS_PER_MONTH = 730;

export { natCuForHour, specForHour, type HourBasis, type InstanceHourBasis } from './hourly';

export interface LineItem {
  item: string;
  resource: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  /** Exactly quantity × unitPrice; round only for display. */
  amount: number;
  /** The rule that produced this line, in one sentence. */
  rule: string;
  /** How the line scales to a month: by the hour (fees) or by traffic volume. */
  scales: 'hourly' | 'traffic';
  /** The load balancer whose configuration the line depends on (its charge type, bandwidth, spec), if any. */
  loadBalancerId?: string;
  /** The line scaled to a 730-hour month (hourly: amount per billed clock hour; traffic: per simulated hour); the lines add up to `projectedMonthly`. */
  monthly: number;
}

export interface Bill {
  region: PriceRegion;
  currency: 'USD';
  hours: number;
  lineItems: LineItem[];
  total: number;
  projectedMonthly: number;
  projection: string;
  bytes: MeterSnapshot['bytes'];
  /**
   * The same SLB → Internet bytes as `bytes.slbOut`, by LoadBalancerId: every load balancer of the
   * scenario (0 when it had none), then any the meters saw that has since been deleted. They add up
   * to `bytes.slbOut` unless the engine metered some without a load balancer (see MeterSnapshot).
   */
  bytesByLoadBalancer: Record<string, number>;
  /** The same EIP → Internet / Internet → EIP bytes as `bytes.eipOut` / part of `bytes.inbound`, by AllocationId. */
  bytesByEip: Record<string, InOut>;
  /** The same NAT → Internet / Internet → NAT bytes as `bytes.natOut` / part of `bytes.inbound`, by NatGatewayId. */
  bytesByNatGateway: Record<string, InOut>;
  /** One entry per billed clock hour: what the spec fee and NAT capacity units stand on. */
  hourly: HourBasis[];
  /** The price table the bill used, after `billing.priceOverrides`. */
  priceTable: PriceTable;
  prices: { source: string; date: string };
}

/** What the bill depends on besides the meters: the configuration, and the choices a user can switch. */
export interface BillOptions {
  region?: PriceRegion;
  chargeType?: 'paybytraffic' | 'paybybandwidth';
}

/** Number of UTC+8 clock hours the window [0, duration] touches: used 09:30–12:30 → 4 hours. */
export function billedHours(meters: MeterSnapshot): number {
  return clockHoursTouched(meters.startOffsetUs, meters.durationUs);
}

export function priceTableFor(scenario: Scenario, region: PriceRegion): PriceTable {
  const base = PRICE_TABLES[region];
  const overrides = scenario.billing.priceOverrides;
  const specOverride = overrides['specPerHour'];
  const merged = { ...base, specPerHour: { ...base.specPerHour, ...(typeof specOverride === 'object' ? specOverride : {}) } };
  for (const [key, value] of Object.entries(overrides)) {
    if (key !== 'specPerHour' && typeof value === 'number' && key in base) (merged as unknown as Record<string, number>)[key] = value;
  }
  return merged;
}

/**
 * The itemised bill for the metered traffic (DOMAIN §6). Hours are whole UTC+8 clock hours; GB are
 * 1024³ bytes, as Alibaba bills them. Pure: the UI calls it to recompute instantly on a switch.
 */
export function computeBill(scenario: Scenario, meters: MeterSnapshot, options: BillOptions = {}): Bill {
  // All load balancers of a scenario are in one region (validated): the first one's prices them all.
  // Validation rejects a RegionId without a price table; the Singapore fallback (the old default)
  // only keeps a scenario that skipped validation billable.
  const regionId = scenario.loadBalancers[0]?.RegionId ?? '';
  const region = options.region ?? scenario.billing.priceRegion ?? priceRegionOf(regionId) ?? 'singapore';
  const prices = priceTableFor(scenario, region);
  const hours = billedHours(meters);
  const items: LineItem[] = [];
  const simulatedHours = meters.durationUs / US_PER_HOUR;
  const add = (item: Omit<LineItem, 'amount' | 'monthly'>) => {
    const amount = item.quantity * item.unitPrice;
    const per = item.scales === 'hourly' ? hours : simulatedHours;
    items.push({ ...item, amount, monthly: per > 0 ? (amount / per) * HOURS_PER_MONTH : 0 });
  };
  const gb = (bytes: number) => bytes / BYTES_PER_GB;
  const hourly = hourlyBasis(scenario, meters, hours);
  const trafficRule = 'Pay-by-traffic: replies and other SLB → Internet bytes (503 pages and resets included); inbound, internal and health-check traffic are free.';

  for (const lb of scenario.loadBalancers) {
    const chargeType = options.chargeType ?? lb.InternetChargeType;
    const internet = lb.AddressType === 'internet';
    const name = `${lb.LoadBalancerId} (${lb.LoadBalancerName})`;
    if (internet && chargeType === 'paybytraffic') {
      const slbOut = instanceMeterOf(meters, lb.LoadBalancerId)?.slbOut ?? 0;
      add({ item: 'SLB outbound traffic', resource: name, loadBalancerId: lb.LoadBalancerId, quantity: gb(slbOut), unit: 'GB', unitPrice: prices.slbTrafficPerGb, scales: 'traffic', rule: trafficRule });
    }
    if (internet && chargeType === 'paybybandwidth') {
      const low = Math.min(lb.Bandwidth, 5);
      const high = Math.max(0, lb.Bandwidth - 5);
      add({ item: 'SLB bandwidth (1–5 Mbps)', resource: name, loadBalancerId: lb.LoadBalancerId, quantity: low * hours, unit: 'Mbps·h', unitPrice: prices.slbBandwidthUpTo5PerMbpsHour, scales: 'hourly', rule: `Pay-by-bandwidth bills the configured peak (${lb.Bandwidth} Mbps) every clock hour: the first 5 Mbps at this rate.` });
      if (high > 0) add({ item: 'SLB bandwidth (> 5 Mbps)', resource: name, loadBalancerId: lb.LoadBalancerId, quantity: high * hours, unit: 'Mbps·h', unitPrice: prices.slbBandwidthAbove5PerMbpsHour, scales: 'hourly', rule: 'Each Mbps configured above 5, every clock hour.' });
    }
    if (scenario.billing.feeModel === 'instance-2024') {
      add({ item: 'SLB instance fee', resource: name, loadBalancerId: lb.LoadBalancerId, quantity: hours, unit: 'h', unitPrice: prices.slbInstancePerHour, scales: 'hourly', rule: 'Instance fee per clock hour (international site, since 2024-12-01).' });
    } else if (internet) {
      add({ item: 'SLB public IP retention', resource: name, loadBalancerId: lb.LoadBalancerId, quantity: hours, unit: 'h', unitPrice: prices.slbPublicIpPerHour, scales: 'hourly', rule: "The 2021 tables' instance fee for an internet-facing instance, per clock hour." });
    }
    addSpecLines(lb, name, hourly, prices, add);
  }

  // Bytes of load balancers deleted during the run are billed too: no metered SLB byte goes unbilled.
  const bytesByLoadBalancer: Record<string, number> = {};
  for (const lb of scenario.loadBalancers) bytesByLoadBalancer[lb.LoadBalancerId] = instanceMeterOf(meters, lb.LoadBalancerId)?.slbOut ?? 0;
  for (const instance of meters.instances) {
    const id = instance.LoadBalancerId;
    if (Object.hasOwn(bytesByLoadBalancer, id)) continue;
    const slbOut = instanceMeterOf(meters, id)!.slbOut;
    bytesByLoadBalancer[id] = slbOut;
    if (slbOut > 0) {
      add({ item: 'SLB outbound traffic', resource: id, quantity: gb(slbOut), unit: 'GB', unitPrice: prices.slbTrafficPerGb, scales: 'traffic', rule: `${trafficRule} The load balancer was deleted during the run: its traffic is billed at the pay-by-traffic price, its hourly fees are not.` });
    }
  }
  // The meters count whole bytes: a difference below one byte is rounding in a hand-made snapshot.
  const unattributed = meters.bytes.slbOut - Object.values(bytesByLoadBalancer).reduce((sum, bytes) => sum + bytes, 0);
  if (unattributed >= 1) {
    add({ item: 'SLB outbound traffic', resource: 'SLB', quantity: gb(unattributed), unit: 'GB', unitPrice: prices.slbTrafficPerGb, scales: 'traffic', rule: 'SLB → Internet bytes metered without a load balancer, billed at the pay-by-traffic price.' });
  }

  for (const eip of scenario.egress.eips) {
    add({ item: 'EIP configuration fee', resource: `${eip.AllocationId} → ${eip.InstanceId}`, quantity: hours, unit: 'h', unitPrice: 0, scales: 'hourly', rule: 'Waived while the EIP is bound to an ECS instance.' });
  }
  if (scenario.egress.eips.length > 0 || meters.bytes.eipOut > 0) {
    add({ item: 'EIP outbound traffic', resource: scenario.egress.eips.map((e) => e.AllocationId).join(', ') || 'EIPs', quantity: gb(meters.bytes.eipOut), unit: 'GB', unitPrice: prices.eipTrafficPerGb, scales: 'traffic', rule: "Bytes ECS instances sent to the Internet through their own EIP (never SLB replies: those leave through SLB)." });
  }
  for (const nat of scenario.egress.natGateways) {
    add({ item: 'NAT gateway instance', resource: nat.NatGatewayId, quantity: hours, unit: 'h', unitPrice: prices.natInstancePerHour, scales: 'hourly', rule: 'NAT gateway instance fee per clock hour.' });
    const cuHours = hourly.reduce((sum, hour) => sum + hour.natGateways[nat.NatGatewayId]!.capacityUnits, 0);
    add({ item: 'NAT capacity units', resource: nat.NatGatewayId, quantity: cuHours, unit: 'CU·h', unitPrice: prices.natCuPerHour, scales: 'hourly', rule: 'Each hour: max(peak new sessions/s ÷ 1000, peak sessions ÷ 10000, GB in+out ÷ 1).' });
    add({ item: 'NAT EIP configuration fee', resource: `${nat.eipAddress} → ${nat.NatGatewayId}`, quantity: hours, unit: 'h', unitPrice: prices.eipConfigPerHour, scales: 'hourly', rule: 'Charged while the EIP is bound to a NAT gateway (waived only when bound to ECS).' });
  }
  if (scenario.egress.natGateways.length > 0 || meters.bytes.natOut > 0) {
    add({ item: 'NAT EIP outbound traffic', resource: scenario.egress.natGateways.map((n) => n.NatGatewayId).join(', ') || 'NAT', quantity: gb(meters.bytes.natOut), unit: 'GB', unitPrice: prices.eipTrafficPerGb, scales: 'traffic', rule: "SNAT and DNAT-reply bytes leaving through the NAT gateway's EIP." });
  }
  if (scenario.ecsInstances.some((s) => s.publicIp) || meters.bytes.publicIpOut > 0) {
    add({ item: 'ECS public IP traffic', resource: scenario.ecsInstances.filter((s) => s.publicIp).map((s) => s.ServerId).join(', ') || 'ECS', quantity: gb(meters.bytes.publicIpOut), unit: 'GB', unitPrice: prices.ecsPublicIpTrafficPerGb, scales: 'traffic', rule: 'Bytes ECS instances sent through the public IP assigned at creation (takes precedence over EIP and SNAT).' });
  }

  const total = items.reduce((sum, item) => sum + item.amount, 0);
  const projectedMonthly = items.reduce((sum, item) => sum + item.monthly, 0);
  return {
    region,
    currency: 'USD',
    hours,
    lineItems: items,
    total,
    projectedMonthly,
    projection: `Projection: the simulated ${formatHours(simulatedHours)} scaled to a ${HOURS_PER_MONTH}-hour month (hourly fees × ${HOURS_PER_MONTH} h; traffic at the simulated rate).`,
    bytes: meters.bytes,
    bytesByLoadBalancer,
    bytesByEip: byId(scenario.egress.eips.map((e) => e.AllocationId), meters.eips),
    bytesByNatGateway: byId(scenario.egress.natGateways.map((n) => n.NatGatewayId), meters.natGateways),
    hourly,
    priceTable: prices,
    prices: PRICE_SOURCE,
  };
}

/** One load balancer's spec fee: its billed hours grouped by the spec each was billed at, smallest first. */
function addSpecLines(lb: LoadBalancerAttributes, name: string, hourly: readonly HourBasis[], prices: PriceTable, add: (item: Omit<LineItem, 'amount' | 'monthly'>) => void): void {
  const specHours = new Map<string, number>();
  for (const hour of hourly) {
    const spec = hour.instances[lb.LoadBalancerId]!.billedSpec;
    specHours.set(spec, (specHours.get(spec) ?? 0) + 1);
  }
  for (const spec of SPECS_SMALL_TO_LARGE) {
    const count = specHours.get(spec);
    if (!count) continue;
    add({ item: `Spec fee (${spec})`, resource: name, loadBalancerId: lb.LoadBalancerId, quantity: count, unit: 'h', unitPrice: prices.specPerHour[spec] ?? 0, scales: 'hourly', rule: `Billed by actual use: hours whose peak connections, CPS and QPS fit ${spec} at most (capped by the purchased ${lb.LoadBalancerSpec}).` });
  }
}

function byId(ids: string[], meters: InOut[]): Record<string, InOut> {
  return Object.fromEntries(ids.map((id, i) => [id, { ...(meters[i] ?? { out: 0, in: 0 }) }]));
}

function formatHours(hours: number): string {
  return hours >= 1 ? `${hours.toFixed(2)} h` : `${(hours * 3600).toFixed(1)} s`;
}

/**
 * Cost accrued over simulated time, at up to `maxPoints` samples, for the cost chart. Each point is
 * the bill of the window up to it, with each load balancer's SLB bytes as sampled then; the last
 * point is the bill of the whole run.
 */
export function costSeries(scenario: Scenario, meters: MeterSnapshot, options: BillOptions = {}, maxPoints = 200): { timeS: number[]; total: number[] } {
  const samples = meters.series;
  const step = Math.max(1, Math.ceil(samples.length / maxPoints));
  const timeS: number[] = [];
  const total: number[] = [];
  const at = (durationUs: number, sample: readonly number[] | undefined) => {
    timeS.push(durationUs / 1e6);
    total.push(computeBill(scenario, meterWindow(meters, durationUs, sample), options).total);
  };
  for (let i = 0; i < samples.length; i += step) at(samples[i]![0]! * 1e6, samples[i]);
  at(meters.durationUs, finalSample(meters));
  return { timeS, total };
}

/** The meters' totals in the shape of one `series` sample, for the window's end. */
export function finalSample(meters: MeterSnapshot): number[] {
  const b = meters.bytes;
  return [0, b.slbOut, b.eipOut, b.natOut, b.publicIpOut, ...meters.instances.map((instance) => instance.slbOut)];
}

/**
 * The meters as they stood `durationUs` into the run, with the metered bytes of one `series`
 * sample (none: zero). Fields the series does not sample (inbound, internal, peaks) keep the
 * whole run's values: the bill reads only the sampled ones per window.
 */
export function meterWindow(meters: MeterSnapshot, durationUs: number, sample: readonly number[] | undefined): MeterSnapshot {
  const bytes = sample
    ? { ...meters.bytes, slbOut: sample[1]!, eipOut: sample[2]!, natOut: sample[3]!, publicIpOut: sample[4]! }
    : { ...meters.bytes, slbOut: 0, eipOut: 0, natOut: 0, publicIpOut: 0 };
  // Every sample of the engine's meters has a column per instance; one without counts as none.
  const instances = meters.instances.map((instance, i) => ({ ...instance, slbOut: sample?.[SERIES_INSTANCE_OFFSET + i] ?? 0 }));
  return { ...meters, durationUs, bytes, instances };
}
