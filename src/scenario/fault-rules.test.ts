import { describe, expect, it } from 'vitest';
import { attached, oneLoadBalancer } from './examples/shared';
import type { ScenarioInput } from './schema';
import { validateScenario } from './validate';

/** The rules of faults' new fields and actions (issue 12): which action takes which value, ranges, link targets. */

function issues(faults: ScenarioInput['faults'], http = false): { field: string; message: string }[] {
  const result = validateScenario(
    oneLoadBalancer({
      cluster: { lvsNodes: 2, tengineNodes: 2 },
      listeners: [http ? { ListenerProtocol: 'http', ListenerPort: 80 } : { ListenerPort: 80 }],
      ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1' }]),
      clients: [{ id: 'web', ListenerPort: 80 }],
      faults,
    }),
  );
  return result.ok ? [] : result.issues;
}

const LINK_FORMS = 'must be a link a->b: clients:<population id>->internet, internet->router, router->lvs-N, lvs-N->ecs:<ServerId>, lvs-N->tengine-N or tengine-N->ecs:<ServerId> (either way round)';

describe('fault rules: new actions and fields', () => {
  it.each([
    [{ atS: 1, action: 'crash', target: 'lvs-1', durationS: 5 }],
    [{ atS: 1, action: 'backend-errors', target: 'i-a1', errorRate: 0.25 }],
    [{ atS: 1, action: 'backend-errors', target: 'i-a1', errorRate: 1, durationS: 0.5 }],
    [{ atS: 1, action: 'link-loss', target: 'lvs-1->ecs:i-a1', lossRate: 0.1 }],
    [{ atS: 1, action: 'link-loss', target: 'ecs:i-a1->lvs-2', lossRate: 1 }],
    [{ atS: 1, action: 'link-latency', target: 'internet->router', addedMs: 30 }],
    [{ atS: 1, action: 'link-oneway', target: 'router->lvs-2', durationS: 2 }],
    [{ atS: 1, action: 'link-oneway', target: 'clients:web->internet' }],
    [{ atS: 1, action: 'link-heal', target: 'lvs-2->router' }],
    [{ atS: 1, action: 'backend-weight', target: 'i-a1', weight: 0, durationS: 3 }],
  ] as const)('accepts %j', (fault) => {
    expect(issues([fault as NonNullable<ScenarioInput['faults']>[number]])).toEqual([]);
  });

  it.each([
    [{ atS: 1, action: 'backend-errors', target: 'i-a1' }, 'faults.0.errorRate', 'backend-errors needs an errorRate (0–1, the fraction of requests answered with an error)'],
    [{ atS: 1, action: 'link-loss', target: 'internet->router' }, 'faults.0.lossRate', 'link-loss needs a lossRate (0–1, the fraction of packets lost)'],
    [{ atS: 1, action: 'link-latency', target: 'internet->router' }, 'faults.0.addedMs', 'link-latency needs addedMs (milliseconds added to the link latency)'],
    [{ atS: 1, action: 'backend-weight', target: 'i-a1' }, 'faults.0.weight', 'backend-weight needs a weight (0–100)'],
    [{ atS: 1, action: 'backend-down', target: 'i-a1', errorRate: 0.5 }, 'faults.0.errorRate', 'only backend-errors takes errorRate'],
    [{ atS: 1, action: 'crash', target: 'lvs-1', lossRate: 0.5 }, 'faults.0.lossRate', 'only link-loss takes lossRate'],
    [{ atS: 1, action: 'link-oneway', target: 'internet->router', addedMs: 5 }, 'faults.0.addedMs', 'only link-latency takes addedMs'],
    [{ atS: 1, action: 'crash', target: 'lvs-1', weight: 5 }, 'faults.0.weight', 'only backend-weight takes weight'],
    [{ atS: 1, action: 'recover', target: 'lvs-1', durationS: 5 }, 'faults.0.durationS', 'recover ends a fault: it has nothing to clear after a duration'],
    [{ atS: 1, action: 'backend-up', target: 'i-a1', durationS: 5 }, 'faults.0.durationS', 'backend-up ends a fault: it has nothing to clear after a duration'],
    [{ atS: 1, action: 'link-heal', target: 'internet->router', durationS: 5 }, 'faults.0.durationS', 'link-heal ends a fault: it has nothing to clear after a duration'],
    [{ atS: 1, action: 'link-loss', target: 'lvs-1', lossRate: 0.5 }, 'faults.0.target', LINK_FORMS],
    [{ atS: 1, action: 'link-loss', lossRate: 0.5 }, 'faults.0.target', LINK_FORMS],
    [{ atS: 1, action: 'link-oneway', target: 'lvs-3->ecs:i-a1' }, 'faults.0.target', `${LINK_FORMS}; lvs-3 is not a node of this scenario`],
    [{ atS: 1, action: 'link-oneway', target: 'lvs-1->ecs:i-zz' }, 'faults.0.target', `${LINK_FORMS}; ecs:i-zz is not a node of this scenario`],
    [{ atS: 1, action: 'link-oneway', target: 'clients:other->internet' }, 'faults.0.target', `${LINK_FORMS}; clients:other is not a node of this scenario`],
    [{ atS: 1, action: 'link-oneway', target: 'lvs-1->lvs-2' }, 'faults.0.target', `${LINK_FORMS}; lvs-1 and lvs-2 are not linked`],
    [{ atS: 1, action: 'link-oneway', target: 'internet->ecs:i-a1' }, 'faults.0.target', `${LINK_FORMS}; internet and ecs:i-a1 are not linked`],
  ] as const)('rejects %j at %s', (fault, field, message) => {
    expect(issues([fault as NonNullable<ScenarioInput['faults']>[number]])).toEqual([{ field, message }]);
  });

  it.each([
    [{ durationS: 0 }, 'faults.0.durationS'],
    [{ durationS: -1 }, 'faults.0.durationS'],
    [{ durationS: 40_000_000 }, 'faults.0.durationS'],
    [{ errorRate: 1.5 }, 'faults.0.errorRate'],
    [{ errorRate: -0.1 }, 'faults.0.errorRate'],
    [{ lossRate: 2 }, 'faults.0.lossRate'],
    [{ addedMs: 0 }, 'faults.0.addedMs'],
    [{ addedMs: 60_001 }, 'faults.0.addedMs'],
  ])('rejects out-of-range %j', (extra, field) => {
    const fault = { atS: 1, action: 'backend-errors', target: 'i-a1', errorRate: 0.5, ...extra } as const;
    expect(issues([fault as NonNullable<ScenarioInput['faults']>[number]]).map((i) => i.field)).toContain(field);
  });

  it('unknown fields on a fault stay errors', () => {
    expect(issues([{ atS: 1, action: 'crash', target: 'lvs-1', duration: 5 } as never]).map((i) => i.field)).toEqual(['faults.0.duration']);
  });

  it('a layer-7 scenario links LVS to Tengine nodes', () => {
    expect(issues([{ atS: 1, action: 'link-loss', target: 'lvs-1->tengine-2', lossRate: 0.5 }], true)).toEqual([]);
    expect(issues([{ atS: 1, action: 'link-oneway', target: 'ecs:i-a1->tengine-1' }], true)).toEqual([]);
  });
});

