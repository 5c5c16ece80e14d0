import type { z } from 'zod';
import { CodedError } from '../shared/errors';
import { issueLines } from './issue-value';
import { migrateScenario } from './migrate';
import { scenarioSchema, type Scenario } from './schema';
import { unknownFieldMessage } from './unknown-fields';

export interface ScenarioIssue {
  /** Dotted path of the offending field, e.g. `listeners.0.Scheduler`. */
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

function fieldName(path: readonly PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(scenario)';
}

/**
 * Validates untrusted input (a file, a URL, an API body) without throwing: older versions are
 * migrated first (migrate.ts), then every problem is reported with its dotted path. An unknown
 * field gets an issue of its own, with the closest valid name.
 */
export function validateScenario(input: unknown): ValidationResult {
  const migrated = migrateScenario(input);
  const result = scenarioSchema.safeParse(migrated);
  if (result.success) return { ok: true, scenario: result.data };
  return { ok: false, issues: result.error.issues.flatMap((issue) => describe(issue, [], migrated)) };
}

/** One zod issue as scenario issues: per unknown key, or through the one union branch that fits. */
function describe(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[], input: unknown): ScenarioIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: fieldName([...path, key]), message: unknownFieldMessage(scenarioSchema, path, key, input) }));
  }
  if (issue.code === 'invalid_union') {
    // A value of the wrong kind fails every branch at its root; if exactly one branch got past
    // that (an object of the right `type`), its own issues say what is wrong, unknown keys included.
    const fitting = issue.errors.filter((branch) => !branch.some((inner) => inner.path.length === 0 && (inner.code === 'invalid_type' || inner.code === 'invalid_union')));
    if (fitting.length === 1) return fitting[0]!.flatMap((inner) => describe(inner, path, input));
  }
  return [{ field: fieldName(path), message: issue.message }];
}

/** Like validateScenario but throws one CodedError listing every issue as `path: rule (value)`. */
export function parseScenario(input: unknown): Scenario {
  const result = validateScenario(input);
  if (result.ok) return result.scenario;
  const lines = issueLines(input, result.issues);
  throw new CodedError('InvalidScenario', `invalid scenario:\n  ${lines.join('\n  ')}`, result.issues[0]?.field);
}
