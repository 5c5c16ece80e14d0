import { useEffect, useState } from 'react';
import { PRICE_REGION_LABELS, PRICE_REGIONS, type Bill, type LineItem, type PriceRegion, type ProjectionStability } from '../../worker/protocol';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';
import { CostChart } from './CostChart';
import { CostLineItems } from './CostLineItems';
import { CostMonthEstimate } from './CostMonthEstimate';
import { BYTE_LABELS, formatBytes, money } from './cost-format';
import { BandwidthCapEditor, SpecEditor } from './CostConfigEditor';
import { DailyProfileEditor } from './DailyProfileEditor';

type ChargeType = 'paybytraffic' | 'paybybandwidth';

/** Which configuration editor sits under a line: the bandwidth cap under the first bandwidth line, the spec under an instance's first spec line. */
function editorOf(item: LineItem, index: number, items: readonly LineItem[]): 'bandwidth' | 'spec' | undefined {
  if (!item.loadBalancerId) return undefined;
  if (item.item.startsWith('SLB bandwidth (1')) return 'bandwidth';
  const firstSpec = items.findIndex((other) => other.loadBalancerId === item.loadBalancerId && other.item.startsWith('Spec fee'));
  return firstSpec === index ? 'spec' : undefined;
}

/**
 * The outbound-traffic bill for the run so far, computed by the engine from its meters. Switching
 * region or charge type is a what-if that recomputes at once from the same meters; the bandwidth
 * cap and the purchased spec are edited next to their lines through the SLB API, so a change is
 * journaled and applies to the run like any console edit. Each line shows its rule inline.
 */
export function CostPanel() {
  // Only what decides when to recompute: re-rendering the whole panel on every worker frame (60 a second) costs the page's main thread for nothing.
  const playing = useSimStore((s) => s.frame?.playing ?? false);
  const pausedEvents = useSimStore((s) => (s.frame?.playing ? 0 : (s.frame?.events ?? 0)));
  const [region, setRegion] = useState<PriceRegion | undefined>();
  const [chargeType, setChargeType] = useState<ChargeType | undefined>();
  const [bill, setBill] = useState<Bill | undefined>();
  const [series, setSeries] = useState<{ timeS: number[]; total: number[] }>({ timeS: [], total: [] });
  const [projection, setProjection] = useState<ProjectionStability>();
  // Bumped by an applied configuration change: the bill and the editors read the API again.
  const [version, setVersion] = useState(0);
  const onApplied = () => {
    setChargeType(undefined);
    setVersion((v) => v + 1);
  };
  // Recompute when the switches change, once a second of wall time while playing, and after each step or seek.
  const [second, setSecond] = useState(0);
  useEffect(() => {
    if (!playing) return;
    const id = setInterval(() => setSecond((n) => n + 1), 1000);
    return () => clearInterval(id);
  }, [playing]);
  const tick = playing ? second : pausedEvents;

  useEffect(() => {
    let cancelled = false;
    const options = { ...(region ? { region } : {}), ...(chargeType ? { chargeType } : {}) };
    void Promise.all([simControls.bill(options), simControls.costSeries(options), simControls.projection(options)]).then(([b, s, p]) => {
      if (cancelled || !b || !s) return;
      setBill(b);
      setSeries(s);
      setProjection(p);
    });
    return () => {
      cancelled = true;
    };
  }, [region, chargeType, tick, version]);

  if (!bill) return <p className="p-3 text-sm text-slate-400">Waiting for the first bill…</p>;
  return (
    <section aria-label="Cost estimate" className="flex flex-col gap-3 p-3 text-xs">
      <div className="flex flex-wrap items-center gap-2">
        <h2 className="mr-auto text-sm font-semibold">Cost estimate</h2>
        <label className="flex items-center gap-1">
          <span className="text-slate-400">Region</span>
          <select aria-label="Price region" className="rounded bg-slate-800 px-1 py-0.5" value={bill.region} onChange={(e) => setRegion(e.target.value as PriceRegion)}>
            {PRICE_REGIONS.map((r) => (
              <option key={r} value={r}>
                {PRICE_REGION_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-1">
          <span className="text-slate-400" title="A what-if: the bill is recomputed as if the instance were billed this way. Apply a bandwidth below to make it real.">
            Charge (what-if)
          </span>
          <select aria-label="Internet charge type" className="rounded bg-slate-800 px-1 py-0.5" value={chargeType ?? ''} onChange={(e) => setChargeType((e.target.value || undefined) as ChargeType | undefined)}>
            <option value="">as configured</option>
            <option value="paybytraffic">pay-by-traffic</option>
            <option value="paybybandwidth">pay-by-bandwidth</option>
          </select>
        </label>
      </div>
      <div className="flex items-baseline gap-4">
        <div>
          <div className="text-slate-400">Total so far ({bill.hours} clock h)</div>
          <div className="text-lg font-semibold tabular-nums" data-testid="cost-total" data-total={String(bill.total)}>
            {money(bill.total)}
          </div>
        </div>
        <div title={bill.projection}>
          <div className="text-slate-400">Projected month (730 h)</div>
          <div className="text-lg tabular-nums" data-testid="cost-monthly">
            {money(bill.projectedMonthly)}
          </div>
        </div>
      </div>
      {projection ? (
        <p className="text-slate-300" data-testid="cost-projection-basis" data-change={projection.change === undefined ? '' : String(projection.change)}>
          {projection.summary}
        </p>
      ) : null}
      <CostChart timeS={series.timeS} total={series.total} />
      <details className="rounded border border-slate-800 px-2 py-1" data-testid="daily-profile-details">
        <summary className="cursor-pointer text-slate-200">Daily profile of the client traffic</summary>
        <div className="pt-1">
          <DailyProfileEditor version={version} onApplied={onApplied} />
        </div>
      </details>
      <CostMonthEstimate whatIf={region !== undefined || chargeType !== undefined} />
      <CostLineItems
        items={bill.lineItems}
        label="Line items"
        showMonth
        editorOf={(item, index) => {
          const editor = editorOf(item, index, bill.lineItems);
          if (editor === 'bandwidth') return <BandwidthCapEditor loadBalancerId={item.loadBalancerId!} version={version} onApplied={onApplied} />;
          if (editor === 'spec') return <SpecEditor loadBalancerId={item.loadBalancerId!} version={version} onApplied={onApplied} />;
          return null;
        }}
      />
      <div>
        <h3 className="mb-1 text-slate-400">Bytes by path</h3>
        <dl className="grid grid-cols-2 gap-x-3">
          {Object.entries(bill.bytes).map(([path, bytes]) => (
            <div key={path} className="flex justify-between">
              <dt className="text-slate-400">{BYTE_LABELS[path] ?? path}</dt>
              <dd className="tabular-nums">{formatBytes(bytes)}</dd>
            </div>
          ))}
        </dl>
      </div>
      <p className="text-[10px] text-slate-400">
        Prices: {bill.prices.source} ({bill.prices.date}), USD. {bill.projection}
      </p>
    </section>
  );
}
