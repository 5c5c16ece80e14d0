import type { SizeSpec } from '../../scenario/schema';
import type { RandomStream } from '../core/prng';

/** Draws one size in bytes from a scenario size spec (a constant or a distribution). */
export function drawSize(spec: SizeSpec, rng: RandomStream): number {
  if (typeof spec === 'number') return spec;
  switch (spec.type) {
    case 'uniform':
      return spec.min + rng.int(spec.max - spec.min + 1);
    case 'exponential':
      return Math.max(1, Math.round(rng.exponential(spec.mean)));
  }
}
