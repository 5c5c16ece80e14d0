import { hash3 } from '../../core/murmur';
import { DEFAULT_MAGLEV_TABLE_SIZE, FLOW_KEY_SEED, MaglevTable, type MaglevTableSize } from './maglev';
import type { BackendView, FlowKey, Scheduler } from './types';

/**
 * Hash of the 4-tuple (source IP, destination IP = VIP, source port, destination port). The two
 * 16-bit ports share one word, so the message is three 32-bit words.
 */
export function fourTupleHash(flow: FlowKey): number {
  const ports = ((flow.clientPort & 0xffff) << 16) | (flow.vport & 0xffff);
  return hash3(flow.clientIp, flow.vip, ports, FLOW_KEY_SEED);
}

/**
 * SLB `tch`: consistent hashing on the 4-tuple, so each connection (not each client) is pinned.
 * Maglev table as in net/netfilter/ipvs/ip_vs_mh.c; the kernel folds only the source port in
 * ("mh-port"), SLB documents the full 4-tuple.
 */
export class TchScheduler implements Scheduler {
  private readonly table: MaglevTable;

  constructor(tableSize: MaglevTableSize = DEFAULT_MAGLEV_TABLE_SIZE) {
    this.table = new MaglevTable(tableSize);
  }

  pick(view: BackendView, flow: FlowKey): number {
    this.table.sync(view);
    return this.table.lookup(fourTupleHash(flow));
  }
}
