import * as Comlink from 'comlink';
import { useEffect } from 'react';
import { create } from 'zustand';
import type { FailoverReport } from '../../engine/faults/failover-report';
import type { CompareAnswer, CompareRequest } from '../../worker/compare';
import type { CompareWorkerApi } from '../../worker/compare.worker';
import { simControls } from '../sim-client';
import { useSimStore } from '../store';

export type CompareState =
  | { status: 'idle' }
  | { status: 'running'; progress: number; sets: string[]; untilS: number }
  | { status: 'done'; answer: Extract<CompareAnswer, { ok: true }> }
  | { status: 'error'; field: string; message: string }
  | { status: 'cancelled' };

interface FailoverState {
  /** The worker's failover report: one entry per fault so far, at the current time. */
  reports: FailoverReport[];
  /** The report's simulated time (µs) when it was read. */
  atUs: number;
  /** The card a timeline bar or marker asked for (scrolled to and highlighted). */
  focus: number | undefined;
  compare: CompareState;
}

export const useFailoverStore = create<FailoverState>(() => ({ reports: [], atUs: 0, focus: undefined, compare: { status: 'idle' } }));

let reading = false;
let again = false;

/** Reads the failover report again (one request at a time; a call meanwhile reads once more after it). */
export async function refreshFailover(): Promise<void> {
  if (reading) {
    again = true;
    return;
  }
  reading = true;
  try {
    do {
      again = false;
      const atUs = useSimStore.getState().frame?.simTimeUs ?? 0;
      const reports = await simControls.failoverReport();
      if (reports) useFailoverStore.setState({ reports, atUs });
    } while (again);
  } finally {
    reading = false;
  }
}

/** While the run plays, the report is read at most this often (wall milliseconds). */
export const POLL_MS = 1000;

/** What, in a frame, calls for reading the report again: the journal, the seed, and the time while paused. */
export function syncKey(frame: { journal: { revision: number; entries: number }; playing: boolean; simTimeUs: number }, seed: number | undefined): string {
  return `${frame.journal.revision}/${frame.journal.entries}/${frame.playing ? 'play' : frame.simTimeUs}/${seed ?? ''}`;
}

/** Read again when the key changed, or while playing once POLL_MS have passed since the last read. */
export function shouldRefresh(lastKey: string, key: string, lastWallMs: number, nowMs: number): boolean {
  return key !== lastKey || (key.includes('/play/') && nowMs - lastWallMs >= POLL_MS);
}

/**
 * Keeps the report current: on every change of the journal (an injected or cleared fault, a
 * configuration change), on every frame while paused (steps, seeks, run-until), and at most once
 * a second while playing. Mounted once, by the timeline's markers.
 */
export function useFailoverSync(): void {
  useEffect(() => {
    let lastWall = 0;
    let lastKey = '';
    return useSimStore.subscribe((state) => {
      if (!state.frame) return;
      const key = syncKey(state.frame, state.topology?.seed);
      const now = performance.now();
      if (!shouldRefresh(lastKey, key, lastWall, now)) return;
      lastKey = key;
      lastWall = now;
      void refreshFailover();
    });
  }, []);
}

/** Opens the Failover tab at one fault's card. */
export function openFailoverAt(index: number | undefined): void {
  useFailoverStore.setState({ focus: index });
  useSimStore.setState({ tab: 'failover' });
}

let compareWorker: Worker | undefined;

/** Runs baseline and variant in a worker of their own (the live run keeps going); one at a time. */
export async function startCompare(request: CompareRequest): Promise<void> {
  cancelCompare('idle');
  const worker = new Worker(new URL('../../worker/compare.worker.ts', import.meta.url), { type: 'module' });
  compareWorker = worker;
  useFailoverStore.setState({ compare: { status: 'running', progress: 0, sets: request.sets, untilS: request.untilUs / 1e6 } });
  const remote = Comlink.wrap<CompareWorkerApi>(worker);
  const onProgress = (done: number) => {
    const state = useFailoverStore.getState().compare;
    if (compareWorker === worker && state.status === 'running') useFailoverStore.setState({ compare: { ...state, progress: done } });
  };
  try {
    const answer = await remote.compare(request, Comlink.proxy(onProgress));
    if (compareWorker !== worker) return;
    useFailoverStore.setState({ compare: answer.ok ? { status: 'done', answer } : { status: 'error', field: answer.field, message: answer.message } });
  } catch (error) {
    if (compareWorker === worker) useFailoverStore.setState({ compare: { status: 'error', field: 'compare', message: (error as Error).message } });
  } finally {
    if (compareWorker === worker) {
      worker.terminate();
      compareWorker = undefined;
    }
  }
}

/** Stops a running comparison (its worker is terminated at once). */
export function cancelCompare(status: 'idle' | 'cancelled' = 'cancelled'): void {
  if (!compareWorker) return;
  compareWorker.terminate();
  compareWorker = undefined;
  useFailoverStore.setState({ compare: { status } });
}
