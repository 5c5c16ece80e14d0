import { CodedError } from '../shared/errors';
import { scenarioSchema, type Scenario } from './schema';

export interface ScenarioIssue {
  /** Dotted path of the offending field, e.g. `listeners.0.Scheduler`. */
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates untrusted input (a file, a URL, an API body) without throwing. */
export function validateScenario(input: unknown): ValidationResult {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return { ok: true, scenario: result.data };
  return {
    ok: false,
    issues: result.error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : '(scenario)',
      message: issue.message,
    })),
  };
}

/** Like validateScenario but throws one CodedError listing every issue. */
export function parseScenario(input: unknown): Scenario {
  const result = validateScenario(input);
  if (result.ok) return result.scenario;
  const lines = result.issues.map((issue) => `${issue.field}: ${issue.message}`);
  throw new CodedError('InvalidScenario', `invalid scenario:\n  ${lines.join('\n  ')}`, result.issues[0]?.field);
}
