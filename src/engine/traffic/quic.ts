import { hash2 } from '../core/murmur';

/** Fixed murmur3 seed for connection ids, apart from the flow-hash seeds so the two never correlate. */
const CID_SEED = 0x51c1d00d;
const TWO_POW_32 = 0x1_0000_0000;

/**
 * The QUIC connection id a UDP flow carries (the part `qch` hashes): 32 bits, derived from the
 * run's seed and the flow's serial rather than drawn and stored, so it costs no memory per
 * connection, is the same in every replay, and stays the same when the client's address or port
 * changes. Never 0, which schedulers read as "no connection id".
 */
export function quicConnectionId(seed: number, serial: number): number {
  const h = hash2(serial >>> 0, Math.floor(serial / TWO_POW_32) >>> 0, (CID_SEED ^ seed ^ Math.floor(seed / TWO_POW_32)) | 0);
  return h === 0 ? 1 : h;
}

/** As QUIC tools print it: 8 hex digits. */
export function formatCid(cid: number): string {
  return `0x${(cid >>> 0).toString(16).padStart(8, '0')}`;
}
