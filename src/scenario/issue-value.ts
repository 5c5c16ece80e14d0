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
  if (field === '(scenario)') return undefined;
  let at: unknown = migrateScenario(input);
  for (const key of field.split('.')) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return 'missing';
    at = (at as Record<string, unknown>)[key];
  }
  const text = JSON.stringify(at) ?? String(at);
  // Messages are shown and logged: a private key is named, never quoted (not even its first line).
  if (/PRIVATE KEY/.test(text) || /^(PrivateKey|AccessKeySecret)$/.test(field.split('.').pop()!)) return 'a secret, not shown';
  return text.length > MAX_SHOWN ? text.slice(0, MAX_SHOWN - 3) + '...' : text;
}

/** An issue as one line: `path: rule (value)`, the value left out for the whole document. */
export function issueLine(input: unknown, issue: { field: string; message: string }): string {
  const value = issueValue(input, issue.field);
  return `${issue.field}: ${issue.message}${value === undefined ? '' : ` (${value})`}`;
}
