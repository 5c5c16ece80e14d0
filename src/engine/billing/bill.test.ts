import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../scenario/validate';
import type { Scenario, ScenarioInput } from '../../scenario/schema';
import { billedHours, computeBill, costSeries, natCuForHour, priceTableFor, specForHour, type Bill } from './bill';
import type { HourMeter, MeterSnapshot, NatHourMeter } from './meters';
import { loadBalancer, oneInstance, type LoadBalancerInput } from './test-inputs';
import { PRICE_SOURCE, PRICE_TABLES } from './prices';

const GB = 1024 ** 3;
const HOUR_US = 3_600_000_000;

/** A small fixed setup: an internet-facing SLB, one EIP on i-a1, one NAT gateway with its EIP. */
const input = (lb: Partial<LoadBalancerInput> = {}, region: Partial<ScenarioInput> = {}): ScenarioInput => ({
  loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001', LoadBalancerSpec: 'slb.s3.small', Bandwidth: 8, ...lb }, ['i-a1', 'i-b2'])],
  ecsInstances: [
    { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
    { ServerId: 'i-b2', PrivateIp: '10.0.0.2', publicIp: '47.1.1.2' },
  ],
  egress: { eips: [{ AllocationId: 'eip-1', IpAddress: '47.1.1.1', InstanceId: 'i-a1' }], natGateways: [{ NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] }] },
  ...region,
});
const scenario = (lb: Partial<LoadBalancerInput> = {}, region: Partial<ScenarioInput> = {}) => parseScenario(input(lb, region));

const natHour = (n: Partial<NatHourMeter> = {}): NatHourMeter => ({ peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0, ...n });
const hour = (h: Partial<Omit<HourMeter, 'nat'>>, nat: Partial<NatHourMeter> = {}): HourMeter => ({ peakConnections: 0, peakCps: 0, peakQps: 0, ...h, nat: [natHour(nat)] });

/** 2 h 31 min starting at 09:30 (UTC+8), ending 12:01 → clock hours 09, 10, 11, 12 → 4 billed hours. */
const meters: MeterSnapshot = oneInstance({
  startOffsetUs: 30 * 60 * 1e6,
  durationUs: 2.5 * HOUR_US + 60e6,
  bytes: { slbOut: 3 * GB, eipOut: 0.5 * GB, natOut: 0.25 * GB, publicIpOut: 0.75 * GB, internal: 9 * GB, inbound: 1 * GB },
  eips: [{ out: 0.5 * GB, in: 0.1 * GB }],
  natGateways: [{ out: 0.25 * GB, in: 0.6 * GB }],
  hours: [
    hour({ peakConnections: 4000, peakCps: 100 }, { peakSessionsPerSecond: 500, peakSessions: 2000, outboundBytes: 0.1 * GB }),
    hour({ peakConnections: 60_000, peakCps: 1000 }, { peakSessionsPerSecond: 200, peakSessions: 30_000, inboundBytes: 0.2 * GB }),
    // Capacity units count bytes in and out together: 1.5 + 0.5 GB.
    hour({ peakConnections: 1000, peakCps: 12_000 }, { inboundBytes: 1.5 * GB, outboundBytes: 0.5 * GB }),
    hour({}),
  ],
  series: [],
});

function line(bill: Bill, item: string): { quantity: number; unitPrice: number; amount: number } {
  const found = bill.lineItems.find((l) => l.item === item);
  if (!found) throw new Error(`no line item "${item}" in ${bill.lineItems.map((l) => l.item).join(', ')}`);
  return found;
}

