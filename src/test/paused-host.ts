import { expect } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { SimHost, type HostClock } from '../worker/host';

/** A host of the default scenario that never ticks on its own: tests move it with runUntil and seek. */
export function pausedHost(): SimHost {
  const clock: HostClock = { nowMs: () => 0, every: () => () => undefined };
  const host = new SimHost(clock);
  host.load(defaultScenario);
  return host;
}

/** An API answer that must be a success; its body. */
export function ok(response: { status: number; body: Record<string, unknown> }): Record<string, unknown> {
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body;
}
