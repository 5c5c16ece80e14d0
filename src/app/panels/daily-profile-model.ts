/**
 * The daily profile editor's logic, apart from React: presets, reading what the API describes,
 * parsing and checking the draft (the scenario format's rules, with messages that name the field),
 * and the SimSetClientPopulation parameters that apply it.
 */

export const HOURS = 24;
/** The scenario format's range of one multiplier (and of the weekend factor). */
export const MULTIPLIER_MAX = 1000;

/** What the inputs hold: text as typed, so a half-typed number is kept and flagged rather than lost. */
export interface ProfileDraft {
  hours: string[];
  weekendFactor: string;
}

/** A profile in force: undefined fields are flat (the scenario leaves them out). */
export interface AppliedProfile {
  dailyProfile: number[] | undefined;
  weekendFactor: number | undefined;
}

export interface Preset {
  name: string;
  /** What it models, for the button's title and the docs. */
  description: string;
  hours: readonly number[];
  weekendFactor: number;
}

/** Hours `from`–`to` (exclusive) at `value`, over a base. */
function shape(base: number, spans: [from: number, to: number, value: number][]): number[] {
  const hours = Array<number>(HOURS).fill(base);
  for (const [from, to, value] of spans) for (let h = from; h < to; h++) hours[h] = value;
  return hours;
}

/**
 * Every preset peaks at 1, so the population's configured rate is its busiest hour's rate and the
 * rest of the day runs below it (a profile above 1 would lift the rate past what is configured).
 */
export const PRESETS: readonly Preset[] = [
  { name: 'Flat', description: 'The configured rate all day, every day (no profile).', hours: shape(1, []), weekendFactor: 1 },
  {
    name: 'Office hours',
    description: 'Business traffic: full from 09:00 to 18:00 with a lunch dip, quiet at night, a fifth of it at weekends.',
    hours: shape(0.05, [
      [7, 8, 0.3],
      [8, 9, 0.7],
      [9, 12, 1],
      [12, 13, 0.8],
      [13, 18, 1],
      [18, 19, 0.6],
      [19, 20, 0.3],
      [20, 24, 0.1],
    ]),
    weekendFactor: 0.2,
  },
  {
    name: 'Evening peak',
    description: 'Consumer traffic: about half the rate by day, the peak from 20:00 to 22:00, a trough before dawn, a little busier at weekends.',
    hours: shape(0.5, [
      [0, 1, 0.6],
      [1, 2, 0.3],
      [2, 6, 0.1],
      [6, 7, 0.2],
      [7, 9, 0.4],
      [12, 14, 0.6],
      [18, 19, 0.7],
      [19, 20, 0.9],
      [20, 22, 1],
      [22, 23, 0.9],
      [23, 24, 0.7],
    ]),
    weekendFactor: 1.2,
  },
  {
    name: 'Night batch',
    description: 'A nightly job: full from 01:00 to 05:00, a trickle the rest of the day, the same every day.',
    hours: shape(0.05, [
      [0, 1, 0.3],
      [1, 5, 1],
      [5, 6, 0.3],
    ]),
    weekendFactor: 1,
  },
];

/** The clock hour an index covers, UTC+8: 14 → "14:00–15:00". */
export function hourLabel(hour: number): string {
  const hh = (h: number): string => `${String(h).padStart(2, '0')}:00`;
  return `${hh(hour)}–${hh(hour + 1)}`;
}

/** A multiplier as the inputs show it: at most 3 decimals, no trailing zeros. */
export function formatMultiplier(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

export function draftOf(profile: AppliedProfile): ProfileDraft {
  return {
    hours: (profile.dailyProfile ?? Array<number>(HOURS).fill(1)).map(formatMultiplier),
    weekendFactor: formatMultiplier(profile.weekendFactor ?? 1),
  };
}

export function draftOfPreset(preset: Preset): ProfileDraft {
  return draftOf({ dailyProfile: [...preset.hours], weekendFactor: preset.weekendFactor });
}

/**
 * The profile of a population as SimDescribeClientPopulations answers it (DailyProfile as a JSON
 * array, WeekendFactor a number). Anything unreadable counts as flat: the editor then shows the
 * flat day rather than failing.
 */
export function appliedOf(population: Record<string, unknown>): AppliedProfile {
  let dailyProfile: number[] | undefined;
  const text = population['DailyProfile'];
  if (typeof text === 'string') {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.length === HOURS && parsed.every((m) => typeof m === 'number')) dailyProfile = parsed as number[];
    } catch {
      dailyProfile = undefined;
    }
  }
  const weekend = population['WeekendFactor'];
  return { dailyProfile, weekendFactor: typeof weekend === 'number' ? weekend : undefined };
}

