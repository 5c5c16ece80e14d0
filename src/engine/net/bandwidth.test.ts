import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../scenario/schema';
import { parseScenario } from '../../scenario/validate';
import { BandwidthShaper, ShapeDirection } from './bandwidth';
import { type OneLoadBalancerInput, oneLoadBalancer, type ListenerInput } from '../../scenario/examples/shared';

const { In, Out } = ShapeDirection;

function shaperFor(
  listeners: ListenerInput[],
  loadBalancer: OneLoadBalancerInput['loadBalancer'] = {},
  network: ScenarioInput['network'] = {},
): BandwidthShaper {
  return new BandwidthShaper(parseScenario(oneLoadBalancer({ loadBalancer, network, listeners })));
}

/** Offers `bytes`-byte packets every `gapUs` for `durationUs`; returns what was admitted and the largest delay. */
function offer(
  shaper: BandwidthShaper,
  listener: number,
  direction: number,
  bytes: number,
  gapUs: number,
  durationUs: number,
  startUs = 0,
): { admitted: number; dropped: number; maxDelayUs: number } {
  let admitted = 0;
  let dropped = 0;
  let maxDelayUs = 0;
  for (let t = startUs; t < startUs + durationUs; t += gapUs) {
    const delay = shaper.admit(listener, direction, bytes, t);
    if (delay < 0) dropped++;
    else {
      admitted += bytes;
      maxDelayUs = Math.max(maxDelayUs, delay);
    }
  }
  return { admitted, dropped, maxDelayUs };
}

