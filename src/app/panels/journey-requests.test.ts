import { describe, expect, it } from 'vitest';
import type { JourneyEntryView } from '../../worker/protocol';
import { formatCheckpoint, JourneyRequests, type JourneySource, type JourneyView } from './journey-requests';

/**
 * The worker's answers arrive when the test says: each call is a promise the test settles, in
 * any order, as a busy worker or a slow replay would.
 */
class ControlledWorker implements JourneySource {
  readonly checkpointCalls: { conn: number; settle: (fromUs: number | undefined) => void }[] = [];
  readonly journeyCalls: { conn: number; settle: (entries: JourneyEntryView[]) => void; fail: (error: Error) => void }[] = [];

  journeyCheckpoint(conn: number): Promise<number | undefined> {
    return new Promise((settle) => this.checkpointCalls.push({ conn, settle }));
  }

  journey(conn: number): Promise<JourneyEntryView[]> {
    return new Promise((settle, fail) => this.journeyCalls.push({ conn, settle, fail }));
  }
}

const entriesOf = (conn: number, count = 2): JourneyEntryView[] =>
  Array.from({ length: count }, (_, i) => ({ timeUs: conn * 1000 + i, conn, node: 'LVS-1', event: i === 0 ? 'open' : 'schedule', reason: `entry ${i} of #${conn}` }));

/** Lets every settled promise's callbacks run. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup() {
  const worker = new ControlledWorker();
  const views: JourneyView[] = [];
  const requests = new JourneyRequests(worker, (view) => views.push(view));
  return { worker, views, requests };
}

describe('journey requests (issue 13: the journey while it replays, and stale answers)', () => {
  it('says which checkpoint it replays from while loading, never an empty journey, then shows the entries', async () => {
    const { worker, views, requests } = setup();
    requests.select(7);
    expect(requests.current).toEqual({ status: 'loading', conn: 7, fromUs: undefined });
    worker.checkpointCalls[0]!.settle(5_000_000);
    await flush();
    expect(requests.current).toEqual({ status: 'loading', conn: 7, fromUs: 5_000_000 });
    worker.journeyCalls[0]!.settle(entriesOf(7));
    await flush();
    expect(requests.current).toEqual({ status: 'ready', conn: 7, entries: entriesOf(7) });
    // Before the answer, every view was a loading one: no "ready with no entries" on the way.
    expect(views.slice(0, -1).every((v) => v.status === 'loading')).toBe(true);
  });

  it("drops another connection's late answer: the selected connection's header never stands over the old hops", async () => {
    const { worker, requests } = setup();
    requests.select(3);
    requests.select(9);
    expect(requests.current).toEqual({ status: 'loading', conn: 9, fromUs: undefined });
    // Connection 3's replay finishes after 9 was selected (the worker answers in order).
    worker.checkpointCalls[0]!.settle(0);
    worker.journeyCalls[0]!.settle(entriesOf(3));
    await flush();
    expect(requests.current).toEqual({ status: 'loading', conn: 9, fromUs: undefined });
    worker.checkpointCalls[1]!.settle(5_000_000);
    await flush();
    expect(requests.current).toEqual({ status: 'loading', conn: 9, fromUs: 5_000_000 });
    worker.journeyCalls[1]!.settle(entriesOf(9));
    await flush();
    expect(requests.current).toEqual({ status: 'ready', conn: 9, entries: entriesOf(9) });
  });

  it('clears the entries at once when the selection changes, and shows nothing when it is cleared', async () => {
    const { worker, requests } = setup();
    requests.select(4);
    worker.journeyCalls[0]!.settle(entriesOf(4));
    await flush();
    expect(requests.current.status).toBe('ready');
    requests.select(5);
    expect(requests.current).toEqual({ status: 'loading', conn: 5, fromUs: undefined });
    requests.select(undefined);
    expect(requests.current).toEqual({ status: 'none' });
    worker.journeyCalls[1]!.settle(entriesOf(5));
    await flush();
    expect(requests.current).toEqual({ status: 'none' });
  });

  it('keeps the entries in view while refreshing, one replay at a time, and never replaces a newer answer with an older one', async () => {
    const { worker, requests } = setup();
    requests.select(2);
    worker.journeyCalls[0]!.settle(entriesOf(2, 1));
    await flush();
    requests.refresh();
    // Frames keep coming while the replay runs: no second replay is queued behind the first.
    requests.refresh();
    requests.refresh();
    expect(worker.journeyCalls).toHaveLength(2);
    expect(requests.current).toEqual({ status: 'ready', conn: 2, entries: entriesOf(2, 1) });
    worker.journeyCalls[1]!.settle(entriesOf(2, 2));
    await flush();
    expect(requests.current).toEqual({ status: 'ready', conn: 2, entries: entriesOf(2, 2) });
    // The refreshes asked meanwhile become one more request, once the first answered.
    expect(worker.journeyCalls).toHaveLength(3);
    worker.journeyCalls[2]!.settle(entriesOf(2, 3));
    await flush();
    expect(requests.current).toEqual({ status: 'ready', conn: 2, entries: entriesOf(2, 3) });
    // No checkpoint line on a refresh: the entries stay.
    expect(worker.checkpointCalls).toHaveLength(1);
  });

  it('an answer for the same connection from before a re-selection counts only if nothing newer was shown', async () => {
    const { worker, requests } = setup();
    requests.select(1);
    requests.select(2);
    requests.select(1);
    // The newest request for #1 answers first, then the oldest: the oldest must not replace it.
    worker.journeyCalls[2]!.settle(entriesOf(1, 3));
    await flush();
    worker.journeyCalls[0]!.settle(entriesOf(1, 1));
    await flush();
    expect(requests.current).toEqual({ status: 'ready', conn: 1, entries: entriesOf(1, 3) });
  });

  it('says the replay failed, naming why, rather than loading forever', async () => {
    const { worker, requests } = setup();
    requests.select(6);
    worker.journeyCalls[0]!.fail(new Error('worker gone'));
    await flush();
    expect(requests.current).toEqual({ status: 'failed', conn: 6, message: 'worker gone' });
  });

  it('names a checkpoint in whole seconds, or in milliseconds when it is not on a second', () => {
    expect(formatCheckpoint(0)).toBe('0 s');
    expect(formatCheckpoint(5_000_000)).toBe('5 s');
    expect(formatCheckpoint(2_500_000)).toBe('2,500 ms');
  });
});