/** Field keys of the errors: `hour.3`, `weekendFactor`, and `dailyProfile` for the day as a whole. */
export type ProfileErrors = Partial<Record<string, string>>;

export type ParsedDraft = { ok: true; profile: AppliedProfile } | { ok: false; errors: ProfileErrors };

const NUMBER = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function multiplier(text: string, field: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return { error: `${field}: ${trimmed === '' ? 'needs a number' : `"${trimmed}" is not a number`} (0–${MULTIPLIER_MAX})` };
  const value = Number(trimmed);
  if (!(value >= 0 && value <= MULTIPLIER_MAX)) return { error: `${field}: must be 0–${MULTIPLIER_MAX}` };
  return { value };
}

/**
 * Checks a draft by the scenario format's rules (each multiplier 0–1000, at least one hour above
 * 0; the weekend factor 0–1000). A flat day (every hour 1) and a weekend factor of 1 are left out,
 * as a scenario without a profile has them.
 */
export function parseDraft(draft: ProfileDraft): ParsedDraft {
  const errors: ProfileErrors = {};
  const hours = draft.hours.map((text, hour) => {
    const result = multiplier(text, `dailyProfile.${hour} (${hourLabel(hour)})`);
    if ('error' in result) errors[`hour.${hour}`] = result.error;
    return 'value' in result ? result.value : NaN;
  });
  if (hours.length !== HOURS) errors['dailyProfile'] = `dailyProfile: needs exactly ${HOURS} multipliers, one per UTC+8 clock hour`;
  else if (hours.every((m) => m === 0)) errors['dailyProfile'] = 'dailyProfile: at least one hour must be above 0, or no connection would ever arrive';
  const weekend = multiplier(draft.weekendFactor, 'weekendFactor');
  if ('error' in weekend) errors['weekendFactor'] = weekend.error;
  if (Object.keys(errors).length > 0 || !('value' in weekend)) return { ok: false, errors };
  return {
    ok: true,
    profile: {
      dailyProfile: hours.every((m) => m === 1) ? undefined : hours,
      weekendFactor: weekend.value === 1 ? undefined : weekend.value,
    },
  };
}

export function sameProfile(a: AppliedProfile, b: AppliedProfile): boolean {
  const hours = (p: AppliedProfile) => (p.dailyProfile ?? Array<number>(HOURS).fill(1)).join(',');
  return hours(a) === hours(b) && (a.weekendFactor ?? 1) === (b.weekendFactor ?? 1);
}

/**
 * SimSetClientPopulation parameters: the population as described (the action replaces it whole),
 * with the new profile on top; a flat day or weekend factor 1 is sent as nothing, which clears it.
 */
export function applyParams(loadBalancerId: string, population: Record<string, unknown>, profile: AppliedProfile): Record<string, string> {
  const params: Record<string, string> = { LoadBalancerId: loadBalancerId };
  for (const [name, value] of Object.entries(population)) {
    if (name === 'DailyProfile' || name === 'WeekendFactor') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') params[name] = String(value);
  }
  if (profile.dailyProfile) params['DailyProfile'] = JSON.stringify(profile.dailyProfile);
  if (profile.weekendFactor !== undefined) params['WeekendFactor'] = String(profile.weekendFactor);
  return params;
}

/** The busiest and the quietest hour, for the chart's text alternative. */
export function describeDay(hours: readonly number[]): string {
  if (hours.length === 0) return 'no hours';
  let high = 0;
  let low = 0;
  hours.forEach((m, h) => {
    if (m > hours[high]!) high = h;
    if (m < hours[low]!) low = h;
  });
  if (hours[high] === hours[low]) return `flat at ${formatMultiplier(hours[high]!)} all day`;
  return `busiest ${hourLabel(high)} at ${formatMultiplier(hours[high]!)}, quietest ${hourLabel(low)} at ${formatMultiplier(hours[low]!)}`;
}
