import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { IMPORT_FORMATS, importTextAsync } from '../interop/index';
import type { ImportWarning } from '../interop/position';
import { CodedError } from '../shared/errors';
import { parseFormatOptions } from './export';

export interface ImportArgs {
  command: 'import';
  file: string;
  format: string;
  output: string | undefined;
}

export const IMPORT_USAGE = `  npm run sim -- import <FILE> --format nginx|keepalived|ipvsadm|terraform [-o scenario.json]
                    (writes a scenario; what it does not understand is printed with its line and kept in the description)`;

const usage = (message: string, field: string): CodedError => new CodedError('InvalidArguments', message, field);

export function parseImportArgs(rest: readonly string[]): ImportArgs {
  const { positional: file, format, output } = parseFormatOptions(rest, 'file');
  if (file === undefined) throw usage('import needs a file', 'file');
  if (format === undefined) throw usage(`import needs --format (${IMPORT_FORMATS().join(', ')})`, '--format');
  if (!IMPORT_FORMATS().includes(format)) throw usage(`--format: "${format}" is not an import format (${IMPORT_FORMATS().join(', ')})`, '--format');
  return { command: 'import', file, format, output };
}

export interface ImportIo {
  readFile: (path: string) => string;
  write: (path: string, content: string) => void;
  out: (text: string) => void;
  err: (line: string) => void;
}

const nodeIo: ImportIo = {
  readFile: (path) => (path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8')),
  write: (path, content) => writeFileSync(path, content),
  out: (text) => process.stdout.write(text),
  err: (line) => process.stderr.write(line + '\n'),
};

/** The warnings as the description's report: it must stay within the description's 2000 characters. */
function report(file: string, format: string, warnings: readonly ImportWarning[], description: string): string {
  const head = `${description}\nImported from ${basename(file)} (${format}): ${warnings.length === 0 ? 'everything was understood.' : `${warnings.length} line(s) not fully understood:`}`;
  const lines: string[] = [];
  let size = head.length;
  for (const [i, w] of warnings.entries()) {
    const line = `\nline ${w.line}: ${w.message}`;
    const rest = `\n…and ${warnings.length - i} more (see the import's warnings)`;
    if (size + line.length + rest.length > 2000) {
      lines.push(rest);
      break;
    }
    lines.push(line);
    size += line.length;
  }
  return head + lines.join('');
}

export async function runImport(args: ImportArgs, io: ImportIo = nodeIo): Promise<number> {
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (error) {
    throw new CodedError('ImportUnreadable', `import: cannot read ${args.file}: ${(error as Error).message}`, 'file');
  }
  const { scenario, warnings } = await importTextAsync(text, args.format, `imported from ${basename(args.file)}`.slice(0, 80));
  for (const w of warnings) io.err(`warning: ${args.file} line ${w.line}: ${w.message}`);
  const withReport = { ...scenario, description: report(args.file, args.format, warnings, scenario.description ?? '') };
  const json = JSON.stringify(withReport, null, 2) + '\n';
  if (args.output === undefined || args.output === '-') io.out(json);
  else {
    io.write(args.output, json);
    io.err(`wrote ${args.output}${warnings.length > 0 ? ` (${warnings.length} warning(s))` : ''}`);
  }
  return 0;
}
