import { describe, expect, it } from 'vitest';
import { KNOWN_REGION_IDS, PRICE_TABLES, priceRegionOf } from '../engine/billing/prices';
import { validateScenario, type ScenarioIssue } from './validate';

function issuesOf(input: unknown): ScenarioIssue[] {
  const result = validateScenario(input);
  if (result.ok) throw new Error('expected the scenario to be rejected, but it validated');
  return result.issues;
}

const MAINLAND = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing', 'cn-shenzhen', 'cn-qingdao', 'cn-zhangjiakou', 'cn-huhehaote', 'cn-wulanchabu', 'cn-chengdu', 'cn-heyuan', 'cn-guangzhou', 'cn-nanjing', 'cn-fuzhou'];

describe('priceRegionOf: an explicit table of RegionIds', () => {
  it('maps the known RegionIds to their price tables', () => {
    for (const id of MAINLAND) expect(priceRegionOf(id), id).toBe('mainland-china');
    expect(priceRegionOf('cn-hongkong')).toBe('hong-kong');
    expect(priceRegionOf('ap-southeast-1')).toBe('singapore');
    expect(priceRegionOf('us-west-1')).toBe('us');
    expect(priceRegionOf('us-east-1')).toBe('us');
    expect(priceRegionOf('eu-central-1')).toBe('frankfurt');
  });

  it('knows nothing else: no prefix rules, no default, no inherited names', () => {
    for (const id of ['ap-northeast-1', 'foo', '', 'cn-atlantis', 'us-central-9', 'CN-HANGZHOU', 'toString', '__proto__', 'constructor']) {
      expect(priceRegionOf(id), id).toBeUndefined();
    }
  });

  it('exports the list, every entry of which has a price table', () => {
    expect([...KNOWN_REGION_IDS].sort()).toEqual([...MAINLAND, 'cn-hongkong', 'ap-southeast-1', 'us-west-1', 'us-east-1', 'eu-central-1'].sort());
    for (const id of KNOWN_REGION_IDS) expect(PRICE_TABLES[priceRegionOf(id)!], id).toBeDefined();
  });
});

describe('loadBalancers[].RegionId', () => {
  it('accepts every known RegionId', () => {
    for (const RegionId of KNOWN_REGION_IDS) expect(validateScenario({ loadBalancers: [{ RegionId }] }).ok, RegionId).toBe(true);
  });

  it.each(['ap-northeast-1', 'foo'])('rejects %s, naming the known RegionIds', (RegionId) => {
    const [issue, ...rest] = issuesOf({ loadBalancers: [{ RegionId }] });
    expect(rest).toEqual([]);
    expect(issue!.field).toBe('loadBalancers.0.RegionId');
    expect(issue!.message).toContain(`unknown RegionId "${RegionId}"`);
    for (const known of KNOWN_REGION_IDS) expect(issue!.message).toContain(known);
  });

  it('suggests the closest RegionId for a typo', () => {
    expect(issuesOf({ loadBalancers: [{ RegionId: 'cn-hangzou' }] })[0]!.message).toContain('did you mean "cn-hangzhou"?');
    expect(issuesOf({ loadBalancers: [{ RegionId: 'foo' }] })[0]!.message).not.toContain('did you mean');
  });

  it('must be known even when billing.priceRegion is given', () => {
    expect(issuesOf({ loadBalancers: [{ RegionId: 'ap-northeast-1' }], billing: { priceRegion: 'singapore' } }).map((i) => i.field)).toEqual(['loadBalancers.0.RegionId']);
  });
});

describe('billing.priceOverrides', () => {
  it('accepts any price of the table, and specPerHour by specification', () => {
    const result = validateScenario({ billing: { priceOverrides: { slbTrafficPerGb: 1, natCuPerHour: 0, specPerHour: { 'slb.s1.small': 2 } } } });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.scenario.billing.priceOverrides).toEqual({ slbTrafficPerGb: 1, natCuPerHour: 0, specPerHour: { 'slb.s1.small': 2 } });
  });

  it('accepts every field of the price table by name', () => {
    const overrides = Object.fromEntries(Object.entries(PRICE_TABLES['us']).map(([key, value]) => [key, typeof value === 'number' ? 1 : { 'slb.s2.small': 1 }]));
    expect(validateScenario({ billing: { priceOverrides: overrides } }).ok).toBe(true);
  });

  it('rejects an unknown price, naming the path and the closest valid key', () => {
    expect(issuesOf({ billing: { priceOverrides: { slbTraficPerGb: 1 } } })).toEqual([{ field: 'billing.priceOverrides.slbTraficPerGb', message: 'unknown price; did you mean "slbTrafficPerGb"?' }]);
    const [far] = issuesOf({ billing: { priceOverrides: { wibble: 1 } } });
    expect(far!.field).toBe('billing.priceOverrides.wibble');
    expect(far!.message).not.toContain('did you mean');
    expect(far!.message).toContain('slbTrafficPerGb');
  });

  it('rejects an unknown specification inside specPerHour, suggesting the closest', () => {
    expect(issuesOf({ billing: { priceOverrides: { specPerHour: { 'slb.s2.smal': 1 } } } })).toEqual([
      { field: 'billing.priceOverrides.specPerHour.slb.s2.smal', message: 'unknown specPerHour entry; did you mean "slb.s2.small"?' },
    ]);
  });

  it('rejects the wrong kind of value: a record for a number, a number for specPerHour, a negative price', () => {
    expect(issuesOf({ billing: { priceOverrides: { slbTrafficPerGb: { a: 1 } } } })).toEqual([{ field: 'billing.priceOverrides.slbTrafficPerGb', message: 'must be a number (a price ≥ 0)' }]);
    expect(issuesOf({ billing: { priceOverrides: { specPerHour: 3 } } })[0]).toEqual({ field: 'billing.priceOverrides.specPerHour', message: expect.stringContaining('must be an object of prices') });
    expect(issuesOf({ billing: { priceOverrides: { slbTrafficPerGb: -1 } } }).map((i) => i.field)).toEqual(['billing.priceOverrides.slbTrafficPerGb']);
  });
});
