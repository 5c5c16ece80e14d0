import { toScenarioFile } from '../scenario/load-balancers';
import { scenarioSchema, type Scenario } from '../scenario/schema';
import { invalidParameter } from './errors';
import type { ControlPlaneState } from './state';

/**
 * How every write action changes the control plane: it builds the next scenario as a new object
 * (never editing the current one in place — checkpoints and the journal share old scenarios) and
 * commits it here. The whole scenario is validated again, so a rule an action forgot to check
 * still rejects the call with the field named, and the state is unchanged after any rejected call.
 *
 * The scenario is flat in memory (every listener, attachment and group names its LoadBalancerId)
 * and nested in a file; the schema reads the file's shape, so the next scenario is validated as
 * its file (`toScenarioFile`) and the parsed result is flat again.
 *
 * `fieldOf` maps a failing file path (e.g. `loadBalancers.0.listeners.2.HealthCheckInterval`) to
 * the API parameter the caller sent, so the error names what the caller can fix.
 */
export function commitScenario(state: ControlPlaneState, next: Scenario, fieldOf: (path: string) => string = lastSegment): Scenario {
  const result = scenarioSchema.safeParse(toScenarioFile(next));
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw invalidParameter(fieldOf(path), issue.message);
  }
  state.scenario = result.data;
  return result.data;
}

function lastSegment(path: string): string {
  const parts = path.split('.').filter((part) => !/^\d+$/.test(part));
  return parts[parts.length - 1] ?? '(scenario)';
}
