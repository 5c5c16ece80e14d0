import { describe, expect, it } from 'vitest';
// Only the price module: these tests must still run when something that imports it (the scenario
// schema) would fail to load.
import { KNOWN_REGION_IDS, PRICE_REGION_LABELS, PRICE_REGIONS, PRICE_SOURCE, PRICE_TABLES, priceRegionOf } from './prices';

const MAINLAND_REGION_IDS = [
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-hangzhou',
  'cn-shanghai',
  'cn-nanjing',
  'cn-fuzhou',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
];

describe('price regions (docs/BILLING.md "Price region")', () => {
  it('every mainland RegionId bills at the mainland table', () => {
    for (const id of MAINLAND_REGION_IDS) expect(priceRegionOf(id), id).toBe('mainland-china');
  });

  it('Hong Kong, Singapore, the two US regions and Frankfurt each bill at their own table', () => {
    expect(priceRegionOf('cn-hongkong')).toBe('hong-kong');
    expect(priceRegionOf('ap-southeast-1')).toBe('singapore');
    expect(priceRegionOf('us-west-1')).toBe('us');
    expect(priceRegionOf('us-east-1')).toBe('us');
    expect(priceRegionOf('eu-central-1')).toBe('frankfurt');
  });

  it('a RegionId without a price table has no price region (not another region’s, not an inherited property)', () => {
    expect(priceRegionOf('ap-northeast-1')).toBeUndefined();
    expect(priceRegionOf('cn-hangzhou-h')).toBeUndefined();
    expect(priceRegionOf('')).toBeUndefined();
    expect(priceRegionOf('toString')).toBeUndefined();
    expect(priceRegionOf('__proto__')).toBeUndefined();
  });

  it('lists the known RegionIds in table order: mainland first, then the others', () => {
    expect(KNOWN_REGION_IDS).toEqual([...MAINLAND_REGION_IDS, 'cn-hongkong', 'ap-southeast-1', 'us-west-1', 'us-east-1', 'eu-central-1']);
  });

  it('names each price region for pickers', () => {
    expect(PRICE_REGIONS).toEqual(['mainland-china', 'hong-kong', 'singapore', 'us', 'frankfurt']);
    expect(PRICE_REGION_LABELS).toEqual({ 'mainland-china': 'Mainland China', 'hong-kong': 'Hong Kong', singapore: 'Singapore', us: 'US', frankfurt: 'Frankfurt' });
  });
});

describe('price tables (DOMAIN §6)', () => {
  // Mainland pay-by-spec fees; the international site charges 20% more.
  const mainlandSpec = { 'slb.s1.small': 0.006, 'slb.s2.small': 0.05, 'slb.s2.medium': 0.1, 'slb.s3.small': 0.2, 'slb.s3.medium': 0.31, 'slb.s3.large': 0.51 };
  const internationalSpec = { 'slb.s1.small': 0.0072, 'slb.s2.small': 0.06, 'slb.s2.medium': 0.12, 'slb.s3.small': 0.24, 'slb.s3.medium': 0.372, 'slb.s3.large': 0.612 };

  it('Hong Kong: every number of the table', () => {
    expect(PRICE_TABLES['hong-kong']).toEqual({
      slbTrafficPerGb: 0.156,
      slbBandwidthUpTo5PerMbpsHour: 0.006,
      slbBandwidthAbove5PerMbpsHour: 0.02,
      slbInstancePerHour: 0.021,
      slbPublicIpPerHour: 0.009,
      eipConfigPerHour: 0.0088,
      eipTrafficPerGb: 0.156,
      ecsPublicIpTrafficPerGb: 0.156,
      natInstancePerHour: 0.043,
      natCuPerHour: 0.043,
      specPerHour: internationalSpec,
    });
  });

  it('Mainland China: every number of the table, with the mainland spec fees', () => {
    expect(PRICE_TABLES['mainland-china']).toEqual({
      slbTrafficPerGb: 0.125,
      slbBandwidthUpTo5PerMbpsHour: 0.006,
      slbBandwidthAbove5PerMbpsHour: 0.02,
      slbInstancePerHour: 0.021,
      slbPublicIpPerHour: 0.003,
      eipConfigPerHour: 0.0031,
      eipTrafficPerGb: 0.125,
      ecsPublicIpTrafficPerGb: 0.125,
      natInstancePerHour: 0.034,
      natCuPerHour: 0.034,
      specPerHour: mainlandSpec,
    });
  });

  it('the other regions pay the international spec fees', () => {
    for (const region of ['hong-kong', 'singapore', 'us', 'frankfurt'] as const) expect(PRICE_TABLES[region].specPerHour, region).toEqual(internationalSpec);
    expect(Object.keys(PRICE_TABLES)).toEqual([...PRICE_REGIONS]);
  });

  it('says where the prices come from and of when', () => {
    expect(PRICE_SOURCE).toEqual({
      source: "Alibaba Cloud pay-as-you-go pricing pages for SLB (CLB), EIP and NAT Gateway; SLB instance fee from the international site's 2024-12-01 change",
      date: '2021 (instance fee 2024-12-01)',
    });
  });
});
