import { useEffect, useId, useState } from 'react';
import { SPECS } from '../console/instances-model';
import { callSlb, describeFailure, type SlbParams } from '../console/slb-client';

/** What the editors read back from DescribeLoadBalancerAttribute. */
interface PricedAttributes {
  LoadBalancerSpec: string;
  Bandwidth: number;
  InternetChargeType: string;
}

/** The load balancer's priced attributes as the API reports them, asked again whenever `version` changes. */
function usePricedAttributes(loadBalancerId: string, version: number): PricedAttributes | undefined {
  const [attributes, setAttributes] = useState<PricedAttributes>();
  useEffect(() => {
    const abort = new AbortController();
    void callSlb('DescribeLoadBalancerAttribute', { LoadBalancerId: loadBalancerId }, { signal: abort.signal }).then((result) => {
      if (result.ok) setAttributes(result.body as unknown as PricedAttributes);
    });
    return () => abort.abort();
  }, [loadBalancerId, version]);
  return attributes;
}

/**
 * One inline change through the SLB API: the request goes to the in-browser API like any client's,
 * so it lands in the run's command journal at the current simulated time and the engine, the
 * console and the bill all see it. The API's own error (which names the parameter) is shown as is.
 */
function useApply(onApplied: () => void): { apply: (action: string, params: SlbParams) => void; busy: boolean; error: string | undefined } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const apply = (action: string, params: SlbParams) => {
    setBusy(true);
    setError(undefined);
    void callSlb(action, params).then((result) => {
      setBusy(false);
      if (result.ok) onApplied();
      else setError(describeFailure(result));
    });
  };
  return { apply, busy, error };
}

const BUTTON = 'rounded bg-sky-700 px-1.5 py-0.5 text-white hover:bg-sky-600 disabled:opacity-50';
const INPUT = 'rounded bg-slate-800 px-1 py-0.5 text-slate-100';

/**
 * The peak bandwidth a pay-by-bandwidth instance is billed for, next to its bandwidth lines. When
 * the charge-type switch is a what-if (the instance is pay-by-traffic), Apply makes it real: the
 * same ModifyLoadBalancerInternetSpec call sets both.
 */
export function BandwidthCapEditor({ loadBalancerId, version, onApplied }: { loadBalancerId: string; version: number; onApplied: () => void }) {
  const attributes = usePricedAttributes(loadBalancerId, version);
  const [draft, setDraft] = useState<string>();
  const { apply, busy, error } = useApply(() => {
    setDraft(undefined);
    onApplied();
  });
  const id = useId();
  if (!attributes) return null;
  const value = draft ?? String(attributes.Bandwidth);
  const switching = attributes.InternetChargeType !== 'paybybandwidth';
  const local = /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 5120 ? undefined : 'Bandwidth must be a whole number of Mbit/s from 1 to 5120';
  const submit = () => {
    if (local) return;
    apply('ModifyLoadBalancerInternetSpec', { LoadBalancerId: loadBalancerId, ...(switching ? { InternetChargeType: 'paybybandwidth' } : {}), Bandwidth: value });
  };
  return (
    <form
      className="mt-0.5 flex flex-wrap items-center gap-1 text-[11px]"
      data-testid="bandwidth-cap-editor"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor={id} className="text-slate-300">
        Peak bandwidth
      </label>
      <input id={id} className={`${INPUT} w-16 text-right`} inputMode="numeric" value={value} aria-invalid={local !== undefined} aria-describedby={`${id}-rule`} onChange={(e) => setDraft(e.target.value)} />
      <span className="text-slate-300">Mbit/s</span>
      <button type="submit" className={BUTTON} disabled={busy || local !== undefined || (!switching && value === String(attributes.Bandwidth))}>
        {switching ? 'Apply pay-by-bandwidth' : 'Apply'}
      </button>
      <span id={`${id}-rule`} className={local || error ? 'basis-full text-red-300' : 'sr-only'} role={local || error ? 'alert' : undefined}>
        {local ?? error ?? 'Applied through ModifyLoadBalancerInternetSpec and recorded in the command journal.'}
      </span>
    </form>
  );
}

/** The purchased spec, next to the spec-fee lines it caps: ModifyLoadBalancerInstanceSpec. */
export function SpecEditor({ loadBalancerId, version, onApplied }: { loadBalancerId: string; version: number; onApplied: () => void }) {
  const attributes = usePricedAttributes(loadBalancerId, version);
  const { apply, busy, error } = useApply(onApplied);
  const id = useId();
  if (!attributes) return null;
  return (
    <div className="mt-0.5 flex flex-wrap items-center gap-1 text-[11px]" data-testid="spec-editor">
      <label htmlFor={id} className="text-slate-300">
        Purchased spec
      </label>
      <select
        id={id}
        className={INPUT}
        value={attributes.LoadBalancerSpec}
        disabled={busy}
        onChange={(e) => apply('ModifyLoadBalancerInstanceSpec', { LoadBalancerId: loadBalancerId, LoadBalancerSpec: e.target.value })}
      >
        {SPECS.map((spec) => (
          <option key={spec} value={spec}>
            {spec}
          </option>
        ))}
      </select>
      {error ? (
        <span className="basis-full text-red-300" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
