import { handleRpc } from '../api/router';
import { createControlPlane } from '../api/state';
import type { JournalEntry, Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';
import { checkLiveFault, faultOfEntry } from './live-faults';

/**
 * The configuration after each journal entry: `[initial, after entry 0, after entry 1, …]`.
 * Each API entry is replayed through the same action library that accepted it live, so a saved
 * run means exactly what it meant when it was made; a fault entry leaves the configuration as it
 * was (the engine applies the fault) and is checked by the same rules as when it was injected. An
 * entry now refused (a journal edited by hand) stops the load with the entry and the rule named.
 */
export function replayJournal(initial: Scenario, journal: readonly JournalEntry[]): Scenario[] {
  const state = createControlPlane({ ...initial, journal: [] });
  state.replaying = true;
  const snapshots: Scenario[] = [state.scenario];
  journal.forEach((entry, i) => {
    if (entry.source === 'fault') {
      const check = checkLiveFault(state.scenario, faultOfEntry(entry));
      if (!check.ok) throw new CodedError('InvalidJournal', `journal.${i}: fault ${entry.action} at ${entry.atUs} µs: ${check.field}: ${check.message}`, `journal.${i}`);
      snapshots.push(state.scenario);
      return;
    }
    const before = state.scenario;
    const { status, body } = handleRpc(state, { ...entry.params, Action: entry.action });
    if (status !== 200) {
      throw new CodedError('InvalidJournal', `journal.${i}: ${entry.action} at ${entry.atUs} µs is rejected by the API: ${String(body['Code'])}: ${String(body['Message'])}`, `journal.${i}`);
    }
    if (state.scenario === before) {
      throw new CodedError('InvalidJournal', `journal.${i}: ${entry.action} at ${entry.atUs} µs changes nothing; a journal holds only accepted changes`, `journal.${i}`);
    }
    snapshots.push(state.scenario);
  });
  return snapshots;
}
