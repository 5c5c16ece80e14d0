/**
 * The in-browser SLB API starts late: MSW and its Service Worker are not part of the first load
 * (see first-load.ts). The app registers how to start it; the first request, or the later phase,
 * starts it, and every request waits until it answers. With no starter registered (unit tests in
 * Node), requests go straight to fetch.
 */
let starter: (() => Promise<void>) | undefined;
let started: Promise<void> | undefined;

export function setApiStarter(start: () => Promise<void>): void {
  starter = start;
}

/** Starts the API once; resolves when it answers (rejects, for every caller, if it cannot start). */
export function startApi(): Promise<void> {
  if (!starter) return Promise.resolve();
  started ??= starter();
  return started;
}

/** fetch, once the in-browser API is up: what the console and the header card call it with. */
export async function apiFetch(input: string, init?: RequestInit): Promise<Response> {
  await startApi();
  return fetch(input, init);
}
