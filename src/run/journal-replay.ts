import { handleRpc } from '../api/router';
import { createControlPlane } from '../api/state';
import type { JournalEntry, Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';

/**
 * The configuration after each journal entry: `[initial, after entry 0, after entry 1, …]`.
 * Each entry is an API call, replayed through the same action library that accepted it live, so a
 * saved run means exactly what it meant when it was made. An entry the API now rejects (a journal
 * edited by hand, or a fault entry, which live faults will bring) stops the load with the entry,
 * the API's code and message named.
 */
export function replayJournal(initial: Scenario, journal: readonly JournalEntry[]): Scenario[] {
  const state = createControlPlane({ ...initial, journal: [] });
  state.replaying = true;
  const snapshots: Scenario[] = [state.scenario];
  journal.forEach((entry, i) => {
    if (entry.source !== 'api') {
      throw new CodedError('InvalidJournal', `journal.${i}.source: "${entry.source}" entries cannot be replayed yet; only "api" entries can`, `journal.${i}.source`);
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
