import { growF64, growI32 } from '../core/event-queue';

/** Where a connection ended; every connection gets exactly one (or is still in flight). */
export const Outcome = {
  InFlight: 0,
  Completed: 1,
  Reset: 2,
} as const;

/**
 * Live connections, struct-of-arrays with a free list. A slot is reused once its connection ends,
 * so memory follows concurrency; `serial` is the connection's run-wide number shown to users.
 */
export class ConnectionTable {
  serial: Float64Array;
  population: Int32Array;
  listener: Int32Array;
  clientIp: Int32Array;
  clientPort: Int32Array;
  /** ECMP's current pick for this flow (node id), -1 before the first packet. */
  lvsNode: Int32Array;
  /** Backend index chosen by the scheduler, -1 before scheduling. */
  backend: Int32Array;
  /** Client → LB packets seen (SYN included); the session sync threshold counts these. */
  clientPackets: Int32Array;
  exchangesLeft: Int32Array;
  openedUs: Float64Array;
  private freeList: Int32Array;
  private freeCount = 0;
  private highWater = 0;
  live = 0;
  private nextSerial = 1;

  constructor(capacity = 1024) {
    this.serial = new Float64Array(capacity);
    this.population = new Int32Array(capacity);
    this.listener = new Int32Array(capacity);
    this.clientIp = new Int32Array(capacity);
    this.clientPort = new Int32Array(capacity);
    this.lvsNode = new Int32Array(capacity);
    this.backend = new Int32Array(capacity);
    this.clientPackets = new Int32Array(capacity);
    this.exchangesLeft = new Int32Array(capacity);
    this.openedUs = new Float64Array(capacity);
    this.freeList = new Int32Array(capacity);
  }

  open(population: number, listener: number, clientIp: number, clientPort: number, exchanges: number, nowUs: number): number {
    let id: number;
    if (this.freeCount > 0) id = this.freeList[--this.freeCount] as number;
    else {
      if (this.highWater === this.serial.length) this.grow();
      id = this.highWater++;
    }
    this.serial[id] = this.nextSerial++;
    this.population[id] = population;
    this.listener[id] = listener;
    this.clientIp[id] = clientIp;
    this.clientPort[id] = clientPort;
    this.lvsNode[id] = -1;
    this.backend[id] = -1;
    this.clientPackets[id] = 0;
    this.exchangesLeft[id] = exchanges;
    this.openedUs[id] = nowUs;
    this.live++;
    return id;
  }

  close(id: number): void {
    this.serial[id] = 0;
    this.freeList[this.freeCount++] = id;
    this.live--;
  }

  isOpen(id: number): boolean {
    return (this.serial[id] as number) !== 0;
  }

  get opened(): number {
    return this.nextSerial - 1;
  }

  private grow(): void {
    const capacity = this.serial.length * 2;
    this.serial = growF64(this.serial, capacity);
    this.population = growI32(this.population, capacity);
    this.listener = growI32(this.listener, capacity);
    this.clientIp = growI32(this.clientIp, capacity);
    this.clientPort = growI32(this.clientPort, capacity);
    this.lvsNode = growI32(this.lvsNode, capacity);
    this.backend = growI32(this.backend, capacity);
    this.clientPackets = growI32(this.clientPackets, capacity);
    this.exchangesLeft = growI32(this.exchangesLeft, capacity);
    this.openedUs = growF64(this.openedUs, capacity);
    this.freeList = growI32(this.freeList, capacity);
  }
}
