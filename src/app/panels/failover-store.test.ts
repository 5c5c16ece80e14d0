import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FailoverReport } from '../../engine/faults/failover-report';

const pending: ((reports: FailoverReport[]) => void)[] = [];
vi.mock('../sim-client', () => ({
  simControls: { failoverReport: () => new Promise<FailoverReport[]>((resolve) => pending.push(resolve)) },
}));

const { openFailoverAt, refreshFailover, shouldRefresh, syncKey, useFailoverStore, POLL_MS } = await import('./failover-store');
const { useSimStore } = await import('../store');

const frame = (over: Partial<{ playing: boolean; simTimeUs: number; revision: number; entries: number }> = {}) => ({
  playing: over.playing ?? false,
  simTimeUs: over.simTimeUs ?? 5e6,
  journal: { revision: over.revision ?? 0, entries: over.entries ?? 0 },
});

afterEach(() => {
  pending.length = 0;
});

describe('keeping the failover report current', () => {
  it('reads again on a journal change, a new time while paused, and at most once a second while playing', () => {
    const paused = syncKey(frame(), 1);
    expect(shouldRefresh(paused, syncKey(frame(), 1), 0, 10_000)).toBe(false);
    expect(shouldRefresh(paused, syncKey(frame({ simTimeUs: 6e6 }), 1), 0, 0)).toBe(true);
    expect(shouldRefresh(paused, syncKey(frame({ entries: 1 }), 1), 0, 0)).toBe(true);
    expect(shouldRefresh(paused, syncKey(frame(), 2), 0, 0)).toBe(true);
    const playing = syncKey(frame({ playing: true }), 1);
    expect(syncKey(frame({ playing: true, simTimeUs: 9e6 }), 1)).toBe(playing);
    expect(shouldRefresh(playing, playing, 1000, 1000 + POLL_MS - 1)).toBe(false);
    expect(shouldRefresh(playing, playing, 1000, 1000 + POLL_MS)).toBe(true);
  });

  it('asks the worker one request at a time; calls meanwhile make one more read after it', async () => {
    const first = refreshFailover();
    void refreshFailover();
    void refreshFailover();
    expect(pending).toHaveLength(1);
    pending[0]!([]);
    await vi.waitFor(() => expect(pending).toHaveLength(2));
    const report = { action: 'crash', target: 'lvs-1' } as FailoverReport;
    pending[1]!([report]);
    await first;
    expect(pending).toHaveLength(2);
    expect(useFailoverStore.getState().reports).toEqual([report]);
  });

  it('a marker opens the Failover tab at its card', () => {
    openFailoverAt(1);
    expect(useSimStore.getState().tab).toBe('failover');
    expect(useFailoverStore.getState().focus).toBe(1);
  });
});
