import { describe, expect, it } from 'vitest';
import { formatReached } from './controls/RunControls';
import { dotMeaning } from './topology/Legend';

describe('what the legend and the toolbar say about traffic', () => {
  it('the legend says what a dot stands for in each mode', () => {
    expect(dotMeaning('every', 1)).toBe('1 dot = 1 packet');
    expect(dotMeaning('volume', 4)).toBe('volume mode: 1 dot = 4 packets');
    expect(dotMeaning('sampled', 2048)).toBe('sampled: dots show a sample (1 dot ≈ 2,048 packets); rates on edges');
  });

  it('the reached speed reads with about two significant digits', () => {
    expect(formatReached(0.4321)).toBe('0.43×');
    expect(formatReached(1)).toBe('1×');
    expect(formatReached(12.4)).toBe('12×');
    expect(formatReached(437)).toBe('440×');
    expect(formatReached(3412)).toBe('3,400×');
    expect(formatReached(0)).toBe('0×');
  });
});
