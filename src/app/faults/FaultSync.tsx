import { useEffect } from 'react';
import { useSimStore } from '../store';
import { closeFaultMenu, refreshFaultRecords } from './store';

/** Keeps the fault log (schedule + journal) current: on every load and every journal change. */
export function FaultSync() {
  const topology = useSimStore((s) => s.topology);
  const revision = useSimStore((s) => s.frame?.journal.revision ?? 0);
  const entries = useSimStore((s) => s.frame?.journal.entries ?? 0);
  useEffect(() => {
    void refreshFaultRecords();
  }, [topology, revision, entries]);
  // A new scenario: the menu's node may be gone.
  useEffect(() => closeFaultMenu, [topology?.seed, topology?.nodes.length]);
  return null;
}
