import type { ClientPopulation } from '../../scenario/schema';
import { US_PER_S } from '../../shared/units';
import { clockHoursTouched, US_PER_HOUR } from '../billing/clock';
import { rateProfileOf } from '../traffic/daily-profile';

/** One billed UTC+8 clock hour, clipped to the window [0, duration]: simulated µs. */
export interface HourWindow {
  index: number;
  startUs: number;
  endUs: number;
}

/** The clock hours the window [0, duration] bills, as the meters number them. */
export function hourWindows(startOffsetUs: number, durationUs: number): HourWindow[] {
  return Array.from({ length: clockHoursTouched(startOffsetUs, durationUs) }, (_, index) => ({
    index,
    startUs: Math.max(0, index * US_PER_HOUR - startOffsetUs),
    endUs: Math.min(durationUs, (index + 1) * US_PER_HOUR - startOffsetUs),
  }));
}

/** A stretch at a constant expected arrival rate (connections per second). */
export interface RatePiece {
  seconds: number;
  ratePerS: number;
}

/** A population's expected arrivals within one clock hour. */
export interface PopulationHour {
  /** Expected connections opened in the hour. */
  arrivals: number;
  /** The hour cut into stretches of constant rate (whole hour: one; ramps: one per minute). */
  pieces: RatePiece[];
  /** Burst arrivals: bursts per second in this hour (the profile speeds them up or slows them down). */
  burstsPerS?: number;
}

/** Ramps are integrated exactly, but their peaks are estimated per minute at the minute's mean rate. */
const RAMP_PIECE_US = 60 * US_PER_S;

/**
 * The population's expected arrivals hour by hour: its flat rate (poisson, constant, burst: mean
 * burstSize ÷ burstEverySeconds; ramp: linear, integrated exactly) times the hour's daily-profile
 * multiplier (times weekendFactor on weekends), stopped at stopAfterSeconds and once the expected
 * total reaches maxConnections. The profile is constant over a clock hour, and clock hours of the
 * profile and of the bill are the same UTC+8 hours.
 */
export function populationHours(population: ClientPopulation, startTime: string, hours: readonly HourWindow[]): PopulationHour[] {
  const arrival = population.arrival;
  const profile = rateProfileOf(arrival, startTime);
  const stopUs = arrival.stopAfterSeconds === undefined ? Infinity : arrival.stopAfterSeconds * US_PER_S;
  let remaining = arrival.maxConnections ?? Infinity;
  return hours.map((hour) => {
    const multiplier = profile ? profile.at(hour.startUs).multiplier : 1;
    const pieces: RatePiece[] = [];
    let arrivals = 0;
    for (const [fromUs, toUs] of flatPieces(arrival, hour.startUs, Math.min(hour.endUs, stopUs))) {
      const seconds = (toUs - fromUs) / US_PER_S;
      const mean = multiplier * flatArrivals(arrival, fromUs, toUs);
      if (mean <= 0 || remaining <= 0) {
        pieces.push({ seconds, ratePerS: 0 });
        continue;
      }
      // maxConnections: the piece ends early, at the expected time the total reaches it.
      const taken = Math.min(mean, remaining);
      remaining -= taken;
      arrivals += taken;
      pieces.push({ seconds: seconds * (taken / mean), ratePerS: mean / seconds });
    }
    return arrival.type === 'burst' ? { arrivals, pieces, burstsPerS: arrivals > 0 ? multiplier / arrival.burstEverySeconds : 0 } : { arrivals, pieces };
  });
}

/** The population's expected rate at simulated time `atUs` (for what is still in flight at the end). */
export function rateAt(population: ClientPopulation, startTime: string, atUs: number, openedBefore: number): number {
  const arrival = population.arrival;
  if (arrival.stopAfterSeconds !== undefined && atUs >= arrival.stopAfterSeconds * US_PER_S) return 0;
  if (arrival.maxConnections !== undefined && openedBefore >= arrival.maxConnections) return 0;
  const profile = rateProfileOf(arrival, startTime);
  return (profile ? profile.at(atUs).multiplier : 1) * flatRate(arrival, atUs);
}

type Arrival = ClientPopulation['arrival'];

/** [from, to) cut where a ramp's rate changes (one piece per minute while it ramps). */
function flatPieces(arrival: Arrival, fromUs: number, toUs: number): [number, number][] {
  if (toUs <= fromUs) return [];
  if (arrival.type !== 'ramp') return [[fromUs, toUs]];
  const rampEndUs = arrival.rampSeconds * US_PER_S;
  const cuts: [number, number][] = [];
  let t = fromUs;
  while (t < toUs) {
    const next = t < rampEndUs ? Math.min(toUs, rampEndUs, (Math.floor(t / RAMP_PIECE_US) + 1) * RAMP_PIECE_US) : toUs;
    cuts.push([t, next]);
    t = next;
  }
  return cuts;
}

function flatRate(arrival: Arrival, atUs: number): number {
  switch (arrival.type) {
    case 'poisson':
    case 'constant':
      return arrival.connectionsPerSecond;
    case 'burst':
      return arrival.burstSize / arrival.burstEverySeconds;
    case 'ramp': {
      const to = arrival.rampToPerSecond ?? arrival.connectionsPerSecond;
      return arrival.connectionsPerSecond + (to - arrival.connectionsPerSecond) * Math.min(1, atUs / (arrival.rampSeconds * US_PER_S));
    }
  }
}

/** ∫ flat rate dt over [from, to): linear pieces integrate exactly by their midpoint. */
function flatArrivals(arrival: Arrival, fromUs: number, toUs: number): number {
  return (flatRate(arrival, (fromUs + toUs) / 2) * (toUs - fromUs)) / US_PER_S;
}