describe('billing: hand-computed bills (DOMAIN §6)', () => {
  // Spec per hour: 4000 conns → s1.small; 60,000 conns → s2.medium; 12,000 CPS → s3.small; idle → s1.small.
  // NAT CU per hour: max(0.5, 0.2, 0.1) = 0.5; max(0.2, 3, 0.2) = 3; max(0, 0, 2) = 2; 0 → 5.5 CU·h.
  const cases = [
    // region, traffic/GB, bw≤5, bw>5, IP retention, EIP config, NAT, spec prices s1/s2m/s3s
    { region: 'mainland-china', traffic: 0.125, bw5: 0.006, bwOver: 0.02, ip: 0.003, eipConfig: 0.0031, nat: 0.034, s1: 0.006, s2m: 0.1, s3s: 0.2 },
    { region: 'singapore', traffic: 0.117, bw5: 0.035, bwOver: 0.12, ip: 0.006, eipConfig: 0.0063, nat: 0.043, s1: 0.0072, s2m: 0.12, s3s: 0.24 },
    { region: 'us', traffic: 0.078, bw5: 0.006, bwOver: 0.02, ip: 0.005, eipConfig: 0.0047, nat: 0.043, s1: 0.0072, s2m: 0.12, s3s: 0.24 },
    { region: 'frankfurt', traffic: 0.07, bw5: 0.035, bwOver: 0.12, ip: 0.006, eipConfig: 0.006, nat: 0.043, s1: 0.0072, s2m: 0.12, s3s: 0.24 },
  ] as const;

  for (const p of cases) {
    it(`${p.region}, pay-by-traffic`, () => {
      const bill = computeBill(scenario(), meters, { region: p.region, chargeType: 'paybytraffic' });
      expect(bill.hours).toBe(4);
      expect(line(bill, 'SLB outbound traffic').amount).toBeCloseTo(3 * p.traffic, 12);
      expect(line(bill, 'SLB public IP retention').amount).toBeCloseTo(4 * p.ip, 12);
      expect(line(bill, 'Spec fee (slb.s1.small)')).toMatchObject({ quantity: 2, unitPrice: p.s1 });
      expect(line(bill, 'Spec fee (slb.s2.medium)')).toMatchObject({ quantity: 1, unitPrice: p.s2m });
      expect(line(bill, 'Spec fee (slb.s3.small)')).toMatchObject({ quantity: 1, unitPrice: p.s3s });
      expect(line(bill, 'EIP configuration fee').amount).toBe(0);
      expect(line(bill, 'EIP outbound traffic').amount).toBeCloseTo(0.5 * p.traffic, 12);
      expect(line(bill, 'NAT gateway instance').amount).toBeCloseTo(4 * p.nat, 12);
      expect(line(bill, 'NAT capacity units').quantity).toBeCloseTo(5.5, 12);
      expect(line(bill, 'NAT capacity units').amount).toBeCloseTo(5.5 * p.nat, 12);
      expect(line(bill, 'NAT EIP configuration fee').amount).toBeCloseTo(4 * p.eipConfig, 12);
      expect(line(bill, 'NAT EIP outbound traffic').amount).toBeCloseTo(0.25 * p.traffic, 12);
      expect(line(bill, 'ECS public IP traffic').amount).toBeCloseTo(0.75 * p.traffic, 12);
      const byHand =
        3 * p.traffic + 4 * p.ip + 2 * p.s1 + p.s2m + p.s3s + 0.5 * p.traffic + 4 * p.nat + 5.5 * p.nat + 4 * p.eipConfig + 0.25 * p.traffic + 0.75 * p.traffic;
      expect(bill.total).toBeCloseTo(byHand, 10);
    });

    it(`${p.region}, pay-by-bandwidth (8 Mbps: 5 at the low rate, 3 at the high rate, every hour)`, () => {
      const bill = computeBill(scenario({ InternetChargeType: 'paybybandwidth' }), meters, { region: p.region });
      expect(bill.lineItems.some((l) => l.item === 'SLB outbound traffic')).toBe(false);
      expect(line(bill, 'SLB bandwidth (1–5 Mbps)')).toMatchObject({ quantity: 20, unitPrice: p.bw5 });
      expect(line(bill, 'SLB bandwidth (> 5 Mbps)')).toMatchObject({ quantity: 12, unitPrice: p.bwOver });
      expect(line(bill, 'SLB bandwidth (> 5 Mbps)').amount).toBeCloseTo(12 * p.bwOver, 12);
    });
  }

  it('every amount is exactly quantity × unitPrice and the total is their sum', () => {
    const bill = computeBill(scenario(), meters);
    for (const item of bill.lineItems) expect(item.amount).toBe(item.quantity * item.unitPrice);
    expect(bill.total).toBe(bill.lineItems.reduce((sum, item) => sum + item.amount, 0));
  });

  it('an intranet instance has no SLB traffic or public IP lines; the 2024 model bills the instance fee', () => {
    const intranet = computeBill(scenario({ AddressType: 'intranet' }), meters);
    expect(intranet.lineItems.map((l) => l.item)).not.toContain('SLB outbound traffic');
    expect(intranet.lineItems.map((l) => l.item)).not.toContain('SLB public IP retention');
    const s2024 = scenario({}, { billing: { feeModel: 'instance-2024' } });
    expect(line(computeBill(s2024, meters), 'SLB instance fee')).toMatchObject({ quantity: 4, unitPrice: 0.021 });
  });

  it('price overrides replace any number of the table', () => {
    const s = scenario({}, { billing: { priceOverrides: { slbTrafficPerGb: 1, specPerHour: { 'slb.s1.small': 2 } } } });
    const bill = computeBill(s, meters, { region: 'us' });
    expect(line(bill, 'SLB outbound traffic').amount).toBe(3);
    expect(line(bill, 'Spec fee (slb.s1.small)').unitPrice).toBe(2);
  });

  it('projects onto a 730-hour month: hourly fees per billed hour, traffic per simulated hour', () => {
    const bill = computeBill(scenario(), meters, { region: 'us' });
    const hourly = bill.lineItems.filter((l) => l.scales === 'hourly').reduce((s, l) => s + l.amount, 0);
    const traffic = bill.lineItems.filter((l) => l.scales === 'traffic').reduce((s, l) => s + l.amount, 0);
    expect(bill.projectedMonthly).toBeCloseTo((hourly / 4) * 730 + (traffic / (2.5 + 1 / 60)) * 730, 9);
    expect(bill.projection).toMatch(/730-hour month/);
    // Each line's own month, by the same rule; they add up to the projection.
    for (const l of bill.lineItems) expect(l.monthly).toBeCloseTo(l.scales === 'hourly' ? (l.amount / 4) * 730 : (l.amount / (2.5 + 1 / 60)) * 730, 9);
    expect(bill.lineItems.some((l) => l.scales === 'traffic' && l.monthly > 0)).toBe(true);
    expect(bill.lineItems.reduce((sum, l) => sum + l.monthly, 0)).toBeCloseTo(bill.projectedMonthly, 9);
  });
});

