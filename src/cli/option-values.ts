import { CodedError } from '../shared/errors';

/** The CLI's refusal of an argument: names it and the rule. */
export function usageError(message: string, field: string): CodedError {
  return new CodedError('InvalidArguments', message, field);
}

/** The value after option `arg` at `rest[index]`; a missing one, or the next `--flag`, is an error naming `arg`. */
export function optionValue(rest: readonly string[], index: number, arg: string): string {
  const next = rest[index];
  // "-" alone is a value (stdin); "--x" is the next flag, so the value is missing.
  if (next === undefined || next.startsWith('--')) throw usageError(`${arg} needs a value`, arg);
  return next;
}

/** `--seed N`: a non-negative safe integer. */
export function seedValue(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw usageError(`--seed: "${text}" must be a non-negative integer`, '--seed');
  return n;
}
