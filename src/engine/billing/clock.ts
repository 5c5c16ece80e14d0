import { US_PER_S } from '../../shared/units';

/**
 * Billing clock: simulated time 0 falls at the scenario's `billing.startTime`, a UTC+8 local time
 * like 2026-01-01T09:30:00 (Alibaba bills by UTC+8 clock hours). The engine may not use Date, so
 * calendar arithmetic is done by hand.
 */
export const US_PER_HOUR = 3600 * US_PER_S;

/** Microseconds since the start of the clock hour for a UTC+8 local time like 2026-01-01T09:30:00. */
export function startOffsetUs(startTime: string): number {
  const [, time = '00:00:00'] = startTime.split('T');
  const [, minutes = '0', seconds = '0'] = time.split(':');
  return (Number(minutes) * 60 + Number(seconds)) * US_PER_S;
}

/** Number of UTC+8 clock hours the window [0, duration] touches: used 09:30–12:30 → 4 hours. */
export function clockHoursTouched(startOffsetUs: number, durationUs: number): number {
  if (durationUs <= 0) return 0;
  return Math.floor((startOffsetUs + durationUs - 1) / US_PER_HOUR) + 1;
}

/**
 * The start of the window's `index`-th clock hour, in the same UTC+8 local form as `startTime`,
 * always with seconds: `hourStartLabel('2026-12-31T23:30', 1)` is `2027-01-01T00:00:00`.
 */
export function hourStartLabel(startTime: string, index: number): string {
  const [date = '1970-01-01', time = '00:00'] = startTime.split('T');
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const hour = Number(time.split(':')[0] ?? 0) + index;
  const civil = civilFromDays(daysFromCivil(y, m, d) + Math.floor(hour / 24));
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(civil.y, 4)}-${pad(civil.m)}-${pad(civil.d)}T${pad(hour % 24)}:00:00`;
}

/**
 * Milliseconds since the Unix epoch (UTC) of a time like `2027-01-01T00:00:00Z` (offset `Z`) or a
 * UTC+8 local time like `2026-01-01T09:30:00` (offset `+08:00`); seconds optional.
 */
export function epochMs(time: string, offsetHours: number): number {
  const [date = '1970-01-01', clock = '00:00'] = time.replace(/Z$/, '').split('T');
  const [y = 1970, m = 1, d = 1] = date.split('-').map(Number);
  const [hh = 0, mm = 0, ss = 0] = clock.split(':').map(Number);
  return ((daysFromCivil(y, m, d) * 24 + hh - offsetHours) * 60 + mm) * 60_000 + ss * 1000;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
function daysFromCivil(y: number, m: number, d: number): number {
  const year = m <= 2 ? y - 1 : y;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function civilFromDays(days: number): { y: number; m: number; d: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}
