import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXPORT_FORMATS, exportScenario } from '../interop/index';
import { CodedError } from '../shared/errors';
import { loadScenario } from './load-scenario';

export interface ExportArgs {
  command: 'export';
  scenario: string;
  format: string;
  output: string | undefined;
  includeSecrets: boolean;
}

export const EXPORT_USAGE = `  npm run sim -- export <scenario.json | example-name | --example NAME> --format F [-o FILE] [--include-secrets]
                    (F: keepalived, ipvsadm, nginx, aliyun, api-json, terraform; docs/INTEROP.md)`;

const usage = (message: string, field: string): CodedError => new CodedError('InvalidArguments', message, field);

/**
 * The options export and import share: one positional argument (`what` names it), `--format F`,
 * `-o FILE`, and the flags in `flags`; `-` is a value (stdin or stdout), not an option.
 */
export function parseFormatOptions(
  rest: readonly string[],
  what: string,
  flags: readonly string[] = [],
): { positional: string | undefined; format: string | undefined; output: string | undefined; flags: Set<string> } {
  let positional: string | undefined;
  let format: string | undefined;
  let output: string | undefined;
  const set = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const next = rest[++i];
      if (next === undefined || (next.startsWith('-') && next !== '-')) throw usage(`${arg} needs a value`, arg);
      return next;
    };
    const take = (text: string): void => {
      if (positional !== undefined) throw usage(`unexpected argument "${text}": only one ${what} may be given`, what);
      positional = text;
    };
    if (arg === '--format') format = value();
    else if (arg === '-o' || arg === '--output') output = value();
    else if (flags.includes(arg)) set.add(arg);
    else if (arg === '--example' && what === 'scenario') {
      take(value());
    } else if (arg.startsWith('-') && arg !== '-') throw usage(`unknown option ${arg}`, arg);
    else take(arg);
  }
  return { positional, format, output, flags: set };
}

export function parseExportArgs(rest: readonly string[]): ExportArgs {
  const { positional: scenario, format, output, flags } = parseFormatOptions(rest, 'scenario', ['--include-secrets']);
  if (scenario === undefined) throw usage('export needs a scenario: a JSON file, an example name or --example NAME', 'scenario');
  if (format === undefined) throw usage(`export needs --format (${EXPORT_FORMATS().join(', ')})`, '--format');
  if (!EXPORT_FORMATS().includes(format)) throw usage(`--format: "${format}" is not an export format (${EXPORT_FORMATS().join(', ')})`, '--format');
  return { command: 'export', scenario, format, output, includeSecrets: flags.has('--include-secrets') };
}

export interface ExportIo {
  write: (path: string, content: string) => void;
  out: (text: string) => void;
  err: (line: string) => void;
}

const nodeIo: ExportIo = {
  write: (path, content) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  },
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line + '\n'),
};

export function runExport(args: ExportArgs, io: ExportIo = nodeIo): number {
  const scenario = loadScenario(args.scenario);
  const files = exportScenario(scenario, args.format, { includeSecrets: args.includeSecrets });
  const main = files.find((f) => f.path === undefined)!;
  const beside = files.filter((f) => f.path !== undefined);
  if (args.output === undefined || args.output === '-') {
    io.out(main.content);
    if (beside.length > 0) io.err(`note: ${beside.length} file(s) the config refers to (${beside.map((f) => f.path).join(', ')}) are written only with -o FILE`);
    return 0;
  }
  io.write(args.output, main.content);
  for (const file of beside) io.write(join(dirname(args.output), file.path!), file.content);
  io.err(`wrote ${args.output}${beside.length > 0 ? ` and ${beside.map((f) => f.path).join(', ')} beside it` : ''}`);
  return 0;
}