describe('fault rules: zones (issue 12)', () => {
  const zoned = (faults: ScenarioInput['faults'], standby = 0) =>
    validateScenario(
      oneLoadBalancer({
        loadBalancer: { MasterZoneId: 'cn-hangzhou-h', SlaveZoneId: 'cn-hangzhou-g' },
        cluster: { lvsNodes: 2, standby: { lvsNodes: standby } },
        listeners: [{ ListenerPort: 80 }],
        ...attached([{ ServerId: 'i-a1', PrivateIp: '10.0.0.1', ZoneId: 'cn-hangzhou-k' }]),
        clients: [{ ListenerPort: 80 }],
        faults,
      }),
    );
  const problems = (result: ReturnType<typeof zoned>) => (result.ok ? [] : result.issues);

  it('zone-down and zone-up name a zone the load balancers or ECS instances stand in', () => {
    for (const zone of ['cn-hangzhou-h', 'cn-hangzhou-g', 'cn-hangzhou-k']) expect(problems(zoned([{ atS: 1, action: 'zone-down', target: zone, durationS: 5 }]))).toEqual([]);
    expect(problems(zoned([{ atS: 1, action: 'zone-down', target: 'cn-hangzhou-x' }]))).toEqual([
      { field: 'faults.0.target', message: "must name a zone of this scenario (cn-hangzhou-h, cn-hangzhou-g, cn-hangzhou-k): a load balancer's MasterZoneId or SlaveZoneId, or an ECS instance's ZoneId" },
    ]);
    expect(problems(zoned([{ atS: 1, action: 'zone-up', target: 'cn-hangzhou-h', durationS: 1 }]))).toEqual([{ field: 'faults.0.durationS', message: 'zone-up ends a fault: it has nothing to clear after a duration' }]);
  });

  it('standby LVS nodes are numbered after the primary ones and may be faulted', () => {
    expect(problems(zoned([{ atS: 1, action: 'crash', target: 'lvs-4' }], 2))).toEqual([]);
    expect(problems(zoned([{ atS: 1, action: 'crash', target: 'lvs-3' }], 0))).toEqual([{ field: 'faults.0.target', message: 'must name an LVS node lvs-1…lvs-2' }]);
  });
});
