import { useEffect, useState } from 'react';
import { API_PATH } from '../../api/api-path';
import { useSimStore } from '../store';
import { describeLoadBalancer, type LoadBalancerAnswer } from './describe';

/**
 * The load balancer the scenario runs, as the SLB API describes it: fetched over HTTP like any
 * external client would, in the running scenario's region. Every outcome is shown: the instance,
 * "none in this region", or the API's coded error — never an endless "Loading…".
 */
export function LoadBalancerCard() {
  const scope = useSimStore((s) => s.consoleScope);
  const simFailed = useSimStore((s) => s.error !== undefined && s.consoleScope === undefined);
  const [answer, setAnswer] = useState<{ revision: number; result: LoadBalancerAnswer } | undefined>();

  useEffect(() => {
    if (!scope) return;
    const controller = new AbortController();
    void describeLoadBalancer(API_PATH, scope, controller.signal).then((result) => {
      if (!controller.signal.aborted) setAnswer({ revision: scope.revision, result });
    });
    return () => controller.abort();
  }, [scope]);

  // An answer for an older scope is stale: show loading until the current one arrives.
  const result = scope && answer?.revision === scope.revision ? answer.result : undefined;
  if (!result && simFailed) {
    // No scenario loaded, so there is nothing to ask the API about; the run's error says why.
    return (
      <p className="text-sm text-red-400" role="status" data-testid="lb-unavailable">
        No load balancer: the scenario did not load.
      </p>
    );
  }
  if (!result) {
    return (
      <p className="text-sm text-slate-400" role="status" data-testid="lb-loading">
        Loading load balancer…
      </p>
    );
  }
  if (result.kind === 'error') {
    return (
      <p className="text-sm text-red-400" role="alert" data-testid="lb-error">
        SLB API error <span className="font-mono">{result.code}</span>
        {result.requestId ? <span className="text-red-300/70"> (request {result.requestId})</span> : null}: {result.message}
      </p>
    );
  }
  if (result.kind === 'none') {
    return (
      <p className="text-sm text-amber-300" role="status" data-testid="lb-none">
        DescribeLoadBalancers: no load balancer <span className="font-mono">{result.loadBalancerId}</span> in region{' '}
        <span className="font-mono">{result.regionId}</span>
      </p>
    );
  }
  const lb = result.loadBalancer;
  return (
    <section aria-label="Load balancer" className="text-sm" data-testid="lb-card">
      <span className="font-semibold">{lb.LoadBalancerName}</span> <span data-testid="lb-id" className="font-mono text-amber-300">{lb.LoadBalancerId}</span>{' '}
      <span data-testid="lb-address" className="font-mono">{lb.Address}</span>{' '}
      <span className="text-slate-400">
        {lb.AddressType} · {lb.LoadBalancerSpec} · <span data-testid="lb-region">{lb.RegionId}</span>
      </span>
    </section>
  );
}