describe('billing rules', () => {
  it('counts every clock hour touched (UTC+8): 09:30–12:30 is 4 hours, a partial hour bills as a whole', () => {
    const at = (startMinute: number, durationUs: number) => billedHours({ ...meters, startOffsetUs: startMinute * 60e6, durationUs });
    expect(at(30, 3 * HOUR_US)).toBe(4);
    expect(at(0, 1)).toBe(1);
    expect(at(0, HOUR_US)).toBe(1);
    expect(at(0, HOUR_US + 1)).toBe(2);
    expect(at(59, 2 * 60e6)).toBe(2);
  });

  it('the spec fee takes the smallest spec covering each peak, the largest of the three, capped by the purchased spec', () => {
    expect(specForHour({ peakConnections: 5000, peakCps: 3000, peakQps: 1000 }, 'slb.s3.large')).toBe('slb.s1.small');
    expect(specForHour({ peakConnections: 5001, peakCps: 0, peakQps: 0 }, 'slb.s3.large')).toBe('slb.s2.small');
    expect(specForHour({ peakConnections: 10, peakCps: 60_000, peakQps: 0 }, 'slb.s3.large')).toBe('slb.s3.large');
    expect(specForHour({ peakConnections: 10, peakCps: 0, peakQps: 25_000 }, 'slb.s3.large')).toBe('slb.s3.medium');
    expect(specForHour({ peakConnections: 900_000, peakCps: 0, peakQps: 0 }, 'slb.s2.medium')).toBe('slb.s2.medium');
  });

  it('NAT CU = max(CPS/1000, sessions/10000, GB in+out/1)', () => {
    expect(natCuForHour(natHour({ peakSessionsPerSecond: 2500, peakSessions: 1000 }))).toBe(2.5);
    expect(natCuForHour(natHour({ peakSessionsPerSecond: 10, peakSessions: 40_000, inboundBytes: GB }))).toBe(4);
    expect(natCuForHour(natHour({ peakSessionsPerSecond: 10, peakSessions: 100, inboundBytes: 3 * GB, outboundBytes: 4 * GB }))).toBe(7);
  });
});

