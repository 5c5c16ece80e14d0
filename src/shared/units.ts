import { CodedError } from './errors';

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

const DURATION = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h|d)?$/;
const FACTOR_US: Record<string, number> = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6, d: 86_400e6 };

/** Parses "60s", "500ms", "2m", "1.5h", "30d" or a bare number of seconds into integer microseconds. */
export function parseDurationUs(text: string, field = 'duration'): number {
  const match = DURATION.exec(text.trim());
  if (!match) {
    throw new CodedError(
      'InvalidDuration',
      `${field}: "${text}" is not a duration; use a number with a unit such as 500ms, 60s, 2m, 1h or 30d`,
      field,
    );
  }
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const us = Math.round(value * (FACTOR_US[unit] ?? US_PER_S));
  if (!Number.isSafeInteger(us) || us <= 0) {
    throw new CodedError('InvalidDuration', `${field}: must be positive and finite, got "${text}"`, field);
  }
  return us;
}

export function formatSimTime(us: number): string {
  if (us < US_PER_MS) return `${us} µs`;
  if (us < US_PER_S) return `${(us / US_PER_MS).toFixed(1)} ms`;
  return `${(us / US_PER_S).toFixed(3)} s`;
}
