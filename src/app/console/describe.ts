import { apiFetch } from '../api-ready';

/** The fields of DescribeLoadBalancers' answer the console card shows. */
export interface LoadBalancerSummary {
  LoadBalancerId: string;
  LoadBalancerName: string;
  Address: string;
  AddressType: string;
  LoadBalancerSpec: string;
  RegionId: string;
}

export type LoadBalancerAnswer =
  | { kind: 'found'; loadBalancer: LoadBalancerSummary }
  | { kind: 'none'; regionId: string; loadBalancerId: string }
  | { kind: 'error'; code: string; message: string; requestId: string | undefined };

interface DescribeBody {
  RequestId?: string;
  LoadBalancers?: { LoadBalancer?: LoadBalancerSummary[] };
  Code?: string;
  Message?: string;
}

/**
 * Asks the SLB API for one load balancer in one region and classifies the answer. Never throws:
 * a transport failure or a reply that is not the API's JSON becomes an error with its own code,
 * so the card always has something true to show.
 */
export async function describeLoadBalancer(
  apiPath: string,
  scope: { regionId: string; loadBalancerId: string },
  signal: AbortSignal,
): Promise<LoadBalancerAnswer> {
  const query = new URLSearchParams({ Action: 'DescribeLoadBalancers', Version: '2014-05-15', Format: 'JSON', RegionId: scope.regionId, LoadBalancerId: scope.loadBalancerId });
  let response: Response;
  try {
    response = await apiFetch(`${apiPath}?${query}`, { signal });
  } catch (error) {
    return { kind: 'error', code: 'NetworkError', message: `the SLB API at ${apiPath} did not answer (${(error as Error).message})`, requestId: undefined };
  }
  let body: DescribeBody;
  try {
    body = (await response.json()) as DescribeBody;
  } catch {
    return { kind: 'error', code: `HTTP ${response.status}`, message: `the reply from ${apiPath} is not the API's JSON (is the Service Worker running?)`, requestId: undefined };
  }
  if (!response.ok || body.Code) {
    return { kind: 'error', code: body.Code ?? `HTTP ${response.status}`, message: body.Message ?? response.statusText, requestId: body.RequestId };
  }
  const found = body.LoadBalancers?.LoadBalancer?.find((lb) => lb.LoadBalancerId === scope.loadBalancerId);
  return found ? { kind: 'found', loadBalancer: found } : { kind: 'none', regionId: scope.regionId, loadBalancerId: scope.loadBalancerId };
}
