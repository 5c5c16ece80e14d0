import type { LoadBalancerAttributes } from '../../scenario/load-balancers';
import { invalidParameter } from '../errors';
import type { ControlPlaneState } from '../state';
import type { ActionParams } from '../router';
import { checkRegion } from './params';

/** DescribeLoadBalancers (Slb 2014-05-15): lists the region's instances, filtered and paged like the real API. */
export function describeLoadBalancers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const pageNumber = positiveInt(params, 'PageNumber', 1);
  const pageSize = positiveInt(params, 'PageSize', 10);
  if (pageSize > 100) throw invalidParameter('PageSize', 'must be between 1 and 100');
  checkRegion(params);

  const idFilter = params['LoadBalancerId']?.split(',').map((id) => id.trim());
  const matches = (lb: LoadBalancerAttributes): boolean =>
    (params['RegionId'] === undefined || params['RegionId'] === lb.RegionId) &&
    (idFilter === undefined || idFilter.includes(lb.LoadBalancerId)) &&
    (params['Address'] === undefined || params['Address'] === lb.Address) &&
    (params['AddressType'] === undefined || params['AddressType'] === lb.AddressType) &&
    (params['LoadBalancerName'] === undefined || params['LoadBalancerName'] === lb.LoadBalancerName);
  const all = state.scenario.loadBalancers.filter(matches).map((lb) => loadBalancerSummary(state, lb));
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: all.length, LoadBalancers: { LoadBalancer: page } };
}

/** The instance's fields as DescribeLoadBalancers lists them (DescribeLoadBalancerAttribute adds more). */
export function loadBalancerSummary(state: ControlPlaneState, lb: LoadBalancerAttributes): Record<string, unknown> {
  return {
    LoadBalancerId: lb.LoadBalancerId,
    LoadBalancerName: lb.LoadBalancerName,
    LoadBalancerStatus: lb.LoadBalancerStatus ?? 'active',
    Address: lb.Address,
    AddressType: lb.AddressType,
    AddressIPVersion: 'ipv4',
    RegionId: lb.RegionId,
    RegionIdAlias: lb.RegionId,
    MasterZoneId: lb.MasterZoneId,
    SlaveZoneId: lb.SlaveZoneId,
    NetworkType: 'vpc',
    InternetChargeType: lb.InternetChargeType,
    InternetChargeTypeAlias: lb.InternetChargeType,
    Bandwidth: lb.Bandwidth,
    LoadBalancerSpec: lb.LoadBalancerSpec,
    PayType: 'PayOnDemand',
    CreateTime: state.createTime,
    CreateTimeStamp: Date.parse(state.createTime),
  };
}

function positiveInt(params: ActionParams, name: string, fallback: number): number {
  const text = params[name];
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw invalidParameter(name, 'must be a positive integer');
  return value;
}
