import { useEffect, useState } from 'react';
import { ConsoleLauncher } from './console/ConsoleLauncher';
import { LoadBalancerCard } from './console/LoadBalancerCard';
import { ScenarioPicker } from './console/ScenarioPicker';
import { DebugOverlay } from './controls/DebugOverlay';
import { HelpOverlay } from './controls/HelpOverlay';
import { GalleryButton } from './gallery/GalleryDialog';
import { JournalBar } from './controls/JournalBar';
import { RunControls } from './controls/RunControls';
import { SidePanel } from './panels/SidePanel';
import { ScenarioMenu } from './scenario-io/ScenarioMenu';
import { StartupNotice } from './scenario-io/StartupNotice';
import { simControls } from './sim-client';
import { useSimStore } from './store';
import { TopologyView } from './topology/TopologyView';

type Fault = { atS: number; action: string; target: string | undefined };

export function App() {
  const error = useSimStore((s) => s.error);
  const urlProblems = useSimStore((s) => s.urlProblems);
  const example = useSimStore((s) => s.example);
  const topology = useSimStore((s) => s.topology);
  const [faults, setFaults] = useState<Fault[]>([]);
  useEffect(() => {
    void simControls.scenario()?.then((s) => setFaults(((s as { faults?: Fault[] } | undefined)?.faults ?? []).map((f) => ({ atS: f.atS, action: f.action, target: f.target }))));
  }, [topology]);
  return (
    <div className="flex h-full flex-col bg-slate-950 text-slate-100">
      <header className="flex flex-wrap items-center gap-x-6 gap-y-2 border-b border-slate-800 px-4 py-2">
        <h1 className="text-base font-bold">SLB Simulator</h1>
        <ScenarioPicker />
        <GalleryButton />
        <LoadBalancerCard />
        <ConsoleLauncher />
      </header>
      <StartupNotice />
      {urlProblems.length > 0 ? (
        <ul role="alert" aria-label="URL problems" data-testid="url-problems" className="border-b border-slate-800 px-4 py-1 text-sm text-amber-300">
          {urlProblems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      ) : null}
      <div className="border-b border-slate-800 px-4 py-2">
        <RunControls faults={faults} />
        <div className="flex flex-wrap items-center gap-x-4">
          <JournalBar />
          <ScenarioMenu />
        </div>
        {error ? (
          // pre-line: an invalid scenario's message lists one `field.path: rule` per line.
          <p role="alert" className="mt-1 whitespace-pre-line text-sm text-red-400">
            {error}
          </p>
        ) : null}
      </div>
      <div className="flex min-h-0 flex-1 flex-col lg:flex-row">
        <main className="min-h-[50vh] min-w-0 flex-1">
          <TopologyView />
        </main>
        <aside className="w-full shrink-0 border-slate-800 lg:w-[440px] lg:border-l" aria-label="Details">
          {/* Keyed by scenario: a switch starts the panels afresh (e.g. the price region follows the new RegionId). */}
          <SidePanel key={example} />
        </aside>
      </div>
      <HelpOverlay />
      <DebugOverlay />
    </div>
  );
}
