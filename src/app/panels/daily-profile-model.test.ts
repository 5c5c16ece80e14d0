import { describe, expect, it } from 'vitest';
import { clientPopulationSchema } from '../../scenario/schema';
import { appliedOf, applyParams, describeDay, draftOf, draftOfPreset, hourLabel, parseDraft, PRESETS, sameProfile, type ProfileDraft } from './daily-profile-model';

const flat = (): ProfileDraft => draftOf({ dailyProfile: undefined, weekendFactor: undefined });
const withHour = (hour: number, text: string): ProfileDraft => {
  const draft = flat();
  draft.hours[hour] = text;
  return draft;
};

describe('presets', () => {
  it('are the four documented ones, each a valid scenario profile that peaks at 1', () => {
    expect(PRESETS.map((p) => p.name)).toEqual(['Flat', 'Office hours', 'Evening peak', 'Night batch']);
    for (const preset of PRESETS) {
      expect(preset.hours).toHaveLength(24);
      expect(Math.max(...preset.hours)).toBe(1);
      const parsed = clientPopulationSchema.safeParse({ ListenerPort: 80, arrival: { dailyProfile: [...preset.hours], weekendFactor: preset.weekendFactor } });
      expect(parsed.success, preset.name).toBe(true);
    }
  });

  it('office hours are full from 09:00 to 18:00 but for lunch, and quiet at night and at weekends', () => {
    const office = PRESETS.find((p) => p.name === 'Office hours')!;
    expect(office.hours.slice(9, 12)).toEqual([1, 1, 1]);
    expect(office.hours[12]).toBeLessThan(1);
    expect(office.hours.slice(13, 18)).toEqual([1, 1, 1, 1, 1]);
    expect(office.hours[3]).toBeLessThan(0.1);
    expect(office.weekendFactor).toBeLessThan(1);
    const night = PRESETS.find((p) => p.name === 'Night batch')!;
    expect(night.hours.indexOf(1)).toBe(1);
    expect(night.hours.lastIndexOf(1)).toBe(4);
  });

  it('a preset drafted and parsed comes back as itself; Flat parses to no profile at all', () => {
    for (const preset of PRESETS.slice(1)) {
      const parsed = parseDraft(draftOfPreset(preset));
      expect(parsed).toEqual({ ok: true, profile: { dailyProfile: [...preset.hours], weekendFactor: preset.weekendFactor === 1 ? undefined : preset.weekendFactor } });
    }
    expect(parseDraft(draftOfPreset(PRESETS[0]!))).toEqual({ ok: true, profile: { dailyProfile: undefined, weekendFactor: undefined } });
  });
});

