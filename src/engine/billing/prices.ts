/**
 * Alibaba Cloud pay-as-you-go price tables, USD (DOMAIN §6). Sources: Alibaba's published SLB,
 * EIP and NAT Gateway pricing pages, 2021 figures unless noted; the SLB instance fee is the
 * international site's, effective 2024-12-01. Every number can be overridden per scenario.
 */
export const PRICE_REGIONS = ['mainland-china', 'hong-kong', 'singapore', 'us', 'frankfurt'] as const;
export type PriceRegion = (typeof PRICE_REGIONS)[number];

export const PRICE_REGION_LABELS: Record<PriceRegion, string> = {
  'mainland-china': 'Mainland China',
  'hong-kong': 'Hong Kong',
  singapore: 'Singapore',
  us: 'US',
  frankfurt: 'Frankfurt',
};

export interface PriceTable {
  /** SLB outbound Internet traffic, pay-by-traffic, per GB. */
  slbTrafficPerGb: number;
  /** SLB pay-by-bandwidth, per Mbps and hour, for the first 5 Mbps. */
  slbBandwidthUpTo5PerMbpsHour: number;
  /** SLB pay-by-bandwidth, per Mbps and hour, for each Mbps above 5. */
  slbBandwidthAbove5PerMbpsHour: number;
  /** SLB instance fee per hour (international site, since 2024-12-01). */
  slbInstancePerHour: number;
  /** SLB public IP retention per hour (the 2021 tables' "instance fee"), internet-facing only. */
  slbPublicIpPerHour: number;
  /** EIP configuration fee per hour (pay-by-traffic); waived while bound to an ECS instance. */
  eipConfigPerHour: number;
  /** EIP outbound traffic per GB. */
  eipTrafficPerGb: number;
  /** ECS public IP outbound traffic per GB (priced like EIP traffic; DOMAIN gives no separate figure). */
  ecsPublicIpTrafficPerGb: number;
  natInstancePerHour: number;
  natCuPerHour: number;
  /** Pay-by-spec fee per hour, by specification. */
  specPerHour: Record<string, number>;
}

export interface PriceSource {
  source: string;
  date: string;
}

/** Mainland pay-by-spec fees (2021); the international site charges about 20% more. */
const MAINLAND_SPEC: Record<string, number> = {
  'slb.s1.small': 0.006,
  'slb.s2.small': 0.05,
  'slb.s2.medium': 0.1,
  'slb.s3.small': 0.2,
  'slb.s3.medium': 0.31,
  'slb.s3.large': 0.51,
};
const INTERNATIONAL_SPEC = Object.fromEntries(Object.entries(MAINLAND_SPEC).map(([spec, price]) => [spec, Math.round(price * 1.2 * 10_000) / 10_000]));

function table(row: { traffic: number; bw5: number; bwOver: number; ipRetention: number; eipConfig: number; nat: number }, spec: Record<string, number>): PriceTable {
  return {
    slbTrafficPerGb: row.traffic,
    slbBandwidthUpTo5PerMbpsHour: row.bw5,
    slbBandwidthAbove5PerMbpsHour: row.bwOver,
    slbInstancePerHour: 0.021,
    slbPublicIpPerHour: row.ipRetention,
    eipConfigPerHour: row.eipConfig,
    eipTrafficPerGb: row.traffic,
    ecsPublicIpTrafficPerGb: row.traffic,
    natInstancePerHour: row.nat,
    natCuPerHour: row.nat,
    specPerHour: spec,
  };
}

export const PRICE_TABLES: Record<PriceRegion, PriceTable> = {
  'mainland-china': table({ traffic: 0.125, bw5: 0.006, bwOver: 0.02, ipRetention: 0.003, eipConfig: 0.0031, nat: 0.034 }, MAINLAND_SPEC),
  'hong-kong': table({ traffic: 0.156, bw5: 0.006, bwOver: 0.02, ipRetention: 0.009, eipConfig: 0.0088, nat: 0.043 }, INTERNATIONAL_SPEC),
  singapore: table({ traffic: 0.117, bw5: 0.035, bwOver: 0.12, ipRetention: 0.006, eipConfig: 0.0063, nat: 0.043 }, INTERNATIONAL_SPEC),
  us: table({ traffic: 0.078, bw5: 0.006, bwOver: 0.02, ipRetention: 0.005, eipConfig: 0.0047, nat: 0.043 }, INTERNATIONAL_SPEC),
  frankfurt: table({ traffic: 0.07, bw5: 0.035, bwOver: 0.12, ipRetention: 0.006, eipConfig: 0.006, nat: 0.043 }, INTERNATIONAL_SPEC),
};

export const PRICE_SOURCE: PriceSource = {
  source: "Alibaba Cloud pay-as-you-go pricing pages for SLB (CLB), EIP and NAT Gateway; SLB instance fee from the international site's 2024-12-01 change",
  date: '2021 (instance fee 2024-12-01)',
};

/**
 * The RegionIds this simulator has a price table for, and the table each bills in. An explicit list:
 * a region missing here (say `ap-northeast-1`) has prices of its own that are not in DOMAIN §6, so
 * scenarios naming it are rejected rather than silently billed at another region's prices.
 */
const REGION_PRICE_TABLE: Readonly<Record<string, PriceRegion>> = {
  // Mainland China: one price table for every mainland region.
  'cn-qingdao': 'mainland-china',
  'cn-beijing': 'mainland-china',
  'cn-zhangjiakou': 'mainland-china',
  'cn-huhehaote': 'mainland-china',
  'cn-wulanchabu': 'mainland-china',
  'cn-hangzhou': 'mainland-china',
  'cn-shanghai': 'mainland-china',
  'cn-nanjing': 'mainland-china',
  'cn-fuzhou': 'mainland-china',
  'cn-shenzhen': 'mainland-china',
  'cn-heyuan': 'mainland-china',
  'cn-guangzhou': 'mainland-china',
  'cn-chengdu': 'mainland-china',
  'cn-hongkong': 'hong-kong',
  'ap-southeast-1': 'singapore',
  'us-west-1': 'us',
  'us-east-1': 'us',
  'eu-central-1': 'frankfurt',
};

/** Every RegionId a scenario may name, in the table's order (for messages and pickers). */
export const KNOWN_REGION_IDS: readonly string[] = Object.keys(REGION_PRICE_TABLE);

/** Which price region a RegionId bills in; undefined for a RegionId without a price table. */
export function priceRegionOf(regionId: string): PriceRegion | undefined {
  return Object.hasOwn(REGION_PRICE_TABLE, regionId) ? REGION_PRICE_TABLE[regionId] : undefined;
}
