import { useEffect, useState } from 'react';
import { API_PATH } from '../../api/msw-handlers';

interface LoadBalancerSummary {
  LoadBalancerId: string;
  LoadBalancerName: string;
  Address: string;
  AddressType: string;
  LoadBalancerSpec: string;
  RegionId: string;
}

/** Shows the instance as the SLB API describes it: fetched like any external client would. */
export function LoadBalancerCard() {
  const [lb, setLb] = useState<LoadBalancerSummary | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    const controller = new AbortController();
    const query = new URLSearchParams({ Action: 'DescribeLoadBalancers', Version: '2014-05-15', RegionId: 'cn-hangzhou', Format: 'JSON' });
    fetch(`${API_PATH}?${query}`, { signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json()) as { LoadBalancers?: { LoadBalancer: LoadBalancerSummary[] }; Code?: string; Message?: string };
        if (!response.ok) throw new Error(`${body.Code ?? response.status}: ${body.Message ?? ''}`);
        setLb(body.LoadBalancers?.LoadBalancer[0]);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError((e as Error).message);
      });
    return () => controller.abort();
  }, []);

  if (error) return <p className="text-sm text-red-400">SLB API: {error}</p>;
  if (!lb) return <p className="text-sm text-slate-400">Loading load balancer…</p>;
  return (
    <section aria-label="Load balancer" className="text-sm" data-testid="lb-card">
      <span className="font-semibold">{lb.LoadBalancerName}</span> <span data-testid="lb-id" className="font-mono text-amber-300">{lb.LoadBalancerId}</span>{' '}
      <span data-testid="lb-address" className="font-mono">{lb.Address}</span>{' '}
      <span className="text-slate-400">
        {lb.AddressType} · {lb.LoadBalancerSpec} · {lb.RegionId}
      </span>
    </section>
  );
}
