import { readFileSync } from 'node:fs';
import { importTextAsync } from '../interop/index';
import { ImportSyntaxError } from '../interop/position';
import { examples } from '../scenario/examples';
import { issueLines } from '../scenario/issue-value';
import { validateScenario } from '../scenario/validate';
import { CodedError } from '../shared/errors';

export interface ValidateArgs {
  command: 'validate';
  files: string[];
  /** Check that each file imports in this format instead of checking scenarios. */
  format: string | undefined;
}

export const VALIDATE_USAGE = `  npm run sim -- validate <scenario.json | example-name>… [--format nginx|keepalived|ipvsadm|terraform]
                    (checks without running: "ok FILE" each, or every error as FILE: path: rule (value), exit 2)`;

export function parseValidateArgs(rest: readonly string[]): ValidateArgs {
  const files: string[] = [];
  let format: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format') {
      const next = rest[++i];
      if (next === undefined || next.startsWith('--')) throw new CodedError('InvalidArguments', '--format needs a value', '--format');
      format = next;
    } else if (arg.startsWith('--')) throw new CodedError('InvalidArguments', `unknown option ${arg}`, arg);
    else files.push(arg);
  }
  if (files.length === 0) throw new CodedError('InvalidArguments', 'validate needs at least one file', 'file');
  return { command: 'validate', files, format };
}

export interface ValidateIo {
  readFile: (path: string) => string;
  out: (line: string) => void;
}

const nodeIo: ValidateIo = { readFile: (path) => readFileSync(path, 'utf8'), out: (line) => process.stdout.write(line + '\n') };

/** Every problem of one file as `FILE: path: rule (value)` lines; none when it is valid. */
export async function problemsOf(file: string, format: string | undefined, io: ValidateIo): Promise<string[]> {
  let text: string;
  const example = format === undefined ? examples[file] : undefined;
  if (example === undefined) {
    try {
      text = io.readFile(file);
    } catch (error) {
      return [`${file}: (file): cannot read: ${(error as Error).message}`];
    }
  } else text = JSON.stringify(example);
  if (format !== undefined) {
    try {
      await importTextAsync(text, format, file);
      return [];
    } catch (error) {
      if (error instanceof ImportSyntaxError) return [`${file}: line ${error.position.line}, column ${error.position.column}: ${error.message.replace(/^.*?column \d+: /, '')}`];
      if (error instanceof CodedError && error.code !== 'InvalidArguments') return [`${file}: (file): ${error.message}`];
      throw error;
    }
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    return [`${file}: (file): not valid JSON: ${(error as Error).message}`];
  }
  const result = validateScenario(input);
  if (result.ok) return [];
  return issueLines(input, result.issues).map((line) => `${file}: ${line}`);
}

/** Prints "ok FILE" or the file's problems; returns the exit code (0 all valid, 2 otherwise). */
export async function runValidate(args: ValidateArgs, io: ValidateIo = nodeIo): Promise<number> {
  let failed = false;
  for (const file of args.files) {
    const problems = await problemsOf(file, args.format, io);
    if (problems.length === 0) io.out(`ok ${file}`);
    else {
      failed = true;
      for (const line of problems) io.out(line);
    }
  }
  return failed ? 2 : 0;
}
