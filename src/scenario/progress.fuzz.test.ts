import { attached, type ServerSpec } from './examples/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../engine/simulation';
import { validateScenario } from './validate';

/**
 * Bad numbers never stall the engine: over random scenarios whose times, rates and counts include
 * zero, sub-microsecond, huge, negative and non-finite values, every input either fails validation
 * with issues that name a field, or builds a simulation whose clock keeps moving. "Moving" is
 * checked twice: every chunk of CHUNK events ends later than it started (no endless run of events
 * within one microsecond), and after the whole budget the clock is past PROGRESS_US or the short
 * run is done. A zero interval that slipped through validation (a sync check every 0 µs, say)
 * fails both.
 *
 * Per-event work that is large but finite (one burst opening many connections at once) is kept
 * small here on purpose: it is bounded by the schema's counts, not by time, and would only make
 * the budget meaningless.
 */

const UNTIL_US = 30_000;
const CHUNK = 10_000;
const CHUNKS = 4;
const PROGRESS_US = 50;

/**
 * Edge cases: zero, sub-microsecond and boundary times, rates at and past one per µs, and values
 * JSON cannot carry but a UI or API caller can (NaN, ±Infinity). One to three fields per run get
 * one of these; the rest stay valid, so a single bad value is not hidden behind another.
 */
const EDGES = [0, -0, -1, 1e-9, 0.0004, 0.0005, 0.001, 0.5, 1e-6, 1e-7, 1e6, 1e6 + 1, 1e12, 2 ** 53, Number.NaN, Infinity, -Infinity];
/** A field that is sometimes left out, so defaults mix with given values. */
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });

const smallMs = fc.double({ min: 0.001, max: 50, noNaN: true });
const rate = fc.double({ min: 0.001, max: 1_000_000, noNaN: true });

const validArb = fc.record({
  protocol: fc.constantFrom('tcp', 'udp'),
  scheduler: fc.constantFrom('wrr', 'wlc', 'rr', 'sch', 'tch', 'qch'),
  healthCheckInterval: maybe(fc.integer({ min: 1, max: 50 })),
  healthCheckConnectTimeout: maybe(fc.integer({ min: 1, max: 300 })),
  lvsNodes: fc.integer({ min: 1, max: 32 }),
  batching: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  checkIntervalMs: maybe(smallMs),
  fullBufferDelayMs: maybe(smallMs),
  maxBufferAgeMs: maybe(smallMs),
  recordsPerMessage: maybe(fc.integer({ min: 1, max: 50 })),
  thresholdFirst: maybe(fc.integer({ min: 1, max: 10 })),
  internetLatencyMs: maybe(smallMs),
  internalLatencyMs: maybe(smallMs),
  serviceTimeMs: maybe(smallMs),
  arrivalType: fc.constantFrom('poisson', 'constant', 'ramp', 'burst'),
  connectionsPerSecond: maybe(rate),
  rampToPerSecond: maybe(rate),
  rampSeconds: maybe(fc.double({ min: 0.000001, max: 1, noNaN: true })),
  burstEverySeconds: maybe(fc.double({ min: 0.0001, max: 0.01, noNaN: true })),
  burstSize: maybe(fc.integer({ min: 1, max: 50 })),
  stopAfterSeconds: maybe(fc.double({ min: 0.000001, max: 1, noNaN: true })),
  exchanges: maybe(fc.integer({ min: 1, max: 5 })),
  thinkTimeMs: maybe(smallMs),
  requestDelayMs: maybe(smallMs),
  rtoMs: maybe(fc.double({ min: 1, max: 100, noNaN: true })),
  datagrams: maybe(fc.integer({ min: 1, max: 50 })),
  datagramIntervalMs: maybe(smallMs),
  callsPerSecond: maybe(fc.double({ min: 0.001, max: 100_000, noNaN: true })),
  requestsPerSecond: maybe(fc.double({ min: 0.001, max: 100_000, noNaN: true })),
  remoteServiceMs: maybe(smallMs),
  faultAtS: maybe(fc.double({ min: 0, max: 0.02, noNaN: true })),
});
type Generated = Record<string, unknown>;
const NON_NUMERIC = new Set(['protocol', 'scheduler', 'batching', 'arrivalType']);
/** The numeric fields of validArb, each of which a run may corrupt. */
const NUMERIC_FIELDS = fc
  .sample(validArb, { seed: 1, numRuns: 1 })
  .flatMap((sample) => Object.keys(sample).filter((k) => !NON_NUMERIC.has(k)));

