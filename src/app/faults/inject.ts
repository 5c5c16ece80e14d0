import { simControls } from '../sim-client';

/** A live fault: a scenario fault action and its target, applied now and journaled (source "fault"). */
export interface FaultRequest {
  action: string;
  target?: string;
  weight?: number;
  durationS?: number;
}

export type FaultResult = { ok: true } | { ok: false; field: string; message: string };

type Injector = (fault: FaultRequest) => Promise<FaultResult>;

/**
 * Injects a fault through the simulation client. TEMPORARY wrapper: `simControls.injectFault`
 * lands separately; until it does, this answers with a refusal instead of failing.
 */
export async function injectFault(fault: FaultRequest): Promise<FaultResult> {
  const inject = (simControls as unknown as { injectFault?: Injector }).injectFault;
  if (!inject) return { ok: false, field: 'action', message: 'Live faults are not available in this build yet.' };
  try {
    return await inject(fault);
  } catch (error) {
    return { ok: false, field: 'action', message: (error as Error).message };
  }
}
