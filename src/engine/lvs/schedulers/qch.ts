import { hash2 } from '../../core/murmur';
import { DEFAULT_MAGLEV_TABLE_SIZE, FLOW_KEY_SEED, MaglevTable, type MaglevTableSize } from './maglev';
import { fourTupleHash } from './tch';
import type { BackendView, FlowKey, Scheduler } from './types';

const TWO_POW_32 = 0x1_0000_0000;

/**
 * SLB `qch` (UDP listeners): consistent hashing on the QUIC connection id, so a QUIC connection
 * keeps its backend when the client's address or port changes (connection migration). Packets
 * without a CID (`quicCid === 0`) fall back to the 4-tuple, hashed exactly as `tch` does.
 * Maglev table as in net/netfilter/ipvs/ip_vs_mh.c.
 */
export class QchScheduler implements Scheduler {
  private readonly table: MaglevTable;

  constructor(tableSize: MaglevTableSize = DEFAULT_MAGLEV_TABLE_SIZE) {
    this.table = new MaglevTable(tableSize);
  }

  pick(view: BackendView, flow: FlowKey): number {
    this.table.sync(view);
    const cid = flow.quicCid;
    if (cid === 0) return this.table.lookup(fourTupleHash(flow));
    // The CID may exceed 32 bits (a JS number holds up to 2^53 exactly): hash both halves.
    return this.table.lookup(hash2(cid >>> 0, Math.floor(cid / TWO_POW_32) >>> 0, FLOW_KEY_SEED));
  }
}
