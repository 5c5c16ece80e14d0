import { optionValue, seedValue, usageError } from './option-values';
import { parseDurationUs, US_PER_S } from '../shared/units';
import { MAX_FLOW_SECONDS } from '../engine/flow/estimate';
import { parseRouteArgs, type RouteArgs } from './route';
import { parseServeArgs, SERVE_USAGE, type ServeArgs } from './serve';
import { parseSetArgument, type SetPath } from './set-path';
import { parseSweepArgs, SWEEP_USAGE, type SweepArgs, type SweepMergeArgs } from './sweep-plan';
import { EXPORT_USAGE, parseExportArgs, type ExportArgs } from './export';
import { IMPORT_USAGE, parseImportArgs, type ImportArgs } from './import';
import { parseValidateArgs, VALIDATE_USAGE, type ValidateArgs } from './validate';
import { parseSchemaArgs, SCHEMA_USAGE, type SchemaArgs } from './schema';
import { EXAMPLES_USAGE, parseExamplesArgs, type ExamplesArgs } from './examples';

export interface RunArgs {
  command: 'run';
  scenario: string;
  seed: number | undefined;
  durationUs: number;
  json: boolean;
  /** `--set path=value` overrides, applied in order. */
  sets: { path: SetPath; value: unknown }[];
  /** `--trace file.ndjson`: write connection journeys there. */
  tracePath: string | undefined;
  /** `--conn N`: trace only connection N. */
  traceConn: number | undefined;
  /** `--fidelity packet|flow`: run every packet (the default), or estimate with the flow model. */
  fidelity: 'packet' | 'flow';
}

/** `compare`: the run options, with the `--set`s applied to the variant only (no trace). */
export interface CompareArgs extends Omit<RunArgs, 'command' | 'tracePath' | 'traceConn' | 'fidelity'> {
  command: 'compare';
}

export type CliArgs = RunArgs | CompareArgs | SweepArgs | SweepMergeArgs | ExamplesArgs | RouteArgs | ServeArgs | ValidateArgs | ExportArgs | ImportArgs | SchemaArgs | { command: 'help' };

export const USAGE = `usage:
  npm run sim -- run <scenario.json | example-name> [--seed N] [--duration 60s] [--json]
                    [--set path=value]… [--trace file.ndjson [--conn N]] [--fidelity packet|flow]
  npm run sim -- compare <scenario.json | example-name> --set path=value [--set …] [--seed N] [--duration 60s] [--json]
                    (runs twice from the same seed, the --sets applied to the variant only)
${EXAMPLES_USAGE}
  npm run sim -- route <nginx.conf | scenario.json | example-name>
                    (--requests <file.ndjson | -> | --host H --path P [--port N] [--repeat N]) [--json]
${SWEEP_USAGE}
${SERVE_USAGE}
${VALIDATE_USAGE}
${EXPORT_USAGE}
${IMPORT_USAGE}
${SCHEMA_USAGE}
options:
  --seed N          non-negative integer; overrides the scenario's seed
  --duration D      simulated time, e.g. 500ms, 60s, 5m, 2h, 30d (default 60s)
  --fidelity F      packet (default): every packet, the reference; flow: a flow-level estimate
                    (packet-engine samples, then rates hour by hour) that prices 30d in seconds
  --json            print one JSON object instead of the human-readable report
  --set path=value  override a scenario field, e.g. --set loadBalancers.0.listeners.0.Scheduler=wlc
                    --set cluster.lvsNodes=8 --set 'faults=[{"atS":5,"action":"crash","target":"lvs-1"}]'
                    (the value is JSON when it parses as JSON, else a string; repeatable)
  --trace FILE      write every connection's journey as NDJSON: time, connection, node, event, reason
  --conn N          with --trace: only connection number N
  route: who would serve each request, without running traffic (docs/NGINX.md)
  --requests FILE   one {"host": …, "path": …, "port"?: n} per line; - reads stdin
  --host H --path P one request (an empty host sends no Host header); --repeat N sends it N times
  --json            one JSON line per request instead of a sentence
  serve: the SLB API (read actions) on loopback, for the official clients (docs/API.md)
  --port N          0–65535, default 8080 (0 picks a free port); --host H, default 127.0.0.1
  --access-key-id ID --access-key-secret S   the key pair requests must be signed with; default
                    ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET, else a random pair, printed`;


