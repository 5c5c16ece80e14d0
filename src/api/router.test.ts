import { describe, expect, it } from 'vitest';
import { defaultScenario } from '../scenario/examples/default';
import { parseScenario } from '../scenario/validate';
import { handleRpc } from './router';
import { createControlPlane } from './state';
import { examples } from '../scenario/examples';

const plane = () => createControlPlane(parseScenario(defaultScenario));

describe('SLB API router', () => {
  it('DescribeLoadBalancers answers in the Slb 2014-05-15 shape', () => {
    const response = handleRpc(plane(), { Action: 'DescribeLoadBalancers', Version: '2014-05-15', RegionId: 'cn-hangzhou' });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      TotalCount: 1,
      PageNumber: 1,
      PageSize: 10,
      LoadBalancers: {
        LoadBalancer: [
          { LoadBalancerId: 'lb-bp1default0001', Address: '47.100.10.10', AddressType: 'internet', LoadBalancerStatus: 'active' },
        ],
      },
    });
    expect(response.body['RequestId']).toMatch(/^[0-9A-F-]{36}$/);
  });

  it('filters by region and id', () => {
    const other = handleRpc(plane(), { Action: 'DescribeLoadBalancers', RegionId: 'cn-beijing' });
    expect(other.body['TotalCount']).toBe(0);
    const byId = handleRpc(plane(), { Action: 'DescribeLoadBalancers', LoadBalancerId: 'lb-nope,lb-bp1default0001' });
    expect(byId.body['TotalCount']).toBe(1);
  });

  it('reports errors with Code, Message and RequestId', () => {
    expect(handleRpc(plane(), {}).body).toMatchObject({ Code: 'MissingParameter', Message: expect.stringContaining('Action') });
    const unknown = handleRpc(plane(), { Action: 'FlyToTheMoon' });
    expect(unknown.status).toBe(400);
    expect(unknown.body['Code']).toBe('InvalidAction.NotFound');
    for (const inherited of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(handleRpc(plane(), { Action: inherited }).body['Code'], inherited).toBe('InvalidAction.NotFound');
    }
    const region = handleRpc(plane(), { Action: 'DescribeLoadBalancers', RegionId: 'Mars 1' });
    expect(region.status).toBe(400);
    expect(region.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('"RegionId"') });
    const paging = handleRpc(plane(), { Action: 'DescribeLoadBalancers', PageSize: '0' });
    expect(paging.body).toMatchObject({ Code: 'InvalidParameter', Message: expect.stringContaining('PageSize') });
  });

  it('follows the scenario it is given, including a switch to another scenario', () => {
    const state = plane();
    const frankfurt = parseScenario(examples['l4-frankfurt']);
    state.scenario = frankfurt;
    const there = handleRpc(state, { Action: 'DescribeLoadBalancers', RegionId: 'eu-central-1' });
    expect(there.body).toMatchObject({
      TotalCount: 1,
      LoadBalancers: { LoadBalancer: [{ LoadBalancerId: 'lb-gw8frankfurt0001', RegionId: 'eu-central-1' }] },
    });
    expect(handleRpc(state, { Action: 'DescribeLoadBalancers', RegionId: 'cn-hangzhou' }).body['TotalCount']).toBe(0);
  });
});
