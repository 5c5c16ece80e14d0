import { nestedList } from './instance';
import type { SlbParams } from './slb-client';

/**
 * Pure helpers of the Instances tab: the region's load balancers as DescribeLoadBalancers answers
 * them, the CreateLoadBalancer request a form makes, and the console scope after choosing one.
 */

export interface InstanceRow {
  LoadBalancerId: string;
  LoadBalancerName: string;
  Address: string;
  AddressType: string;
  LoadBalancerSpec: string;
  LoadBalancerStatus: string;
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

export function parseInstances(body: Record<string, unknown>): InstanceRow[] {
  return nestedList(body, 'LoadBalancers', 'LoadBalancer').map((lb) => ({
    LoadBalancerId: text(lb['LoadBalancerId']),
    LoadBalancerName: text(lb['LoadBalancerName']),
    Address: text(lb['Address']),
    AddressType: text(lb['AddressType']),
    LoadBalancerSpec: text(lb['LoadBalancerSpec']),
    LoadBalancerStatus: text(lb['LoadBalancerStatus']),
  }));
}

/** The guaranteed-performance specifications CreateLoadBalancer takes (Slb 2014-05-15). */
export const SPECS = ['slb.s1.small', 'slb.s2.small', 'slb.s2.medium', 'slb.s3.small', 'slb.s3.medium', 'slb.s3.large'] as const;

export interface CreateForm {
  LoadBalancerName: string;
  AddressType: 'internet' | 'intranet';
  LoadBalancerSpec: string;
  InternetChargeType: 'paybytraffic' | 'paybybandwidth';
  Bandwidth: string;
}

export const BLANK_CREATE: CreateForm = {
  LoadBalancerName: '',
  AddressType: 'internet',
  LoadBalancerSpec: 'slb.s2.small',
  InternetChargeType: 'paybytraffic',
  Bandwidth: '',
};

/**
 * CreateLoadBalancer's parameters from the form, in the region the console works in. Bandwidth is
 * a cap only when paying by bandwidth (an intranet instance has no Internet charge at all).
 */
export function createParams(regionId: string, form: CreateForm): SlbParams {
  const internet = form.AddressType === 'internet';
  return {
    RegionId: regionId,
    LoadBalancerName: form.LoadBalancerName.trim() || undefined,
    AddressType: form.AddressType,
    LoadBalancerSpec: form.LoadBalancerSpec,
    InternetChargeType: internet ? form.InternetChargeType : undefined,
    Bandwidth: internet && form.InternetChargeType === 'paybybandwidth' ? form.Bandwidth.trim() || undefined : undefined,
  };
}

type Scope = { regionId: string; loadBalancerId: string; revision: number };

/** The console scope managing another instance: the same region, a new revision so everything asks again. */
export function scopeWith(scope: Scope | undefined, loadBalancerId: string): Scope | undefined {
  if (!scope || scope.loadBalancerId === loadBalancerId) return scope;
  return { ...scope, loadBalancerId, revision: scope.revision + 1 };
}

/** After deleting `deleted`: the instance to manage next (the managed one if it is another, else the first left). */
export function nextManaged(rows: readonly InstanceRow[], managed: string, deleted: string): string | undefined {
  if (managed !== deleted) return managed;
  return rows.find((r) => r.LoadBalancerId !== deleted)?.LoadBalancerId;
}
