import { describe, expect, it } from 'vitest';
import { clockHoursTouched, epochMs, hourStartLabel, startOffsetUs, US_PER_HOUR } from './clock';

// Expected values below are worked out by hand (days since 1970-01-01 counted with the Gregorian
// leap rules), not with Date: the module exists because the engine may not use Date.
const MS_PER_DAY = 86_400_000;
/** 1970-01-01 → 2026-01-01: 56 years, 14 of them leap (1972 … 2024). */
const DAYS_TO_2026 = 56 * 365 + 14;
/** 1970-01-01 → 2000-01-01: 30 years, 7 of them leap (1972 … 1996). */
const DAYS_TO_2000 = 30 * 365 + 7;

describe('startOffsetUs: how far into its UTC+8 clock hour simulated time 0 falls', () => {
  it('is the minutes and seconds past the hour, with or without seconds', () => {
    expect(startOffsetUs('2026-01-01T09:30:00')).toBe(30 * 60 * 1e6);
    expect(startOffsetUs('2026-01-01T09:30')).toBe(30 * 60 * 1e6);
    expect(startOffsetUs('2026-01-01T09:59:59')).toBe(3599 * 1e6);
    expect(startOffsetUs('2026-01-01T10:00:00')).toBe(0);
    // The hour itself does not matter, only the position within it.
    expect(startOffsetUs('2026-06-15T23:00:07')).toBe(7 * 1e6);
  });
});

describe('clockHoursTouched: whole UTC+8 clock hours a window touches', () => {
  it('an empty (or negative) window touches no hour, wherever in the hour it starts', () => {
    expect(clockHoursTouched(0, 0)).toBe(0);
    expect(clockHoursTouched(30 * 60 * 1e6, 0)).toBe(0);
    expect(clockHoursTouched(59 * 60 * 1e6, -1)).toBe(0);
  });

  it('a window ending exactly on the hour does not touch the next one', () => {
    expect(US_PER_HOUR).toBe(3_600_000_000);
    expect(clockHoursTouched(0, US_PER_HOUR)).toBe(1);
    expect(clockHoursTouched(30 * 60 * 1e6, 30 * 60 * 1e6)).toBe(1);
    expect(clockHoursTouched(30 * 60 * 1e6, 30 * 60 * 1e6 + 1)).toBe(2);
    expect(clockHoursTouched(30 * 60 * 1e6, 3 * US_PER_HOUR)).toBe(4);
  });
});

describe('hourStartLabel: the start of each billed hour in UTC+8 local time', () => {
  it('rolls over days, months and years', () => {
    expect(hourStartLabel('2026-04-30T23:30:00', 1)).toBe('2026-05-01T00:00:00');
    expect(hourStartLabel('2026-01-31T22:15', 2)).toBe('2026-02-01T00:00:00');
    expect(hourStartLabel('1999-12-31T23:00:00', 1)).toBe('2000-01-01T00:00:00');
    // A whole (non-leap) year of hours from 09:30 on 1 January.
    expect(hourStartLabel('2026-01-01T09:30:00', 365 * 24)).toBe('2027-01-01T09:00:00');
  });

  it('follows the Gregorian leap rules: every 4th year, not every 100th, but every 400th', () => {
    expect(hourStartLabel('2028-02-28T23:00:00', 1)).toBe('2028-02-29T00:00:00');
    expect(hourStartLabel('2026-02-28T23:00:00', 1)).toBe('2026-03-01T00:00:00');
    expect(hourStartLabel('2000-02-28T23:00:00', 1)).toBe('2000-02-29T00:00:00');
    expect(hourStartLabel('2000-02-28T23:00:00', 25)).toBe('2000-03-01T00:00:00');
    expect(hourStartLabel('2100-02-28T23:00:00', 1)).toBe('2100-03-01T00:00:00');
    expect(hourStartLabel('1900-02-28T23:00:00', 1)).toBe('1900-03-01T00:00:00');
  });

  it('takes a date without a time as its midnight', () => {
    expect(hourStartLabel('2026-03-01', 0)).toBe('2026-03-01T00:00:00');
    expect(hourStartLabel('2026-03-01', 30)).toBe('2026-03-02T06:00:00');
  });
});

describe('epochMs: milliseconds since the Unix epoch', () => {
  it('is 0 at the epoch, whether given in UTC or in UTC+8', () => {
    expect(epochMs('1970-01-01T00:00:00Z', 0)).toBe(0);
    expect(epochMs('1970-01-01T08:00:00', 8)).toBe(0);
    expect(epochMs('1969-12-31T23:59:59Z', 0)).toBe(-1000);
  });

  it('a UTC+8 start time is 8 hours earlier in UTC', () => {
    // 2026-01-01T09:30 UTC+8 is 01:30 UTC.
    const expected = DAYS_TO_2026 * MS_PER_DAY + 90 * 60_000;
    expect(expected).toBe(1_767_231_000_000);
    expect(epochMs('2026-01-01T09:30:00', 8)).toBe(expected);
    expect(epochMs('2026-01-01T09:30', 8)).toBe(expected);
    expect(epochMs('2026-01-01T09:30:00Z', 0) - epochMs('2026-01-01T09:30:00', 8)).toBe(8 * 3_600_000);
    // A date alone is its midnight: 16:00 UTC the day before.
    expect(epochMs('2026-01-01', 8)).toBe(DAYS_TO_2026 * MS_PER_DAY - 8 * 3_600_000);
  });

  it('counts hours, minutes and seconds, and leap days', () => {
    expect(epochMs('2027-01-01T00:00:00Z', 0)).toBe((DAYS_TO_2026 + 365) * MS_PER_DAY);
    expect(epochMs('2027-01-01T00:00Z', 0)).toBe((DAYS_TO_2026 + 365) * MS_PER_DAY);
    // 2000-02-29: 31 days of January and 28 of February after 1 January 2000.
    expect(epochMs('2000-02-29T12:34:56Z', 0)).toBe((DAYS_TO_2000 + 59) * MS_PER_DAY + ((12 * 60 + 34) * 60 + 56) * 1000);
    expect(epochMs('2000-02-29T12:34:56Z', 0)).toBe(951_827_696_000);
    expect(epochMs('2000-03-01T00:00:00Z', 0) - epochMs('2000-02-28T00:00:00Z', 0)).toBe(2 * MS_PER_DAY);
    expect(epochMs('2100-03-01T00:00:00Z', 0) - epochMs('2100-02-28T00:00:00Z', 0)).toBe(MS_PER_DAY);
  });
});
