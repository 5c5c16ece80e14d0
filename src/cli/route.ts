import { optionValue, usageError } from './option-values';
import { readFileSync } from 'node:fs';
import { createScenarioRouter, type RouteRequest } from '../engine/tengine/scenario-router';
import { parseNginxConfig } from '../nginx/config';
import { createNginxRouter, type NginxRequest, type NginxRouteDetail } from '../nginx/router';
import { examples } from '../scenario/examples';
import { CodedError } from '../shared/errors';
import { loadScenario } from './load-scenario';

/**
 * `npm run sim -- route <nginx.conf | scenario.json | example> …`: who would serve a request,
 * without running any traffic. One answer per request, in order; balancer state carries across
 * the requests of one invocation, as in one worker process.
 */
export interface RouteArgs {
  command: 'route';
  /** An nginx.conf path, or a scenario (a .json file or an example name). */
  target: string;
  /** `--requests FILE` (NDJSON) or "-" for stdin. */
  requests: string | undefined;
  /** `--host H --path P`: one request instead of a file. An empty host means no Host header. */
  host: string | undefined;
  path: string | undefined;
  port: number | undefined;
  repeat: number;
  json: boolean;
}


function parsePort(text: string, where: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > 65535) throw usageError(`${where}: "${text}" must be a port number 1–65535`, where);
  return Number(text);
}

/** Parses the arguments after `route`; throws CodedError naming the flag and the rule. */
export function parseRouteArgs(rest: readonly string[]): RouteArgs {
  const args: RouteArgs = { command: 'route', target: '', requests: undefined, host: undefined, path: undefined, port: undefined, repeat: 1, json: false };
  let target: string | undefined;
  let repeat: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => optionValue(rest, ++i, arg);
    switch (arg) {
      case '--requests':
        args.requests = value();
        break;
      case '--host':
        args.host = value();
        break;
      case '--path':
        args.path = value();
        break;
      case '--port':
        args.port = parsePort(value(), '--port');
        break;
      case '--repeat': {
        const text = value();
        if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(Number(text))) throw usageError(`--repeat: "${text}" must be a positive integer`, '--repeat');
        repeat = Number(text);
        break;
      }
      case '--json':
        args.json = true;
        break;
      default:
        if (arg.startsWith('--')) throw usageError(`unknown option ${arg}`, arg);
        if (target !== undefined) throw usageError(`unexpected argument "${arg}": route takes one nginx.conf or scenario`, 'target');
        target = arg;
    }
  }
  if (target === undefined) throw usageError('route needs an nginx.conf file, or a scenario (a .json file or an example name)', 'target');
  args.target = target;
  const single = args.host !== undefined || args.path !== undefined;
  if (args.requests !== undefined && single) throw usageError('--requests cannot be combined with --host/--path: give a file of requests or one request', '--requests');
  if (args.requests === undefined && args.path === undefined) throw usageError(args.host !== undefined ? '--host needs --path' : 'route needs --requests FILE (or - for stdin), or --host H --path P', args.host !== undefined ? '--path' : '--requests');
  if (repeat !== undefined && !single) throw usageError('--repeat only applies with --host/--path', '--repeat');
  if (args.port !== undefined && !single) throw usageError('--port only applies with --host/--path; in a --requests file, give "port" per line', '--port');
  args.repeat = repeat ?? 1;
  return args;
}

/** Where the command reads and writes; tests pass their own. */
export interface RouteIo {
  readFile(path: string): string;
  readStdin(): string;
  out(line: string): void;
  err(line: string): void;
}

export const nodeRouteIo: RouteIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

function requestsError(line: number, message: string): CodedError {
  return new CodedError('InvalidRequests', `requests line ${line}: ${message}`, `requests line ${line}`);
}

/** One `{"host": …, "path": …, "port"?: n}` object per non-blank line. */
export function parseRequests(text: string): NginxRequest[] {
  const out: NginxRequest[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw requestsError(line, `not JSON: ${(error as Error).message}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw requestsError(line, 'must be an object {"host": …, "path": …, "port"?: n}');
    const { host, path, port } = value as Record<string, unknown>;
    if (typeof path !== 'string') throw requestsError(line, '"path" must be a string, e.g. "/index.html"');
    if (host !== undefined && host !== null && typeof host !== 'string') throw requestsError(line, '"host" must be a string (or null for no Host header)');
    if (port !== undefined && (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)) throw requestsError(line, '"port" must be an integer 1–65535');
    out.push({ host: host ?? null, path, ...(port === undefined ? {} : { port }) });
  });
  return out;
}

function isScenarioRef(target: string): boolean {
  return target.endsWith('.json') || Object.hasOwn(examples, target);
}

function readRequests(args: RouteArgs, io: RouteIo): NginxRequest[] {
  if (args.requests === undefined) {
    const one: NginxRequest = { host: args.host ?? null, path: args.path ?? '/', ...(args.port === undefined ? {} : { port: args.port }) };
    return Array.from({ length: args.repeat }, () => one);
  }
  let text: string;
  try {
    text = args.requests === '-' ? io.readStdin() : io.readFile(args.requests);
  } catch (error) {
    throw new CodedError('RequestsUnreadable', `--requests: cannot read ${args.requests}: ${(error as Error).message}`, '--requests');
  }
  return parseRequests(text);
}

function humanNginx(request: NginxRequest, a: NginxRouteDetail): string {
  const target = `${a.host ?? '(no Host)'}:${a.port} ${request.path}`;
  const upstream = a.upstreamName === null ? '' : ` → upstream ${a.upstreamName}${a.upstream === null ? '' : ` #${a.upstream}`}`;
  return `${target} → ${a.status}${upstream} — ${a.reason}`;
}

/** Runs `route`: one output line per request, in input order. */
export function runRoute(args: RouteArgs, io: RouteIo = nodeRouteIo): void {
  const requests = readRequests(args, io);
  if (isScenarioRef(args.target)) {
    const router = createScenarioRouter(loadScenario(args.target));
    for (const request of requests) {
      const scenarioRequest: RouteRequest = { host: request.host ?? '', path: request.path, ...(request.port === undefined ? {} : { port: request.port }) };
      const a = router(scenarioRequest);
      const line = { listener: a.listener, ruleId: a.ruleId, vServerGroupId: a.vServerGroupId, serverId: a.serverId, status: a.status };
      io.out(args.json ? JSON.stringify(line) : `${request.host ?? '(no Host)'} ${request.path} → listener ${a.listener}, rule ${a.ruleId ?? '-'}, group ${a.vServerGroupId ?? '-'}, server ${a.serverId ?? '-'}: ${a.status}`);
    }
    return;
  }
  let text: string;
  try {
    text = io.readFile(args.target);
  } catch (error) {
    throw new CodedError('NginxConfigUnreadable', `route: cannot read ${args.target}: ${(error as Error).message}`, 'target');
  }
  const router = createNginxRouter(parseNginxConfig(text));
  for (const warning of router.warnings) io.err(`warning: ${warning}`);
  requests.forEach((request, index) => {
    let a: NginxRouteDetail;
    try {
      a = router.route(request);
    } catch (error) {
      if (error instanceof CodedError && args.requests !== undefined) throw new CodedError(error.code, `request ${index + 1}: ${error.message}`, error.field);
      throw error;
    }
    io.out(args.json ? JSON.stringify({ server: a.server, location: a.location, status: a.status, upstream: a.upstream, upstreamName: a.upstreamName }) : humanNginx(request, a));
  });
}
