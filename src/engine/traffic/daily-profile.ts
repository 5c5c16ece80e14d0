import type { ClientPopulation } from '../../scenario/schema';
import { epochMs, US_PER_HOUR } from '../billing/clock';

type Arrival = ClientPopulation['arrival'];

const US_PER_DAY = 24 * US_PER_HOUR;
/** 1970-01-01 was a Thursday: day d since then is weekday (d + 4) mod 7, with 0 = Sunday. */
const THURSDAY = 4;

/**
 * A population's daily cycle on the billing clock: the rate multiplier of each UTC+8 clock hour
 * (`arrival.dailyProfile`, times `arrival.weekendFactor` on Saturdays and Sundays). Simulated time 0
 * is `billing.startTime`, a UTC+8 local time, so hour boundaries fall where the bill's do.
 */
export interface RateProfile {
  /** The multiplier in force at simulated time `atUs`, and the simulated time it next may change. */
  at(atUs: number): { multiplier: number; untilUs: number };
}

/** The population's profile, or undefined when its rate is flat (no profile, weekend factor 1). */
export function rateProfileOf(arrival: Arrival, startTime: string): RateProfile | undefined {
  const hours = arrival.dailyProfile;
  const weekend = arrival.weekendFactor ?? 1;
  if (hours === undefined && weekend === 1) return undefined;
  // Local (UTC+8) microseconds since 1970-01-01 00:00 at simulated time 0.
  const startLocalUs = epochMs(startTime, 0) * 1000;
  return {
    at(atUs) {
      const localUs = startLocalUs + atUs;
      const day = Math.floor(localUs / US_PER_DAY);
      const hourStartUs = Math.floor(localUs / US_PER_HOUR) * US_PER_HOUR;
      const hour = (hourStartUs - day * US_PER_DAY) / US_PER_HOUR;
      const weekday = (((day + THURSDAY) % 7) + 7) % 7;
      const isWeekend = weekday === 0 || weekday === 6;
      const multiplier = (hours?.[hour] ?? 1) * (isWeekend ? weekend : 1);
      return { multiplier, untilUs: hourStartUs + US_PER_HOUR - startLocalUs };
    },
  };
}

/**
 * How long it takes, from `nowUs`, to get through `workUs` of arrival "work" when work runs at the
 * profile's multiplier (1 µs of work per µs at multiplier 1): the gap to the next arrival of a
 * process whose rate is the flat rate times the multiplier. Hours at 0 are skipped whole. A
 * valid profile has an hour above 0 every weekday, so the walk ends within a weekend and a day;
 * one that never rises above 0 (a week of zeros) means no further arrival.
 */
export function profiledGapUs(profile: RateProfile, nowUs: number, workUs: number): number {
  let t = nowUs;
  let remaining = workUs;
  for (let hours = 0; hours <= 24 * 8; hours++) {
    const { multiplier, untilUs } = profile.at(t);
    const span = untilUs - t;
    if (multiplier > 0 && remaining <= span * multiplier) return t + remaining / multiplier - nowUs;
    remaining -= span * multiplier;
    t = untilUs;
  }
  return Infinity;
}