describe('bandwidth limiter (virtual-time pacing with a bounded queue)', () => {
  it('a listener capped at 1 Mbit/s offered 10 Mbit/s lets through 1 Mbit/s over a long run', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }]);
    // 1500-byte packets every 1.2 ms = 10 Mbit/s, for 60 s.
    const run = offer(shaper, 0, Out, 1500, 1200, 60_000_000);
    const mbps = (run.admitted * 8) / 60_000_000;
    expect(mbps).toBeGreaterThan(0.99);
    expect(mbps).toBeLessThan(1.01);
    expect(run.dropped).toBeGreaterThan(0.85 * 50_000);
    expect(shaper.bytes[2 * 0 + Out]).toBe(run.admitted);
    expect(shaper.packetsDropped[2 * 0 + Out]).toBe(run.dropped);
    expect(shaper.bytesDropped[2 * 0 + Out]).toBe(run.dropped * 1500);
  });

  it('queueing delay grows to the bound (100 ms by default) and no further: packets beyond it are dropped', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }]);
    const delays: number[] = [];
    let firstDrop = -1;
    for (let i = 0; i < 2000; i++) {
      const d = shaper.admit(0, Out, 1500, i * 1200);
      if (d < 0 && firstDrop < 0) firstDrop = i;
      if (d >= 0) delays.push(d);
    }
    // Delays grow packet by packet (each 1500 B costs 12 ms at 1 Mbit/s, one arrives every 1.2 ms)…
    expect(delays.slice(0, 20)).toEqual([...delays.slice(0, 20)].sort((a, b) => a - b));
    // …until the queue holds 100 ms beyond the 10 ms burst; then the first drop.
    expect(firstDrop).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(100_000);
    expect(Math.max(...delays)).toBeGreaterThan(100_000 - 12_000);
    expect(shaper.maxDelayUs[Out]).toBe(Math.max(...delays));
    expect(shaper.packetsDelayed[Out]).toBe(delays.filter((d) => d > 0).length);
  });

  it('the queue bound and burst are the scenario settings network.bandwidthQueueMs and bandwidthBurstMs', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }], {}, { bandwidthQueueMs: 30, bandwidthBurstMs: 0 });
    const run = offer(shaper, 0, Out, 1500, 1200, 10_000_000);
    expect(run.maxDelayUs).toBeLessThanOrEqual(30_000);
    expect(run.maxDelayUs).toBeGreaterThan(30_000 - 12_000);
    // With no burst, the second packet right behind the first already waits its 12 ms.
    const fresh = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }], {}, { bandwidthBurstMs: 0 });
    expect(fresh.admit(0, Out, 1500, 0)).toBe(0);
    expect(fresh.admit(0, Out, 1500, 0)).toBe(12_000);
  });

  it('traffic under the cap, in bursts within the burst allowance, is never delayed', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 10 }]);
    // 10 Mbit/s for 10 ms = 12,500 B of burst. Bursts of 8 × 1500 B every 20 ms = 4.8 Mbit/s.
    for (let t = 0; t < 10_000_000; t += 20_000) for (let k = 0; k < 8; k++) expect(shaper.admit(0, Out, 1500, t)).toBe(0);
    expect(shaper.packetsDelayed[Out]).toBe(0);
    expect(shaper.packetsDropped[Out]).toBe(0);
    expect(shaper.bytes[Out]).toBe(500 * 8 * 1500);
  });

  it('a dropped packet takes no capacity: the next one is admitted as if it had never come', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }], {}, { bandwidthBurstMs: 0, bandwidthQueueMs: 10 });
    expect(shaper.admit(0, Out, 12_500, 0)).toBe(0); // 100 ms of sending
    expect(shaper.admit(0, Out, 1500, 50_000)).toBe(-1); // would wait 50 ms > 10 ms
    expect(shaper.admit(0, Out, 1500, 90_000)).toBe(10_000); // 10 ms: exactly the bound
    expect(shaper.admit(0, Out, 40, 90_000)).toBe(-1); // the 1500 B ahead of it: 22 ms
  });

  it("a data train longer than the queue still passes an idle limiter (the delay is its first byte's)", () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }]);
    expect(shaper.admit(0, Out, 1_000_000, 0)).toBe(0); // 8 s at 1 Mbit/s
    expect(shaper.admit(0, Out, 40, 1_000_000)).toBe(-1);
    expect(shaper.admit(0, Out, 40, 8_000_000 - 110_000 + 1)).toBe(100_000 - 1);
  });

  it('inbound and outbound have limiters of their own, at the same rate', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }], {}, { bandwidthBurstMs: 0 });
    expect(shaper.admit(0, Out, 1500, 0)).toBe(0);
    expect(shaper.admit(0, In, 1500, 0)).toBe(0);
    expect(shaper.admit(0, In, 1500, 0)).toBe(12_000);
    expect(shaper.admit(0, Out, 1500, 0)).toBe(12_000);
  });

  it('unlimited listeners (-1) on a pay-by-traffic instance are not shaped at all: the limiter is off', () => {
    const shaper = shaperFor([{ ListenerPort: 80 }, { ListenerPort: 81, Bandwidth: -1 }]);
    expect(shaper.active).toBe(false);
    expect(shaper.admit(0, Out, 1e9, 0)).toBe(0);
    expect(shaper.bytes[Out]).toBe(0);
    expect(shaper.shapedBy).toEqual(['none', 'none']);
  });

  it('an unlimited listener beside a capped one is not affected by it', () => {
    const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 1 }, { ListenerPort: 81 }]);
    expect(shaper.active).toBe(true);
    offer(shaper, 0, Out, 1500, 1200, 10_000_000);
    const free = offer(shaper, 1, Out, 1500, 1200, 10_000_000);
    expect(free.dropped).toBe(0);
    expect(free.maxDelayUs).toBe(0);
    expect(shaper.bytes[2 * 1 + Out]).toBe(0); // not counted: nothing shaped it
  });

  describe('paybybandwidth instance: listeners without a cap share what the capped ones leave', () => {
    const lb = { InternetChargeType: 'paybybandwidth', Bandwidth: 10 } as const;

    it('two uncapped listeners together get the instance Bandwidth, not each', () => {
      const shaper = shaperFor([{ ListenerPort: 80 }, { ListenerPort: 81 }], lb);
      let admitted = 0;
      for (let t = 0; t < 30_000_000; t += 600) {
        // Each offers 1500 B every 600 µs = 20 Mbit/s.
        for (const l of [0, 1]) if (shaper.admit(l, Out, 1500, t) >= 0) admitted += 1500;
      }
      const mbps = (admitted * 8) / 30_000_000;
      expect(mbps).toBeGreaterThan(9.9);
      expect(mbps).toBeLessThan(10.1);
      expect(shaper.shapedBy).toEqual(['instance', 'instance']);
      expect(shaper.sharedMbps[0]).toBe(10);
      expect((shaper.bytes[Out] as number) + (shaper.bytes[2 + Out] as number)).toBe(admitted);
    });

    it('a capped listener keeps its reserved rate; the others share the rest (10 − 4 = 6 Mbit/s)', () => {
      const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 4 }, { ListenerPort: 81 }, { ListenerPort: 82 }], lb);
      expect(shaper.sharedMbps[0]).toBe(6);
      const got = [0, 0, 0];
      // Each offers 1500 B every 300–900 µs (20 Mbit/s on average), jittered so that no listener
      // is phase-locked to the limiter (a fixed seed: the test is deterministic).
      let seed = 12345;
      const jitter = (): number => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return 300 + (seed % 601);
      };
      const next = [jitter(), jitter(), jitter()];
      for (;;) {
        const l = next.indexOf(Math.min(...next));
        const t = next[l]!;
        if (t >= 30_000_000) break;
        if (shaper.admit(l, Out, 1500, t) >= 0) got[l] = got[l]! + 1500;
        next[l] = t + jitter();
      }
      const mbps = got.map((b) => (b * 8) / 30_000_000);
      expect(mbps[0]).toBeGreaterThan(3.96);
      expect(mbps[0]).toBeLessThan(4.04);
      expect(mbps[1]! + mbps[2]!).toBeGreaterThan(5.94);
      expect(mbps[1]! + mbps[2]!).toBeLessThan(6.06);
      // Equal offered loads share the pool about equally.
      expect(Math.abs(mbps[1]! - mbps[2]!)).toBeLessThan(0.1);
    });

    it('when the caps take the whole instance, uncapped listeners drop everything', () => {
      const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 10 }, { ListenerPort: 81 }], lb);
      expect(shaper.sharedMbps[0]).toBe(0);
      expect(shaper.admit(1, Out, 40, 0)).toBe(-1);
      expect(shaper.admit(1, In, 40, 0)).toBe(-1);
      expect(shaper.admit(0, Out, 40, 0)).toBe(0);
    });

    it('a stopped listener reserves nothing', () => {
      const shaper = shaperFor([{ ListenerPort: 80, Bandwidth: 4, Status: 'stopped' }, { ListenerPort: 81 }], lb);
      expect(shaper.sharedMbps[0]).toBe(10);
    });

    it('no pool on a pay-by-traffic or an intranet instance', () => {
      expect(shaperFor([{ ListenerPort: 80 }], { InternetChargeType: 'paybytraffic', Bandwidth: 10 }).active).toBe(false);
      expect(shaperFor([{ ListenerPort: 80 }], { ...lb, AddressType: 'intranet' }).active).toBe(false);
    });
  });

  it('a cap changed at T leaves packets admitted before T as they were and paces later ones at the new rate', () => {
    const scenario = parseScenario(oneLoadBalancer({ network: { bandwidthBurstMs: 0 }, listeners: [{ ListenerPort: 80, Bandwidth: 1 }] }));
    const shaper = new BandwidthShaper(scenario);
    expect(shaper.admit(0, Out, 1500, 0)).toBe(0);
    expect(shaper.admit(0, Out, 1500, 0)).toBe(12_000); // behind 12 ms at 1 Mbit/s
    shaper.configure({ ...scenario, listeners: [{ ...scenario.listeners[0]!, Bandwidth: 10 }] });
    // Behind the 24 ms already committed at the old rate; from there 1.2 ms per packet.
    expect(shaper.admit(0, Out, 1500, 0)).toBe(24_000);
    expect(shaper.admit(0, Out, 1500, 0)).toBe(25_200);
    shaper.configure({ ...scenario, listeners: [{ ...scenario.listeners[0]!, Bandwidth: -1 }] });
    expect(shaper.active).toBe(false);
    expect(shaper.admit(0, Out, 1500, 0)).toBe(0);
  });
});
