import { migrateScenario } from './migrate';

/** Longest value shown in a message; longer ones are cut with "...". */
const MAX_SHOWN = 60;

/**
 * The value a validation issue is about, as a short text for messages: `missing` when the field is
 * absent, its JSON otherwise, or undefined for an issue about the whole document. Issue paths are
 * those of the current format, so the value is looked up in the migrated document: a version-4
 * file's `listeners.0.Scheduler` is reported (and found) at `loadBalancers.0.listeners.0.Scheduler`.
 */
export function issueValue(input: unknown, field: string): string | undefined {
  return valueIn(migrateScenario(input), field);
}

/** The value at `field` of an already migrated document, shown briefly (see issueValue). */
function valueIn(migrated: unknown, field: string): string | undefined {
  if (field === '(scenario)') return undefined;
  let at: unknown = migrated;
  for (const key of field.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return 'missing';
    at = (at as Record<string, unknown>)[key];
  }
  const text = JSON.stringify(at) ?? String(at);
  // Messages are shown and logged: a private key is named, never quoted (not even its first line).
  if (/PRIVATE KEY/.test(text) || /^(PrivateKey|AccessKeySecret)$/.test(field.split('.').pop()!)) return 'a secret, not shown';
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 3) + '...' : text;
}

type Issue = { field: string; message: string };

/** Issues as lines `path: rule (value)`, the value left out for the whole document; the input is migrated once for all of them. */
export function issueLines(input: unknown, issues: readonly Issue[]): string[] {
  const migrated = migrateScenario(input);
  return issues.map((issue) => {
    const value = valueIn(migrated, issue.field);
    return `${issue.field}: ${issue.message}${value === undefined ? '' : ` (${value})`}`;
  });
}
