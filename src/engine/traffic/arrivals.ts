import type { ClientPopulation } from '../../scenario/schema';
import type { RandomStream } from '../core/prng';
import { US_PER_S } from '../../shared/units';

/**
 * Connection arrival processes. Returns the gap in µs to the next arrival after `nowUs`, and how
 * many connections arrive then (bursts), or Infinity when the population has stopped.
 */
export function nextArrival(spec: ClientPopulation['arrival'], nowUs: number, rng: RandomStream): { gapUs: number; count: number } {
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
