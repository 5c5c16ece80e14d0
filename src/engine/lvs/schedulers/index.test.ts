import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createScheduler,
  LcScheduler,
  NqScheduler,
  QchScheduler,
  RrScheduler,
  SchScheduler,
  SedScheduler,
  TchScheduler,
  WlcScheduler,
  WrrScheduler,
} from './index';
import type { BackendView, SchedulerName } from './types';

/** Exhaustive by construction: adding a SchedulerName without a row here fails to typecheck. */
const CLASSES = {
  wrr: WrrScheduler,
  wlc: WlcScheduler,
  rr: RrScheduler,
  lc: LcScheduler,
  sed: SedScheduler,
  nq: NqScheduler,
  sch: SchScheduler,
  tch: TchScheduler,
  qch: QchScheduler,
} satisfies Record<SchedulerName, unknown>;
const NAMES = Object.keys(CLASSES) as SchedulerName[];

describe('createScheduler', () => {
  it.each(NAMES)('creates a fresh %s', (name) => {
    const s = createScheduler(name);
    expect(s).toBeInstanceOf(CLASSES[name]);
    expect(createScheduler(name)).not.toBe(s);
  });

  it('every scheduler picks only usable backends, and -1 exactly when none is (seed 5)', () => {
    const server = fc.record({ w: fc.integer({ min: 0, max: 4 }), a: fc.nat(10), i: fc.nat(10) });
    const flow = fc.record({ clientIp: fc.nat(), clientPort: fc.nat(0xffff), vip: fc.nat(), vport: fc.nat(0xffff), quicCid: fc.nat() });
    fc.assert(
      fc.property(
        fc.constantFrom(...NAMES),
        fc.array(server, { maxLength: 6 }),
        fc.array(flow, { minLength: 1, maxLength: 5 }),
        (name, ss, flows) => {
          const v: BackendView = {
            weights: Int32Array.from(ss, (s) => s.w),
            active: Int32Array.from(ss, (s) => s.a),
            inactive: Int32Array.from(ss, (s) => s.i),
            version: 1,
          };
          const s = createScheduler(name);
          const anyUsable = ss.some((x) => x.w > 0);
          for (const f of flows) {
            const got = s.pick(v, f);
            if (anyUsable) expect(ss[got]?.w).toBeGreaterThan(0);
            else expect(got).toBe(-1);
          }
        },
      ),
      { seed: 5 },
    );
  });
});
