import type { ClientPopulation } from '../../scenario/schema';
import type { RandomStream } from '../core/prng';
import { US_PER_S } from '../../shared/units';
import { profiledGapUs, type RateProfile } from './daily-profile';

/**
 * Connection arrival processes. Returns the gap in µs to the next arrival after `nowUs`, and how
 * many connections arrive then (bursts), or Infinity when the population has stopped. With a
 * daily profile, the gap drawn at the flat rate is stretched or shrunk hour by hour by the
 * profile's multipliers (for Poisson arrivals, an exact process with a piecewise-constant rate).
 */
export function nextArrival(spec: ClientPopulation['arrival'], nowUs: number, rng: RandomStream, profile?: RateProfile): { gapUs: number; count: number } {
  const flat = flatArrival(spec, nowUs, rng);
  return profile === undefined ? flat : { gapUs: profiledGapUs(profile, nowUs, flat.gapUs), count: flat.count };
}

function flatArrival(spec: ClientPopulation['arrival'], nowUs: number, rng: RandomStream): { gapUs: number; count: number } {
  switch (spec.type) {
    case 'poisson':
      return { gapUs: rng.exponential(US_PER_S / spec.connectionsPerSecond), count: 1 };
    case 'constant':
      return { gapUs: US_PER_S / spec.connectionsPerSecond, count: 1 };
    case 'ramp': {
      // Poisson with a rate that moves linearly from the start rate to the end rate.
      const to = spec.rampToPerSecond ?? spec.connectionsPerSecond;
      const progress = Math.min(1, nowUs / (spec.rampSeconds * US_PER_S));
      const rate = spec.connectionsPerSecond + (to - spec.connectionsPerSecond) * progress;
      return { gapUs: rng.exponential(US_PER_S / rate), count: 1 };
    }
    case 'burst':
      return { gapUs: spec.burstEverySeconds * US_PER_S, count: spec.burstSize };
  }
}
