import { describe, expect, it } from 'vitest';
import { addDatapoints, EMPTY_COUNTERS, parseDatapoints, readNewConnections } from './metrics';
import type { SlbParams, SlbResult } from './slb-client';

const point = (timestamp: number, port: string, value: number) => ({
  timestamp,
  instanceId: 'lb-x1',
  port,
  protocol: 'tcp',
  Maximum: value,
  Minimum: value,
  Average: value,
});

describe('listener counters from CloudMonitor datapoints', () => {
  it('parses the Datapoints JSON string, and tolerates what is not', () => {
    expect(parseDatapoints({ Datapoints: JSON.stringify([point(1000, '80', 5)]) })).toEqual([{ timestamp: 1000, port: '80', value: 5 }]);
    expect(parseDatapoints({ Datapoints: 'not json' })).toEqual([]);
    expect(parseDatapoints({})).toEqual([]);
  });

  it('sums each listener over the seconds read, counts a second once, and reads 0 for a listener silent in the latest second', () => {
    let state = addDatapoints(
      EMPTY_COUNTERS,
      parseDatapoints({
        Datapoints: JSON.stringify([point(2000, '80', 4), point(1000, '80', 3), point(1000, '8080', 2), point(2000, '8080', 6)]),
      }),
    );
    expect(state).toEqual({ byPort: { '80': { total: 7, lastSecond: 4 }, '8080': { total: 8, lastSecond: 6 } }, since: 2000, active: {} });
    // The same second again (an overlapping read) is not counted twice.
    state = addDatapoints(state, [
      { timestamp: 2000, port: '80', value: 4 },
      { timestamp: 3000, port: '80', value: 1 },
    ]);
    expect(state).toEqual({ byPort: { '80': { total: 8, lastSecond: 1 }, '8080': { total: 8, lastSecond: 0 } }, since: 3000, active: {} });
    // A stopped listener's zeros leave its total where it was.
    state = addDatapoints(state, [{ timestamp: 4000, port: '8080', value: 0 }]);
    expect(state.byPort['8080']).toEqual({ total: 8, lastSecond: 0 });
  });

  it('asks for the seconds after the last one read, page by page', async () => {
    const sent: SlbParams[] = [];
    const pages: SlbResult[] = [
      { ok: true, status: 200, requestId: 'a', body: { Datapoints: JSON.stringify([point(5000, '80', 1)]), NextToken: '1' } },
      { ok: true, status: 200, requestId: 'b', body: { Datapoints: JSON.stringify([point(6000, '80', 2)]) } },
    ];
    const result = await readNewConnections('lb-x1', 4000, (_action, params) => {
      sent.push(params);
      return Promise.resolve(pages.shift()!);
    });
    expect(result).toEqual({
      ok: true,
      points: [
        { timestamp: 5000, port: '80', value: 1 },
        { timestamp: 6000, port: '80', value: 2 },
      ],
    });
    expect(sent.map((p) => [p['StartTime'], p['NextToken']])).toEqual([
      [4000, undefined],
      [4000, '1'],
    ]);
    expect(sent[0]).toMatchObject({
      Namespace: 'acs_slb_dashboard',
      MetricName: 'NewConnection',
      Period: 1,
      Dimensions: '[{"instanceId":"lb-x1"}]',
    });
  });
});
