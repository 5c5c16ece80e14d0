import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import RPCClient from '@alicloud/pop-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTimestamp, signParams } from '../api/signature';
import { examples } from '../scenario/examples';
import { parseScenario } from '../scenario/validate';
import { nodeHmacSha1, parseServeArgs, resolveKeys, startServer, type RunningServer } from './serve';

/** The SDK's default read timeout is 3 s; a loaded CI machine can take longer to answer (no test here measures speed). */
const CLIENT_TIMEOUT_MS = 60_000;

const KEY_ID = 'LTAItestkey0001';
const KEY_SECRET = 'test-secret-0001';

interface ApiFailure {
  code: string;
  data: { RequestId: string; Message: string };
}

async function failure(promise: Promise<unknown>): Promise<ApiFailure> {
  try {
    await promise;
  } catch (error) {
    return error as ApiFailure;
  }
  throw new Error('the request succeeded');
}

describe('serve: the SLB API on loopback, through @alicloud/pop-core', () => {
  let server: RunningServer;
  let client: RPCClient;

  beforeAll(async () => {
    // 50 simulated seconds per second: health checks settle while the test waits a little.
    server = await startServer({
      scenario: parseScenario(examples['default']),
      port: 0,
      accessKeyId: KEY_ID,
      accessKeySecret: KEY_SECRET,
      speed: 50,
    });
    client = new RPCClient({ accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, endpoint: server.url, apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds loopback and answers DescribeLoadBalancers', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await client.request<Record<string, unknown>>('DescribeLoadBalancers', { RegionId: 'cn-hangzhou' }, { method: 'POST' });
    expect(answer).toMatchObject({
      TotalCount: 1,
      LoadBalancers: { LoadBalancer: [{ LoadBalancerId: 'lb-bp1default0001', Address: '47.100.10.10' }] },
    });
  });

  it('answers the instance and listener attributes, by POST and by GET', async () => {
    const lb = await client.request<Record<string, unknown>>(
      'DescribeLoadBalancerAttribute',
      { RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-bp1default0001' },
      { method: 'POST' },
    );
    expect(lb).toMatchObject({
      LoadBalancerId: 'lb-bp1default0001',
      ListenerPorts: { ListenerPort: [80] },
      BackendServers: { BackendServer: [{ ServerId: 'i-ecs1' }, {}, {}, {}] },
    });
    const tcp = await client.request<Record<string, unknown>>(
      'DescribeLoadBalancerTCPListenerAttribute',
      { LoadBalancerId: 'lb-bp1default0001', ListenerPort: 80 },
      { method: 'GET' },
    );
    expect(tcp).toMatchObject({ ListenerPort: 80, BackendServerPort: 8080, Scheduler: 'wrr', Status: 'running', HealthCheck: 'on' });
  });

  it('reports the health checks of the running simulation, normal once they have passed', async () => {
    const statuses = async () => {
      const answer = await client.request<{ BackendServers: { BackendServer: { ServerId: string; ServerHealthStatus: string }[] } }>(
        'DescribeHealthStatus',
        { LoadBalancerId: 'lb-bp1default0001' },
        { method: 'POST' },
      );
      return answer.BackendServers.BackendServer;
    };
    let servers = await statuses();
    for (let tries = 0; tries < 600 && !servers.every((s) => s.ServerHealthStatus === 'normal'); tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      servers = await statuses();
    }
    expect(servers.map((s) => `${s.ServerId} ${s.ServerHealthStatus}`)).toEqual([
      'i-ecs1 normal',
      'i-ecs2 normal',
      'i-ecs3 normal',
      'i-ecs4 normal',
    ]);
    expect(server.simulation.simulatedSeconds).toBeGreaterThan(4);
  });

  it("passes the API's errors through the client with their codes", async () => {
    const missing = await failure(client.request('DescribeLoadBalancerAttribute', {}, { method: 'POST' }));
    expect(missing.code).toBe('MissingParameter');
    const unknown = await failure(
      client.request(
        'DescribeLoadBalancerUDPListenerAttribute',
        { LoadBalancerId: 'lb-bp1default0001', ListenerPort: 80 },
        { method: 'POST' },
      ),
    );
    expect(unknown.code).toBe('ListenerNotFound');
  });

  it('rejects a request signed with the wrong secret', async () => {
    const impostor = new RPCClient({
      accessKeyId: KEY_ID,
      accessKeySecret: 'not-the-secret',
      endpoint: server.url,
      apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS },
    });
    const error = await failure(impostor.request('DescribeLoadBalancers', { RegionId: 'cn-hangzhou' }, { method: 'POST' }));
    expect(error.code).toBe('SignatureDoesNotMatch');
    const stranger = new RPCClient({
      accessKeyId: 'LTAIsomeoneelse',
      accessKeySecret: KEY_SECRET,
      endpoint: server.url,
      apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS },
    });
    expect((await failure(stranger.request('DescribeLoadBalancers', {}, { method: 'POST' }))).code).toBe('InvalidAccessKeyId.NotFound');
  });

  it('rejects a stale timestamp and a replayed nonce, with their HTTP statuses', async () => {
    const send = (params: Record<string, string>) =>
      fetch(`${server.url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params).toString(),
      });
    const sign = (timestamp: Date, nonce = randomUUID()) =>
      signParams(
        nodeHmacSha1,
        'POST',
        { Action: 'DescribeLoadBalancers' },
        { accessKeyId: KEY_ID, accessKeySecret: KEY_SECRET, nonce, timestamp: formatTimestamp(timestamp) },
      );

    const stale = await send(sign(new Date(Date.now() - 20 * 60_000)));
    expect(stale.status).toBe(400);
    expect(await stale.json()).toMatchObject({ Code: 'InvalidTimeStamp.Expired', RequestId: expect.any(String) });

    const fresh = sign(new Date());
    const first = await send(fresh);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ TotalCount: 1 });
    const replay = await send(fresh);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ Code: 'SignatureNonceUsed' });

    const unsigned = await fetch(`${server.url}/?Action=DescribeLoadBalancers`);
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ Code: 'MissingParameter' });
    expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
  });
});

describe('serve arguments and keys', () => {
  it('defaults to the default example on 127.0.0.1:8080', () => {
    expect(parseServeArgs([])).toEqual({
      command: 'serve',
      scenario: 'default',
      host: '127.0.0.1',
      port: 8080,
      accessKeyId: undefined,
      accessKeySecret: undefined,
    });
    expect(parseServeArgs(['l7-rules', '--port', '0', '--host', '::1', '--access-key-id', 'a', '--access-key-secret', 'b'])).toEqual({
      command: 'serve',
      scenario: 'l7-rules',
      host: '::1',
      port: 0,
      accessKeyId: 'a',
      accessKeySecret: 'b',
    });
  });

  it.each([
    [['--port', '65536'], '--port'],
    [['--port', 'http'], '--port'],
    [['--port'], '--port'],
    [['--access-key-id', 'a'], '--access-key-secret'],
    [['--access-key-secret', 'b'], '--access-key-id'],
    [['--speed', '5'], '--speed'],
    [['a', 'b'], 'scenario'],
  ])('rejects %j naming %s', (argv, field) => {
    expect(() => parseServeArgs(argv)).toThrow(expect.objectContaining({ code: 'InvalidArguments', field }));
  });

  it('takes keys from the flags, else the environment, else makes a random pair', () => {
    const args = parseServeArgs([]);
    const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'env-id', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret' };
    expect(resolveKeys(parseServeArgs(['--access-key-id', 'a', '--access-key-secret', 'b']), env)).toEqual({
      accessKeyId: 'a',
      accessKeySecret: 'b',
      generated: false,
    });
    expect(resolveKeys(args, env)).toEqual({ accessKeyId: 'env-id', accessKeySecret: 'env-secret', generated: false });
    const random = resolveKeys(args, {});
    expect(random.generated).toBe(true);
    expect(random.accessKeyId).not.toBe(resolveKeys(args, {}).accessKeyId);
    expect(() => resolveKeys(args, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'only-id' })).toThrow(
      expect.objectContaining({ code: 'InvalidArguments' }),
    );
  });
});

describe('npm run sim -- serve', () => {
  it('prints the keys it made and where it listens, answers, and stops on SIGTERM', async () => {
    const child = spawn(
      join(process.cwd(), 'node_modules', '.bin', 'tsx'),
      [join(process.cwd(), 'src', 'cli', 'main.ts'), 'serve', '--port', '0'],
      {
        env: { ...process.env, ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
      },
    );
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${stdout}`)));
    });
    const id = /^access key id: (\S+)$/m.exec(stdout)?.[1];
    const secret = /^access key secret: (\S+)$/m.exec(stdout)?.[1];
    expect(id && secret).toBeTruthy();
    const client = new RPCClient({ accessKeyId: id!, accessKeySecret: secret!, endpoint: url, apiVersion: '2014-05-15', opts: { timeout: CLIENT_TIMEOUT_MS } });
    expect(await client.request('DescribeLoadBalancers', {}, { method: 'POST' })).toMatchObject({ TotalCount: 1 });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout.match(/listening on/g)).toHaveLength(1);
  });

  it('exits 2 on a bad argument', async () => {
    const child = spawn(join(process.cwd(), 'node_modules', '.bin', 'tsx'), [
      join(process.cwd(), 'src', 'cli', 'main.ts'),
      'serve',
      'no-such-example',
    ]);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(2);
    expect(stderr).toContain('no-such-example');
  });
});