describe('every line at its own path’s price (DOMAIN gives several paths the same price, so overrides tell them apart)', () => {
  // Distinct prices for every key of the table, none a multiple of another.
  const distinct = {
    slbTrafficPerGb: 1.01,
    slbBandwidthUpTo5PerMbpsHour: 1.03,
    slbBandwidthAbove5PerMbpsHour: 1.07,
    slbInstancePerHour: 1.09,
    slbPublicIpPerHour: 1.13,
    eipConfigPerHour: 1.19,
    eipTrafficPerGb: 1.23,
    ecsPublicIpTrafficPerGb: 1.29,
    natInstancePerHour: 1.31,
    natCuPerHour: 1.37,
    specPerHour: { 'slb.s1.small': 2.01, 'slb.s2.small': 2.03, 'slb.s2.medium': 2.07, 'slb.s3.small': 2.09, 'slb.s3.medium': 2.11, 'slb.s3.large': 2.13 },
  };
  type ScalarKey = Exclude<keyof typeof distinct, 'specPerHour'>;
  /** The price key and the quantity each line must have, from the meters above. */
  const expected: Record<string, { key: ScalarKey | 'waived'; quantity: number }> = {
    'SLB outbound traffic': { key: 'slbTrafficPerGb', quantity: 3 },
    'SLB bandwidth (1–5 Mbps)': { key: 'slbBandwidthUpTo5PerMbpsHour', quantity: 5 * 4 },
    'SLB bandwidth (> 5 Mbps)': { key: 'slbBandwidthAbove5PerMbpsHour', quantity: 3 * 4 },
    'SLB instance fee': { key: 'slbInstancePerHour', quantity: 4 },
    'SLB public IP retention': { key: 'slbPublicIpPerHour', quantity: 4 },
    'EIP configuration fee': { key: 'waived', quantity: 4 },
    'EIP outbound traffic': { key: 'eipTrafficPerGb', quantity: 0.5 },
    'NAT gateway instance': { key: 'natInstancePerHour', quantity: 4 },
    'NAT capacity units': { key: 'natCuPerHour', quantity: 5.5 },
    'NAT EIP configuration fee': { key: 'eipConfigPerHour', quantity: 4 },
    // The NAT's traffic leaves through its EIP: EIP traffic price, not SLB's.
    'NAT EIP outbound traffic': { key: 'eipTrafficPerGb', quantity: 0.25 },
    'ECS public IP traffic': { key: 'ecsPublicIpTrafficPerGb', quantity: 0.75 },
  };
  const withPrices = (lb: Partial<LoadBalancerInput>, feeModel: 'spec-2021' | 'instance-2024' = 'spec-2021') =>
    scenario(lb, { billing: { feeModel, priceOverrides: distinct } });

  const variants = [
    ['pay-by-traffic, spec-2021', withPrices({})],
    ['pay-by-bandwidth, spec-2021', withPrices({ InternetChargeType: 'paybybandwidth' })],
    ['pay-by-traffic, instance-2024', withPrices({}, 'instance-2024')],
  ] as const;

  for (const region of ['mainland-china', 'us'] as const) {
    it(`${region}: each line's unit price is its own key's, its quantity its own path's, and every key is used`, () => {
      const used = new Set<string>();
      for (const [, s] of variants) {
        const bill = computeBill(s, meters, { region });
        for (const item of bill.lineItems) {
          const spec = /^Spec fee \((.+)\)$/.exec(item.item)?.[1];
          if (spec) {
            expect(item.unitPrice, item.item).toBe(distinct.specPerHour[spec as keyof typeof distinct.specPerHour]);
            used.add('specPerHour');
            continue;
          }
          const want = expected[item.item];
          if (!want) throw new Error(`unexpected line item ${item.item}`);
          expect(item.unitPrice, item.item).toBe(want.key === 'waived' ? 0 : distinct[want.key]);
          expect(item.quantity, item.item).toBeCloseTo(want.quantity, 12);
          expect(item.amount, item.item).toBe(item.quantity * item.unitPrice);
          used.add(want.key);
        }
        expect(bill.priceTable).toEqual(distinct);
      }
      expect([...used].filter((k) => k !== 'waived').sort()).toEqual(Object.keys(distinct).sort());
    });
  }

  it('the pay-by-traffic total is the sum by hand at the distinct prices', () => {
    const p = distinct;
    const bill = computeBill(variants[0][1], meters, { region: 'us' });
    const byHand =
      3 * p.slbTrafficPerGb +
      4 * p.slbPublicIpPerHour +
      2 * p.specPerHour['slb.s1.small'] +
      p.specPerHour['slb.s2.medium'] +
      p.specPerHour['slb.s3.small'] +
      0.5 * p.eipTrafficPerGb +
      4 * p.natInstancePerHour +
      5.5 * p.natCuPerHour +
      4 * p.eipConfigPerHour +
      0.25 * p.eipTrafficPerGb +
      0.75 * p.ecsPublicIpTrafficPerGb;
    expect(bill.total).toBeCloseTo(byHand, 10);
  });
});

describe('billing: what each line says (the cost panel shows item, resource, unit and rule)', () => {
  const said = (bill: Bill) => bill.lineItems.map((l) => [l.item, l.resource, l.unit, l.scales, l.rule].join(' | '));
  const lb = 'lb-test0001 (slb-sim)';
  const egress = [
    'EIP configuration fee | eip-1 → i-a1 | h | hourly | Waived while the EIP is bound to an ECS instance.',
    'EIP outbound traffic | eip-1 | GB | traffic | Bytes ECS instances sent to the Internet through their own EIP (never SLB replies: those leave through SLB).',
    'NAT gateway instance | ngw-1 | h | hourly | NAT gateway instance fee per clock hour.',
    'NAT capacity units | ngw-1 | CU·h | hourly | Each hour: max(peak new sessions/s ÷ 1000, peak sessions ÷ 10000, GB in+out ÷ 1).',
    'NAT EIP configuration fee | 47.100.30.30 → ngw-1 | h | hourly | Charged while the EIP is bound to a NAT gateway (waived only when bound to ECS).',
    "NAT EIP outbound traffic | ngw-1 | GB | traffic | SNAT and DNAT-reply bytes leaving through the NAT gateway's EIP.",
    'ECS public IP traffic | i-b2 | GB | traffic | Bytes ECS instances sent through the public IP assigned at creation (takes precedence over EIP and SNAT).',
  ];
  const specs = [
    'Spec fee (slb.s1.small) | lb | h | hourly | Billed by actual use: hours whose peak connections, CPS and QPS fit slb.s1.small at most (capped by the purchased slb.s3.small).',
    'Spec fee (slb.s2.medium) | lb | h | hourly | Billed by actual use: hours whose peak connections, CPS and QPS fit slb.s2.medium at most (capped by the purchased slb.s3.small).',
    'Spec fee (slb.s3.small) | lb | h | hourly | Billed by actual use: hours whose peak connections, CPS and QPS fit slb.s3.small at most (capped by the purchased slb.s3.small).',
  ].map((s) => s.replace(' | lb | ', ` | ${lb} | `));

  it('pay-by-traffic, 2021 fee model', () => {
    expect(said(computeBill(scenario(), meters))).toEqual([
      `SLB outbound traffic | ${lb} | GB | traffic | Pay-by-traffic: replies and other SLB → Internet bytes (503 pages and resets included); inbound, internal and health-check traffic are free.`,
      `SLB public IP retention | ${lb} | h | hourly | The 2021 tables' instance fee for an internet-facing instance, per clock hour.`,
      ...specs,
      ...egress,
    ]);
  });

  it('pay-by-bandwidth over 5 Mbps, 2024 instance fee', () => {
    const s = scenario({ InternetChargeType: 'paybybandwidth' });
    const bill = computeBill({ ...s, billing: { ...s.billing, feeModel: 'instance-2024' } }, meters);
    expect(said(bill)).toEqual([
      `SLB bandwidth (1–5 Mbps) | ${lb} | Mbps·h | hourly | Pay-by-bandwidth bills the configured peak (8 Mbps) every clock hour: the first 5 Mbps at this rate.`,
      `SLB bandwidth (> 5 Mbps) | ${lb} | Mbps·h | hourly | Each Mbps configured above 5, every clock hour.`,
      `SLB instance fee | ${lb} | h | hourly | Instance fee per clock hour (international site, since 2024-12-01).`,
      ...specs,
      ...egress,
    ]);
    expect(line(bill, 'SLB bandwidth (1–5 Mbps)').quantity).toBe(5 * 4);
    expect(line(bill, 'SLB bandwidth (> 5 Mbps)').quantity).toBe(3 * 4);
  });

  it('pay-by-bandwidth at 5 Mbps or less has no second tier; an intranet instance pays no Internet items', () => {
    expect(said(computeBill(scenario({ InternetChargeType: 'paybybandwidth', Bandwidth: 5 }), meters)).filter((l) => l.startsWith('SLB bandwidth'))).toHaveLength(1);
    const intranet = said(computeBill(scenario({ AddressType: 'intranet' }), meters));
    expect(intranet.filter((l) => l.startsWith('SLB '))).toEqual([]);
    expect(intranet.filter((l) => l.startsWith('Spec fee'))).toHaveLength(3);
  });
});