describe('parsing and checking a draft', () => {
  it('labels hours by their UTC+8 clock hour', () => {
    expect(hourLabel(0)).toBe('00:00–01:00');
    expect(hourLabel(14)).toBe('14:00–15:00');
    expect(hourLabel(23)).toBe('23:00–24:00');
  });

  it('takes decimals, 0 and the 1000 limit; a weekend factor alone keeps the day flat', () => {
    const draft = withHour(3, ' 0.25 ');
    draft.hours[4] = '0';
    draft.hours[5] = '1000';
    draft.weekendFactor = '.5';
    const parsed = parseDraft(draft);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.profile.dailyProfile!.slice(2, 7)).toEqual([1, 0.25, 0, 1000, 1]);
    expect(parsed.profile.weekendFactor).toBe(0.5);
    expect(parseDraft({ ...flat(), weekendFactor: '0' })).toEqual({ ok: true, profile: { dailyProfile: undefined, weekendFactor: 0 } });
  });

  it.each([
    [3, '1000.5', 'dailyProfile.3 (03:00–04:00): must be 0–1000'],
    [14, '-1', 'dailyProfile.14 (14:00–15:00): must be 0–1000'],
    [0, 'abc', 'dailyProfile.0 (00:00–01:00): "abc" is not a number (0–1000)'],
    [23, '', 'dailyProfile.23 (23:00–24:00): needs a number (0–1000)'],
    [7, '1,5', 'dailyProfile.7 (07:00–08:00): "1,5" is not a number (0–1000)'],
  ])('hour %i as %j: the message names the field and the rule', (hour, text, message) => {
    expect(parseDraft(withHour(hour, text))).toEqual({ ok: false, errors: { [`hour.${hour}`]: message } });
  });

  it('agrees with the scenario format on the range', () => {
    const accepts = (m: number) => clientPopulationSchema.safeParse({ ListenerPort: 80, arrival: { dailyProfile: Array(24).fill(m) } }).success;
    for (const m of [0.001, 1, 1000, 1000.001, -0.001]) expect(parseDraft({ ...flat(), hours: Array(24).fill(String(m)) }).ok, String(m)).toBe(accepts(m));
  });

  it('refuses a day of zeros and a bad weekend factor, each under its own field', () => {
    expect(parseDraft({ ...flat(), hours: Array(24).fill('0') })).toEqual({
      ok: false,
      errors: { dailyProfile: 'dailyProfile: at least one hour must be above 0, or no connection would ever arrive' },
    });
    expect(parseDraft({ ...flat(), weekendFactor: '1001' })).toEqual({ ok: false, errors: { weekendFactor: 'weekendFactor: must be 0–1000' } });
    expect(parseDraft({ ...flat(), weekendFactor: 'x' })).toEqual({ ok: false, errors: { weekendFactor: 'weekendFactor: "x" is not a number (0–1000)' } });
  });
});

describe('reading and applying through the API', () => {
  const described = { PopulationId: 'shoppers', ListenerPort: 80, ArrivalType: 'poisson', ConnectionsPerSecond: 100, ResponseBytes: '{"type":"exponential","mean":60000}', DailyProfile: JSON.stringify(Array(24).fill(0.5)), WeekendFactor: 2 };

  it('reads the described profile; an unreadable one shows as flat', () => {
    expect(appliedOf(described)).toEqual({ dailyProfile: Array(24).fill(0.5), weekendFactor: 2 });
    expect(appliedOf({ DailyProfile: '[1,2' })).toEqual({ dailyProfile: undefined, weekendFactor: undefined });
    expect(appliedOf({ DailyProfile: '[1,2]' }).dailyProfile).toBeUndefined();
    expect(draftOf(appliedOf(described))).toEqual({ hours: Array(24).fill('0.5'), weekendFactor: '2' });
  });

  it('sends the population back whole with the new profile; a flat one is left out, which clears it', () => {
    const hours = PRESETS[1]!.hours;
    expect(applyParams('lb-1', described, { dailyProfile: [...hours], weekendFactor: 0.2 })).toEqual({
      LoadBalancerId: 'lb-1',
      PopulationId: 'shoppers',
      ListenerPort: '80',
      ArrivalType: 'poisson',
      ConnectionsPerSecond: '100',
      ResponseBytes: '{"type":"exponential","mean":60000}',
      DailyProfile: JSON.stringify(hours),
      WeekendFactor: '0.2',
    });
    const cleared = applyParams('lb-1', described, { dailyProfile: undefined, weekendFactor: undefined });
    expect(cleared).not.toHaveProperty('DailyProfile');
    expect(cleared).not.toHaveProperty('WeekendFactor');
  });

  it('compares profiles with the flat defaults filled in', () => {
    expect(sameProfile({ dailyProfile: undefined, weekendFactor: 1 }, { dailyProfile: Array(24).fill(1), weekendFactor: undefined })).toBe(true);
    expect(sameProfile({ dailyProfile: undefined, weekendFactor: 0.5 }, { dailyProfile: undefined, weekendFactor: undefined })).toBe(false);
  });

  it('describes the day in words for the chart', () => {
    expect(describeDay(PRESETS[3]!.hours)).toBe('busiest 01:00–02:00 at 1, quietest 06:00–07:00 at 0.05');
    expect(describeDay(Array(24).fill(1))).toBe('flat at 1 all day');
  });
});
