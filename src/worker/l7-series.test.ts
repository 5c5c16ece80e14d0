import { describe, expect, it } from 'vitest';
import { handshakeTotals, ratesPerSecond, STATUS_CLASSES, statusClassTotals } from './l7-series';

describe('layer-7 chart buckets', () => {
  it('buckets statuses by class, with index 0 as "no response", in STATUS_CLASSES order', () => {
    const byStatus = new Float64Array(600);
    byStatus[0] = 3;
    byStatus[200] = 10;
    byStatus[204] = 1;
    byStatus[301] = 2;
    byStatus[302] = 1;
    byStatus[404] = 4;
    byStatus[502] = 5;
    byStatus[503] = 6;
    byStatus[504] = 7;
    byStatus[599] = 1;
    expect(STATUS_CLASSES).toEqual(['2xx', '3xx', '4xx', '5xx', 'no response']);
    expect(statusClassTotals(byStatus)).toEqual([11, 3, 4, 19, 3]);
  });

  it('leaves out 1xx and statuses outside 200–599, and takes a short array', () => {
    const byStatus = new Float64Array(700);
    byStatus[100] = 9;
    byStatus[199] = 9;
    byStatus[600] = 9;
    byStatus[650] = 9;
    expect(statusClassTotals(byStatus)).toEqual([0, 0, 0, 0, 0]);
    expect(statusClassTotals([])).toEqual([0, 0, 0, 0, 0]);
    expect(statusClassTotals([2])).toEqual([0, 0, 0, 0, 2]);
  });

  it('adds every failure reason into one "failed" count', () => {
    expect(handshakeTotals(5, 7, Float64Array.from([0, 1, 0, 0, 12, 3]))).toEqual([5, 7, 16]);
    expect(handshakeTotals(0, 0, [])).toEqual([0, 0, 0]);
  });

  it('turns two cumulative snapshots into per-second rates', () => {
    expect(ratesPerSecond([10, 0, 4], [30, 5, 4], 2)).toEqual([10, 2.5, 0]);
    expect(ratesPerSecond([], [3, 6], 3)).toEqual([1, 2]);
  });
});
