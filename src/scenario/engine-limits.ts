/** The limits that keep every scenario's schedules moving the engine's microsecond clock. */

/** The engine's clock tick, in ms: the smallest non-zero time a scenario may give. */
export const MIN_TIME_MS = 0.001;
/** At most one arrival per clock tick from one rate-driven schedule. */
export const MAX_RATE_PER_S = 1_000_000;
/** Keeps Poisson gaps (mean 10^6/rate µs ≤ 10^12 µs) far inside the µs clock's exact integer range (2^53 µs, 285 years). */
export const MIN_RATE_PER_S = 0.000_001;
