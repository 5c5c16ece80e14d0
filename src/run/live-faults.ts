import { toScenarioFile } from '../scenario/load-balancers';
import type { Fault, JournalEntry, Scenario } from '../scenario/schema';
import { validateScenario } from '../scenario/validate';

/** A fault injected while the run plays: a scenario fault without its time (it happens now). */
export type LiveFault = Omit<Fault, 'atS'>;

export type LiveFaultCheck = { ok: true; fault: LiveFault } | { ok: false; field: string; message: string };

/** Fault fields that hold text; every other one holds a number. */
const TEXT_FIELDS = new Set(['target']);

/**
 * Checks a live fault against the configuration in force by the scenario's own rules (the fault
 * schema and `faultProblem`): exactly what a scheduled fault at that moment would have to pass.
 * A refusal names the fault's field (`action`, `target`, `weight`, …) and the rule.
 */
export function checkLiveFault(configuration: Scenario, fault: Record<string, unknown>): LiveFaultCheck {
  const file = toScenarioFile({ ...configuration, journal: [], faults: [{ ...fault, atS: 0 }] as Fault[] });
  const result = validateScenario(file);
  if (result.ok) {
    const { atS: _now, ...parsed } = result.scenario.faults[0]!;
    return { ok: true, fault: parsed };
  }
  const issue = result.issues.find((i) => i.field.startsWith('faults.0')) ?? result.issues[0]!;
  return { ok: false, field: issue.field.replace(/^faults\.0\.?/, '') || 'fault', message: issue.message };
}

/** The journal entry of a live fault: its action, and its fields as text (`target`, `weight`, …). */
export function faultEntry(atUs: number, fault: LiveFault): JournalEntry {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(fault)) if (name !== 'action' && value !== undefined) params[name] = String(value);
  return { atUs, source: 'fault', action: fault.action, params };
}

/** A fault journal entry's fault, its fields read back with their types (checked again by checkLiveFault). */
export function faultOfEntry(entry: JournalEntry): Record<string, unknown> {
  const fault: Record<string, unknown> = { action: entry.action };
  for (const [name, text] of Object.entries(entry.params)) fault[name] = TEXT_FIELDS.has(name) ? text : Number(text);
  return fault;
}