/** The scenario input for one generated record. */
function buildInput(g: Generated): Record<string, unknown> {
  const drop = (o: Generated) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const SERVERS = attached([
    drop({ ServerId: 'i-fuzz1', PrivateIp: '10.0.0.1', serviceTimeMs: g['serviceTimeMs'] }) as ServerSpec,
    { ServerId: 'i-fuzz2', PrivateIp: '10.0.0.2' },
  ]);
  return {
    cluster: {
      lvsNodes: g['lvsNodes'],
      sync: drop({
        batching: g['batching'],
        checkIntervalMs: g['checkIntervalMs'],
        fullBufferDelayMs: g['fullBufferDelayMs'],
        maxBufferAgeMs: g['maxBufferAgeMs'],
        recordsPerMessage: g['recordsPerMessage'],
        threshold: g['thresholdFirst'] === undefined ? undefined : [g['thresholdFirst'], 50],
      }),
    },
    network: drop({ internetLatencyMs: g['internetLatencyMs'], internalLatencyMs: g['internalLatencyMs'] }),
    ecsInstances: SERVERS.ecsInstances,
    loadBalancers: [
      {
        listeners: [
          drop({
            ListenerProtocol: g['protocol'],
            ListenerPort: 80,
            Scheduler: g['scheduler'],
            HealthCheckInterval: g['healthCheckInterval'],
            HealthCheckConnectTimeout: g['healthCheckConnectTimeout'],
          }),
        ],
        backendServers: SERVERS.backendServers,
      },
    ],
    clients: [
      drop({
        ListenerPort: 80,
        arrival: drop({
          type: g['arrivalType'],
          connectionsPerSecond: g['connectionsPerSecond'],
          rampToPerSecond: g['rampToPerSecond'],
          rampSeconds: g['rampSeconds'],
          burstEverySeconds: g['burstEverySeconds'],
          burstSize: g['burstSize'],
          stopAfterSeconds: g['stopAfterSeconds'],
        }),
        exchanges: g['exchanges'],
        thinkTimeMs: g['thinkTimeMs'],
        requestDelayMs: g['requestDelayMs'],
        rtoMs: g['rtoMs'],
        datagrams: g['datagrams'],
        datagramIntervalMs: g['datagramIntervalMs'],
      }),
    ],
    egress: {
      eips: [{ AllocationId: 'eip-fuzz', IpAddress: '47.1.1.2', InstanceId: 'i-fuzz2' }],
      workloads: [drop({ serverIds: ['i-fuzz1', 'i-fuzz2'], callsPerSecond: g['callsPerSecond'], remoteServiceMs: g['remoteServiceMs'] })],
      inbound: [drop({ target: 'eip-fuzz', requestsPerSecond: g['requestsPerSecond'] })],
    },
    faults: g['faultAtS'] === undefined ? [] : [{ atS: g['faultAtS'], action: 'crash', target: 'lvs-1' }],
  };
}

const scenarioArb = fc
  .tuple(validArb, fc.array(fc.tuple(fc.constantFrom(...NUMERIC_FIELDS), fc.constantFrom(...EDGES)), { minLength: 0, maxLength: 3 }))
  .map(([valid, corrupt]) => {
    const g: Generated = { ...valid };
    for (const [field, value] of corrupt) g[field] = value;
    return buildInput(g);
  });

/** A base every field of which is valid: the defaults' order of magnitude, batching on, UDP so qch fits. */
const BASE: Generated = {
  protocol: 'udp',
  scheduler: 'qch',
  lvsNodes: 4,
  batching: true,
  arrivalType: 'poisson',
};

/**
 * Validates one input; a valid one must run with its clock moving (see the file comment).
 * Returns whether it ran, so callers can check both outcomes were exercised.
 */
function rejectedOrProgresses(input: unknown): 'rejected' | 'ran' {
  const result = validateScenario(input);
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue.field).toMatch(/^[\w$]+(\.[\w$]+)*$/);
      expect(issue.message.length).toBeGreaterThan(0);
    }
    return 'rejected';
  }
  const sim = new Simulation(result.scenario);
  let done = false;
  for (let chunk = 0; chunk < CHUNKS && !done; chunk++) {
    const before = sim.timeUs;
    const eventsBefore = sim.events;
    done = sim.runUntil(UNTIL_US, CHUNK);
    // Either the run finished, or this chunk's events did not all fall in one microsecond.
    if (!done) expect(sim.timeUs, `${sim.events - eventsBefore} events without the clock moving past ${before} µs`).toBeGreaterThan(before);
  }
  expect(done || sim.timeUs >= PROGRESS_US, `stuck at ${sim.timeUs} µs after ${sim.events} events`).toBe(true);
  return 'ran';
}

describe('bad numbers never stall the engine', () => {
  it('every field × every edge value on an otherwise valid scenario: rejected, or the clock keeps moving', () => {
    const outcomes = { rejected: 0, ran: 0 };
    for (const field of NUMERIC_FIELDS) {
      for (const value of EDGES) {
        const input = buildInput({ ...BASE, [field]: value });
        try {
          outcomes[rejectedOrProgresses(input)]++;
        } catch (error) {
          throw new Error(`${field} = ${value}: ${(error as Error).message}`);
        }
      }
    }
    expect(outcomes.rejected).toBeGreaterThan(50);
    expect(outcomes.ran).toBeGreaterThan(50);
  }, 60_000);

  it('random scenarios with up to three edge values: rejected with named issues, or the clock keeps moving', () => {
    const outcomes = { rejected: 0, ran: 0 };
    fc.assert(
      fc.property(scenarioArb, (input) => {
        outcomes[rejectedOrProgresses(input)]++;
      }),
      { seed: 4242, numRuns: 150 },
    );
    // Both outcomes must actually be exercised, or the property proves little.
    expect(outcomes.rejected).toBeGreaterThan(20);
    expect(outcomes.ran).toBeGreaterThan(20);
  }, 60_000);
});
