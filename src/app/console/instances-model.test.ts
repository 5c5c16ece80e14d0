import { describe, expect, it } from 'vitest';
import { BLANK_CREATE, createParams, nextManaged, parseInstances, scopeWith, type InstanceRow } from './instances-model';

const row = (LoadBalancerId: string): InstanceRow => ({
  LoadBalancerId,
  LoadBalancerName: '',
  Address: '',
  AddressType: '',
  LoadBalancerSpec: '',
  LoadBalancerStatus: '',
});

describe('the Instances tab', () => {
  it('reads DescribeLoadBalancers into rows, as text', () => {
    const body = {
      LoadBalancers: {
        LoadBalancer: [
          {
            LoadBalancerId: 'lb-1',
            LoadBalancerName: 'web',
            Address: '47.0.0.1',
            AddressType: 'internet',
            LoadBalancerSpec: 'slb.s2.small',
            LoadBalancerStatus: 'active',
            Bandwidth: 5,
          },
        ],
      },
    };
    expect(parseInstances(body)).toEqual([
      {
        LoadBalancerId: 'lb-1',
        LoadBalancerName: 'web',
        Address: '47.0.0.1',
        AddressType: 'internet',
        LoadBalancerSpec: 'slb.s2.small',
        LoadBalancerStatus: 'active',
      },
    ]);
    expect(parseInstances({})).toEqual([]);
  });

  it('sends Bandwidth only when paying by bandwidth, and no charge type for an intranet instance', () => {
    expect(createParams('cn-hangzhou', { ...BLANK_CREATE, LoadBalancerName: ' web ', Bandwidth: '10' })).toEqual({
      RegionId: 'cn-hangzhou',
      LoadBalancerName: 'web',
      AddressType: 'internet',
      LoadBalancerSpec: 'slb.s2.small',
      InternetChargeType: 'paybytraffic',
      Bandwidth: undefined,
    });
    expect(createParams('r', { ...BLANK_CREATE, InternetChargeType: 'paybybandwidth', Bandwidth: ' 10 ' })['Bandwidth']).toBe('10');
    const intranet = createParams('r', { ...BLANK_CREATE, AddressType: 'intranet', InternetChargeType: 'paybybandwidth', Bandwidth: '10' });
    expect([intranet['InternetChargeType'], intranet['Bandwidth'], intranet['LoadBalancerName']]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('moves the console to another instance with a new revision, and leaves it as it is for the same one', () => {
    const scope = { regionId: 'r', loadBalancerId: 'lb-1', revision: 4 };
    expect(scopeWith(scope, 'lb-2')).toEqual({ regionId: 'r', loadBalancerId: 'lb-2', revision: 5 });
    expect(scopeWith(scope, 'lb-1')).toBe(scope);
    expect(scopeWith(undefined, 'lb-2')).toBeUndefined();
  });

  it('after a delete, keeps managing the same instance, or moves to the first one left', () => {
    const rows = [row('lb-1'), row('lb-2'), row('lb-3')];
    expect(nextManaged(rows, 'lb-2', 'lb-1')).toBe('lb-2');
    expect(nextManaged(rows, 'lb-1', 'lb-1')).toBe('lb-2');
    expect(nextManaged([row('lb-1')], 'lb-1', 'lb-1')).toBeUndefined();
  });
});
