import { LcScheduler } from './lc';
import { NqScheduler } from './nq';
import { QchScheduler } from './qch';
import { RrScheduler } from './rr';
import { SchScheduler } from './sch';
import { SedScheduler } from './sed';
import { TchScheduler } from './tch';
import type { Scheduler, SchedulerName } from './types';
import { WlcScheduler } from './wlc';
import { WrrScheduler } from './wrr';

export type { BackendView, FlowKey, Scheduler, SchedulerName } from './types';
export { DEFAULT_MAGLEV_TABLE_SIZE, MAGLEV_PRIMES, MaglevTable, type MaglevTableSize } from './maglev';
export { LcScheduler, NqScheduler, QchScheduler, RrScheduler, SchScheduler, SedScheduler, TchScheduler, WlcScheduler, WrrScheduler };

/** A fresh scheduler (with its own state) for one listener on one LVS node. */
export function createScheduler(name: SchedulerName): Scheduler {
  switch (name) {
    case 'wrr':
      return new WrrScheduler();
    case 'wlc':
      return new WlcScheduler();
    case 'rr':
      return new RrScheduler();
    case 'lc':
      return new LcScheduler();
    case 'sed':
      return new SedScheduler();
    case 'nq':
      return new NqScheduler();
    case 'sch':
      return new SchScheduler();
    case 'tch':
      return new TchScheduler();
    case 'qch':
      return new QchScheduler();
    default: {
      const unknown: never = name;
      throw new Error(`Unknown scheduler: ${String(unknown)}`);
    }
  }
}