describe('billing: egress traffic lines appear when the resource exists or its bytes were metered', () => {
  const zero = { slbOut: 0, eipOut: 0, natOut: 0, publicIpOut: 0, internal: 0, inbound: 0 };
  /** One quiet clock hour with the given bytes. */
  const quiet = (bytes: Partial<MeterSnapshot['bytes']> = {}): MeterSnapshot =>
    oneInstance({
      startOffsetUs: 0,
      durationUs: HOUR_US,
      bytes: { ...zero, ...bytes },
      eips: [],
      natGateways: [],
      hours: [{ peakConnections: 0, peakCps: 0, peakQps: 0, nat: [] }],
      series: [],
    });
  /** No EIP, no NAT gateway, no ECS public IP unless `servers` has one. */
  const bareInput = (servers: NonNullable<ScenarioInput['ecsInstances']>, region: Partial<ScenarioInput> = {}): ScenarioInput => ({
    loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001' }, servers.map((server) => server.ServerId))],
    ecsInstances: servers,
    ...region,
  });
  const bare = parseScenario(
    bareInput([
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
    ]),
  );
  const items = (bill: Bill) => bill.lineItems.map((l) => l.item);
  const egressLines = ['EIP outbound traffic', 'NAT EIP outbound traffic', 'ECS public IP traffic'];

  it('neither resources nor bytes: no egress traffic lines at all', () => {
    const bill = computeBill(bare, quiet(), { region: 'us' });
    for (const item of egressLines) expect(items(bill)).not.toContain(item);
    expect(bill.bytesByEip).toEqual({});
    expect(bill.bytesByNatGateway).toEqual({});
  });

  it('bytes without a configured resource are still billed, on a generic resource name', () => {
    const bill = computeBill(bare, quiet({ eipOut: 2 * GB, natOut: 0.5 * GB, publicIpOut: 0.25 * GB }), { region: 'us' });
    expect(bill.lineItems.filter((l) => egressLines.includes(l.item)).map((l) => [l.item, l.resource, l.quantity, l.amount])).toEqual([
      ['EIP outbound traffic', 'EIPs', 2, 2 * 0.078],
      ['NAT EIP outbound traffic', 'NAT', 0.5, 0.5 * 0.078],
      ['ECS public IP traffic', 'ECS', 0.25, 0.25 * 0.078],
    ]);
  });

  it('configured resources without bytes get a zero line naming them (and zero bytes by id)', () => {
    const s = parseScenario(
      bareInput(
        [
          { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
          // Only one of the two has a public IP: the line is there for "some", not "every".
          { ServerId: 'i-b2', PrivateIp: '10.0.0.2', publicIp: '47.1.1.2' },
        ],
        {
          egress: {
            eips: [{ AllocationId: 'eip-1', IpAddress: '47.1.1.1', InstanceId: 'i-a1' }],
            natGateways: [
              { NatGatewayId: 'ngw-1', snatServerIds: ['i-a1'] },
              { NatGatewayId: 'ngw-2', snatServerIds: ['i-b2'] },
            ],
          },
        },
      ),
    );
    const bill = computeBill(s, quiet(), { region: 'us' });
    expect(bill.lineItems.filter((l) => egressLines.includes(l.item)).map((l) => [l.item, l.resource, l.quantity, l.amount])).toEqual([
      ['EIP outbound traffic', 'eip-1', 0, 0],
      ['NAT EIP outbound traffic', 'ngw-1, ngw-2', 0, 0],
      ['ECS public IP traffic', 'i-b2', 0, 0],
    ]);
    // The meters carry no per-resource entries here: each resource still shows, at zero.
    expect(bill.bytesByEip).toEqual({ 'eip-1': { out: 0, in: 0 } });
    expect(bill.bytesByNatGateway).toEqual({ 'ngw-1': { out: 0, in: 0 }, 'ngw-2': { out: 0, in: 0 } });
    // An hour without a gateway's meters bills it no capacity units.
    expect(bill.hourly[0]!.natGateways).toEqual({
      'ngw-1': { peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0, capacityUnits: 0 },
      'ngw-2': { peakSessionsPerSecond: 0, peakSessions: 0, inboundBytes: 0, outboundBytes: 0, capacityUnits: 0 },
    });
    expect(bill.lineItems.filter((l) => l.item === 'NAT capacity units').map((l) => l.quantity)).toEqual([0, 0]);
  });

  it('a traffic line names every resource it covers, comma-separated', () => {
    const s = parseScenario(
      bareInput(
        [
          { ServerId: 'i-a1', PrivateIp: '10.0.0.1', publicIp: '47.1.1.1' },
          { ServerId: 'i-b2', PrivateIp: '10.0.0.2' },
          { ServerId: 'i-c3', PrivateIp: '10.0.0.3', publicIp: '47.1.1.3' },
        ],
        {
          egress: {
            eips: [
              { AllocationId: 'eip-2', IpAddress: '47.1.1.12', InstanceId: 'i-b2' },
              { AllocationId: 'eip-4', IpAddress: '47.1.1.14', InstanceId: 'i-b2' },
            ],
          },
        },
      ),
    );
    const bill = computeBill(s, quiet({ eipOut: GB, publicIpOut: GB }), { region: 'us' });
    expect(bill.lineItems.filter((l) => egressLines.includes(l.item)).map((l) => [l.item, l.resource])).toEqual([
      ['EIP outbound traffic', 'eip-2, eip-4'],
      ['ECS public IP traffic', 'i-a1, i-c3'],
    ]);
  });
});

describe('billing: price table after overrides (priceTableFor)', () => {
  const base = scenario();
  /** Overrides as they reach the engine; validation would reject some of these, the merge must not depend on it. */
  const withOverrides = (priceOverrides: Scenario['billing']['priceOverrides']): Scenario => ({ ...base, billing: { ...base.billing, priceOverrides } });

  it('a specPerHour table replaces only the specs it names', () => {
    const table = priceTableFor(withOverrides({ specPerHour: { 'slb.s2.small': 0.04 } }), 'us');
    expect(table.specPerHour).toEqual({ ...PRICE_TABLES.us.specPerHour, 'slb.s2.small': 0.04 });
    expect(PRICE_TABLES.us.specPerHour['slb.s2.small']).toBe(0.06);
  });

  it('numbers replace their own key only; a number for specPerHour, a table for a number and unknown names change nothing', () => {
    const table = priceTableFor(withOverrides({ natCuPerHour: 0.5, specPerHour: 7, slbTrafficPerGb: { 'slb.s1.small': 1 }, fooPerHour: 3 }), 'singapore');
    expect(table).toEqual({ ...PRICE_TABLES.singapore, natCuPerHour: 0.5 });
    expect(table.specPerHour).toEqual(PRICE_TABLES.singapore.specPerHour);
    expect(table.slbTrafficPerGb).toBe(0.117);
    expect('fooPerHour' in table).toBe(false);
  });

  it('a price region from the option, else billing.priceRegion, else the RegionId; Singapore for an unvalidated unknown RegionId', () => {
    const hz = scenario();
    expect(computeBill(hz, meters).region).toBe('mainland-china');
    expect(computeBill({ ...hz, billing: { ...hz.billing, priceRegion: 'frankfurt' } }, meters).region).toBe('frankfurt');
    expect(computeBill({ ...hz, billing: { ...hz.billing, priceRegion: 'frankfurt' } }, meters, { region: 'us' }).region).toBe('us');
    const unknown: Scenario = { ...hz, loadBalancers: [{ ...hz.loadBalancers[0]!, RegionId: 'ap-northeast-1' }] };
    const bill = computeBill(unknown, meters);
    expect(bill.region).toBe('singapore');
    expect(line(bill, 'SLB outbound traffic').unitPrice).toBe(0.117);
  });
});

describe('billing: currency, price source and the monthly projection text', () => {
  const projection = (durationUs: number) => computeBill(scenario(), oneInstance({ ...meters, startOffsetUs: 0, durationUs })).projection;

  it('bills in USD and names its price source', () => {
    const bill = computeBill(scenario(), meters);
    expect(bill.currency).toBe('USD');
    expect(bill.prices).toEqual(PRICE_SOURCE);
    expect(bill.prices.date).toBe('2021 (instance fee 2024-12-01)');
  });

  it('states the simulated time in hours from one hour on, in seconds below', () => {
    expect(computeBill(scenario(), meters).projection).toBe(
      'Projection: the simulated 2.52 h scaled to a 730-hour month (hourly fees × 730 h; traffic at the simulated rate).',
    );
    expect(projection(HOUR_US)).toContain('the simulated 1.00 h scaled');
    expect(projection(HOUR_US - 100_000)).toContain('the simulated 3599.9 s scaled');
    expect(projection(90e6)).toContain('the simulated 90.0 s scaled');
    expect(projection(1.5e6)).toContain('the simulated 1.5 s scaled');
  });

  it('a window of zero length bills nothing and projects nothing (no division by zero hours)', () => {
    const empty = oneInstance({ ...meters, durationUs: 0, bytes: { slbOut: 0, eipOut: 0, natOut: 0, publicIpOut: 0, internal: 0, inbound: 0 } });
    const bill = computeBill(scenario(), empty);
    expect(bill.hours).toBe(0);
    expect(bill.hourly).toEqual([]);
    expect(bill.total).toBe(0);
    expect(bill.projectedMonthly).toBe(0);
    expect(bill.projection).toContain('the simulated 0.0 s scaled');
  });

  it('projects hourly lines per billed hour and traffic per simulated hour, each exactly', () => {
    // One billed hour, 30 simulated minutes (09:00–09:30), us prices, intranet (no SLB traffic lines), no egress.
    const s = parseScenario({ loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001', AddressType: 'intranet' })], billing: { priceOverrides: { specPerHour: { 'slb.s1.small': 0.5 } } } });
    const half = oneInstance({ ...meters, startOffsetUs: 0, durationUs: HOUR_US / 2, bytes: { slbOut: 0, eipOut: 0, natOut: 0, publicIpOut: GB, internal: 0, inbound: 0 }, hours: [hour({})] });
    const bill = computeBill(s, half, { region: 'us' });
    expect(bill.lineItems.map((l) => [l.item, l.amount])).toEqual([
      ['Spec fee (slb.s1.small)', 0.5],
      ['ECS public IP traffic', 0.078],
    ]);
    // 0.5 USD per billed hour × 730; 0.078 USD per half hour → 0.156 per hour × 730.
    expect(bill.projectedMonthly).toBeCloseTo(0.5 * 730 + 0.078 * 2 * 730, 9);
  });
});

describe('billing: hourly basis', () => {
  it('adds the NAT gateways up per hour, and bills only the hours the window touches', () => {
    const s = parseScenario({
      loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001' })],
      egress: { natGateways: [{ NatGatewayId: 'ngw-1' }, { NatGatewayId: 'ngw-2' }] },
    });
    const two = (a: Partial<NatHourMeter>, b: Partial<NatHourMeter>): HourMeter => ({ peakConnections: 0, peakCps: 0, peakQps: 0, nat: [natHour(a), natHour(b)] });
    const m = oneInstance({
      ...meters,
      startOffsetUs: 0,
      durationUs: HOUR_US,
      // A second hour beyond the window (the cost chart truncates windows this way): not billed.
      hours: [two({ peakSessionsPerSecond: 300, peakSessions: 4000, inboundBytes: 10 }, { peakSessionsPerSecond: 1200, peakSessions: 500, outboundBytes: 20 }), two({ peakSessions: 99_999 }, {})],
    });
    const bill = computeBill(s, m);
    expect(bill.hourly).toHaveLength(1);
    expect(bill.hourly[0]).toMatchObject({ natPeakSessionsPerSecond: 1500, natPeakSessions: 4500, natInboundBytes: 10, natOutboundBytes: 20 });
    expect(bill.lineItems.filter((l) => l.item === 'NAT capacity units').map((l) => [l.resource, l.quantity])).toEqual([
      ['ngw-1', 0.4],
      ['ngw-2', 1.2],
    ]);
  });

  it('a peak beyond the largest spec bills the largest; the purchased spec caps it, an unknown one caps nothing', () => {
    const huge = { peakConnections: 2_000_000, peakCps: 0, peakQps: 0 };
    expect(specForHour(huge, 'slb.s3.large')).toBe('slb.s3.large');
    expect(specForHour(huge, 'slb.s2.small')).toBe('slb.s2.small');
    expect(specForHour(huge, 'slb.unknown')).toBe('slb.s3.large');
    expect(specForHour({ peakConnections: 60_000, peakCps: 0, peakQps: 0 }, 'slb.unknown')).toBe('slb.s2.medium');
    expect(specForHour({ peakConnections: 60_000, peakCps: 0, peakQps: 0 }, 'slb.s1.small')).toBe('slb.s1.small');
    expect(specForHour({ peakConnections: 0, peakCps: 0, peakQps: 60_000 }, 'slb.s3.medium')).toBe('slb.s3.medium');
  });
});

describe('costSeries: cost accrued over simulated time, for the cost chart', () => {
  // Prices chosen so every total is exact: SLB 1/GB, EIP 10/GB, ECS public IP 64/GB, IP retention
  // 0.5/h, slb.s1.small 0.25/h (the hours are idle, so every hour bills slb.s1.small).
  const s = parseScenario({
    loadBalancers: [loadBalancer({ LoadBalancerId: 'lb-test0001', LoadBalancerSpec: 'slb.s3.small', Bandwidth: 8 }, ['i-a1', 'i-b2'])],
    ecsInstances: [
      { ServerId: 'i-a1', PrivateIp: '10.0.0.1' },
      { ServerId: 'i-b2', PrivateIp: '10.0.0.2', publicIp: '47.1.1.2' },
    ],
    egress: { eips: [{ AllocationId: 'eip-1', IpAddress: '47.1.1.1', InstanceId: 'i-a1' }] },
    billing: { priceOverrides: { slbTrafficPerGb: 1, eipTrafficPerGb: 10, ecsPublicIpTrafficPerGb: 64, slbPublicIpPerHour: 0.5, specPerHour: { 'slb.s1.small': 0.25 } } },
  });
  // Starts at 09:59:00: the 10:00 hour begins 60 s in. Runs 130 s.
  const run: MeterSnapshot = oneInstance({
    startOffsetUs: 59 * 60e6,
    durationUs: 130e6,
    bytes: { slbOut: 5 * GB, eipOut: GB, natOut: 0, publicIpOut: (3 * GB) / 64, internal: 7 * GB, inbound: 2 * GB },
    eips: [{ out: GB, in: 0 }],
    natGateways: [],
    hours: [hour({}), hour({})],
    // [t (s), slbOut, eipOut, natOut, publicIpOut] before each second's first metered byte.
    series: [
      [0, 0, 0, 0, 0],
      [30, GB, 0, 0, 0],
      [60, 2 * GB, GB / 4, 0, 0],
      [90, 3 * GB, GB / 2, 0, GB / 64],
      [120, 4 * GB, GB / 2, 0, (2 * GB) / 64],
    ],
  });
  // By hand: SLB GB × 1 + EIP GB × 10 + public IP GB × 64 + hours × (0.5 + 0.25).
  //   t=0: no hour yet → 0; t=30: 1 h → 1 + 0.75; t=60 (ends on the hour): 1 h → 2 + 2.5 + 0.75;
  //   t=90: 2 h → 3 + 5 + 1 + 1.5; t=120: 4 + 5 + 2 + 1.5; t=130 (the run's end, final bytes): 5 + 10 + 3 + 1.5.
  const all = { timeS: [0, 30, 60, 90, 120, 130], total: [0, 1.75, 5.25, 10.5, 12.5, 19.5] };

  it('one point per sample, in seconds, and a last point at the run’s duration with its final bytes', () => {
    expect(costSeries(s, run)).toEqual(all);
    expect(costSeries(s, run, {}, 5)).toEqual(all);
  });

  it('the last point is the bill of the whole run', () => {
    const series = costSeries(s, run);
    expect(series.total.at(-1)).toBe(computeBill(s, run).total);
    expect(computeBill(s, run).total).toBe(19.5);
  });

  it('thins the samples to at most maxPoints by a whole step: every ceil(samples ÷ maxPoints)-th', () => {
    // 5 samples, 2 points → step 3: samples 0 and 3, then the end.
    expect(costSeries(s, run, {}, 2)).toEqual({ timeS: [0, 90, 130], total: [0, 10.5, 19.5] });
    // 4 points → step 2: samples 0, 2, 4.
    expect(costSeries(s, run, {}, 4)).toEqual({ timeS: [0, 60, 120, 130], total: [0, 5.25, 12.5, 19.5] });
  });

  it('without samples, only the end point', () => {
    expect(costSeries(s, { ...run, series: [] })).toEqual({ timeS: [130], total: [19.5] });
  });

  it('prices by the options, like computeBill', () => {
    // Pay-by-bandwidth at 8 Mbps in the us table: no SLB traffic line; per hour 5 × 0.006 + 3 × 0.02.
    const series = costSeries(s, run, { chargeType: 'paybybandwidth', region: 'us' }, 2);
    expect(series.timeS).toEqual([0, 90, 130]);
    expect(series.total[0]).toBe(0);
    expect(series.total[1]).toBeCloseTo(5 + 1 + 2 * (0.5 + 0.25) + 2 * (5 * 0.006 + 3 * 0.02), 12);
    expect(series.total[2]).toBeCloseTo(10 + 3 + 2 * (0.5 + 0.25) + 2 * (5 * 0.006 + 3 * 0.02), 12);
    expect(series.total[2]).toBe(computeBill(s, run, { chargeType: 'paybybandwidth', region: 'us' }).total);
  });
});
