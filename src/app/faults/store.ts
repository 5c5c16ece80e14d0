import { create } from 'zustand';
import { simControls } from '../sim-client';
import type { FaultRecord, FaultSpan } from './spans';
import { faultSpans, journalFaults, scheduledFaults } from './spans';

/** Where the fault menu is open: for which node, at which viewport point, and where focus goes back on close. */
export interface FaultMenuState {
  nodeId: number;
  x: number;
  y: number;
  returnFocus: HTMLElement | null;
  /** Opened on a link (right-click on an edge): that link's faults are shown open (`a->b`). */
  link?: string | undefined;
}

interface FaultStoreState {
  menu: FaultMenuState | undefined;
  /** The run's faults: the scenario's schedule and the journal's live ones. */
  records: FaultRecord[];
  /** `records` paired into spans, open-ended (the timeline recomputes them against the run's end). */
  spans: FaultSpan[];
  /** The fault schedule editor is open. */
  scheduleOpen: boolean;
}

export const useFaultStore = create<FaultStoreState>(() => ({ menu: undefined, records: [], spans: [], scheduleOpen: false }));

export function openFaultMenu(nodeId: number, x: number, y: number, returnFocus: HTMLElement | null, link?: string): void {
  useFaultStore.setState({ menu: { nodeId, x, y, returnFocus, link } });
}

export function closeFaultMenu(): void {
  const menu = useFaultStore.getState().menu;
  useFaultStore.setState({ menu: undefined });
  menu?.returnFocus?.focus();
}

/** Reads the run's fault schedule and journal again (after a load, a journal change or an injected fault). */
export async function refreshFaultRecords(): Promise<void> {
  const scenario = (await simControls.scenario()) as { faults?: unknown; journal?: unknown } | undefined;
  if (!scenario) return;
  const records = [...scheduledFaults(scenario.faults), ...journalFaults(scenario.journal)];
  useFaultStore.setState({ records, spans: faultSpans(records, Number.POSITIVE_INFINITY) });
}
