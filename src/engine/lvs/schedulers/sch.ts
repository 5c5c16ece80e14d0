import { hash1 } from '../../core/murmur';
import { DEFAULT_MAGLEV_TABLE_SIZE, FLOW_KEY_SEED, MaglevTable, type MaglevTableSize } from './maglev';
import type { BackendView, FlowKey, Scheduler } from './types';

/**
 * SLB `sch`: consistent hashing on the client's source IP, so one client keeps landing on the
 * same backend. Implemented as the kernel's Maglev scheduler (net/netfilter/ipvs/ip_vs_mh.c),
 * which also keys on the source address when the "mh-port" flag is off.
 */
export class SchScheduler implements Scheduler {
  private readonly table: MaglevTable;

  constructor(tableSize: MaglevTableSize = DEFAULT_MAGLEV_TABLE_SIZE) {
    this.table = new MaglevTable(tableSize);
  }

  pick(view: BackendView, flow: FlowKey): number {
    this.table.sync(view);
    return this.table.lookup(hash1(flow.clientIp, FLOW_KEY_SEED));
  }
}
