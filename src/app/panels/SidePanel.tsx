import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useLaterPhase } from '../first-load';
import { SIDE_TABS, useSimStore, type SideTab } from '../store';

// Each tab's content is a chunk of its own, loaded in the later phase of the first load (first-load.ts).
const PANELS: Record<SideTab, LazyExoticComponent<ComponentType>> = {
  cost: lazy(() => import('./CostPanel').then((m) => ({ default: m.CostPanel }))),
  inspector: lazy(() => import('./InspectorPanel').then((m) => ({ default: m.InspectorPanel }))),
  journey: lazy(() => import('./JourneyPanel').then((m) => ({ default: m.JourneyPanel }))),
  events: lazy(() => import('./EventsPanel').then((m) => ({ default: m.EventsPanel }))),
  charts: lazy(() => import('./ChartsPanel').then((m) => ({ default: m.ChartsPanel }))),
  failover: lazy(() => import('./FailoverPanel').then((m) => ({ default: m.FailoverPanel }))),
};

const LOADING = (
  <p role="status" className="p-3 text-sm text-slate-400">
    Loading…
  </p>
);

const TAB_TEXT: Record<SideTab, { label: string; hint: string }> = {
  cost: { label: 'Cost', hint: 'Outbound traffic bill' },
  inspector: { label: 'Inspector', hint: 'The selected node: state, tables, configuration' },
  journey: { label: 'Journey', hint: 'Every hop and decision of the selected connection' },
  events: { label: 'Events', hint: 'The latest engine decisions, filterable' },
  charts: { label: 'Charts', hint: 'Live time series' },
  failover: { label: 'Failover', hint: 'What each fault did: detection, recovery, broken and surviving connections; compare settings' },
};
const TABS = SIDE_TABS.map((id, i) => ({ id, label: TAB_TEXT[id].label, hint: `${TAB_TEXT[id].hint} (${i + 1})` }));

/** Tabs on the right: cost, inspector, journey, events, charts, failover. */
export function SidePanel() {
  const tab = useSimStore((s) => s.tab);
  const later = useLaterPhase();
  const Panel = PANELS[tab];
  return (
    <div className="flex h-full flex-col">
      <div role="tablist" aria-label="Side panel" className="flex border-b border-slate-800 text-sm">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls="side-tabpanel"
            title={t.hint}
            className={`px-3 py-1.5 ${tab === t.id ? 'border-b-2 border-amber-400 text-slate-100' : 'text-slate-400 hover:text-slate-100'}`}
            onClick={() => useSimStore.setState({ tab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      {/* Focusable: the panel scrolls, and keyboard users scroll it even when it holds no control (charts, facts). */}
      <div id="side-tabpanel" role="tabpanel" tabIndex={0} aria-labelledby={`tab-${tab}`} className="min-h-0 flex-1 overflow-y-auto">
        {later ? (
          <Suspense fallback={LOADING}>
            <Panel />
          </Suspense>
        ) : (
          LOADING
        )}
      </div>
    </div>
  );
}