/** Parses argv (without `node script`); throws CodedError naming the argument and the rule. */
export function parseArgs(argv: readonly string[]): CliArgs {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') return { command: 'help' };
  if (command === 'examples' || command === 'gallery') return parseExamplesArgs(rest);
  if (command === 'route') return parseRouteArgs(rest);
  if (command === 'serve') return parseServeArgs(rest);
  if (command === 'compare') return parseCompareArgs(rest);
  if (command === 'sweep') return parseSweepArgs(rest);
  if (command === 'validate') return parseValidateArgs(rest);
  if (command === 'export') return parseExportArgs(rest);
  if (command === 'import') return parseImportArgs(rest);
  if (command === 'schema') return parseSchemaArgs(rest);
  if (command !== 'run') throw usageError(`unknown command "${command}"; expected run, compare, sweep, examples (or gallery), route, serve, validate, export, import or schema`, 'command');
  return parseRunArgs(rest);
}

/** `compare`: the options of `run` except --trace/--conn, and at least one --set (the variant's). */
function parseCompareArgs(rest: readonly string[]): CompareArgs {
  const { command: _run, tracePath, traceConn: _conn, fidelity, ...options } = parseRunArgs(rest, 'compare');
  if (tracePath !== undefined) throw usageError('compare does not write traces; use run --trace for one side', '--trace');
  if (fidelity !== 'packet') throw usageError('compare runs packet mode only; use run --fidelity flow for an estimate', '--fidelity');
  if (options.sets.length === 0) throw usageError('compare needs at least one --set path=value: what the variant changes', '--set');
  return { command: 'compare', ...options };
}

function parseRunArgs(rest: readonly string[], command = 'run'): RunArgs {

  let scenario: string | undefined;
  let seed: number | undefined;
  let durationUs = parseDurationUs('60s');
  let json = false;
  const sets: RunArgs['sets'] = [];
  let tracePath: string | undefined;
  let traceConn: number | undefined;
  let fidelity: RunArgs['fidelity'] = 'packet';
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => optionValue(rest, ++i, arg);
    switch (arg) {
      case '--seed':
        seed = seedValue(value());
        break;
      case '--duration':
        durationUs = parseDurationUs(value(), '--duration');
        break;
      case '--json':
        json = true;
        break;
      case '--set':
        sets.push(parseSetArgument(value()));
        break;
      case '--trace':
        tracePath = value();
        break;
      case '--fidelity': {
        const text = value();
        if (text !== 'packet' && text !== 'flow') throw usageError(`--fidelity: "${text}" must be packet or flow`, '--fidelity');
        fidelity = text;
        break;
      }
      case '--conn': {
        const text = value();
        if (!/^[1-9]\d*$/.test(text)) throw usageError(`--conn: "${text}" must be a connection number (1, 2, …)`, '--conn');
        traceConn = Number(text);
        break;
      }
      default:
        if (arg.startsWith('--')) throw usageError(`unknown option ${arg}`, arg);
        if (scenario !== undefined) throw usageError(`unexpected argument "${arg}": only one scenario may be given`, 'scenario');
        scenario = arg;
    }
  }
  if (scenario === undefined) throw usageError(`${command} needs a scenario: a JSON file or an example name`, 'scenario');
  if (traceConn !== undefined && tracePath === undefined) throw usageError('--conn only applies with --trace FILE', '--conn');
  if (fidelity === 'flow' && tracePath !== undefined) throw usageError('--trace needs packets: flow mode has no connection journeys (use --fidelity packet)', '--trace');
  if (fidelity === 'flow' && durationUs > MAX_FLOW_SECONDS * US_PER_S) throw usageError(`--duration: flow mode estimates at most ${MAX_FLOW_SECONDS / 86_400}d`, '--duration');
  return { command: 'run', scenario, seed, durationUs, json, sets, tracePath, traceConn, fidelity };
}
