import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../api/errors';
import type { ApiResponse } from '../api/router';
import { SignatureVerifier, type HmacSha1 } from '../api/signature';
import type { Simulation } from '../engine/simulation';
import { LiveRun } from '../run/live-run';
import type { Scenario } from '../scenario/schema';
import { CodedError } from '../shared/errors';
import { loadScenario } from './load-scenario';

/**
 * `npm run sim -- serve [scenario] …`: the SLB API on loopback, signed like the real endpoint,
 * answering from a headless simulation of the scenario that runs in real time (docs/API.md).
 */
export interface ServeArgs {
  command: 'serve';
  scenario: string;
  host: string;
  port: number;
  accessKeyId: string | undefined;
  accessKeySecret: string | undefined;
}

export const SERVE_USAGE = `  npm run sim -- serve [scenario.json | example-name] [--port 8080] [--host 127.0.0.1]
                    [--access-key-id ID --access-key-secret SECRET]`;

function usageError(message: string, field: string): CodedError {
  return new CodedError('InvalidArguments', message, field);
}

/** Parses the arguments after `serve`; throws CodedError naming the flag and the rule. */
export function parseServeArgs(rest: readonly string[]): ServeArgs {
  const args: ServeArgs = {
    command: 'serve',
    scenario: 'default',
    host: '127.0.0.1',
    port: 8080,
    accessKeyId: undefined,
    accessKeySecret: undefined,
  };
  let scenario: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--') || next === '') throw usageError(`${arg} needs a value`, arg);
      return next;
    };
    switch (arg) {
      case '--port': {
        const text = value();
        if (!/^\d+$/.test(text) || Number(text) > 65535)
          throw usageError(`--port: "${text}" must be a port number 0–65535 (0 picks a free one)`, '--port');
        args.port = Number(text);
        break;
      }
      case '--host':
        args.host = value();
        break;
      case '--access-key-id':
        args.accessKeyId = value();
        break;
      case '--access-key-secret':
        args.accessKeySecret = value();
        break;
      default:
        if (arg.startsWith('--')) throw usageError(`unknown option ${arg}`, arg);
        if (scenario !== undefined) throw usageError(`unexpected argument "${arg}": only one scenario may be given`, 'scenario');
        scenario = arg;
    }
  }
  if ((args.accessKeyId === undefined) !== (args.accessKeySecret === undefined)) {
    throw usageError(
      '--access-key-id and --access-key-secret go together: give both or neither',
      args.accessKeyId === undefined ? '--access-key-id' : '--access-key-secret',
    );
  }
  return { ...args, scenario: scenario ?? 'default' };
}

export const nodeHmacSha1: HmacSha1 = (key, data) => createHmac('sha1', key).update(data, 'utf8').digest('base64');

export interface ServerOptions {
  scenario: Scenario;
  accessKeyId: string;
  accessKeySecret: string;
  /** Default 127.0.0.1: loopback only. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Simulated seconds per wall-clock second (default 1). Tests run faster than real time. */
  speed?: number;
  /** At most this many engine events per request, so one request cannot stall the server; the simulation catches up over later requests. */
  maxEventsPerRequest?: number;
  /** The wall clock in ms (default Date.now), for signature timestamps and the simulation's pace. */
  now?: () => number;
}

export interface RunningServer {
  /** http://HOST:PORT, with the port actually bound. */
  url: string;
  /** The run being served: its simulation, journal and control plane. */
  run: LiveRun;
  readonly simulation: Simulation;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1 << 20;

/** Starts the API server; resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const speed = options.speed ?? 1;
  const maxEvents = options.maxEventsPerRequest ?? 2_000_000;
  const run = new LiveRun(options.scenario);
  const verifier = new SignatureVerifier(nodeHmacSha1, new Map([[options.accessKeyId, options.accessKeySecret]]));
  const startedMs = now();

  const answer = async (req: IncomingMessage): Promise<ApiResponse> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/')
      throw new ApiError(404, 'InvalidPath.NotFound', `Nothing is served at ${url.pathname}: send RPC requests to /.`);
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'POST')
      throw new ApiError(405, 'MethodNotAllowed', `${method} is not served: use GET with a query or POST with a form body.`);
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    if (method === 'POST') for (const [key, value] of new URLSearchParams(await readBody(req))) params[key] = value;
    verifier.verify(method, params, now());
    const format = params['Format'];
    if (format !== undefined && format.toUpperCase() !== 'JSON')
      throw new ApiError(
        400,
        'InvalidParameter',
        `The specified parameter "Format" is not valid: the simulator answers JSON only, not "${format}".`,
      );
    // Real time: the simulation catches up with the wall clock before it is asked anything.
    run.sim.runUntil(Math.floor((now() - startedMs) * 1000 * speed), maxEvents);
    return run.handle(params).response;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    answer(req)
      .catch((error: unknown): ApiResponse => {
        if (error instanceof ApiError) return run.errorResponse(error);
        return run.errorResponse(
          new ApiError(500, 'InternalError', `The simulator failed on this request: ${(error as Error).message}`),
        );
      })
      .then(
        ({ status, body }) => {
          res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' }).end(JSON.stringify(body));
        },
        () => res.destroy(),
      );
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    run,
    get simulation() {
      return run.sim;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients keep connections alive (pop-core does): close them too, or close() waits for them.
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new ApiError(413, 'RequestEntityTooLarge', `The request body is over ${MAX_BODY_BYTES} bytes.`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Key pair: the flags, else the ALIBABA_CLOUD_ACCESS_KEY_* variables, else a new random pair. */
export function resolveKeys(args: ServeArgs, env: NodeJS.ProcessEnv): { accessKeyId: string; accessKeySecret: string; generated: boolean } {
  if (args.accessKeyId !== undefined && args.accessKeySecret !== undefined)
    return { accessKeyId: args.accessKeyId, accessKeySecret: args.accessKeySecret, generated: false };
  const id = env['ALIBABA_CLOUD_ACCESS_KEY_ID'];
  const secret = env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'];
  if (id && secret) return { accessKeyId: id, accessKeySecret: secret, generated: false };
  if (id || secret)
    throw new CodedError(
      'InvalidArguments',
      'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET go together: set both or neither',
      id ? 'ALIBABA_CLOUD_ACCESS_KEY_SECRET' : 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    );
  return { accessKeyId: `LTAI${randomBytes(10).toString('hex')}`, accessKeySecret: randomBytes(15).toString('base64url'), generated: true };
}

/** The CLI command: bad input throws CodedError at once (exit 2); a failure to listen exits 1. */
export function runServe(args: ServeArgs, env: NodeJS.ProcessEnv = process.env): void {
  const scenario = loadScenario(args.scenario);
  const keys = resolveKeys(args, env);
  startServer({ scenario, host: args.host, port: args.port, accessKeyId: keys.accessKeyId, accessKeySecret: keys.accessKeySecret }).then(
    (server) => {
      if (keys.generated) process.stdout.write(`access key id: ${keys.accessKeyId}\naccess key secret: ${keys.accessKeySecret}\n`);
      process.stdout.write(`listening on ${server.url}\n`);
      const stop = (signal: string): void => {
        process.stderr.write(`${signal}: stopping\n`);
        void server.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: Error) => {
      process.stderr.write(`error: cannot listen on ${args.host}:${args.port}: ${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
