import type { Simulation } from '../engine/simulation';
import type { Scenario } from '../scenario/schema';

/**
 * The control plane's view of the world: the scenario (the region's load balancers) plus
 * bookkeeping the API needs (creation time, request counter for deterministic request ids).
 * Actions read and patch it; the engine is told about patches separately.
 */
export interface ControlPlaneState {
  scenario: Scenario;
  /** ISO time the instances were "created" (every one answers it); fixed so responses are reproducible. */
  createTime: string;
  requestCounter: number;
  /**
   * The running simulation of `scenario`, where there is one (the loopback server); actions read
   * live state such as health checks from it. Without one they answer from the scenario alone.
   */
  simulation?: Simulation | undefined;
  /**
   * Called after an action committed a new scenario (commit.ts), with the action and the
   * parameters that matter to it (transport and signature fields left out): the host records it
   * in the command journal and applies it to the running engine.
   */
  onCommit?: ((change: CommittedChange) => void) | undefined;
  /**
   * True while a saved journal is replayed (never for a request): entries hold secrets redacted,
   * so the actions that checked a secret live (a private key against its certificate) skip that check.
   */
  replaying?: boolean;
}

export interface CommittedChange {
  action: string;
  params: Record<string, string>;
  scenario: Scenario;
}

export function createControlPlane(scenario: Scenario, createTime = '2026-01-01T00:00Z'): ControlPlaneState {
  return { scenario, createTime, requestCounter: 0 };
}

/** Request ids in the API's UUID shape, derived from a counter so runs are reproducible. */
export function nextRequestId(state: ControlPlaneState): string {
  state.requestCounter++;
  const hex = state.requestCounter.toString(16).toUpperCase().padStart(12, '0');
  return `5BD5E8C3-0000-4000-8000-${hex}`;
}
