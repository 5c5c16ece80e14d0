import { describe, expect, it } from 'vitest';
import { readUrlSettings } from './url-settings';

describe('URL settings', () => {
  it('reads a shared link', () => {
    expect(readUrlSettings('?example=l4-failover&seed=7&speed=5&paused&region=eu-central-1')).toEqual({
      example: 'l4-failover',
      seed: 7,
      speed: 5,
      dotBudget: undefined,
      paused: true,
      region: 'eu-central-1',
      problems: [],
    });
  });

  it('ignores a bad parameter with a message naming it and the rule, and keeps the rest', () => {
    const settings = readUrlSettings('?example=nope&seed=-3&speed=abc&dotBudget=5&sed=1');
    expect(settings).toMatchObject({ example: 'default', seed: undefined, speed: undefined, dotBudget: undefined });
    expect(settings.problems).toEqual([
      expect.stringMatching(/^URL parameter "example" ignored: "nope" is not a built-in scenario; use one of default, .*l4-failover/),
      'URL parameter "seed" ignored: "-3" must be a non-negative integer',
      'URL parameter "speed" ignored: "abc" must be a number from 0.1 to 10000',
      'URL parameter "dotBudget" ignored: "5" must be an integer of at least 100',
      expect.stringMatching(/^URL parameter "sed" ignored: unknown; the app reads example, seed/),
    ]);
  });

  it('does not take inherited object keys for scenario names or empty text for numbers', () => {
    expect(readUrlSettings('?example=constructor').example).toBe('default');
    expect(readUrlSettings('?example=__proto__').problems).toHaveLength(1);
    expect(readUrlSettings('?seed=').problems).toEqual(['URL parameter "seed" ignored: "" must be a non-negative integer']);
  });
});
