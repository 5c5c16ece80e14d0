import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { createSlbHandlers } from '../../api/msw-handlers';
import { handleRpc } from '../../api/router';
import { createControlPlane } from '../../api/state';
import { examples } from '../../scenario/examples';
import { parseScenario } from '../../scenario/validate';
import { aliyunCommand, callSlb, classifyError, formatRequest, parameterOfError, requestParts, shellQuote, wireParams } from './slb-client';

const API = 'http://localhost/api/slb/';

/** What a POSIX shell makes of a command line: its words, NUL-separated by printf. */
function shellWords(line: string): string[] {
  const out = execFileSync('sh', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('leaves safe words bare and quotes everything else', () => {
    expect(shellQuote('lb-bp1default0001')).toBe('lb-bp1default0001');
    expect(shellQuote('-1')).toBe('-1');
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('[{"ServerId":"i-1","Weight":"100"}]')).toBe(`'[{"ServerId":"i-1","Weight":"100"}]'`);
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('round-trips hostile values through a real shell', () => {
    const values = [
      "it's",
      'a b\tc',
      '$(touch /nonexistent)',
      '`id`',
      '"quoted"',
      'back\\slash',
      '*',
      '~',
      '!x',
      'new\nline',
      '; rm -rf /',
      "''",
      '€ ü',
    ];
    expect(shellWords(values.map(shellQuote).join(' '))).toEqual(values);
  });
});

describe('aliyunCommand', () => {
  it('writes the CLI RPC syntax with the parameters in the order given', () => {
    const command = aliyunCommand('CreateLoadBalancerTCPListener', {
      LoadBalancerId: 'lb-bp1default0001',
      ListenerPort: 8080,
      BackendServerPort: 80,
      Bandwidth: -1,
      Skipped: undefined,
    });
    expect(command).toBe(
      'aliyun slb CreateLoadBalancerTCPListener --LoadBalancerId lb-bp1default0001 --ListenerPort 8080 --BackendServerPort 80 --Bandwidth -1',
    );
  });

  it('quotes JSON list parameters so the shell passes them whole', () => {
    const json = JSON.stringify([{ ServerId: 'i-ecs1', Weight: '100' }]);
    const command = aliyunCommand('AddBackendServers', { LoadBalancerId: 'lb-x1', BackendServers: json });
    expect(command).toBe(`aliyun slb AddBackendServers --LoadBalancerId lb-x1 --BackendServers '${json}'`);
    expect(shellWords(command.replace(/^aliyun /, ''))).toEqual([
      'slb',
      'AddBackendServers',
      '--LoadBalancerId',
      'lb-x1',
      '--BackendServers',
      json,
    ]);
  });

  it("forces the simulator's own actions, which the CLI's metadata does not list", () => {
    expect(aliyunCommand('SimSetClientPopulation', { LoadBalancerId: 'lb-x1', ListenerPort: 81 })).toBe(
      'aliyun slb SimSetClientPopulation --LoadBalancerId lb-x1 --ListenerPort 81 --force --version 2014-05-15',
    );
  });
});

describe('requests', () => {
  it('sends Action, Version and Format in the query and the parameters, in order, as the form body', () => {
    const { url, body } = requestParts('StartLoadBalancerListener', { LoadBalancerId: 'lb-x1', ListenerPort: 81, Flag: true }, '/api/slb/');
    expect(url).toBe('/api/slb/?Action=StartLoadBalancerListener&Version=2014-05-15&Format=JSON');
    expect(body).toBe('LoadBalancerId=lb-x1&ListenerPort=81&Flag=true');
    expect(wireParams({ B: 1, A: 'x', C: undefined })).toEqual([
      ['B', '1'],
      ['A', 'x'],
    ]);
  });

  it('previews the exact request, one parameter a line', () => {
    expect(formatRequest('DeleteLoadBalancerListener', { LoadBalancerId: 'lb-x1', ListenerPort: 81 }, '/api/slb/')).toBe(
      'POST /api/slb/?Action=DeleteLoadBalancerListener&Version=2014-05-15&Format=JSON\n  LoadBalancerId=lb-x1\n  ListenerPort=81',
    );
  });
});

describe('error classification', () => {
  it('sorts statuses and codes into kinds', () => {
    expect(classifyError(400, 'InvalidParameter')).toBe('invalid');
    expect(classifyError(400, 'ListenerAlreadyExists')).toBe('invalid');
    expect(classifyError(404, 'ListenerNotFound')).toBe('notFound');
    expect(classifyError(400, 'InvalidServerId.NotFound')).toBe('notFound');
    expect(classifyError(403, 'Forbidden')).toBe('forbidden');
    expect(classifyError(503, 'ServiceUnavailable')).toBe('server');
    expect(classifyError(0, 'NetworkError')).toBe('transport');
  });

  it("finds the parameter the API's message names", () => {
    expect(parameterOfError('The specified parameter "HealthCheckInterval" is not valid: "99" must be an integer from 1 to 50')).toBe(
      'HealthCheckInterval',
    );
    expect(parameterOfError('The input parameter "ListenerPort" that is mandatory for processing this request is not supplied.')).toBe(
      'ListenerPort',
    );
    expect(parameterOfError('Specified parameter Version "1" is not valid; use 2014-05-15.')).toBe('Version');
    expect(parameterOfError('The specified LoadBalancerId does not exist: "lb-x".')).toBeUndefined();
  });

  it('never throws: a dead transport and a reply that is not JSON become coded failures', async () => {
    const dead = (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch;
    const down = await callSlb('DescribeLoadBalancers', {}, { apiPath: API, fetchImpl: dead });
    expect(down).toMatchObject({ ok: false, code: 'NetworkError', kind: 'transport', status: 0 });
    const html = (() => Promise.resolve(new Response('<html>', { status: 200 }))) as typeof fetch;
    expect(await callSlb('DescribeLoadBalancers', {}, { apiPath: API, fetchImpl: html })).toMatchObject({
      ok: false,
      code: 'HTTP 200',
      kind: 'transport',
    });
    // CloudMonitor's success carries Code "200": not an error. An error in a 200 reply is still one.
    const cms = (() => Promise.resolve(Response.json({ RequestId: 'R', Code: '200', Success: true, Datapoints: '[]' }))) as typeof fetch;
    expect(await callSlb('DescribeMetricList', {}, { apiPath: API, fetchImpl: cms, version: '2019-01-01' })).toMatchObject({ ok: true });
    const coded = (() => Promise.resolve(Response.json({ RequestId: 'R', Code: 'Throttling', Message: 'slow down' }))) as typeof fetch;
    expect(await callSlb('DescribeLoadBalancers', {}, { apiPath: API, fetchImpl: coded })).toMatchObject({ ok: false, code: 'Throttling' });
    const aborted = (() => Promise.reject(new DOMException('aborted', 'AbortError'))) as typeof fetch;
    expect(await callSlb('DescribeLoadBalancers', {}, { apiPath: API, fetchImpl: aborted })).toMatchObject({ ok: false, code: 'Aborted' });
  });
});

describe('callSlb against the real action library (MSW in Node)', () => {
  const scenario = parseScenario(examples['default']);
  const state = createControlPlane(scenario);
  const server = setupServer(...createSlbHandlers((params) => handleRpc(state, params)));
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  it('answers a read action with the body and RequestId', async () => {
    const result = await callSlb('DescribeLoadBalancerAttribute', { LoadBalancerId: 'lb-bp1default0001' }, { apiPath: API });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(result.body['LoadBalancerName']).toBe('web-slb');
  });

  it('classifies the API errors with Code, Message, status and the parameter named', async () => {
    const notFound = await callSlb(
      'DescribeLoadBalancerTCPListenerAttribute',
      { LoadBalancerId: 'lb-bp1default0001', ListenerPort: 81 },
      { apiPath: API },
    );
    expect(notFound).toMatchObject({ ok: false, status: 404, code: 'ListenerNotFound', kind: 'notFound' });
    const invalid = await callSlb(
      'DescribeLoadBalancerTCPListenerAttribute',
      { LoadBalancerId: 'lb-bp1default0001', ListenerPort: 70000 },
      { apiPath: API },
    );
    expect(invalid).toMatchObject({ ok: false, status: 400, code: 'InvalidParameter', kind: 'invalid', parameter: 'ListenerPort' });
    const missing = await callSlb('DescribeLoadBalancerAttribute', {}, { apiPath: API });
    expect(missing).toMatchObject({ ok: false, code: 'MissingParameter', parameter: 'LoadBalancerId' });
    if (!missing.ok) expect(missing.requestId).toBeDefined();
  });
});
