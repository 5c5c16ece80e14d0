import { API_PATH } from '../../api/api-path';
import { apiFetch } from '../api-ready';

/**
 * The console's one door to the SLB API (Slb 2014-05-15, RPC style). Every read and every change
 * the console makes goes through `callSlb`, over `fetch` to the API path, exactly as an external
 * client would send it: `Action`, `Version` and `Format` in the query, the action's parameters as
 * a form body (POST). Nothing here reads or writes the scenario directly.
 */

export const SLB_API_VERSION = '2014-05-15';

/** A parameter value before it is sent: numbers and booleans become strings, undefined is left out. */
export type ParamValue = string | number | boolean | undefined;
/** An action's parameters, in the order they are sent and shown (insertion order). */
export type SlbParams = Readonly<Record<string, ParamValue>>;

/** One request as the console sends it, shown in previews and journals. */
export interface SlbRequest {
  action: string;
  params: SlbParams;
}

/**
 * What kind of failure an answer is, so the UI can say the right thing:
 * `invalid` — the request was wrong (400: a parameter's value, a missing one, a conflict with
 * what exists); `notFound` — a resource is gone (404); `forbidden` (403); `server` — the API
 * failed (5xx); `transport` — no answer at all, or not the API's JSON.
 */
export type SlbErrorKind = 'invalid' | 'notFound' | 'forbidden' | 'server' | 'transport';

export interface SlbSuccess {
  ok: true;
  status: number;
  requestId: string | undefined;
  body: Record<string, unknown>;
}

export interface SlbFailure {
  ok: false;
  status: number;
  code: string;
  message: string;
  requestId: string | undefined;
  kind: SlbErrorKind;
  /** The parameter the API's message names (`The specified parameter "X" …`), when it names one. */
  parameter: string | undefined;
}

export type SlbResult = SlbSuccess | SlbFailure;

/** The parameters as sent: undefined dropped, every value a string, order kept. */
export function wireParams(params: SlbParams): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    out.push([name, String(value)]);
  }
  return out;
}

export function classifyError(status: number, code: string): SlbErrorKind {
  if (status === 0) return 'transport';
  if (status === 404 || code.endsWith('.NotFound') || code === 'ListenerNotFound') return 'notFound';
  if (status === 403 || code === 'Forbidden') return 'forbidden';
  if (status >= 500) return 'server';
  if (status >= 400) return 'invalid';
  return 'transport';
}

/**
 * The parameter an error message names. The API names it in double quotes first
 * (`The specified parameter "HealthCheckInterval" is not valid: …`, `The input parameter
 * "ListenerPort" that is mandatory …`); other messages quote values, so only those two phrasings
 * and `Specified parameter X` count.
 */
export function parameterOfError(message: string): string | undefined {
  const match = /(?:specified|input) parameter "?([A-Za-z][A-Za-z0-9_.]*)"?/i.exec(message);
  return match?.[1];
}

function failure(status: number, code: string, message: string, requestId: string | undefined): SlbFailure {
  return { ok: false, status, code, message, requestId, kind: classifyError(status, code), parameter: parameterOfError(message) };
}

export interface CallOptions {
  signal?: AbortSignal;
  /** Where the API answers (default: the page's in-browser API). */
  apiPath?: string;
  /** For tests in Node: the fetch to use. */
  fetchImpl?: typeof fetch;
  /** Another API version on the same endpoint (CloudMonitor's reads are 2019-01-01). */
  version?: string;
}

/** The request line and body the console sends for an action. */
export function requestParts(
  action: string,
  params: SlbParams,
  apiPath: string = API_PATH,
  version: string = SLB_API_VERSION,
): { url: string; body: string } {
  const query = new URLSearchParams({ Action: action, Version: version, Format: 'JSON' });
  const body = new URLSearchParams(wireParams(params));
  return { url: `${apiPath}?${query}`, body: body.toString() };
}

/**
 * Calls one action and classifies the answer. Never throws (an abort included): a transport
 * failure, or a reply that is not the API's JSON, becomes a failure with a code of its own, so
 * the caller always has something true to show.
 */
export async function callSlb(action: string, params: SlbParams = {}, options: CallOptions = {}): Promise<SlbResult> {
  const { url, body } = requestParts(action, params, options.apiPath, options.version);
  const doFetch = options.fetchImpl ?? apiFetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    const aborted = (error as Error).name === 'AbortError';
    return failure(
      0,
      aborted ? 'Aborted' : 'NetworkError',
      aborted ? `${action} was cancelled` : `the SLB API did not answer ${action} (${(error as Error).message})`,
      undefined,
    );
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    return failure(
      0,
      `HTTP ${response.status}`,
      `the reply to ${action} is not the API's JSON (is the Service Worker running?)`,
      undefined,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return failure(0, `HTTP ${response.status}`, `the reply to ${action} is not a JSON object`, undefined);
  }
  const reply = json as Record<string, unknown>;
  const requestId = typeof reply['RequestId'] === 'string' ? reply['RequestId'] : undefined;
  // CloudMonitor's reads answer `Code: "200"` with `Success: true` on success; the SLB API has a Code only on errors.
  const coded = typeof reply['Code'] === 'string' && reply['Code'] !== '200' && reply['Success'] !== true;
  if (!response.ok || coded) {
    const code = typeof reply['Code'] === 'string' ? reply['Code'] : `HTTP ${response.status}`;
    const message = typeof reply['Message'] === 'string' ? reply['Message'] : response.statusText || 'no message';
    return failure(response.ok ? 400 : response.status, code, message, requestId);
  }
  return { ok: true, status: response.status, requestId, body: reply };
}

/** A word the POSIX shell reads back as exactly `value`: bare when it is safe, else single-quoted. */
export function shellQuote(value: string): string {
  if (value !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Actions the simulator adds to the API: the aliyun CLI does not know them, so it must be forced. */
export function isSimulatorAction(action: string): boolean {
  return action.startsWith('Sim');
}

/**
 * The same request as an aliyun CLI command (RPC syntax: `aliyun slb <Action> --Name value …`),
 * parameters in the order sent, every value quoted for a POSIX shell. The simulator's own actions
 * are not in the CLI's metadata: those get `--force --version 2014-05-15`.
 */
export function aliyunCommand(action: string, params: SlbParams): string {
  const words = ['aliyun', 'slb', shellQuote(action)];
  for (const [name, value] of wireParams(params)) words.push(`--${shellQuote(name)}`, shellQuote(value));
  if (isSimulatorAction(action)) words.push('--force', '--version', SLB_API_VERSION);
  return words.join(' ');
}

/** The exact HTTP request, for the review step: request line, then the form body, one parameter a line. */
export function formatRequest(action: string, params: SlbParams, apiPath: string = API_PATH): string {
  const { url } = requestParts(action, params, apiPath);
  const lines = [`POST ${url}`];
  for (const [name, value] of wireParams(params)) lines.push(`  ${name}=${value}`);
  return lines.join('\n');
}

/** "Code: Message" plus the request id, for announcing a failure. */
export function describeFailure(error: SlbFailure): string {
  return `${error.code}: ${error.message}${error.requestId ? ` (request ${error.requestId})` : ''}`;
}
