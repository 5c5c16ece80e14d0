import { LoadBalancerCard } from './console/LoadBalancerCard';
import { RunControls } from './controls/RunControls';
import { CostPanel } from './panels/CostPanel';
import { useSimStore } from './store';
import { TopologyView } from './topology/TopologyView';

export function App() {
  const error = useSimStore((s) => s.error);
  return (
    <div className="flex h-full flex-col bg-slate-950 text-slate-100">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-800 px-4 py-2">
        <h1 className="text-base font-bold">SLB Simulator</h1>
        <LoadBalancerCard />
      </header>
      <div className="border-b border-slate-800 px-4 py-2">
        <RunControls />
        {error ? (
          <p role="alert" className="mt-1 text-sm text-red-400">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex min-h-0 flex-1">
        <main className="min-w-0 flex-1">
          <TopologyView />
        </main>
        <aside className="w-[420px] shrink-0 overflow-y-auto border-l border-slate-800" aria-label="Side panel">
          <CostPanel />
        </aside>
      </div>
    </div>
  );
}
