import { invalidParameter } from '../errors';
import type { ControlPlaneState } from '../state';
import type { ActionParams } from '../router';

/** A region ID's shape (cn-hangzhou, ap-southeast-1, cn-shanghai-finance-1); which regions exist is not checked. */
const REGION_ID = /^[a-z]+(-[a-z0-9]+)+$/;

/** DescribeLoadBalancers (Slb 2014-05-15): lists instances, filtered and paged like the real API. */
export function describeLoadBalancers(state: ControlPlaneState, params: ActionParams): Record<string, unknown> {
  const lb = state.scenario.loadBalancer;
  const pageNumber = positiveInt(params, 'PageNumber', 1);
  const pageSize = positiveInt(params, 'PageSize', 10);
  if (pageSize > 100) throw invalidParameter('PageSize', 'must be between 1 and 100');
  const region = params['RegionId'];
  if (region !== undefined && !REGION_ID.test(region)) {
    throw invalidParameter('RegionId', `"${region}" is not a region ID; use lower-case letters and digits in hyphen-separated parts, such as cn-hangzhou or eu-central-1`);
  }

  const idFilter = params['LoadBalancerId']?.split(',').map((id) => id.trim());
  const matches =
    (params['RegionId'] === undefined || params['RegionId'] === lb.RegionId) &&
    (idFilter === undefined || idFilter.includes(lb.LoadBalancerId)) &&
    (params['Address'] === undefined || params['Address'] === lb.Address) &&
    (params['AddressType'] === undefined || params['AddressType'] === lb.AddressType) &&
    (params['LoadBalancerName'] === undefined || params['LoadBalancerName'] === lb.LoadBalancerName);
  const all = matches ? [loadBalancerSummary(state)] : [];
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return { PageNumber: pageNumber, PageSize: pageSize, TotalCount: all.length, LoadBalancers: { LoadBalancer: page } };
}

function loadBalancerSummary(state: ControlPlaneState): Record<string, unknown> {
  const lb = state.scenario.loadBalancer;
  return {
    LoadBalancerId: lb.LoadBalancerId,
    LoadBalancerName: lb.LoadBalancerName,
    LoadBalancerStatus: 'active',
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
